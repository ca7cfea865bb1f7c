import { type ConditionEntry, type Entity, isUnknown, type Model, type PolicyDocument, type Role, SELF_ACCOUNT, type Statement, type User } from '../model/index.js';
import { wildcardMatch } from './conditions.js';
import { rolePolicyDocuments, userPolicyDocuments } from './identity.js';
import { parsePrincipal } from './principals.js';

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

export type Api = 'AssumeRole' | 'AssumeRoleWithSAML' | 'AssumeRoleWithWebIdentity';

export type NodeKind = 'role' | 'user' | 'account' | 'public' | 'service' | 'saml-provider' | 'oidc-provider' | 'web-identity';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** What messages call it: a role or user name, an account ID, a provider, a service. */
  label: string;
  /** The account key (see accountKey) the node is in, for principals and accounts. */
  account?: string;
  entity?: Role | User;
}

export interface TrustEdge {
  from: string;
  to: string;
  api: Api;
  /** The trust statements that allow the call. */
  trust: Statement[];
  /** The caller's identity statements that allow it (empty when STS does not ask for one). */
  identity: Statement[];
  /** Conditions the call must meet: those of the trust statements that grant it. */
  conditions: ConditionEntry[];
}

export interface TrustGraph {
  nodes: Map<string, GraphNode>;
  edges: TrustEdge[];
  /** Edges into a node (who can assume this role). */
  into(id: string): TrustEdge[];
  /** Edges out of a node (what it can assume). */
  from(id: string): TrustEdge[];
  /** The node of a scanned role or user. */
  nodeOf(entity: Role | User): string;
}

/** Account IDs with the globs of the files deployed to them (the config's `accounts:`). */
export type AccountPaths = Record<string, { paths?: string[] }>;

const API_OF_ACTION: Array<[Api, string]> = [
  ['AssumeRole', 'sts:AssumeRole'],
  ['AssumeRoleWithSAML', 'sts:AssumeRoleWithSAML'],
  ['AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentity'],
];

const ARN = /^arn:([^:]*):(iam|sts)::(\$\{AWS::AccountId\}|[^:]*):(.*)$/;

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

/** An ARN with the symbolic account replaced by the account key it stands for. */
function canonical(arn: string, account: string): string {
  return arn.split(SELF_ACCOUNT).join(account);
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
  const nodeOf = (e: Role | User): string => `${e.kind}:${account(e)}:${typeof e.name === 'string' ? e.name : `${e.file}#${e.id}`}`;
  const node = (n: GraphNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  for (const e of principals) node({ id: nodeOf(e), kind: e.kind, label: typeof e.name === 'string' ? e.name : e.id, account: account(e), entity: e });

  // Principals by canonical ARN and by account, to resolve what a trust names.
  const byArn = new Map<string, Role | User>();
  const byAccount = new Map<string, Array<Role | User>>();
  for (const e of principals) {
    if (typeof e.arn === 'string') byArn.set(canonical(e.arn, account(e)), e);
    byAccount.set(account(e), [...(byAccount.get(account(e)) ?? []), e]);
  }
  const identityDocs = (e: Role | User): PolicyDocument[] => (e.kind === 'role' ? rolePolicyDocuments(e) : userPolicyDocuments(e, model.entities));

  for (const role of model.entities) {
    if (role.kind !== 'role' || !role.trust || typeof role.arn !== 'string') continue;
    const target = nodeOf(role);
    const roleAccount = account(role);
    const roleArn = canonical(role.arn, roleAccount);
    // A Deny on a condition the call may not meet does not remove the edge; an unconditioned one does.
    const denies = role.trust.statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0);
    for (const stmt of role.trust.statements) {
      if (stmt.effect !== 'Allow') continue;
      const apis = API_OF_ACTION.filter(([, action]) => allowsAction(stmt, action)).map(([api]) => api);
      if (!apis.length) continue;
      for (const p of stmt.principals ?? []) {
        const parsed = parsePrincipal(p);
        if (parsed.kind === 'unknown' || parsed.kind === 'invalid') continue;
        const pAccount = parsed.account === SELF_ACCOUNT ? roleAccount : parsed.account;
        for (const api of apis) {
          const action = `sts:${api}`;
          /** The edge from a caller (its ARN and account, for the trust's Deny statements). */
          const add = (from: string, identity: Statement[] = [], caller: { arn: string; account?: string } = { arn: canonical(parsed.text, roleAccount), account: pAccount }) => {
            if (denies.some((d) => allowsAction(d, action) && denyNames(d, caller, roleAccount))) return;
            edges.push({ from, to: target, api, trust: [stmt], identity, conditions: stmt.conditions });
          };
          const addCaller = (caller: Role | User, identity?: Statement[]) => add(nodeOf(caller), identity, { arn: typeof caller.arn === 'string' ? canonical(caller.arn, account(caller)) : '', account: account(caller) });
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
              if (api === 'AssumeRoleWithWebIdentity') add(node({ id: `web-identity:${parsed.text}`, kind: 'web-identity', label: parsed.text }));
              break;
            case 'account':
              if (api !== 'AssumeRole' || pAccount === undefined) break;
              // The account delegates: each of its principals needs an identity-policy allow (R2, R3).
              if (!byAccount.has(pAccount)) add(node({ id: `account:${pAccount}`, kind: 'account', label: `account ${pAccount}`, account: pAccount }));
              else
                for (const caller of byAccount.get(pAccount) ?? []) {
                  if (caller === role) continue;
                  const identity = identityAllows(identityDocs(caller), roleArn, account(caller));
                  if (identity) addCaller(caller, identity);
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
                const identity = identityAllows(identityDocs(caller), roleArn, account(caller));
                if (identity) addCaller(caller, identity);
              }
              break;
            }
          }
        }
      }
    }
  }

  const into = new Map<string, TrustEdge[]>();
  const out = new Map<string, TrustEdge[]>();
  for (const e of edges) {
    into.set(e.to, [...(into.get(e.to) ?? []), e]);
    out.set(e.from, [...(out.get(e.from) ?? []), e]);
  }
  return { nodes, edges, into: (id) => into.get(id) ?? [], from: (id) => out.get(id) ?? [], nodeOf };
}

function findRoleByName(list: Array<Role | User> | undefined, name: string | undefined): Role | User | undefined {
  return list?.find((e) => e.kind === 'role' && e.name === name);
}

/** True when an Allow (or Deny) statement covers `action` through Action or NotAction (sts-semantics.md §9.1). */
function allowsAction(stmt: Statement, action: string): boolean {
  const strings = (list: Statement['actions']) => (list ?? []).flatMap((a) => (isUnknown(a.value) ? [] : [a.value]));
  if (stmt.actions) return strings(stmt.actions).some((p) => wildcardMatch(p, action, { ignoreCase: true }));
  if (stmt.notActions) return !stmt.notActions.some((a) => isUnknown(a.value)) && !strings(stmt.notActions).some((p) => wildcardMatch(p, action, { ignoreCase: true }));
  return false;
}

/** True when a trust Deny names the caller: everyone, the caller's account, or the caller's own ARN. */
function denyNames(deny: Statement, caller: { arn: string; account?: string }, roleAccount: string): boolean {
  return (deny.principals ?? []).some((d) => {
    const dp = parsePrincipal(d);
    const account = dp.account === SELF_ACCOUNT ? roleAccount : dp.account;
    return dp.kind === 'public' || (dp.kind === 'account' && account === caller.account) || canonical(dp.text, roleAccount) === caller.arn;
  });
}

/**
 * The caller's identity statements that allow `sts:AssumeRole` on `roleArn`, or undefined when none does or an
 * unconditioned Deny refuses it (sts-semantics.md §9.5: an explicit Deny wins).
 */
function identityAllows(docs: PolicyDocument[], roleArn: string, callerAccount: string): Statement[] | undefined {
  const allow: Statement[] = [];
  for (const doc of docs)
    for (const s of doc.statements) {
      if (!allowsAction(s, 'sts:AssumeRole') || !coversResource(s, roleArn, callerAccount)) continue;
      if (s.effect === 'Deny' && s.conditions.length === 0) return undefined;
      if (s.effect === 'Allow') allow.push(s);
    }
  return allow.length ? allow : undefined;
}

function coversResource(s: Statement, arn: string, account: string): boolean {
  const values = (list: Statement['resources']) => (list ?? []).flatMap((r) => (isUnknown(r.value) ? [] : [canonical(r.value, account)]));
  if (s.resources) return values(s.resources).some((r) => r === '*' || (ARN.test(r) && wildcardMatch(r, arn)));
  if (s.notResources) return !values(s.notResources).some((r) => r === '*' || wildcardMatch(r, arn));
  return false;
}
