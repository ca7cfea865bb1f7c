import type { SourceRef } from './source.js';
import type { Unknown } from './unknown.js';

/** A CloudFormation condition a value depends on: it is present only when `condition` evaluates to `value`. */
export interface Guard {
  condition: string;
  value: boolean;
}

/** ` (when condition IsProd is true and …)`, or '' for no guards: how messages name the branch a fact holds in. */
export function guardText(when: readonly Guard[]): string {
  if (when.length === 0) return '';
  return ` (when ${when.map((g) => `condition ${g.condition} is ${g.value}`).join(' and ')})`;
}

/** The guards every one of several lists has (what holds whichever of them applies). */
export function sharedGuards(lists: ReadonlyArray<readonly Guard[]>): Guard[] {
  return lists.length ? lists[0].filter((g) => lists.every((l) => l.some((h) => h.condition === g.condition && h.value === g.value))) : [];
}

/** All the guards of several lists (a fact that needs each of them), without repeats, in first-seen order. */
export function unionGuards(...lists: ReadonlyArray<readonly Guard[] | undefined>): Guard[] {
  const out: Guard[] = [];
  if (lists.every((l) => !l?.length)) return out;
  for (const g of lists.flatMap((l) => l ?? [])) if (!out.some((h) => h.condition === g.condition && h.value === g.value)) out.push(g);
  return out;
}

/** A scalar from the user's file with its location. */
export interface Located<T = string> {
  value: T | Unknown;
  source: SourceRef;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';

export interface PrincipalValue extends Located {
  type: PrincipalType;
}

export interface ConditionValue extends Located {
  /** The value exactly as written when it was not a string (true, 3600) — for type checks. */
  rawType: 'string' | 'number' | 'boolean' | 'other';
}

/** One `operator: { key: values }` entry of a Condition block. */
export interface ConditionEntry {
  /** Operator as written, e.g. `ForAnyValue:StringLike`, `BoolIfExists`. */
  operator: string;
  key: string;
  values: ConditionValue[];
  source: SourceRef;
  keySource: SourceRef;
}

export type PolicyKind = 'trust' | 'identity';

export interface Statement {
  index: number;
  /** The resolved statement object, for grammar checks. */
  raw: unknown;
  /** Locate a pointer relative to this statement (`/Principal/AWS/0`). */
  locate(pointer: string): SourceRef;
  /** Locate the key that names a statement-relative pointer (the `Effec` of `/Effec`); the value's range when keys are not mapped. */
  locateKey?(pointer: string): SourceRef;
  sid?: string;
  source: SourceRef;
  /** The Fn::If branches this variant of the statement was expanded from (empty when unconditional). */
  when: Guard[];
  effect: 'Allow' | 'Deny' | Unknown | undefined;
  effectSource?: SourceRef;
  principals?: PrincipalValue[];
  notPrincipals?: PrincipalValue[];
  principalSource?: SourceRef;
  actions?: Located[];
  notActions?: Located[];
  actionSource?: SourceRef;
  resources?: Located[];
  notResources?: Located[];
  conditions: ConditionEntry[];
  conditionSource?: SourceRef;
}

/** Who a policy document belongs to, for messages and for the graph. */
export interface PolicyOwner {
  type: 'role' | 'user' | 'group' | 'managed-policy' | 'policy' | 'file';
  /** Logical ID / resource address / file name: what the user sees in their file. */
  id: string;
  /** Name of the policy itself (inline policy name), when it has one. */
  policyName?: string;
}

/** Where a template attaches an identity policy to a role, user or group (FL307 reports the user ones). */
export interface PolicyAttachment {
  type: 'role' | 'user' | 'group';
  /**
   * The role/user/group name as written (a `Ref` gives the entity's name), located at the attachment: the
   * inline `Policies` entry's `PolicyName`, a `Roles`/`Users`/`Groups` item, or a `RoleName`/`UserName`/`GroupName`.
   */
  target: Located;
  /** Resource `Condition` and Fn::If branches the attachment depends on. */
  when: Guard[];
}

/** A key written twice in one object of a JSON policy (sts-semantics.md §5.3: the earlier value is silently dropped). */
export interface DuplicateKey {
  pointer: string;
  source: SourceRef;
}

export interface PolicyDocument {
  kind: PolicyKind;
  owner: PolicyOwner;
  file: string;
  source: SourceRef;
  /** The resolved document (intrinsics replaced, Fn::If kept as both-branch variants) for grammar checks. */
  raw: unknown;
  /** Locate a JSON pointer relative to the document root; nearest ancestor if the exact node is lost. */
  locate(pointer: string): SourceRef;
  /** Locate the key that names a document-relative pointer (the `Statment` of `/Statment`); the value's range when keys are not mapped. */
  locateKey?(pointer: string): SourceRef;
  /**
   * Keys written twice in one JSON object of the document (JSON parsers keep the later value): the
   * document-relative pointer (original, before Fn::If expansion) and the location of the winning key.
   * YAML duplicates are parse errors (FL001) and never appear here.
   */
  duplicateKeys?: DuplicateKey[];
  version?: Located;
  statements: Statement[];
  /** Size in non-whitespace characters as AWS counts it (sts-semantics.md §9.3), when computable. */
  size?: number;
  /** The account the document's owner lives in: SELF_ACCOUNT for templates, undefined for loose files. */
  account?: string;
  /** Identity policies in templates: every place the template attaches this document (absent for loose files). */
  attachedTo?: PolicyAttachment[];
}
