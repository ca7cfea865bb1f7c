import type { Range } from '../../model/index.js';
import type { HclBlock } from '../../parse/hcl/index.js';
import { elements, type Evaluator, knownString, type Loc, type LV, parseJsonString, str, unknownLV } from './eval.js';

/**
 * `data "aws_iam_policy_document"` rendered as the provider renders it (sts-semantics.md §8.3): statements,
 * principals and not_principals (merged per type, `*` rendered as `"*"`), conditions (merged per operator and key),
 * `source_policy_documents` and `override_policy_documents` (merged by Sid), `&{…}` policy variables; `dynamic`
 * blocks expanded over a known `for_each`. Every element is located at the block or attribute that writes it.
 */

/** The JSON structure a policy document data source renders, located at its blocks. */
export function renderPolicyDocument(block: HclBlock, ev: Evaluator): LV {
  const at = (r: Range): Loc => ev.loc(r);
  const loc = at(block.range);
  const top: EB = { block, ev };
  const blockLoc = (b: HclBlock): Loc => at(b.range);
  const keyLoc = (b: HclBlock): Loc => at(b.typeRange);
  const a = ({ block, ev }: EB, name: string): { v: LV; keyLoc: Loc } | undefined => {
    const x = block.body.attributes.find((y) => y.name === name);
    return x ? { v: ev.eval(x.expr), keyLoc: at(x.nameRange) } : undefined;
  };
  const entries: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
  const version = a(top, 'version');
  entries.push({ key: 'Version', keyLoc: version?.keyLoc ?? keyLoc(block), value: version?.v ?? str('2012-10-17', keyLoc(block)) });
  const id = a(top, 'policy_id');
  if (id) entries.push({ key: 'Id', keyLoc: id.keyLoc, value: id.v });
  const statementBlocks = blocksOf(top, 'statement');
  if (!Array.isArray(statementBlocks)) return statementBlocks;
  const own: LV[] = [];
  for (const s of statementBlocks) {
    const st = renderStatement(s);
    if (st.kind === 'unknown') return st;
    own.push(st);
  }
  const statements: LV[] = [];
  const sidOf = (s: LV): string | undefined => {
    if (s.kind !== 'object') return undefined;
    const sid = s.entries.find((e) => e.key === 'Sid')?.value;
    return sid?.kind === 'scalar' && typeof sid.value === 'string' && sid.value !== '' ? sid.value : undefined;
  };
  const merge = (into: LV[], add: LV[]) => {
    for (const s of add) {
      const sid = sidOf(s);
      const i = sid === undefined ? -1 : into.findIndex((x) => sidOf(x) === sid);
      if (i >= 0) into[i] = s;
      else into.push(s);
    }
  };
  const docsOf = (name: string): LV[] | LV | undefined => {
    const x = a(top, name);
    if (!x) return [];
    if (x.v.kind !== 'list') return unknownLV(x.v.loc, `${name} is not a known list`);
    const out: LV[] = [];
    for (const it of x.v.items) {
      const doc = it.kind === 'scalar' && typeof it.value === 'string' ? parseJsonString(it) : it;
      if ('error' in doc || doc.kind !== 'object') return unknownLV(it.loc, `an entry of ${name} is not a known policy`);
      const st = doc.entries.find((e) => e.key === 'Statement')?.value;
      if (st?.kind === 'list') out.push(...st.items);
      else if (st?.kind === 'object') out.push(st);
      else if (st) return unknownLV(it.loc, `an entry of ${name} has statements that are not known`);
    }
    return out;
  };
  const sources = docsOf('source_policy_documents');
  const overrides = docsOf('override_policy_documents');
  if (!Array.isArray(sources)) return sources ?? unknownLV(loc, 'source_policy_documents');
  if (!Array.isArray(overrides)) return overrides ?? unknownLV(loc, 'override_policy_documents');
  merge(statements, sources);
  merge(statements, own);
  merge(statements, overrides);
  const first = statementBlocks[0]?.block;
  entries.push({ key: 'Statement', keyLoc: first ? keyLoc(first) : keyLoc(block), value: { kind: 'list', items: statements, loc: first ? blockLoc(first) : loc } });
  return policyVariables({ kind: 'object', entries, loc });

  function renderStatement(s: EB): LV {
    const out: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
    // The provider leaves out an argument that is null or an empty list (`not_actions = try(x.not_actions, null)`).
    const put = (key: string, name: string) => {
      const x = a(s, name);
      if (x && !(x.v.kind === 'scalar' && x.v.value === null) && !(x.v.kind === 'list' && !x.v.items.length)) out.push({ key, keyLoc: x.keyLoc, value: x.v });
    };
    put('Sid', 'sid');
    const effect = a(s, 'effect');
    out.push({ key: 'Effect', keyLoc: effect?.keyLoc ?? keyLoc(s.block), value: effect?.v ?? str('Allow', keyLoc(s.block)) });
    put('Action', 'actions');
    put('NotAction', 'not_actions');
    put('Resource', 'resources');
    put('NotResource', 'not_resources');
    for (const [key, type] of [
      ['Principal', 'principals'],
      ['NotPrincipal', 'not_principals'],
    ] as const) {
      const blocks = blocksOf(s, type);
      if (!Array.isArray(blocks)) return blocks;
      if (!blocks.length) continue;
      const map: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
      let star: LV | undefined;
      let unknown: LV | undefined;
      for (const b of blocks) {
        const t = a(b, 'type');
        const ids = a(b, 'identifiers')?.v ?? unknownLV(blockLoc(b.block), `${type} without identifiers`);
        const tv = knownString(t?.v);
        if (tv === undefined) {
          unknown = unknownLV(t?.v.loc ?? blockLoc(b.block), t?.v.kind === 'unknown' ? t.v.value.reason : `${type} type is not known`, undefined, t?.v.kind === 'unknown' ? t.v.value.cause : 'computed');
          continue;
        }
        if (tv === '*') {
          const allStar = ids.kind === 'list' && ids.items.every((i) => i.kind === 'scalar' && i.value === '*');
          star = allStar ? str('*', ids.loc) : ids;
          continue;
        }
        const prev = map.find((m) => m.key === tv);
        if (prev && prev.value.kind === 'list' && ids.kind === 'list') prev.value = { ...prev.value, items: [...prev.value.items, ...ids.items] };
        else if (!prev) map.push({ key: tv, keyLoc: t?.keyLoc ?? keyLoc(b.block), value: ids });
      }
      const value: LV = star && !map.length ? star : unknown && !map.length ? unknown : { kind: 'object', entries: map, loc: blockLoc(blocks[0].block) };
      out.push({ key, keyLoc: keyLoc(blocks[0].block), value });
    }
    const conds = blocksOf(s, 'condition');
    if (!Array.isArray(conds)) return conds;
    if (conds.length) {
      const ops: Array<{ key: string; keyLoc: Loc; value: LV & { kind: 'object' } }> = [];
      for (const c of conds) {
        const test = a(c, 'test');
        const variable = a(c, 'variable');
        const values = a(c, 'values')?.v ?? unknownLV(blockLoc(c.block), 'condition without values');
        const op = knownString(test?.v);
        const key = knownString(variable?.v);
        if (op === undefined || key === undefined) {
          // Unknown operator or key: a condition that may restrict anything, kept as an unknown operator.
          // (`${?}`: left symbolic, as CloudFormation leaves `${Param}`, so that no rule judges it as written.)
          ops.push({ key: op ?? '${?}', keyLoc: keyLoc(c.block), value: { kind: 'object', entries: [{ key: key ?? '${?}', keyLoc: keyLoc(c.block), value: unknownLV(blockLoc(c.block), 'condition test or variable is not known') }], loc: blockLoc(c.block) } });
          continue;
        }
        let o = ops.find((x) => x.key === op);
        if (!o) {
          o = { key: op, keyLoc: test?.keyLoc ?? keyLoc(c.block), value: { kind: 'object', entries: [], loc: blockLoc(c.block) } };
          ops.push(o);
        }
        const prev = o.value.entries.find((e) => e.key === key);
        if (prev && prev.value.kind === 'list' && values.kind === 'list') prev.value = { ...prev.value, items: [...prev.value.items, ...values.items] };
        else if (prev) prev.value = values;
        else o.value.entries.push({ key, keyLoc: variable?.keyLoc ?? keyLoc(c.block), value: values });
      }
      out.push({ key: 'Condition', keyLoc: keyLoc(conds[0].block), value: { kind: 'object', entries: ops, loc: blockLoc(conds[0].block) } });
    }
    return { kind: 'object', entries: out, loc: blockLoc(s.block) };
  }
}

/** A block with the evaluator for its body (a `dynamic` block's content binds its iterator). */
export interface EB {
  block: HclBlock;
  ev: Evaluator;
}

/**
 * The nested blocks of `type` in a body, in order, each `dynamic "<type>"` expanded over its `for_each` with its
 * iterator (`<type>`, or the `iterator` argument) bound to `{key, value}`. Unknown when a `for_each` is not known.
 */
export function blocksOf({ block, ev }: EB, type: string): EB[] | LV {
  const out: EB[] = [];
  for (const b of block.body.blocks) {
    if (b.type === type) out.push({ block: b, ev });
    if (b.type !== 'dynamic' || b.labels[0] !== type) continue;
    const attr = (name: string) => b.body.attributes.find((x) => x.name === name);
    const content = b.body.blocks.find((x) => x.type === 'content');
    const forEach = attr('for_each');
    if (!content || !forEach) continue;
    const coll = ev.eval(forEach.expr);
    const it = attr('iterator')?.expr;
    const name = it?.kind === 'traversal' && !it.path.length ? it.root : type;
    const pairs = elements(coll);
    if (!pairs)
      return unknownLV(ev.loc(forEach.range), `dynamic "${type}" over a for_each that is not known${coll.kind === 'unknown' ? ` (${coll.value.reason})` : ''}`, undefined, coll.kind === 'unknown' ? coll.value.cause : 'computed');
    for (const [key, value] of pairs) {
      const iterator: LV = { kind: 'object', entries: [{ key: 'key', keyLoc: key.loc, value: key }, { key: 'value', keyLoc: value.loc, value }], loc: value.loc };
      // The content's blocks and attributes are the generated block's, located at the content.
      out.push({ block: { type, labels: [], typeRange: b.typeRange, range: content.range, body: content.body }, ev: ev.with(new Map([[name, iterator]])) });
    }
  }
  return out;
}

/** `&{aws:username}` is how HCL writes the policy variable `${aws:username}`. */
function policyVariables(v: LV): LV {
  switch (v.kind) {
    case 'scalar':
      return typeof v.value === 'string' && v.value.includes('&{') ? { ...v, value: v.value.replace(/&\{/g, '${') } : v;
    case 'list':
      return { ...v, items: v.items.map(policyVariables) };
    case 'object':
      return { ...v, entries: v.entries.map((e) => ({ ...e, value: policyVariables(e.value) })) };
    default:
      return v;
  }
}
