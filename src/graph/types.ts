import type { ConditionEntry, Guard, Role, Statement, User } from '../model/index.js';
import type { EdgeConstraint } from './constraints.js';

/** The STS APIs a trust policy grants. */
export type AssumeApi = 'AssumeRole' | 'AssumeRoleWithSAML' | 'AssumeRoleWithWebIdentity';

/** The calls an escalation edge stands for (src/graph/escalation.ts). */
export type EscalationApi = 'UpdateAssumeRolePolicy' | 'PassRole' | 'PutPolicy' | 'CreateAccessKey' | 'LoginProfile' | 'GetFederationToken';

export type Api = AssumeApi | EscalationApi;

/**
 * `rewriters`: the principals of one account that can rewrite any role's trust (iam:UpdateAssumeRolePolicy on every
 * role, or the right to grant themselves anything), one node with an edge to every role of the account.
 * `passers`: the principals of one account whose PassRole statements let them pass the same roles to one service
 * (with that service's launch actions), with an edge to each of those roles.
 * `identity-pool`: the users of one Cognito identity pool that a trust of `cognito-identity.amazonaws.com` admits —
 * authenticated, guests, or both — by the pool its `aud` condition names (sts-semantics.md §5.6).
 * `federated-user`: the sessions GetFederationToken mints, which can assume nothing (sts-semantics.md §0 R8).
 * `assumers`: the principals of one account whose identity policies allow `sts:AssumeRole` on every role (Resource
 * `*`), as one node: an account trust then costs one edge from it instead of one per such principal, so a large
 * estate stays linear in its size (each principal → its account's node, that node → each role trusting the account).
 */
export type NodeKind = 'role' | 'user' | 'account' | 'assumers' | 'rewriters' | 'passers' | 'public' | 'service' | 'saml-provider' | 'oidc-provider' | 'web-identity' | 'identity-pool' | 'federated-user';

/** Nodes that stand for a group of principals of one account, so that a hop through them is their member's own call. */
export const HUB_KINDS: ReadonlySet<NodeKind> = new Set(['assumers', 'rewriters', 'passers']);

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
  /** The trust statements that allow the call (none on the edge into an `assumers` node). */
  trust: Statement[];
  /** The caller's identity statements that allow it (empty when STS does not ask for one). */
  identity: Statement[];
  /** Conditions the call must meet: those of the trust statements that grant it. */
  conditions: ConditionEntry[];
  /** The same, structured (MFA, ExternalId, pins, audiences, subjects …), with the longest session the edge gives. */
  constraint: EdgeConstraint;
  /** Escalation edges: the IAM or STS action that grants it (`iam:PassRole`, `iam:PutRolePolicy` …). */
  action?: string;
  /** `PassRole` edges: the service that runs with the role. */
  service?: string;
  /** The CloudFormation conditions (Fn::If branches, resource `Condition`s) the hop exists under; absent when none. */
  when?: Guard[];
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

