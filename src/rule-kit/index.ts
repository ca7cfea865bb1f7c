import { buildTrustGraph, type TrustGraph } from '../graph/trust-graph.js';
import type { Entity, FlowStep, Guard, Model, PolicyDocument, RelatedLocation, Role, RuleReference, Severity, SourceRef, Statement, SuppressionRecord } from '../model/index.js';
import { SELF_ACCOUNT } from '../model/index.js';
import { roleSensitivity, type Sensitivity } from './sensitivity.js';
import type { RuleSettings } from './settings.js';

export * from './actions.js';
export * from './conditions.js';
export * from './flow.js';
export * from './glob.js';
export * from './principals.js';
export * from './sensitivity.js';
export * from './settings.js';

export interface ReportDescriptor<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  at: SourceRef;
  related?: RelatedLocation[];
  /** Assumption paths shown as SARIF codeFlows and numbered hops (trust graph rules). */
  paths?: FlowStep[][];
  /** Every entry point or principal a path finding counts (the message names the first few, `paths` caps them). */
  entries?: string[];
  /** Fn::If branches the finding depends on (usually the statement's `when`); none when omitted. */
  when?: Guard[];
  /** Location-independent identity of the finding for fingerprints (role, principal …); the pointer is used otherwise. */
  key?: string[];
}

export interface TrustStatement {
  doc: PolicyDocument;
  stmt: Statement;
  /** The role the trust policy belongs to (undefined for a loose trust policy file). */
  role?: Role;
}

export interface IdentityStatement {
  doc: PolicyDocument;
  stmt: Statement;
}

/** A suppression after the engine matched it against the findings of the other rules. */
export interface SuppressionStatus {
  record: SuppressionRecord;
  /** The rule it names, when there is one with that ID or name (any case). */
  rule?: { id: string; name: string };
  /** Whether that rule ran in this scan: a suppression of a rule that is off cannot be judged unused. */
  ran: boolean;
  /** How many findings it suppressed. */
  matched: number;
}

/** What a rule sees: the model, settings, read-only queries and `report`. */
export interface RuleContext<M extends string = string> {
  readonly model: Model;
  readonly settings: RuleSettings;
  report(d: ReportDescriptor<M>): void;
  trustStatements(): TrustStatement[];
  identityStatements(): IdentityStatement[];
  documents(kind?: PolicyDocument['kind']): PolicyDocument[];
  entities<K extends Entity['kind']>(kind: K): Array<Extract<Entity, { kind: K }>>;
  /** The role whose trust policy `doc` is. */
  roleOfTrust(doc: PolicyDocument): Role | undefined;
  sensitivity(role: Role): Sensitivity;
  /** rules.md "External account": not the document's own account and not known in the config. */
  isExternalAccount(account: string, doc: PolicyDocument): boolean;
  /** "prod (111122223333)", "this account" … for messages. */
  accountLabel(account: string): string;
  /** "role DeployRole", "trust.json" … for messages. */
  ownerLabel(doc: PolicyDocument): string;
  /** The trust graph of the whole scan (built on first use), accounts as the config maps them. */
  graph(): TrustGraph;
  /**
   * Every suppression with what it matched. Known only after the other rules ran: the engine runs the rules that
   * read it (FL007, FL008) last; for any other rule it throws.
   */
  suppressions(): SuppressionStatus[];
}

export interface RuleDefinition<M extends string = string> {
  id: string;
  name: string;
  severity: Severity;
  tags: string[];
  scope: 'document' | 'model' | 'graph';
  since: string;
  short: string;
  full: string;
  help: string;
  references: RuleReference[];
  /** Sections of sts-semantics.md the rule encodes. */
  semantics: string[];
  messages: Record<M, string>;
  check(ctx: RuleContext<M>): void;
}

export function defineRule<M extends string>(def: RuleDefinition<M>): RuleDefinition<M> {
  return def;
}

/** The read-only query API over a model, shared by every rule's context. */
export function createQueries(model: Model, settings: RuleSettings): Omit<RuleContext, 'report' | 'model' | 'settings' | 'suppressions'> {
  const trustOwners = new Map<PolicyDocument, Role>();
  for (const e of model.entities) if (e.kind === 'role' && e.trust) trustOwners.set(e.trust, e);
  let trust: TrustStatement[] | undefined;
  let identity: IdentityStatement[] | undefined;
  let graph: TrustGraph | undefined;
  return {
    graph: () => (graph ??= buildTrustGraph(model, settings.accounts)),
    trustStatements: () =>
      (trust ??= model.documents.filter((d) => d.kind === 'trust').flatMap((doc) => doc.statements.map((stmt) => ({ doc, stmt, role: trustOwners.get(doc) })))),
    identityStatements: () => (identity ??= model.documents.filter((d) => d.kind === 'identity').flatMap((doc) => doc.statements.map((stmt) => ({ doc, stmt })))),
    documents: (kind) => (kind ? model.documents.filter((d) => d.kind === kind) : model.documents),
    entities: <K extends Entity['kind']>(kind: K) => model.entities.filter((e): e is Extract<Entity, { kind: K }> => e.kind === kind),
    roleOfTrust: (doc) => trustOwners.get(doc),
    sensitivity: (role) => roleSensitivity(role, settings),
    isExternalAccount: (account, doc) => {
      if (account === SELF_ACCOUNT || account === doc.account) return false;
      if (account in settings.accounts) return false;
      return /^\d{12}$/.test(account);
    },
    accountLabel: (account) => {
      if (account === SELF_ACCOUNT) return 'this account';
      const name = settings.accounts[account]?.name;
      return name ? `${name} (${account})` : account;
    },
    ownerLabel: (doc) => {
      const o = doc.owner;
      if (o.type === 'file') return o.id;
      const kind = o.type === 'managed-policy' ? 'managed policy' : o.type;
      return o.policyName && o.type !== 'managed-policy' ? `${kind} ${o.id} (policy ${o.policyName})` : `${kind} ${o.id}`;
    },
  };
}
