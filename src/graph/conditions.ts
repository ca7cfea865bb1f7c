/**
 * Condition evaluation: one `Condition` block of a statement against a request's condition context.
 * Rules and the trust graph call this; nothing re-implements operator semantics elsewhere.
 *
 * Semantics follow sts-semantics.md §9.2 (operators, IfExists, Null, set qualifiers, missing keys, AND/OR/NOR),
 * §9.4 (keys case-insensitive; values case-sensitive except …IgnoreCase) and §9.1 (policy variables need
 * Version 2012-10-17). Policy values the loader could not resolve (`Unknown`) give 'unknown' unless the
 * result is decided anyway (absent key, another value matches, …).
 */
import type { ConditionEntry } from '../model/index.js';
import { isUnknown } from '../model/index.js';

/** A request's condition context: key (any case) → values (multi-valued keys have several); a key that is absent is simply not in the map. */
export type RequestContext = ReadonlyMap<string, readonly string[]> | Record<string, string | string[]>;

export type Tri = true | false | 'unknown';

/** How `${…}` in policy values is read (sts-semantics.md §9.1). */
export interface PolicyVariables {
  /** The policy's `Version` is `2012-10-17`. Otherwise `${aws:username}` and `${*}` are literal text. */
  version2012: boolean;
  /** Variable values by key (any case), e.g. `aws:username`; a key not here is looked up in the request context. */
  values?: RequestContext;
}

/** One Condition entry (operator + key + values) against a request. Unknown values in the policy → 'unknown' unless the result is decided anyway. */
export function evaluateEntry(entry: ConditionEntry, ctx: RequestContext, vars?: PolicyVariables): Tri {
  return evaluate(entry, normalize(ctx), vars);
}

/** A whole Condition block: AND across entries (true only when all true; false if any false; else unknown). */
export function evaluateConditions(entries: readonly ConditionEntry[], ctx: RequestContext, vars?: PolicyVariables): Tri {
  const context = normalize(ctx);
  return and(entries.map((e) => evaluate(e, context, vars)));
}

/**
 * `*` (any run, also empty) / `?` (exactly one UTF-16 unit) wildcard match of the whole value. No RegExp is
 * built from policy text: the pattern is split at `*` and each piece is found leftmost in order (greedy
 * leftmost is exact for this pattern language). Pieces without `?` are found with KMP, so the whole match is
 * O(|pattern| + |value|); a piece containing `?` is searched naively, O(|value| · |piece|) at worst — never
 * exponential.
 */
export function wildcardMatch(pattern: string, value: string, opts?: { ignoreCase?: boolean }): boolean {
  return wildcard(pattern, value, opts?.ignoreCase ?? false, false);
}

/**
 * ARN match part by part (sts-semantics.md §9.2): each of the six colon-separated parts
 * (`arn:partition:service:region:account:resource`) is matched separately, case-sensitively (§9.4), with
 * wildcards inside parts, so a `*` never crosses the colon between two parts. The resource part is everything
 * after the fifth colon (it may itself contain colons). A pattern or value with fewer than six parts never matches.
 */
export function arnMatch(pattern: string, arn: string): boolean {
  return arnLike(pattern, arn, false);
}

/** An operator name split into its parts (sts-semantics.md §9.2). */
export interface OperatorParts {
  /** `StringLike`, `Bool`, `ArnEquals` … without set qualifier or IfExists. */
  base: string;
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  negated: boolean;
}

/** `ForAnyValue:StringNotLikeIfExists` → base `StringNotLike`, set `ForAnyValue`, IfExists, negated. */
export function operatorParts(operator: string): OperatorParts {
  let op = operator;
  let set: OperatorParts['set'];
  const m = /^(ForAllValues|ForAnyValue):(.*)$/i.exec(op);
  if (m) {
    set = m[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    op = m[2];
  }
  const ifExists = /IfExists$/i.test(op);
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  return { base: op, set, ifExists, negated: /Not/.test(op) && op !== 'Null' };
}

// ---------------------------------------------------------------------------------------------------------
// Operators (sts-semantics.md §9.2), table-driven. `match` is the positive test of one request value against
// one policy value; negation, IfExists, set qualifiers and missing keys are handled once, in `evaluate`.

/** A policy value after policy-variable substitution: `text` for exact comparisons, `pattern` for wildcard ones. */
interface PolicyValue {
  text: string;
  /** `text` with `*`/`?` that must stay literal (`${*}`, `${?}`, substituted text) replaced by LITERAL_* marks. */
  pattern: string;
}

interface Operator {
  match: (p: PolicyValue, request: string) => boolean;
  negated?: true;
  /** Policy variables are substituted only for String, ARN and Bool operators (AWS condition-operator page). */
  variables?: true;
}

const withVariables = (match: Operator['match'], negated?: true): Operator => ({ match, negated, variables: true });
const exact: Operator['match'] = (p, r) => p.text === r;
const ignoreCase: Operator['match'] = (p, r) => p.text.toLowerCase() === r.toLowerCase();
const like: Operator['match'] = (p, r) => wildcard(p.pattern, r, false, true);
const arn: Operator['match'] = (p, r) => arnLike(p.pattern, r, true);

/** Both sides parsed with `parse`; a value that does not parse never matches. Compared as `cmp(request, policy)`. */
function typed<T>(parse: (s: string) => T | undefined, cmp: (request: T, policy: T) => boolean): Operator['match'] {
  return (p, r) => {
    const a = parse(r);
    const b = parse(p.text);
    return a !== undefined && b !== undefined && cmp(a, b);
  };
}

const ORDERINGS: Array<[suffix: string, cmp: (a: number, b: number) => boolean, negated?: true]> = [
  ['equals', (a, b) => a === b],
  ['notequals', (a, b) => a === b, true],
  ['lessthan', (a, b) => a < b],
  ['lessthanequals', (a, b) => a <= b],
  ['greaterthan', (a, b) => a > b],
  ['greaterthanequals', (a, b) => a >= b],
];

/** Keyed by lower-case operator name without set qualifier and IfExists. */
const OPERATORS: Record<string, Operator> = {
  stringequals: withVariables(exact),
  stringnotequals: withVariables(exact, true),
  stringequalsignorecase: withVariables(ignoreCase),
  stringnotequalsignorecase: withVariables(ignoreCase, true),
  stringlike: withVariables(like),
  stringnotlike: withVariables(like, true),
  ...Object.fromEntries(ORDERINGS.map(([s, cmp, negated]) => [`numeric${s}`, { match: typed(parseNumber, cmp), negated }])),
  ...Object.fromEntries(ORDERINGS.map(([s, cmp, negated]) => [`date${s}`, { match: typed(parseDate, cmp), negated }])),
  bool: withVariables(typed(parseBool, (a, b) => a === b)),
  binaryequals: { match: typed(parseBase64, (a, b) => a === b) },
  ipaddress: { match: typed(parseIp, inRange) },
  notipaddress: { match: typed(parseIp, inRange), negated: true },
  // ArnEquals ≡ ArnLike, ArnNotEquals ≡ ArnNotLike (§9.2)
  arnequals: withVariables(arn),
  arnlike: withVariables(arn),
  arnnotequals: withVariables(arn, true),
  arnnotlike: withVariables(arn, true),
};

const OPERATOR_SYNTAX = /^(?:(forallvalues|foranyvalue):)?(.*?)(ifexists)?$/i;

function evaluate(entry: ConditionEntry, ctx: Context, vars: PolicyVariables | undefined): Tri {
  const [, set, base, ifExists] = OPERATOR_SYNTAX.exec(entry.operator) ?? [];
  const name = (base ?? '').toLowerCase();
  const present = ctx.get(entry.key.toLowerCase());

  // Null: "true" = key absent, "false" = key present; no IfExists, no variables (§9.2).
  if (name === 'null') {
    if (set || ifExists) return 'unknown';
    return or(entry.values.map(({ value }) => (isUnknown(value) ? 'unknown' : value.toLowerCase() === 'true' ? !present : value.toLowerCase() === 'false' && !!present)));
  }
  const op = OPERATORS[name];
  if (!op) return 'unknown';

  // Without a set qualifier a positive operator needs some request value to match (values OR-ed) and a negated
  // one needs every request value to match none of the policy values (NOR) — the same as ForAnyValue /
  // ForAllValues over the request values. Over an absent key (empty set) ForAllValues is true and ForAnyValue
  // false, which is also the missing-key rule: positive operators false, negated operators true (§9.2).
  const all = set ? set.toLowerCase() === 'forallvalues' : !!op.negated;
  if (!present) return ifExists ? true : all;

  const values = entry.values.map(({ value }) => (isUnknown(value) ? 'unknown' : op.variables ? substitute(value, vars, ctx) : { text: value, pattern: value }));
  // One request value against the policy values: positive → any matches; negated → none matches. A value
  // whose variable cannot be resolved never makes the entry true (AWS: "any attempt to match it fails").
  const one = (r: string): Tri =>
    op.negated
      ? and(values.map((p) => (p === 'unknown' ? p : p === 'fail' ? false : !op.match(p, r))))
      : or(values.map((p) => (p === 'unknown' ? p : p === 'fail' ? false : op.match(p, r))));
  return all ? and(present.map(one)) : or(present.map(one));
}

// ---------------------------------------------------------------------------------------------------------
// Request context: keys are case-insensitive (§9.4); a key with no values counts as absent.

type Context = ReadonlyMap<string, readonly string[]>;

function normalize(ctx: RequestContext): Context {
  const out = new Map<string, string[]>();
  const entries = ctx instanceof Map ? [...ctx.entries()] : Object.entries(ctx);
  for (const [k, v] of entries as Array<[string, string | readonly string[]]>) {
    const list = typeof v === 'string' ? [v] : [...v];
    if (list.length === 0) continue;
    const key = k.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), ...list]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Policy variables (sts-semantics.md §9.1 and §2.6): `${key}` and `${key, 'default'}` are substituted only in
// Version 2012-10-17 documents; `${*}`, `${?}`, `${$}` stand for literal `*`, `?`, `$`. A variable whose key is
// absent or multi-valued takes its default, or fails the value. Substituted text is literal (never a wildcard).

/** Private-use marks for a literal `*`/`?` in a pattern; policy text is U+0009–U+00FF only (§9.1), so they cannot clash. */
const LITERAL_STAR = '\uE000';
const LITERAL_QMARK = '\uE001';
const literalChar = (c: string) => (c === LITERAL_STAR ? '*' : c === LITERAL_QMARK ? '?' : c);
const escapeWildcards = (s: string) => s.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QMARK);

const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_BODY = /^\s*([^\s,']+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

function substitute(raw: string, vars: PolicyVariables | undefined, ctx: Context): PolicyValue | 'unknown' | 'fail' {
  if (!raw.includes('${')) return { text: raw, pattern: raw };
  if (!vars) return 'unknown'; // Version not given: a variable and literal text cannot be told apart
  if (!vars.version2012) return { text: raw, pattern: raw };
  const own = vars.values ? normalize(vars.values) : undefined;
  let failed = false;
  /** [text, pattern] for the body of one `${…}`. */
  const replace = (whole: string, body: string): [string, string] => {
    if (body === '*') return ['*', LITERAL_STAR];
    if (body === '?') return ['?', LITERAL_QMARK];
    if (body === '$') return ['$', '$'];
    const m = VARIABLE_BODY.exec(body);
    if (!m) return [whole, whole]; // not variable syntax: kept as written
    const found = own?.get(m[1].toLowerCase()) ?? ctx.get(m[1].toLowerCase());
    const sub = found?.length === 1 ? found[0] : m[2]?.replaceAll("''", "'");
    if (sub === undefined) failed = true;
    return [sub ?? whole, escapeWildcards(sub ?? whole)];
  };
  let text = '';
  let pattern = '';
  let last = 0;
  for (const m of raw.matchAll(VARIABLE)) {
    const before = raw.slice(last, m.index);
    const [t, p] = replace(m[0], m[1]);
    text += before + t;
    pattern += before + p;
    last = m.index + m[0].length;
  }
  text += raw.slice(last);
  pattern += raw.slice(last);
  return failed ? 'fail' : { text, pattern };
}

// ---------------------------------------------------------------------------------------------------------
// Wildcards and ARNs

function wildcard(pattern: string, value: string, ignoreCase: boolean, marks: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const lit = marks ? literalChar : (c: string) => c;
  const pieces = p.split('*');
  if (pieces.length === 1) return p.length === v.length && matchAt(p, v, 0, lit);
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const end = v.length - last.length;
  if (first.length > end || !matchAt(first, v, 0, lit) || !matchAt(last, v, end, lit)) return false;
  let pos = first.length;
  for (const piece of pieces.slice(1, -1)) {
    if (!piece) continue; // `**`
    const at = piece.includes('?') ? findNaive(piece, v, pos, end, lit) : findKmp([...piece].map(lit).join(''), v, pos, end);
    if (at < 0) return false;
    pos = at + piece.length;
  }
  return true;
}

/** `piece` (with `?` wildcards) matches `v` at `at`; the caller guarantees it fits. */
function matchAt(piece: string, v: string, at: number, lit: (c: string) => string): boolean {
  for (let i = 0; i < piece.length; i++) if (piece[i] !== '?' && lit(piece[i]) !== v[at + i]) return false;
  return true;
}

/** Leftmost start ≥ from of `piece` inside v[from, to); -1 if none. */
function findNaive(piece: string, v: string, from: number, to: number, lit: (c: string) => string): number {
  for (let i = from; i + piece.length <= to; i++) if (matchAt(piece, v, i, lit)) return i;
  return -1;
}

/** Leftmost start ≥ from of the literal `needle` inside v[from, to), Knuth–Morris–Pratt; -1 if none. */
function findKmp(needle: string, v: string, from: number, to: number): number {
  if (!needle) return from <= to ? from : -1;
  const border = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = border[k - 1];
    if (needle[i] === needle[k]) k++;
    border[i] = k;
  }
  for (let i = from, k = 0; i < to; i++) {
    while (k > 0 && v[i] !== needle[k]) k = border[k - 1];
    if (v[i] === needle[k]) k++;
    if (k === needle.length) return i - k + 1;
  }
  return -1;
}

function arnParts(s: string): string[] | undefined {
  const parts = s.split(':');
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function arnLike(pattern: string, value: string, marks: boolean): boolean {
  const p = arnParts(pattern);
  const v = arnParts(value);
  return !!p && !!v && p.every((part, i) => wildcard(part, v[i], false, marks));
}

// ---------------------------------------------------------------------------------------------------------
// Value parsers: undefined when the text is not a value of the type (such a value never matches).

function parseNumber(s: string): number | undefined {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(s.trim()) ? Number(s) : undefined;
}

function parseBool(s: string): boolean | undefined {
  const t = s.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/i;

/**
 * Epoch milliseconds of an ISO 8601 date/time (W3C profile, from `YYYY-MM` to fractional seconds; no zone =
 * UTC) or of an integer of epoch seconds. A bare integer is always epoch seconds (so `2020` is not a year).
 */
function parseDate(s: string): number | undefined {
  if (/^[+-]?\d+$/.test(s)) return Number(s) * 1000;
  const m = ISO_DATE.exec(s);
  if (!m) return undefined;
  const [, y, mo, d = '1', h = '0', mi = '0', sec = '0', frac = '', zone = 'Z'] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 24 || +mi > 59 || +sec > 60) return undefined;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  const offset = z ? (z[1] === '-' ? -1 : 1) * (+z[2] * 60 + +z[3]) : 0;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, frac ? Math.round(Number(frac) * 1000) : 0) - offset * 60_000;
}

function parseBase64(s: string): string | undefined {
  try {
    return atob(s.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
}

interface IpRange {
  v6: boolean;
  bits: bigint;
  prefix: number;
}

/** An IPv4/IPv6 address or CIDR range; without a prefix the range is the single address (/32, /128). */
function parseIp(s: string): IpRange | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || (len !== undefined && !/^\d{1,3}$/.test(len))) return undefined;
  const v4 = parseIpv4(addr);
  const bits = v4 ?? parseIpv6(addr);
  if (bits === undefined) return undefined;
  const width = v4 !== undefined ? 32 : 128;
  const prefix = len === undefined ? width : Number(len);
  return prefix > width ? undefined : { v6: v4 === undefined, bits, prefix };
}

/** The request address (a single address, not a range) lies in the policy range of the same family. */
function inRange(request: IpRange, policy: IpRange): boolean {
  const width = policy.v6 ? 128 : 32;
  const shift = BigInt(width - policy.prefix);
  return request.v6 === policy.v6 && request.prefix === width && request.bits >> shift === policy.bits >> shift;
}

function parseIpv4(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m || m.slice(1).some((o) => +o > 255)) return undefined;
  return m.slice(1).reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function parseIpv6(s: string): bigint | undefined {
  let text = s;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s); // embedded IPv4 in the last 32 bits (::ffff:192.0.2.1)
  if (dotted) {
    const v4 = parseIpv4(dotted[2]);
    if (v4 === undefined) return undefined;
    text = `${dotted[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  const count = groups[0].length + (groups[1]?.length ?? 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...groups[0], ...Array<string>(8 - count).fill('0'), ...(groups[1] ?? [])];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

// ---------------------------------------------------------------------------------------------------------
// Three-valued (Kleene) logic

function or(xs: readonly Tri[]): Tri {
  let unknown = false;
  for (const x of xs) {
    if (x === true) return true;
    if (x === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : false;
}

function and(xs: readonly Tri[]): Tri {
  let unknown = false;
  for (const x of xs) {
    if (x === false) return false;
    if (x === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : true;
}
