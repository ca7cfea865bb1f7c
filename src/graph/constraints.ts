/**
 * Edge constraints: the conditions a call must meet to follow a trust-graph edge, read from the Condition entries of
 * the trust statements that grant it and sorted by kind — MFA, ExternalId, organisation / account / ARN pins, SAML
 * and OIDC claims, source identity, tags — with the longest session the edge can give.
 *
 * Every field is a necessary condition: a call that fails it is refused by the statement (or, for an edge granted by
 * several statements, by all of them). A field is present only when the condition is there. Values the loader could
 * not resolve are shown as their known part, with `?` for the unknown bits.
 */
import { type ConditionEntry, isUnknown, type Statement } from '../model/index.js';
import { operatorParts } from './conditions.js';
import { isMfaAgeKey, isMfaKey, isMfaPresentKey, mfaRequirement } from './mfa.js';

/** Claims IAM accepts as `<provider>:<claim>` condition keys (sts-semantics.md §5.2); others are kept as written, lower-cased. */
export type OidcClaim = 'aud' | 'sub' | 'amr' | 'azp' | 'oaud' | 'id' | 'app_id' | 'user_id' | (string & {});

export interface OidcConstraint {
  /** The provider part of the key as written (`token.actions.githubusercontent.com`). */
  provider?: string;
  claim: OidcClaim;
  /** Operator as written (`StringLike`, `ForAnyValue:StringLike`, `StringNotEquals` …). */
  operator: string;
  values: string[];
}

export interface TagConstraint {
  /** `aws:PrincipalTag/<k>` or `aws:RequestTag/<k>` as written. */
  key: string;
  operator: string;
  values: string[];
}

/** What one statement's Condition asks of a call (the entries are AND-ed, sts-semantics.md §9.2). */
export interface StatementConstraint {
  /** The statement matches only MFA-authenticated calls (`mfaRequirement`, §3.1–3.2); the age bound when one is set. */
  mfa?: { maxAgeSeconds?: number };
  /** `sts:ExternalId` (§2.7). */
  externalId?: string[];
  /** `aws:PrincipalOrgID`, `aws:SourceOrgID` (§2.6). */
  organizations?: string[];
  /** `aws:PrincipalOrgPaths`, `aws:SourceOrgPaths` (§2.6). */
  orgPaths?: string[];
  /** `aws:PrincipalAccount`, `aws:SourceAccount` (§2.6). */
  accounts?: string[];
  /** `aws:PrincipalArn` (§2.6). */
  principalArns?: string[];
  /** `aws:SourceArn` (§2.6). */
  sourceArns?: string[];
  /** `SAML:aud` (§4.3). */
  samlAudience?: string[];
  /** `<provider>:<claim>` entries, any operator (§5.2). */
  oidc?: OidcConstraint[];
  /** `sts:SourceIdentity`, `aws:SourceIdentity` (§1.9, §2.6). */
  sourceIdentity?: string[];
  /** `aws:PrincipalTag/*`, `aws:RequestTag/*` entries, any operator (§1.8, §2.6). */
  tags?: TagConstraint[];
  /** `Operator key` of every other entry, and of entries on the keys above that do not pin them (negated, IfExists, ForAllValues, Null …). */
  other?: string[];
}

export interface EdgeConstraint extends StatementConstraint {
  /** The longest session the edge gives, in seconds. */
  maxSessionSeconds?: number;
  /**
   * When several statements grant the edge: one constraint per statement, in order. Allow statements are OR-ed
   * (§9.5), so a call needs to meet only one of them; the fields above then hold what every one of them asks.
   */
  alternatives?: StatementConstraint[];
}

type PinField = 'externalId' | 'organizations' | 'orgPaths' | 'accounts' | 'principalArns' | 'sourceArns' | 'samlAudience' | 'sourceIdentity';

/** Lower-case condition key → the field a positive entry on it fills (§2.6, §2.7, §1.9, §4.3). */
const PIN_KEYS: Record<string, PinField> = {
  'sts:externalid': 'externalId',
  'aws:principalorgid': 'organizations',
  'aws:sourceorgid': 'organizations',
  'aws:principalorgpaths': 'orgPaths',
  'aws:sourceorgpaths': 'orgPaths',
  'aws:principalaccount': 'accounts',
  'aws:sourceaccount': 'accounts',
  'aws:principalarn': 'principalArns',
  'aws:sourcearn': 'sourceArns',
  'saml:aud': 'samlAudience',
  'sts:sourceidentity': 'sourceIdentity',
  'aws:sourceidentity': 'sourceIdentity',
};

const PIN_FIELDS: PinField[] = ['externalId', 'organizations', 'orgPaths', 'accounts', 'principalArns', 'sourceArns', 'samlAudience', 'sourceIdentity'];

const MATCHING = /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;
const TAG_KEY = /^aws:(PrincipalTag|RequestTag)\//i;

/** A value as text: an unresolved one as its known part, `?` for the unknown bits. */
function valueText(v: ConditionEntry['values'][number]): string {
  return isUnknown(v.value) ? (v.value.partial ?? '?') : v.value;
}

const texts = (c: ConditionEntry): string[] => c.values.map(valueText);

/**
 * Whether an entry makes its key match one of its values: a matching String/ARN operator, not negated, not
 * `ForAllValues` and not `IfExists` — both are true when the key is absent (§9.2) — except `SAML:aud`, which every
 * assertion carries (its Recipient, §4.3–4.4), so `IfExists` changes nothing there.
 */
function isPin(c: ConditionEntry, field: PinField): boolean {
  const op = operatorParts(c.operator);
  if (op.negated || op.set === 'ForAllValues' || (op.ifExists && field !== 'samlAudience')) return false;
  return MATCHING.test(op.base) && c.values.length > 0;
}

/** `<provider>:<claim>` with a dotted provider and a word claim (§5.2); the provider never holds a colon of its own. */
function oidcKey(key: string): { provider: string; claim: string } | undefined {
  const k = key.trim();
  const i = k.lastIndexOf(':');
  if (i <= 0) return undefined;
  const provider = k.slice(0, i);
  const claim = k.slice(i + 1).toLowerCase();
  if (!/^[a-z0-9_]+$/.test(claim) || !provider.includes('.') || /\s/.test(provider)) return undefined;
  return { provider, claim };
}

/**
 * The smallest `aws:MultiFactorAuthAge` bound among the statement's `NumericLessThan(Equals)` entries (the entries are
 * AND-ed; values under one key are OR-ed, so an entry's bound is its largest value, §9.2). An entry with a value
 * that is unknown or not a number bounds nothing.
 */
function mfaMaxAge(stmt: Statement): number | undefined {
  let bound: number | undefined;
  for (const c of stmt.conditions) {
    if (!isMfaAgeBound(c)) continue;
    const max = Math.max(...c.values.map((v) => Number(v.value)));
    bound = bound === undefined ? max : Math.min(bound, max);
  }
  return bound;
}

function isMfaAgeBound(c: ConditionEntry): boolean {
  const op = operatorParts(c.operator);
  if (!isMfaAgeKey(c.key) || op.set || op.ifExists || !/^NumericLessThan(Equals)?$/.test(op.base) || c.values.length === 0) return false;
  return c.values.every((v) => !isUnknown(v.value) && /^\s*\d+(\.\d+)?\s*$/.test(v.value));
}

/** An MFA entry that `mfa` fully states: `Bool …Present "true"`, `Null …Age "false"` or an age bound (§3.1–3.2). */
function isStatedByMfa(c: ConditionEntry): boolean {
  const op = operatorParts(c.operator);
  if (op.set || op.ifExists) return false;
  const values = c.values.map((v) => (isUnknown(v.value) ? '?' : v.value.toLowerCase()));
  const all = (want: string) => values.length > 0 && values.every((v) => v === want);
  if (isMfaPresentKey(c.key)) return op.base === 'Bool' && all('true');
  return (op.base === 'Null' && all('false')) || isMfaAgeBound(c);
}

/** The constraint one trust statement puts on a call. */
export function statementConstraint(stmt: Statement): StatementConstraint {
  const out: StatementConstraint = {};
  const other: string[] = [];
  const oidc: OidcConstraint[] = [];
  const tags: TagConstraint[] = [];
  const pins = new Map<PinField, string[]>();
  // `BoolIfExists aws:MultiFactorAuthPresent "true"` passes long-term keys, so it is no requirement (§3.2): it goes to `other`.
  const mfa = mfaRequirement(stmt) !== undefined;
  if (mfa) {
    const maxAgeSeconds = mfaMaxAge(stmt);
    out.mfa = maxAgeSeconds === undefined ? {} : { maxAgeSeconds };
  }
  for (const c of stmt.conditions) {
    const label = `${c.operator} ${c.key}`;
    if (isMfaKey(c.key)) {
      if (!mfa || !isStatedByMfa(c)) other.push(label);
      continue;
    }
    const field = PIN_KEYS[c.key.trim().toLowerCase()];
    if (field) {
      if (isPin(c, field)) pins.set(field, union([pins.get(field) ?? [], texts(c)]));
      else other.push(label);
      continue;
    }
    if (TAG_KEY.test(c.key)) {
      tags.push({ key: c.key, operator: c.operator, values: texts(c) });
      continue;
    }
    const key = oidcKey(c.key);
    if (key) oidc.push({ provider: key.provider, claim: key.claim, operator: c.operator, values: texts(c) });
    else other.push(label);
  }
  for (const f of PIN_FIELDS) {
    const values = pins.get(f);
    if (values) out[f] = values;
  }
  if (oidc.length) out.oidc = oidc;
  if (tags.length) out.tags = tags;
  if (other.length) out.other = union([other]);
  return out;
}

/**
 * The constraint of an edge granted by `statements` (its trust statements; none for an edge that needs no trust
 * statement), with the session length the edge gives. Several statements are alternatives (§9.5); their merged
 * fields are what every alternative asks — see `merge`.
 */
export function edgeConstraint(statements: Statement[], maxSessionSeconds?: number): EdgeConstraint {
  const alternatives = statements.map(statementConstraint);
  const c: EdgeConstraint = alternatives.length === 0 ? {} : alternatives.length === 1 ? alternatives[0] : { ...merge(alternatives), alternatives };
  if (maxSessionSeconds !== undefined) c.maxSessionSeconds = maxSessionSeconds;
  return c;
}

/**
 * What every alternative asks: a field is kept only when each alternative has it. Pins (positive entries) keep the
 * union of their values; MFA keeps the loosest age bound. OIDC and tag entries are grouped by key and operator:
 * the values under a positive operator are OR-ed, so their union is the OR of the alternatives; a negated operator
 * refuses every value it lists (§9.2), so the OR of the alternatives refuses only the values all of them list — the
 * intersection (a group whose intersection is empty refuses nothing and is dropped). `other` keeps the entries every
 * alternative has. Each kept field is thus implied by every alternative: a call that fails it is refused by all.
 */
function merge(alternatives: StatementConstraint[]): StatementConstraint {
  const out: StatementConstraint = {};
  const every = <K extends keyof StatementConstraint>(k: K) => alternatives.every((a) => a[k] !== undefined);
  if (every('mfa')) {
    const ages = alternatives.map((a) => a.mfa?.maxAgeSeconds);
    out.mfa = ages.every((a) => a !== undefined) ? { maxAgeSeconds: Math.max(...(ages as number[])) } : {};
  }
  for (const f of PIN_FIELDS) if (every(f)) out[f] = union(alternatives.map((a) => a[f] ?? []));
  const oidc = mergeEntries(
    alternatives.map((a) => a.oidc ?? []),
    (e) => `${e.provider?.toLowerCase()}|${e.claim}`,
  );
  if (oidc.length) out.oidc = oidc;
  const tags = mergeEntries(
    alternatives.map((a) => a.tags ?? []),
    (e) => e.key.toLowerCase(),
  );
  if (tags.length) out.tags = tags;
  const other = (alternatives[0].other ?? []).filter((o) => alternatives.every((a) => a.other?.includes(o)));
  if (other.length) out.other = other;
  return out;
}

function mergeEntries<E extends { operator: string; values: string[] }>(lists: E[][], keyOf: (e: E) => string): E[] {
  const group = (e: E) => `${keyOf(e)}|${e.operator.toLowerCase()}`;
  const out: E[] = [];
  const seen = new Set<string>();
  for (const first of lists[0]) {
    const g = group(first);
    if (seen.has(g)) continue;
    seen.add(g);
    // Entries of one group inside one statement are AND-ed: the union of their values is implied by them (positive)
    // or equal to them (negated: refusing X and refusing Y is refusing X ∪ Y).
    const perAlternative = lists.map((l) => l.filter((e) => group(e) === g));
    if (perAlternative.some((l) => l.length === 0)) continue;
    const values = perAlternative.map((l) => union(l.map((e) => e.values)));
    const merged = operatorParts(first.operator).negated ? values.reduce((a, b) => a.filter((v) => b.includes(v))) : union(values);
    if (merged.length) out.push({ ...first, values: merged });
  }
  return out;
}

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

// ---------------------------------------------------------------------------------------------------------
// Phrases for `fedlint explain` and messages

const or = (values: string[]) => values.join(' or ');

/** The plain form of an entry, shown without its operator: a positive match with no set qualifier or IfExists. */
function isPlain(operator: string): boolean {
  const op = operatorParts(operator);
  return !op.set && !op.ifExists && !op.negated && MATCHING.test(op.base);
}

const entryPhrase = (name: string, e: { operator: string; values: string[] }, sep: string) =>
  isPlain(e.operator) ? `${name}${sep}${or(e.values)}` : `${name} ${e.operator} ${or(e.values)}`;

/** 43200 → "12 h", 5400 → "1 h 30 min", 900 → "15 min". */
function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', s || (!h && !m) ? `${s} s` : ''].filter(Boolean).join(' ');
}

function phrases(c: StatementConstraint): string[] {
  const out: string[] = [];
  if (c.mfa) out.push(c.mfa.maxAgeSeconds === undefined ? 'MFA' : `MFA (at most ${c.mfa.maxAgeSeconds} s old)`);
  if (c.externalId) out.push(`ExternalId = ${or(c.externalId)}`);
  if (c.organizations) out.push(`org ${or(c.organizations)}`);
  if (c.orgPaths) out.push(`org path ${or(c.orgPaths)}`);
  if (c.accounts) out.push(`account ${or(c.accounts)}`);
  if (c.principalArns) out.push(`principal ${or(c.principalArns)}`);
  if (c.sourceArns) out.push(`source ${or(c.sourceArns)}`);
  if (c.samlAudience) out.push(`SAML:aud ${or(c.samlAudience)}`);
  for (const e of c.oidc ?? []) out.push(entryPhrase(e.claim, e, ' '));
  if (c.sourceIdentity) out.push(`source identity ${or(c.sourceIdentity)}`);
  for (const e of c.tags ?? []) out.push(entryPhrase(e.key.replace(/^aws:/i, ''), e, ' = '));
  out.push(...(c.other ?? []));
  return out;
}

/**
 * Short phrases for an edge constraint: "MFA (at most 3600 s old)", "ExternalId = abc", "org o-123",
 * "sub repo:acme/app:ref:refs/heads/main", "session ≤ 1 h". For several statements, the phrases every one shares,
 * then "any of: (…) | (…)" with what each adds ("nothing more" for one that adds nothing).
 */
export function describeConstraint(c: EdgeConstraint): string[] {
  const out = phrases(c);
  if (c.alternatives && c.alternatives.length > 1) {
    const shared = new Set(out);
    const extra = c.alternatives.map((a) => phrases(a).filter((p) => !shared.has(p)));
    if (extra.some((e) => e.length)) out.push(`any of: ${extra.map((e) => `(${e.length ? e.join(', ') : 'nothing more'})`).join(' | ')}`);
  }
  if (c.maxSessionSeconds !== undefined) out.push(`session ≤ ${duration(c.maxSessionSeconds)}`);
  return out;
}
