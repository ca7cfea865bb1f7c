import {
  type ConditionEntry,
  type ConditionValue,
  type DuplicateKey,
  type Guard,
  isUnknown,
  type Located,
  type PolicyDocument,
  type PolicyKind,
  type PolicyOwner,
  type PrincipalType,
  type PrincipalValue,
  type SourceRef,
  type Statement,
  joinPointer,
  Unknown,
} from '../../model/index.js';

const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export interface StatementSource {
  /** The resolved statement object. */
  value: unknown;
  /** Index in the Statement list (or 0 for a single-object Statement). */
  index: number;
  /** Pointer of the statement relative to the document root, in the (variant) document. */
  pointer: string;
  /** Locate a document-relative pointer. */
  locate(pointer: string): SourceRef;
  /** Locate the key naming a document-relative pointer, when the parser mapped keys. */
  locateKey?(pointer: string): SourceRef;
  when: Guard[];
}

/** The statements of a resolved policy document value, in order, with their pointers. */
export function statementSources(doc: unknown, locate: (p: string) => SourceRef, when: Guard[] = [], locateKey?: (p: string) => SourceRef): StatementSource[] {
  if (!isObject(doc)) return [];
  const st = doc.Statement;
  if (Array.isArray(st)) return st.map((value, index) => ({ value, index, pointer: `/Statement/${index}`, locate, locateKey, when }));
  if (st !== undefined) return [{ value: st, index: 0, pointer: '/Statement', locate, locateKey, when }];
  return [];
}

/** One resolved statement → the model's Statement. */
export function buildStatement(src: StatementSource): Statement {
  const base = src.pointer;
  const at = (rel: string) => src.locate(base + rel);
  const s = isObject(src.value) ? src.value : {};
  const list = (key: string): Located[] | undefined => {
    if (!(key in s)) return undefined;
    return scalars(s[key]).map(({ value, path }) => ({ value, source: at(joinPointer('/' + key, ...path)) }));
  };
  const effect = s.Effect;
  return {
    index: src.index,
    raw: src.value,
    locate: (p: string) => at(p),
    locateKey: (p: string) => (src.locateKey ? src.locateKey(base + p) : at(p)),
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    source: at(''),
    when: src.when,
    effect: effect === 'Allow' || effect === 'Deny' || isUnknown(effect) ? effect : undefined,
    effectSource: 'Effect' in s ? at('/Effect') : undefined,
    principals: 'Principal' in s ? principals(s.Principal, '/Principal', at) : undefined,
    notPrincipals: 'NotPrincipal' in s ? principals(s.NotPrincipal, '/NotPrincipal', at) : undefined,
    principalSource: 'Principal' in s ? at('/Principal') : 'NotPrincipal' in s ? at('/NotPrincipal') : undefined,
    actions: list('Action'),
    notActions: list('NotAction'),
    actionSource: 'Action' in s ? at('/Action') : 'NotAction' in s ? at('/NotAction') : undefined,
    resources: list('Resource'),
    notResources: list('NotResource'),
    conditions: conditions(s.Condition, at),
    conditionSource: 'Condition' in s ? at('/Condition') : undefined,
  };
}

function principals(v: unknown, base: string, at: (p: string) => SourceRef): PrincipalValue[] {
  if (v === '*') return [{ type: '*', value: '*', source: at(base) }];
  if (isUnknown(v)) return [{ type: 'AWS', value: v, source: at(base) }];
  if (!isObject(v)) return [];
  const out: PrincipalValue[] = [];
  for (const [type, values] of Object.entries(v)) {
    const t = (PRINCIPAL_TYPES.has(type) ? type : type) as PrincipalType;
    for (const { value, path } of scalars(values)) out.push({ type: t, value, source: at(joinPointer(base, type, ...path)) });
  }
  return out;
}

function conditions(v: unknown, at: (p: string) => SourceRef): ConditionEntry[] {
  if (!isObject(v)) return [];
  const out: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(v)) {
    if (!isObject(block)) continue;
    for (const [key, values] of Object.entries(block)) {
      const vals: ConditionValue[] = scalars(values, true).map(({ value, path, rawType }) => ({
        value,
        rawType,
        source: at(joinPointer('/Condition', operator, key, ...path)),
      }));
      out.push({ operator, key, values: vals, source: at(joinPointer('/Condition', operator, key)), keySource: at(joinPointer('/Condition', operator)) });
    }
  }
  return out;
}

interface ScalarAt {
  value: string | Unknown;
  path: number[];
  rawType: ConditionValue['rawType'];
}

/** A string-or-list element as scalars; numbers and booleans become their text (as IAM reads them). */
function scalars(v: unknown, keepTypes = false): ScalarAt[] {
  const one = (x: unknown, path: number[]): ScalarAt | undefined => {
    if (typeof x === 'string') return { value: x, path, rawType: 'string' };
    if (typeof x === 'number') return { value: String(x), path, rawType: 'number' };
    if (typeof x === 'boolean') return { value: String(x), path, rawType: 'boolean' };
    if (isUnknown(x)) return { value: x, path, rawType: 'string' };
    return keepTypes ? { value: new Unknown(`a ${x === null ? 'null' : Array.isArray(x) ? 'list' : 'map'} where a string belongs`), path, rawType: 'other' } : undefined;
  };
  if (Array.isArray(v)) return v.flatMap((x, i) => one(x, [i]) ?? []);
  const s = one(v, []);
  return s ? [s] : [];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
}

/**
 * Non-whitespace character count of the policy as AWS counts it (sts-semantics.md §9.3). Where the loader
 * cannot know the deployed text, the count is a lower bound: the symbolic `${AWS::AccountId}` counts as the
 * 12 digits it becomes, `${AWS::Region}` as the shortest region name (9), and an unresolved value as only
 * its known part.
 */
export function policySize(value: unknown): number {
  const deployed = (s: string) => s.replaceAll('${AWS::AccountId}', '123456789012').replaceAll('${AWS::Region}', 'us-east-1');
  const text = JSON.stringify(value, (_k, v) => (isUnknown(v) ? deployed((v.partial ?? '').replace(/\?/g, '')) : typeof v === 'string' ? deployed(v) : v));
  return (text ?? '').replace(/\s/g, '').length;
}

export interface DocumentInit {
  kind: PolicyKind;
  owner: PolicyOwner;
  file: string;
  source: SourceRef;
  raw: unknown;
  locate(pointer: string): SourceRef;
  locateKey?(pointer: string): SourceRef;
  duplicateKeys?: DuplicateKey[];
  statements: Statement[];
  account?: string;
}

export function buildDocument(init: DocumentInit): PolicyDocument {
  const raw = init.raw;
  const version = isObject(raw) && 'Version' in raw ? raw.Version : undefined;
  return {
    ...init,
    version: version === undefined ? undefined : { value: isUnknown(version) ? version : String(version), source: init.locate('/Version') },
    // Only trust policies have a size rule (FL006); large managed policies are not measured for nothing.
    size: init.kind === 'trust' ? policySize(raw) : undefined,
  };
}

/** A plain (intrinsic-free) document: a loose policy file or an embedded JSON string. */
export function plainDocument(args: Omit<DocumentInit, 'statements'>): PolicyDocument {
  const statements = statementSources(args.raw, args.locate, [], args.locateKey).map(buildStatement);
  return buildDocument({ ...args, statements });
}
