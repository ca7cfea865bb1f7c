import { type Entity, isUnknown, type Role, type Statement, sharedGuards, type User, unionGuards } from '../model/index.js';
import { actionStrings } from './actions.js';
import { evaluateEntry } from './conditions.js';
import { edgeConstraint } from './constraints.js';
import { allowsAction, allowsEverywhere, allowsSomewhere, boundaryPermits, canonical, identityAllows } from './evaluate.js';
import type { GraphNode, TrustEdge } from './types.js';

/**
 * Escalation edges: identity permissions that yield a session of another principal without any trust naming the
 * caller. Each is an edge "A can obtain a session of B" like an AssumeRole edge, located at the identity statements
 * that grant it. IAM acts within the caller's own account, so every escalation stays inside it.
 *
 * - `iam:UpdateAssumeRolePolicy` on a role: rewrite its trust to name oneself, then assume it (same account, R2).
 * - `iam:PassRole` on a role that trusts a service, with the actions that make that service run with it (EC2 with an
 *   instance profile, sts-semantics.md §7.3; Lambda, CloudFormation, CodeBuild, Glue, SageMaker, ECS likewise):
 *   whatever runs there holds the role's session.
 * - `iam:Put*Policy`/`iam:Attach*Policy` on oneself or one's group, or `iam:CreatePolicyVersion` on a policy attached
 *   to oneself: grant oneself anything, `iam:UpdateAssumeRolePolicy` included — so every role of the account.
 * - `iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile` on a user: that user's credentials.
 * - `sts:GetFederationToken` (IAM users only): a federated-user session, which can call no STS API but
 *   GetCallerIdentity and so never assumes a role (§0 R8, §6.2): a dead end the graph still draws.
 */

/** A service that will run with a passed role, and the actions (one conjunction per way) that make it do so. */
const PASS_ROLE_SERVICES: ReadonlyArray<{ service: string; ways: string[][] }> = [
  { service: 'ec2.amazonaws.com', ways: [['ec2:RunInstances']] },
  {
    service: 'lambda.amazonaws.com',
    ways: [
      ['lambda:CreateFunction', 'lambda:InvokeFunction'],
      ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    ],
  },
  { service: 'cloudformation.amazonaws.com', ways: [['cloudformation:CreateStack'], ['cloudformation:UpdateStack']] },
  {
    service: 'codebuild.amazonaws.com',
    ways: [
      ['codebuild:CreateProject', 'codebuild:StartBuild'],
      ['codebuild:UpdateProject', 'codebuild:StartBuild'],
    ],
  },
  { service: 'glue.amazonaws.com', ways: [['glue:CreateDevEndpoint'], ['glue:CreateJob', 'glue:StartJobRun']] },
  { service: 'sagemaker.amazonaws.com', ways: [['sagemaker:CreateNotebookInstance'], ['sagemaker:CreateTrainingJob'], ['sagemaker:CreateProcessingJob']] },
  { service: 'ecs-tasks.amazonaws.com', ways: [['ecs:RegisterTaskDefinition', 'ecs:RunTask']] },
];

/** Writing one's own permissions, by the kind of principal the policy is attached to. */
const SELF_WRITE: Record<'role' | 'user' | 'group', string[]> = {
  role: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'],
  user: ['iam:PutUserPolicy', 'iam:AttachUserPolicy'],
  group: ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy'],
};

const USER_CREDENTIALS = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];

/** Every action an escalation reads, to keep each principal's relevant statements once. */
const ESCALATION_ACTIONS = [
  'iam:UpdateAssumeRolePolicy',
  'iam:PassRole',
  'iam:CreatePolicyVersion',
  'sts:GetFederationToken',
  ...Object.values(SELF_WRITE).flat(),
  ...USER_CREDENTIALS,
  ...PASS_ROLE_SERVICES.flatMap((s) => s.ways.flat()),
];

/** What the escalations need of the graph being built. */
export interface EscalationScope {
  principals: ReadonlyArray<Role | User>;
  /** Principals by account key. */
  byAccount: ReadonlyMap<string, ReadonlyArray<Role | User>>;
  /** A principal by canonical ARN. */
  byArn: ReadonlyMap<string, Role | User>;
  account(e: Entity): string;
  nodeOf(e: Role | User): string;
  node(n: GraphNode): string;
  nodes: ReadonlyMap<string, GraphNode>;
  /** The identity statements of a principal that mention `action` at all. */
  statements(e: Role | User): Statement[];
  /** The statements of a principal's permissions boundary, when it has one whose document is known. */
  boundary(e: Role | User): Statement[] | undefined;
  /** The AssumeRole edges built from trust policies (services' edges among them). */
  edges: TrustEdge[];
}

const ESCALATION_SERVICES = new Set(ESCALATION_ACTIONS.map((a) => a.slice(0, a.indexOf(':'))));

/** Whether a statement grants or denies any action an escalation reads (most statements name no such service). */
export function mentionsEscalation(st: Statement): boolean {
  if (!st.actions) return ESCALATION_ACTIONS.some((a) => allowsAction(st, a));
  const services = actionStrings(st).map((a) => a.slice(0, a.indexOf(':')).toLowerCase());
  return services.some((s) => ESCALATION_SERVICES.has(s) || /[*?]/.test(s) || s === '') && ESCALATION_ACTIONS.some((a) => allowsAction(st, a));
}

/** `account 111122223333`, or the stack or root module a symbolic account stands for. */
export function accountText(acct: string): string {
  return acct.startsWith('self:') ? acct.slice(5) : `account ${acct}`;
}

export function escalationEdges(g: EscalationScope): TrustEdge[] {
  const out: TrustEdge[] = [];
  const arnOf = (e: Role | User) => (typeof e.arn === 'string' ? canonical(e.arn, g.account(e)) : undefined);
  // Roles that trust a service, per account and service, with the trust statements that allow it.
  const byService = new Map<string, Map<Role, Statement[]>>();
  const roleOfNode = new Map(g.principals.filter((p): p is Role => p.kind === 'role').map((r) => [g.nodeOf(r), r]));
  for (const e of g.edges) {
    const role = e.from.startsWith('service:') ? roleOfNode.get(e.to) : undefined;
    if (!role) continue;
    const k = `${g.account(role)}\u0000${e.from.slice('service:'.length)}`;
    const roles = byService.get(k) ?? new Map<Role, Statement[]>();
    byService.set(k, roles);
    roles.set(role, [...(roles.get(role) ?? []), ...e.trust]);
  }

  /**
   * The roles that PassRole statements let one pass to a service, as a hub shared by every principal whose PassRole
   * statements say the same (one edge from each such principal, one to each role: linear however many pass alike);
   * undefined when they let one pass none.
   */
  const passers = new Map<string, string | undefined>();
  const passersOf = (acct: string, service: string, passing: Statement[], boundary: Statement[] | undefined): string | undefined => {
    const text = (list: Statement['resources']) => list?.map((r) => (isUnknown(r.value) ? '?' : canonical(r.value, acct)));
    const sign = (list: Statement[]) => list.map((s) => [s.effect, text(s.resources), text(s.notResources), s.conditions.map((c) => [c.operator, c.key, c.values.map((v) => (isUnknown(v.value) ? '?' : v.value))])]);
    const key = JSON.stringify([acct, service, sign(passing), boundary && sign(boundary)]);
    if (passers.has(key)) return passers.get(key);
    const toService = (s: Statement) => s.conditions.every((c) => c.key.toLowerCase() !== 'iam:passedtoservice' || evaluateEntry(c, { 'iam:PassedToService': service }) !== false);
    const trusting = byService.get(`${acct}\u0000${service}`) ?? new Map<Role, Statement[]>();
    const passable = candidates(passing, 'iam:PassRole', acct, [...trusting.keys()], (e): e is Role => e.kind === 'role' && trusting.has(e));
    const targets = passable.filter((role) => identityAllows(passing, 'iam:PassRole', arnOf(role) ?? '', acct, toService) && boundaryPermits(boundary, 'iam:PassRole', arnOf(role) ?? '', acct, true));
    const patterns = [...new Set(passing.flatMap((s) => (s.effect === 'Allow' ? (text(s.resources) ?? ['(NotResource)']) : [])))].join(', ');
    const id = targets.length ? g.node({ id: `passers:${acct}:${service}:${passers.size}`, kind: 'passers', label: `principals of ${accountText(acct)} that can pass ${patterns} to ${service}`, account: acct }) : undefined;
    passers.set(key, id);
    for (const role of targets) {
      const trust = trusting.get(role)!;
      const when = unionGuards(role.when, sharedGuards(trust.map((s) => s.when)));
      out.push({ from: id!, to: g.nodeOf(role), api: 'PassRole', trust, identity: [], conditions: trust.flatMap((t) => t.conditions), constraint: edgeConstraint(trust), service, action: 'iam:PassRole', ...(when.length ? { when } : {}) });
    }
    return id;
  };
  const rewriters = (acct: string): string => g.node({ id: `rewriters:${acct}`, kind: 'rewriters', label: `principals of ${accountText(acct)} that can rewrite any role's trust`, account: acct });
  const hubs = new Set<string>();
  const kinds = new Map<string, { roles: Role[]; users: User[] }>();
  const kindsOf = (acct: string) => {
    let hit = kinds.get(acct);
    if (!hit) {
      const all = g.byAccount.get(acct) ?? [];
      hit = { roles: all.filter((e): e is Role => e.kind === 'role'), users: all.filter((e): e is User => e.kind === 'user') };
      kinds.set(acct, hit);
    }
    return hit;
  };
  const rolesOf = (acct: string) => kindsOf(acct).roles;
  const usersOf = (acct: string) => kindsOf(acct).users;
  /**
   * Of `pool`, the principals an action's Allow statements may name: looked up by ARN when every resource is an exact
   * ARN, the whole pool when one is a pattern or unresolved (each is then checked against the statements).
   */
  const candidates = <T extends Role | User>(st: Statement[], actions: string | string[], acct: string, pool: T[], inPool: (e: Role | User) => e is T): T[] => {
    const arns = st
      .filter((s) => s.effect === 'Allow' && [actions].flat().some((a) => allowsAction(s, a)))
      .flatMap((s) => (s.resources ? s.resources.map((r) => (isUnknown(r.value) ? '*' : canonical(r.value, acct))) : ['*']));
    if (arns.some((a) => /[*?]/.test(a))) return pool;
    return [...new Set(arns.map((a) => g.byArn.get(a)))].filter((e): e is T => e !== undefined && inPool(e));
  };

  for (const p of g.principals) {
    const st = g.statements(p);
    if (!st.length) continue;
    const acct = g.account(p);
    const from = g.nodeOf(p);
    const selfArn = arnOf(p);
    const push = (to: string, api: TrustEdge['api'], identity: Statement[], extra: Partial<TrustEdge> = {}) => {
      // Under the CloudFormation conditions of the principal and of the branch its granting statements share.
      const when = unionGuards(p.when, sharedGuards(identity.map((s) => s.when)), g.nodes.get(to)?.entity?.when);
      out.push({ from, to, api, trust: [], identity, conditions: [], constraint: {}, ...extra, ...(when.length ? { when } : {}) });
    };

    // Rewrite any role's trust, directly or by granting oneself that right: one edge into the account's hub.
    // A permissions boundary caps every escalation: an explicit Deny in it refuses, and it must allow the action too
    // (sts-semantics.md §9.5). Writing one's own policies grants no more than the boundary allows.
    const b = g.boundary(p);
    const may = (action: string, arn?: string) => !b || (arn ? boundaryPermits(b, action, arn, acct, true) : allowsSomewhere(b, action) !== undefined);
    const unbounded = !b || allowsEverywhere(b, 'iam:UpdateAssumeRolePolicy') !== undefined;
    const everywhere = unbounded ? allowsEverywhere(st, 'iam:UpdateAssumeRolePolicy') : undefined;
    const selfWrite = everywhere || !unbounded ? undefined : selfPolicyWrite(p, st, acct, selfArn);
    if (everywhere || selfWrite) {
      hubs.add(acct);
      push(rewriters(acct), everywhere ? 'UpdateAssumeRolePolicy' : 'PutPolicy', everywhere ?? selfWrite!.statements, selfWrite ? { action: selfWrite.action } : { action: 'iam:UpdateAssumeRolePolicy' });
    } else if (allowsSomewhere(st, 'iam:UpdateAssumeRolePolicy')) {
      for (const r of candidates(st, 'iam:UpdateAssumeRolePolicy', acct, rolesOf(acct), (e): e is Role => e.kind === 'role' && g.account(e) === acct)) {
        const arn = r !== p ? arnOf(r) : undefined;
        const identity = arn && may('iam:UpdateAssumeRolePolicy', arn) && identityAllows(st, 'iam:UpdateAssumeRolePolicy', arn, acct);
        if (identity) push(g.nodeOf(r), 'UpdateAssumeRolePolicy', identity, { action: 'iam:UpdateAssumeRolePolicy' });
      }
    }

    // Pass a role to a service the principal can make run (a member of the rewriters hub reaches every role already).
    if (!everywhere && !selfWrite && allowsSomewhere(st, 'iam:PassRole')) {
      const passing = st.filter((s) => allowsAction(s, 'iam:PassRole'));
      for (const { service, ways } of PASS_ROLE_SERVICES) {
        const launch = ways.map((way) => way.map((a) => (may(a) ? allowsSomewhere(st, a) : undefined))).find((grants) => grants.every(Boolean));
        const hub = launch && passersOf(acct, service, passing, b?.filter((s) => allowsAction(s, 'iam:PassRole')));
        if (hub) push(hub, 'PassRole', [...new Set([...passing.filter((s) => s.effect === 'Allow'), ...(launch.flat() as Statement[])])], { service, action: 'iam:PassRole' });
      }
    }

    // Another user's credentials.
    if (USER_CREDENTIALS.some((a) => allowsSomewhere(st, a)))
      for (const u of candidates(st, USER_CREDENTIALS, acct, usersOf(acct), (e): e is User => e.kind === 'user' && g.account(e) === acct)) {
        const arn = u !== p ? arnOf(u) : undefined;
        if (!arn) continue;
        for (const action of USER_CREDENTIALS) {
          const identity = may(action, arn) && identityAllows(st, action, arn, acct);
          if (identity) {
            push(g.nodeOf(u), action === 'iam:CreateAccessKey' ? 'CreateAccessKey' : 'LoginProfile', identity, { action });
            break;
          }
        }
      }

    // A federated-user session (§1.6, §6.2): only IAM users can call GetFederationToken (§0 R8).
    const federation = p.kind === 'user' && may('sts:GetFederationToken') ? allowsSomewhere(st, 'sts:GetFederationToken') : undefined;
    if (federation) push(g.node({ id: `federated-user:${acct}`, kind: 'federated-user', label: `federated users of ${accountText(acct)}`, account: acct }), 'GetFederationToken', federation, { action: 'sts:GetFederationToken' });
  }

  // Each hub reaches every role of its account.
  for (const acct of [...hubs].sort())
    for (const r of g.byAccount.get(acct) ?? []) if (r.kind === 'role') out.push({ from: `rewriters:${acct}`, to: g.nodeOf(r), api: 'UpdateAssumeRolePolicy', trust: [], identity: [], conditions: [], constraint: {}, action: 'iam:UpdateAssumeRolePolicy', ...(r.when.length ? { when: r.when } : {}) });
  return out;
}

/**
 * The statements that let a principal write its own permissions: Put/Attach on its own ARN, on a group it is in
 * (users), or CreatePolicyVersion on a managed policy attached to it.
 */
function selfPolicyWrite(p: Role | User, st: Statement[], acct: string, selfArn: string | undefined): { action: string; statements: Statement[] } | undefined {
  const targets: Array<{ arn: string; actions: string[] }> = [];
  if (selfArn) targets.push({ arn: selfArn, actions: SELF_WRITE[p.kind] });
  const prefix = selfArn?.slice(0, selfArn.indexOf(':', selfArn.indexOf('::') + 2) + 1);
  if (p.kind === 'user' && prefix) for (const g of p.groups) if (!isUnknown(g.value)) targets.push({ arn: `${prefix}group/${g.value}`, actions: SELF_WRITE.group });
  // AWS managed policies (account `aws`) cannot be given a new version.
  for (const m of p.managedPolicyArns) if (!isUnknown(m.value) && /^arn:[^:]*:iam::(?!aws:)/.test(m.value)) targets.push({ arn: canonical(m.value, acct), actions: ['iam:CreatePolicyVersion'] });
  for (const t of targets)
    for (const action of t.actions) {
      const statements = identityAllows(st, action, t.arn, acct);
      if (statements) return { action, statements };
    }
  return undefined;
}
