import { type Entity, type Guard, isUnknown, type Model, sharedGuards, unionGuards, type PolicyDocument, type Role, SELF_ACCOUNT, type Statement, type User } from '../model/index.js';
import { wildcardMatch } from './conditions.js';
import { type EdgeConstraint, edgeConstraint } from './constraints.js';
import { accountText, escalationEdges, mentionsEscalation } from './escalation.js';
import { allowsAction, allowsEverywhere, boundaryPermits, canonical, identityAllows } from './evaluate.js';
import { rolePolicyDocuments, userPolicyDocuments } from './identity.js';
import { parsePrincipal } from './principals.js';
import type { AccountPaths, AssumeApi, GraphNode, TrustEdge, TrustGraph } from './types.js';

/**
 * The trust graph (design.md §graph): who can obtain a session of which role, through which STS API, under which
 * conditions. An edge needs the role's trust policy to allow the caller and, where STS asks for it, the caller's
 * own identity policies too (sts-semantics.md §0 R1–R4, §2.3):
 * - a trust naming the caller's own user or role ARN in the same account is enough (R2);
 * - a trust naming an account (its ID or `:root`) delegates to that account: its users and roles need an identity
 *   policy that allows `sts:AssumeRole` on the role (R2), and so does every cross-account caller (R3);
 * - an account that is not scanned is one node, "whoever that account allows";
 * - an explicit Deny in the trust or in the caller's identity policies removes the edge unless it is conditioned
 *   (a Deny on a condition the call may not meet does not remove it).
 * Federated providers, services and the public are entry nodes.
 */

export type { AccountPaths, Api, GraphNode, NodeKind, TrustEdge, TrustGraph } from './types.js';

const API_OF_ACTION: Array<[AssumeApi, string]> = [
  ['AssumeRole', 'sts:AssumeRole'],
  ['AssumeRoleWithSAML', 'sts:AssumeRoleWithSAML'],
  ['AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentity'],
];


/**
 * Where an entity is deployed, for a symbolic account: a CloudFormation template is a stack of its own, a Terraform
 * root module is the directory of its root (the first module call leads there).
 */
export function deploymentScope(e: Entity): string {
  const file = e.source.via?.[0]?.file ?? e.file;
  return /\.tf(\.json)?$/i.test(file) ? file.slice(0, Math.max(0, file.lastIndexOf('/'))) || '.' : file;
}

/**
 * The account an entity is in, as a graph key: its real account ID; for the symbolic "account this is deployed
 * to", the configured account whose `paths` match its scope, else `self:<scope>` (each stack or root module its
 * own account).
 */
export function accountKey(e: Entity, accounts: AccountPaths = {}): string {
  if (e.account !== SELF_ACCOUNT) return e.account;
  const scope = deploymentScope(e);
  for (const [id, a] of Object.entries(accounts)) if (a.paths?.some((p) => wildcardMatch(p, scope) || wildcardMatch(p, e.file))) return id;
  return `self:${scope}`;
}

export function buildTrustGraph(model: Model, accounts: AccountPaths = {}): TrustGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: TrustEdge[] = [];
  const keyOf = new Map<Entity, string>();
  const account = (e: Entity): string => {
    const hit = keyOf.get(e);
    if (hit !== undefined) return hit;
    const k = accountKey(e, accounts);
    keyOf.set(e, k);
    return k;
  };
  const principals = model.entities.filter((e): e is Role | User => e.kind === 'role' || e.kind === 'user');
  const ids = new Map<Role | User, string>();
  const nodeOf = (e: Role | User): string => {
    let id = ids.get(e);
    if (id === undefined) {
      id = `${e.kind}:${account(e)}:${typeof e.name === 'string' ? e.name : `${e.file}#${e.id}`}`;
      ids.set(e, id);
    }
    return id;
  };
  const node = (n: GraphNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  for (const e of principals) node({ id: nodeOf(e), kind: e.kind, label: entityName(e), account: account(e), entity: e });

  // Principals by canonical ARN and by account, to resolve what a trust names.
  const byArn = new Map<string, Role | User>();
  const byAccount = new Map<string, Array<Role | User>>();
  for (const e of principals) {
    if (typeof e.arn === 'string') byArn.set(canonical(e.arn, account(e)), e);
    const list = byAccount.get(account(e));
    if (list) list.push(e);
    else byAccount.set(account(e), [e]);
  }
  // Each principal's identity statements that may allow or deny sts:AssumeRole, once: most principals have none, and
  // an account trust then costs nothing per principal that cannot assume anything.
  const docsOf = (e: Role | User): PolicyDocument[] => (e.kind === 'role' ? rolePolicyDocuments(e) : userPolicyDocuments(e, model.entities));
  const assumeStatements = new Map<Role | User, Statement[]>();
  const assumeOf = (e: Role | User): Statement[] => {
    let hit = assumeStatements.get(e);
    if (!hit) {
      hit = docsOf(e).flatMap((d) => d.statements.filter((st) => allowsAction(st, 'sts:AssumeRole')));
      assumeStatements.set(e, hit);
    }
    return hit;
  };

  /** May assume every role: an Allow on Resource `*` and no Deny on sts:AssumeRole at all. */
  const boundaryOf = (e: Role | User): Statement[] | undefined => e.boundary?.document.statements;
  /** May assume every role: an Allow on Resource `*` and no Deny on sts:AssumeRole at all, in its policies and boundary. */
  const universal = (e: Role | User): boolean => {
    const st = assumeOf(e);
    const b = boundaryOf(e);
    return st.some((x) => x.effect === 'Allow' && (x.resources ?? []).some((r) => r.value === '*')) && !st.some((x) => x.effect !== 'Allow') && (!b || allowsEverywhere(b, 'sts:AssumeRole') !== undefined);
  };
  /**
   * An account's principals that may assume something, indexed so that a role trusting the account meets only those
   * that may assume it: by the exact role ARN their statements name, the rest (patterns, NotResource, Deny) listed.
   */
  const indexed = new Map<string, { exact: Map<string, Array<Role | User>>; other: Array<Role | User>; universal: Array<Role | User> }>();
  const indexOf = (acct: string) => {
    let hit = indexed.get(acct);
    if (hit) return hit;
    hit = { exact: new Map(), other: [], universal: [] };
    for (const e of byAccount.get(acct) ?? []) {
      const st = assumeOf(e);
      if (!st.length) continue;
      if (universal(e)) {
        hit.universal.push(e);
        continue;
      }
      const arns = st.every((x) => x.effect === 'Allow' && x.resources) ? st.flatMap((x) => (x.resources ?? []).map((r) => (isUnknown(r.value) ? '?' : canonical(r.value, acct)))) : ['?'];
      if (arns.some((a) => /[*?]/.test(a))) hit.other.push(e);
      else
        for (const a of new Set(arns)) {
          const list = hit.exact.get(a);
          if (list) list.push(e);
          else hit.exact.set(a, [e]);
        }
    }
    indexed.set(acct, hit);
    return hit;
  };

  /** The `assumers` node of an account, with an edge from each of its universal principals; undefined when it has none. */
  const hubs = new Map<string, string | undefined>();
  const assumersOf = (acct: string): string | undefined => {
    if (hubs.has(acct)) return hubs.get(acct);
    const members = indexOf(acct).universal;
    const id = members.length ? node({ id: `assumers:${acct}`, kind: 'assumers', label: `principals of ${accountText(acct)} allowed to assume any role`, account: acct }) : undefined;
    hubs.set(acct, id);
    for (const m of members) edges.push({ from: nodeOf(m), to: id!, api: 'AssumeRole', trust: [], identity: assumeOf(m).filter((x) => x.effect === 'Allow'), conditions: [], constraint: {} });
    return id;
  };


  for (const role of model.entities) {
    if (role.kind !== 'role' || !role.trust || typeof role.arn !== 'string') continue;
    const target = nodeOf(role);
    const roleAccount = account(role);
    const roleArn = canonical(role.arn, roleAccount);
    // A Deny on a condition the call may not meet does not remove the edge; an unconditioned one does.
    const denies = role.trust.statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0);
    // A direct session lasts up to MaxSessionDuration, one hour when unset (sts-semantics.md §0 R7).
    const maxSession = typeof role.maxSessionDuration?.value === 'number' ? role.maxSessionDuration.value : 3600;
    for (const stmt of role.trust.statements) {
      if (stmt.effect !== 'Allow') continue;
      let constraint: EdgeConstraint | undefined;
      const apis = API_OF_ACTION.filter(([, action]) => allowsAction(stmt, action)).map(([api]) => api);
      if (!apis.length) continue;
      for (const p of stmt.principals ?? []) {
        const parsed = parsePrincipal(p);
        if (parsed.kind === 'unknown' || parsed.kind === 'invalid') continue;
        const pAccount = parsed.account === SELF_ACCOUNT ? roleAccount : parsed.account;
        for (const api of apis) {
          const action = `sts:${api}`;
          /** The edge from a caller (its ARN and account, for the trust's Deny statements). */
          const add = (from: string, identity: Statement[] = [], caller: { arn: string; account?: string; when?: Guard[] } = { arn: canonical(parsed.text, roleAccount), account: pAccount }) => {
            if (denies.some((d) => allowsAction(d, action) && denyNames(d, caller, roleAccount))) return;
            constraint ??= edgeConstraint([stmt], maxSession);
            // The CloudFormation conditions the hop exists under: the role's and the caller's resource conditions, the
            // trust statement's Fn::If branch, and the branch every identity statement that allows it shares.
            const when = unionGuards(role.when, caller.when, stmt.when, sharedGuards(identity.map((s) => s.when)));
            edges.push({ from, to: target, api, trust: [stmt], identity, conditions: stmt.conditions, constraint, ...(when.length ? { when } : {}) });
          };
          // The caller's permissions boundary refuses by an explicit Deny always, and by not allowing where STS asks for
          // the caller's own permissions (sts-semantics.md §9.5).
          const addCaller = (caller: Role | User, identity?: Statement[]) => {
            if (boundaryPermits(boundaryOf(caller), action, roleArn, account(caller), identity !== undefined)) add(nodeOf(caller), identity, { arn: typeof caller.arn === 'string' ? canonical(caller.arn, account(caller)) : '', account: account(caller), when: caller.when });
          };
          switch (parsed.kind) {
            case 'public':
              if (api === 'AssumeRole') add(node({ id: 'public', kind: 'public', label: 'any AWS principal' }));
              break;
            case 'service':
              if (api === 'AssumeRole') add(node({ id: `service:${parsed.text}`, kind: 'service', label: parsed.text }));
              break;
            case 'saml-provider':
              if (api === 'AssumeRoleWithSAML') add(node({ id: `saml:${pAccount}:${parsed.name}`, kind: 'saml-provider', label: `SAML provider ${parsed.name}`, account: pAccount }));
              break;
            case 'oidc-provider':
              if (api === 'AssumeRoleWithWebIdentity') add(node({ id: `oidc:${pAccount}:${parsed.name}`, kind: 'oidc-provider', label: `OIDC provider ${parsed.name}`, account: pAccount }));
              break;
            case 'web-identity':
              if (api !== 'AssumeRoleWithWebIdentity') break;
              if (parsed.text === COGNITO) for (const pool of identityPools(stmt)) add(node(pool));
              else add(node({ id: `web-identity:${parsed.text}`, kind: 'web-identity', label: parsed.text }));
              break;
            case 'account':
              if (api !== 'AssumeRole' || pAccount === undefined) break;
              // The account delegates: each of its principals needs an identity-policy allow (R2, R3).
              if (!byAccount.has(pAccount)) add(node({ id: `account:${pAccount}`, kind: 'account', label: `account ${pAccount}`, account: pAccount }));
              else {
                // Principals that may assume any role come in through their account's node, unless this trust denies
                // someone by name (then each caller is judged on its own).
                const hub = denies.length ? undefined : assumersOf(pAccount);
                if (hub) add(hub);
                const { exact, other, universal: all } = indexOf(pAccount);
                for (const caller of [...(exact.get(roleArn) ?? []), ...other, ...(hub ? [] : all)]) {
                  if (caller === role) continue;
                  const identity = identityAllows(assumeOf(caller), 'sts:AssumeRole', roleArn, account(caller));
                  if (identity) addCaller(caller, identity);
                }
              }
              break;
            case 'user':
            case 'role':
            case 'assumed-role': {
              if (api !== 'AssumeRole' || pAccount === undefined) break;
              const arn = parsed.kind === 'assumed-role' ? `arn:aws:iam::${pAccount}:role/${parsed.name}` : canonical(parsed.text, roleAccount);
              const caller = byArn.get(arn) ?? (parsed.kind === 'assumed-role' ? findRoleByName(byAccount.get(pAccount), parsed.name) : undefined);
              if (!caller) {
                // A principal of an account that is not scanned: whoever that account lets act as it.
                if (!byAccount.has(pAccount)) add(node({ id: `account:${pAccount}`, kind: 'account', label: `account ${pAccount}`, account: pAccount }));
                break;
              }
              // Named directly in the same account: the trust is enough (R2); across accounts both sides must allow (R3).
              if (account(caller) === roleAccount) addCaller(caller);
              else {
                const identity = identityAllows(assumeOf(caller), 'sts:AssumeRole', roleArn, account(caller));
                if (identity) addCaller(caller, identity);
              }
              break;
            }
          }
        }
      }
    }
  }

  const escalations = escalationEdges({
    principals,
    byAccount,
    byArn,
    account,
    nodeOf,
    node,
    nodes,
    edges,
    boundary: boundaryOf,
    statements: (e) => docsOf(e).flatMap((d) => d.statements.filter(mentionsEscalation)),
  });
  for (const e of escalations) edges.push(e);

  const into = new Map<string, TrustEdge[]>();
  const out = new Map<string, TrustEdge[]>();
  const push = (m: Map<string, TrustEdge[]>, k: string, e: TrustEdge) => {
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  };
  for (const e of edges) {
    push(into, e.to, e);
    push(out, e.from, e);
  }
  return { nodes, edges, into: (id) => into.get(id) ?? [], from: (id) => out.get(id) ?? [], nodeOf };
}

/** The call an edge stands for, as messages name it: `sts:AssumeRole`, `iam:PassRole to lambda.amazonaws.com` … */
export function edgeAction(e: TrustEdge): string {
  if (e.service) return `${e.action} to ${e.service}`;
  return e.action ?? `sts:${e.api}`;
}

const COGNITO = 'cognito-identity.amazonaws.com';

/**
 * The Cognito identity pool users a trust statement admits (sts-semantics.md §5.6): one node per pool its
 * `cognito-identity.amazonaws.com:aud` condition names (any pool without one), for the users its `amr` condition
 * admits — `authenticated`, `unauthenticated` (guests), or both when it does not say.
 */
function identityPools(stmt: Statement): GraphNode[] {
  const values = (claim: string) =>
    stmt.conditions.filter((c) => c.key.toLowerCase() === `${COGNITO}:${claim}` && !/Not/.test(c.operator)).flatMap((c) => c.values.map((v) => (isUnknown(v.value) ? (v.value.partial ?? '?') : v.value)));
  const pools = values('aud');
  const amr = values('amr').map((v) => v.toLowerCase());
  const who = amr.includes('unauthenticated') && !amr.includes('authenticated') ? 'guests' : amr.includes('authenticated') && !amr.includes('unauthenticated') ? 'authenticated users' : 'authenticated users and guests';
  return (pools.length ? pools : ['(any pool)']).map((pool) => ({ id: `identity-pool:${pool}:${who}`, kind: 'identity-pool', label: `${who} of Cognito identity pool ${pool}` }));
}

/**
 * What messages call a role or user: its name, or its logical ID / resource address when the name is unknown or is
 * the placeholder of a name CloudFormation generates at deployment (`${OpenRole}`).
 */
export function entityName(e: Role | User): string {
  return typeof e.name === 'string' && !/^\$\{[^}]*\}$/.test(e.name) ? e.name : e.id;
}

/** A node as messages name it: `role deploy`, `user alice`, `account 444455556666`, `OIDC provider …`. */
export function describeNode(graph: TrustGraph, id: string): string {
  const n = graph.nodes.get(id);
  return n ? (n.kind === 'role' || n.kind === 'user' ? `${n.kind} ${n.label}` : n.label) : id;
}

function findRoleByName(list: Array<Role | User> | undefined, name: string | undefined): Role | User | undefined {
  return list?.find((e) => e.kind === 'role' && e.name === name);
}

/** True when a trust Deny names the caller: everyone, the caller's account, or the caller's own ARN. */
function denyNames(deny: Statement, caller: { arn: string; account?: string }, roleAccount: string): boolean {
  return (deny.principals ?? []).some((d) => {
    const dp = parsePrincipal(d);
    const account = dp.account === SELF_ACCOUNT ? roleAccount : dp.account;
    return dp.kind === 'public' || (dp.kind === 'account' && account === caller.account) || canonical(dp.text, roleAccount) === caller.arn;
  });
}
