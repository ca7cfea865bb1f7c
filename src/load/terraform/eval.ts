import { joinPointer, type ModuleCall, type Range, type SourceRef, Unknown } from '../../model/index.js';
import { type HclExpr, parseHclTemplate } from '../../parse/hcl/index.js';
import { parseJson } from '../../parse/json.js';
import { LineIndex } from '../../parse/text.js';

/**
 * A small evaluator for Terraform HCL expressions (sts-semantics.md §8.2): every value keeps the location of the
 * expression it came from, so a policy written with `jsonencode({...})`, a heredoc or an `aws_iam_policy_document`
 * is reported at the `.tf` lines of its elements. What it does not evaluate becomes an Unknown with a reason.
 */

export interface Loc {
  file: string;
  range: Range;
  /** In module code: the calls that instantiated it (absent in a root module). */
  via?: ModuleCall[];
}

/** Where a run of characters of a string came from: `length` characters from `start` map to columns from `loc`. */
export interface Seg {
  start: number;
  length: number;
  loc: Loc;
  /** The characters map one to one onto the columns of `loc` (a heredoc line, a quoted literal without escapes). */
  exact: boolean;
}

export type LV = (
  | { kind: 'scalar'; value: string | number | boolean | null; segs?: Seg[]; holes?: Unknown[] }
  /** `choice`: a conditional whose condition is not known, kept with both results so that a policy can be checked
   * per branch (the statements then carry the condition as a guard, as CloudFormation's Fn::If). */
  | { kind: 'unknown'; value: Unknown; choice?: { cond: string; ifTrue: LV; ifFalse: LV } }
  | { kind: 'list'; items: LV[] }
  | { kind: 'object'; entries: Array<{ key: string; keyLoc: Loc; value: LV }> }
) & {
  loc: Loc;
  /** Unknown because Terraform would stop with an error here (a missing key, an index past the end, a resource
   * with `count = 0`): what `try` and `can` catch. */
  error?: true;
  /** The resource address a reference resolved through (`aws_iam_role.ci`), to join attachments to it. */
  ref?: string;
  /** Keeps its own location when read through a reference (a module call's argument). */
  pinned?: true;
};

/** Resolves the root of a traversal (`var.x`, `aws_iam_role.r.arn`, …) in a module's scope. */
export type Resolver = (root: string, path: Array<string | number>, loc: Loc) => LV;

// Private-use characters stand for unknown parts inside a string until the string is parsed as JSON or flattened.
const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';
const HOLE_RE = /\uE000(\d+)\uE001/g;

export const unknownLV = (loc: Loc, reason: string, partial?: string, cause?: Unknown['cause'], ref?: string): LV => ({ kind: 'unknown', value: new Unknown(reason, partial, cause), loc, ref });

/** The string a value is, when it is a string known in full. */
export const knownString = (v: LV | undefined): string | undefined => (v?.kind === 'scalar' && typeof v.value === 'string' && !v.holes ? v.value : undefined);

export const str = (value: string, loc: Loc): LV => ({ kind: 'scalar', value, loc, segs: [{ start: 0, length: value.length, loc, exact: false }] });

/** `file()`/`templatefile()`: a path as Terraform resolves it (from the root module) → the file, or why not. */
export type ReadFile = (path: string) => { rel: string; text: string } | { error: string };

export class Evaluator {
  constructor(
    readonly file: string,
    private readonly resolve: Resolver,
    readonly via?: ModuleCall[],
    private readonly read?: ReadFile,
  ) {}

  loc(range: Range): Loc {
    return this.via ? { file: this.file, range, via: this.via } : { file: this.file, range };
  }

  eval(e: HclExpr, depth = 0): LV {
    const v = this.evalInner(e, depth);
    // Only a reference, a value passed through unchanged, or the conditional itself keeps the branches of a choice:
    // anything computed from it (length, ==, a template around it …) is simply not known.
    return v.kind === 'unknown' && v.choice && !keepsChoice(e) ? { ...v, choice: undefined } : v;
  }

  private evalInner(e: HclExpr, depth: number): LV {
    const loc = this.loc(e.range);
    if (depth > 64) return unknownLV(loc, 'expression nested too deeply');
    switch (e.kind) {
      case 'literal':
        if (typeof e.value === 'string') return { kind: 'scalar', value: e.value, loc, segs: [{ start: 0, length: e.value.length, loc, exact: exactLiteral(e.range, e.value) }] };
        return { kind: 'scalar', value: e.value, loc };
      case 'template':
        return this.template(e.parts, loc, depth);
      case 'tuple':
        return { kind: 'list', items: e.items.map((i) => this.eval(i, depth + 1)), loc };
      case 'object': {
        const entries: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
        for (const it of e.items) {
          let key: string | undefined;
          if (typeof it.key === 'string') key = it.key;
          else {
            const k = this.eval(it.key, depth + 1);
            if (k.kind === 'scalar' && k.value !== null && !k.holes?.length) key = String(k.value);
          }
          if (key === undefined) return unknownLV(loc, 'an object with a computed key is not evaluated');
          entries.push({ key, keyLoc: this.loc(it.keyRange), value: this.eval(it.value, depth + 1) });
        }
        return { kind: 'object', entries, loc };
      }
      case 'traversal': {
        const path: Array<string | number> = [];
        for (const p of e.path) {
          if (typeof p === 'string' || typeof p === 'number') path.push(p);
          else {
            const k = this.eval(p, depth + 1);
            if (k.kind !== 'scalar' || k.holes?.length || (typeof k.value !== 'string' && typeof k.value !== 'number')) return unknownLV(loc, `index of ${e.root} is not known`);
            path.push(k.value);
          }
        }
        const v = this.resolve(e.root, path, loc);
        // The value keeps its own location (a variable default); the reference's place is where it is used.
        return relocate(v, loc);
      }
      case 'call':
        return this.call(e.name, e.args, loc, depth, e.expandFinal === true);
      case 'conditional': {
        const c = this.eval(e.cond, depth + 1);
        if (c.kind === 'scalar' && typeof c.value === 'boolean') return this.eval(c.value ? e.ifTrue : e.ifFalse, depth + 1);
        if (c.kind !== 'unknown') return unknownLV(loc, 'a condition that is not a bool');
        const cond = exprText(e.cond) ?? `the condition at ${this.file}:${e.cond.range.line}`;
        const value = new Unknown(`a condition that is not known (${c.value.reason})`, undefined, c.value.cause);
        return { kind: 'unknown', value, loc, choice: { cond, ifTrue: this.eval(e.ifTrue, depth + 1), ifFalse: this.eval(e.ifFalse, depth + 1) } };
      }
      case 'unary': {
        const v = this.eval(e.operand, depth + 1);
        if (v.kind === 'unknown') return v;
        if (e.op === '!' && v.kind === 'scalar' && typeof v.value === 'boolean') return { kind: 'scalar', value: !v.value, loc };
        if (e.op === '-' && v.kind === 'scalar' && typeof v.value === 'number') return { kind: 'scalar', value: -v.value, loc };
        return unknownLV(loc, `${e.op} of a value of the wrong type`);
      }
      case 'binary':
        return this.binary(e.op, e.left, e.right, loc, depth);
      case 'for':
        return this.forExpr(e, loc, depth);
      case 'splat': {
        // A counted resource, data source or module is read as one instance: `aws_iam_role.r[*].arn` is [that arn].
        const { root, path } = e.source;
        const whole = !['var', 'local', 'each', 'count', 'path', 'terraform', 'self'].includes(root) && path.length === (root === 'data' ? 2 : 1);
        if (whole) return { kind: 'list', items: [this.eval({ ...e.source, path: [...path, ...e.path], range: e.range }, depth + 1)], loc };
        const v = this.eval(e.source, depth + 1);
        if (v.kind === 'unknown') return v;
        if (v.kind === 'scalar' && v.value === null) return { kind: 'list', items: [], loc };
        const items = v.kind === 'list' ? v.items : [v];
        return { kind: 'list', items: items.map((it) => select(it, e.path, loc, 'a splat element')), loc };
      }
      default:
        return unknownLV(loc, `expression \`${e.text.slice(0, 60).replace(/\s+/g, ' ')}\` is not evaluated`);
    }
  }

  /** This evaluator with names bound (`for` variables, a `dynamic` block's iterator). */
  with(bindings: Map<string, LV>): Evaluator {
    const outer = this.resolve;
    return new Evaluator(this.file, (root, path, loc) => (bindings.has(root) ? select(bindings.get(root)!, path, loc, root) : outer(root, path, loc)), this.via, this.read);
  }

  /** `templatefile(path, vars)`: the template's own lines and columns, with only `vars` in scope. */
  templateFile(rel: string, text: string, vars: LV | undefined, loc: Loc, depth: number): LV {
    const parts = parseHclTemplate(text);
    if (!parts) return unknownLV(loc, `templatefile: ${rel} is not a valid template`);
    if (vars && vars.kind !== 'object') return unknownLV(loc, 'templatefile with variables that are not a known map');
    const scope = new Map((vars?.entries ?? []).map((e) => [e.key, e.value]));
    const ev = new Evaluator(rel, (root, path, at) => (scope.has(root) ? select(scope.get(root)!, path, at, root) : unknownLV(at, `${root} is not a variable of template ${rel}`)), this.via, this.read);
    // The template is parsed as a heredoc body, which starts on line 2.
    return ev.template(shiftLines(parts, -1), { file: rel, range: wholeText(text), ...(this.via ? { via: this.via } : {}) }, depth + 1);
  }

  binary(op: string, l: HclExpr, r: HclExpr, loc: Loc, depth: number): LV {
    const a = this.eval(l, depth + 1);
    if (op === '&&' || op === '||') {
      // false && x is false and true || x is true, whatever x is.
      if (a.kind === 'scalar' && a.value === (op === '||')) return { kind: 'scalar', value: a.value, loc };
      const b = this.eval(r, depth + 1);
      if (b.kind === 'scalar' && b.value === (op === '||')) return { kind: 'scalar', value: b.value, loc };
      if (a.kind === 'unknown') return a;
      if (b.kind === 'unknown') return b;
      if (typeof plain(a) !== 'boolean' || typeof plain(b) !== 'boolean') return unknownLV(loc, `${op} of values that are not bools`);
      return { kind: 'scalar', value: op === '&&' ? Boolean(plain(a)) && Boolean(plain(b)) : Boolean(plain(a)) || Boolean(plain(b)), loc };
    }
    const b = this.eval(r, depth + 1);
    const x = plain(a);
    const y = plain(b);
    if (x === undefined) return a.kind === 'unknown' ? a : unknownLV(loc, `${op} of a value that is not known`);
    if (y === undefined) return b.kind === 'unknown' ? b : unknownLV(loc, `${op} of a value that is not known`);
    if (op === '==' || op === '!=') return { kind: 'scalar', value: (JSON.stringify(x) === JSON.stringify(y)) === (op === '=='), loc };
    if (typeof x !== 'number' || typeof y !== 'number') return unknownLV(loc, `${op} of values that are not numbers`);
    const n = { '<': x < y, '>': x > y, '<=': x <= y, '>=': x >= y, '+': x + y, '-': x - y, '*': x * y, '/': x / y, '%': x % y }[op];
    return n === undefined ? unknownLV(loc, `operator ${op} is not evaluated`) : { kind: 'scalar', value: n, loc };
  }

  forExpr(e: HclExpr & { kind: 'for' }, loc: Loc, depth: number): LV {
    const coll = this.eval(e.collection, depth + 1);
    if (coll.kind === 'unknown') return unknownLV(loc, `a for expression over a collection that is not known (${coll.value.reason})`, undefined, coll.value.cause);
    const pairs = elements(coll);
    if (!pairs) return unknownLV(loc, 'a for expression over a value that is not a collection');
    const items: LV[] = [];
    const entries: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
    for (const [k, v] of pairs) {
      const ev = this.with(new Map(e.keyVar ? [[e.keyVar, k], [e.valueVar, v]] : [[e.valueVar, v]]));
      if (e.cond) {
        const c = ev.eval(e.cond, depth + 1);
        if (c.kind !== 'scalar' || typeof c.value !== 'boolean') return unknownLV(loc, 'a for expression whose condition is not known');
        if (!c.value) continue;
      }
      const value = ev.eval(e.value, depth + 1);
      if (!e.key) {
        items.push(value);
        continue;
      }
      const key = ev.eval(e.key, depth + 1);
      if (key.kind !== 'scalar' || key.holes || key.value === null || e.grouping) return unknownLV(loc, 'a for expression whose keys are not known');
      entries.push({ key: String(key.value), keyLoc: key.loc, value });
    }
    return e.key ? { kind: 'object', entries, loc } : { kind: 'list', items, loc };
  }

  template(parts: HclExpr[], loc: Loc, depth: number): LV {
    // "${x}" alone is x itself, of whatever type.
    if (parts.length === 1 && parts[0].kind !== 'literal') return this.eval(parts[0], depth + 1);
    let text = '';
    const segs: Seg[] = [];
    const holes: Unknown[] = [];
    for (const p of parts) {
      const v = this.eval(p, depth + 1);
      if (v.kind === 'scalar' && v.value !== null) {
        const s = String(v.value);
        if (v.segs && p.kind === 'literal') for (const g of v.segs) segs.push({ ...g, start: text.length + g.start });
        else segs.push({ start: text.length, length: s.length, loc: v.loc, exact: false });
        // Holes of an interpolated string are renumbered into this one.
        text += v.holes?.length ? s.replace(HOLE_RE, (_m, i) => hole(holes, v.holes![Number(i)])) : s;
      } else {
        const u = v.kind === 'unknown' ? v.value : new Unknown(v.kind === 'scalar' ? 'null in a template' : 'a list or map in a template');
        const h = hole(holes, u);
        segs.push({ start: text.length, length: h.length, loc: v.loc, exact: false });
        text += h;
      }
    }
    return { kind: 'scalar', value: text, loc, segs, holes: holes.length ? holes : undefined };
  }

  call(name: string, args: HclExpr[], loc: Loc, depth: number, expand: boolean): LV {
    if (expand) return unknownLV(loc, `${name}(…) with expanded arguments is not evaluated`);
    const vals = () => args.map((a) => this.eval(a, depth + 1));
    switch (name) {
      case 'toset': {
        // A set has no duplicates, and Terraform orders a set of strings lexically.
        const [v] = vals();
        if (v?.kind !== 'list') return v?.kind === 'unknown' ? v : unknownLV(loc, 'toset of a value that is not a known list');
        const seen = new Map<string, LV>();
        for (const it of v.items) {
          const p = plain(it);
          if (typeof p !== 'string') return { ...v, loc };
          if (!seen.has(p)) seen.set(p, it);
        }
        return { kind: 'list', items: [...seen.keys()].sort().map((k) => seen.get(k)!), loc };
      }
      case 'jsonencode':
      case 'tolist':
      case 'tomap':
      case 'tostring':
        // jsonencode keeps the structure, located at its elements; a policy attribute reads it as the JSON it renders.
        return args.length === 1 ? this.eval(args[0], depth + 1) : unknownLV(loc, `${name} takes one argument`);
      case 'merge': {
        const vs = vals();
        const entries = new Map<string, { key: string; keyLoc: Loc; value: LV }>();
        for (const v of vs) {
          if (v.kind !== 'object') return unknownLV(loc, 'merge of a value that is not a known map');
          for (const en of v.entries) entries.set(en.key, en);
        }
        return { kind: 'object', entries: [...entries.values()], loc };
      }
      case 'concat': {
        const vs = vals();
        const items: LV[] = [];
        for (const v of vs) {
          if (v.kind !== 'list') return unknownLV(loc, 'concat of a value that is not a known list');
          items.push(...v.items);
        }
        return { kind: 'list', items, loc };
      }
      case 'format': {
        const vs = vals();
        const [f, ...rest] = vs;
        if (f?.kind !== 'scalar' || typeof f.value !== 'string' || f.holes) return unknownLV(loc, 'format with an unknown format string');
        let i = 0;
        const holes: Unknown[] = [];
        const text = f.value.replace(/%%|%[-+# 0]*\d*(?:\.\d+)?[sdvfqtxXobeEgG]/g, (m) => {
          if (m === '%%') return '%';
          const a = rest[i++];
          if (a?.kind === 'scalar' && a.value !== null && !a.holes) return String(a.value);
          return hole(holes, a?.kind === 'unknown' ? a.value : new Unknown('a format argument that is not a known string'));
        });
        return { kind: 'scalar', value: text, loc, segs: [{ start: 0, length: text.length, loc, exact: false }], holes: holes.length ? holes : undefined };
      }
      case 'lookup': {
        const [m, k, d] = vals();
        if (m?.kind !== 'object' || k?.kind !== 'scalar' || k.holes) return unknownLV(loc, 'lookup in a map that is not known');
        const hit = m.entries.find((en) => en.key === String(k.value));
        return hit ? hit.value : (d ?? { ...unknownLV(loc, `lookup: no key ${String(k.value)}`), error: true });
      }
      case 'file':
      case 'templatefile': {
        const [p, vars] = vals();
        if (p?.kind !== 'scalar' || typeof p.value !== 'string' || p.holes) return p?.kind === 'unknown' ? p : unknownLV(loc, `${name} of a path that is not known`);
        const got = this.read?.(p.value) ?? { error: `${name}("${p.value}") is not read in this scan` };
        if ('error' in got) return unknownLV(loc, got.error, undefined, 'missing-reference');
        if (name === 'file') return fileText(got.rel, got.text, this.via);
        return this.templateFile(got.rel, got.text, vars, loc, depth);
      }
      case 'try':
      case 'can': {
        // The first argument Terraform evaluates without an error (an unknown value is not an error).
        for (const a of args) {
          const v = this.eval(a, depth + 1);
          if (v.error) continue;
          return name === 'try' ? v : v.kind === 'unknown' ? v : { kind: 'scalar', value: true, loc };
        }
        return name === 'can' ? { kind: 'scalar', value: false, loc } : { ...unknownLV(loc, 'no argument of try can be evaluated'), error: true };
      }
      case 'coalesce': {
        for (const v of vals()) {
          if (v.kind === 'unknown') return v;
          if (v.kind === 'scalar' && (v.value === null || v.value === '')) continue;
          return v;
        }
        return { ...unknownLV(loc, 'coalesce: every argument is null or empty'), error: true };
      }
      case 'coalescelist': {
        for (const v of vals()) {
          if (v.kind === 'list' && !v.items.length) continue;
          return v.kind === 'list' || v.kind === 'unknown' ? v : unknownLV(loc, 'coalescelist of a value that is not a list');
        }
        return { ...unknownLV(loc, 'coalescelist: every argument is empty'), error: true };
      }
      case 'compact':
      case 'distinct':
      case 'flatten': {
        const [v] = vals();
        if (v?.kind !== 'list') return v?.kind === 'unknown' ? v : unknownLV(loc, `${name} of a value that is not a known list`);
        if (name === 'compact') return { ...v, items: v.items.filter((i) => !(i.kind === 'scalar' && (i.value === null || i.value === ''))), loc };
        if (name === 'flatten') {
          const flat = (items: LV[]): LV[] => items.flatMap((i) => (i.kind === 'list' ? flat(i.items) : [i]));
          return { kind: 'list', items: flat(v.items), loc };
        }
        const seen = new Set<string>();
        const items = v.items.filter((i) => {
          const p = plain(i);
          if (p === undefined) return true;
          const k = JSON.stringify(p);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        return { kind: 'list', items, loc };
      }
      case 'length': {
        const [v] = vals();
        const h = holed(v);
        if (h) return h;
        if (v?.kind === 'list') return { kind: 'scalar', value: v.items.length, loc };
        if (v?.kind === 'object') return { kind: 'scalar', value: v.entries.length, loc };
        if (v?.kind === 'scalar' && typeof v.value === 'string' && !v.holes) return { kind: 'scalar', value: [...v.value].length, loc };
        return v?.kind === 'unknown' ? v : unknownLV(loc, 'length of a value that is not known');
      }
      case 'element': {
        const [l, i] = vals();
        if (l?.kind !== 'list' || i?.kind !== 'scalar' || typeof i.value !== 'number' || !l.items.length) return unknownLV(loc, 'element of a list or index that is not known');
        if (!Number.isInteger(i.value) || i.value < 0) return { ...unknownLV(loc, `element: index ${i.value} is not a whole number from 0`), error: true };
        return l.items[i.value % l.items.length];
      }
      case 'one': {
        const [l] = vals();
        if (l?.kind === 'list' && l.items.length > 1) return { ...unknownLV(loc, `one of a list of ${l.items.length} elements`), error: true };
        if (l?.kind !== 'list') return l?.kind === 'unknown' ? l : unknownLV(loc, 'one of a value that is not a known list');
        return l.items[0] ?? { kind: 'scalar', value: null, loc };
      }
      case 'keys':
      case 'values': {
        const [m] = vals();
        if (m?.kind !== 'object') return m?.kind === 'unknown' ? m : unknownLV(loc, `${name} of a value that is not a known map`);
        const sorted = [...m.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        return { kind: 'list', items: sorted.map((en) => (name === 'keys' ? str(en.key, en.keyLoc) : en.value)), loc };
      }
      case 'contains': {
        const [l, x] = vals();
        const want = x && plain(x);
        if (l?.kind !== 'list' || want === undefined || l.items.some((i) => plain(i) === undefined)) return unknownLV(loc, 'contains of values that are not known');
        return { kind: 'scalar', value: l.items.some((i) => JSON.stringify(plain(i)) === JSON.stringify(want)), loc };
      }
      case 'join': {
        const [sep, l] = vals();
        if (sep?.kind !== 'scalar' || typeof sep.value !== 'string' || l?.kind !== 'list') return unknownLV(loc, 'join of values that are not known');
        const holes: Unknown[] = [];
        const text = l.items.map((i) => (i.kind === 'scalar' && i.value !== null && !i.holes ? String(i.value) : hole(holes, i.kind === 'unknown' ? i.value : new Unknown('a list element that is not a known string')))).join(sep.value);
        return { kind: 'scalar', value: text, loc, segs: [{ start: 0, length: text.length, loc, exact: false }], holes: holes.length ? holes : undefined };
      }
      case 'split': {
        const [sep, v] = vals();
        const h = holed(v);
        if (h) return h;
        if (sep?.kind !== 'scalar' || typeof sep.value !== 'string' || v?.kind !== 'scalar' || typeof v.value !== 'string') return v?.kind === 'unknown' ? v : unknownLV(loc, 'split of values that are not known');
        return { kind: 'list', items: v.value.split(sep.value).map((p) => str(p, loc)), loc };
      }
      case 'replace':
      case 'trimprefix':
      case 'trimsuffix':
      case 'startswith':
      case 'endswith': {
        const [v, a, b] = vals();
        const h = holed(v);
        if (h) return h;
        const text = knownString(v);
        const x = knownString(a);
        const y = name === 'replace' ? knownString(b) : '';
        if (text === undefined || x === undefined || y === undefined) return v?.kind === 'unknown' ? v : unknownLV(loc, `${name} of values that are not known strings`);
        if (name === 'startswith' || name === 'endswith') return { kind: 'scalar', value: name === 'startswith' ? text.startsWith(x) : text.endsWith(x), loc };
        // A /regex/ pattern is not evaluated (RE2 syntax differs from JavaScript's).
        if (name === 'replace' && x.length > 1 && x.startsWith('/') && x.endsWith('/')) return unknownLV(loc, 'replace with a regular expression is not evaluated');
        const out =
          name === 'replace' ? text.split(x).join(y)
          : name === 'trimprefix' ? (text.startsWith(x) ? text.slice(x.length) : text)
          : text.endsWith(x) && x ? text.slice(0, -x.length) : text;
        return str(out, loc);
      }
      case 'lower':
      case 'upper': {
        const [v] = vals();
        const h = holed(v);
        if (h) return h;
        if (v?.kind !== 'scalar' || typeof v.value !== 'string') return v?.kind === 'unknown' ? v : unknownLV(loc, `${name} of a value that is not a known string`);
        return str(name === 'lower' ? v.value.toLowerCase() : v.value.toUpperCase(), loc);
      }
      default:
        return unknownLV(loc, `function ${name} is not evaluated`);
    }
  }
}

/** Expressions that hand a conditional's branches on unchanged. */
function keepsChoice(e: HclExpr): boolean {
  if (e.kind === 'conditional' || e.kind === 'traversal') return true;
  if (e.kind === 'template') return e.parts.length === 1 && e.parts[0].kind !== 'literal';
  return e.kind === 'call' && ['jsonencode', 'tolist', 'tomap', 'tostring', 'try'].includes(e.name);
}

/** Source-like text of a simple expression (a condition's name in guards): `var.public`, `!var.a && local.b`. */
export function exprText(e: HclExpr): string | undefined {
  switch (e.kind) {
    case 'traversal': {
      let out = e.root;
      for (const p of e.path) {
        if (typeof p === 'string') out += `.${p}`;
        else if (typeof p === 'number') out += `[${p}]`;
        else return undefined;
      }
      return out;
    }
    case 'literal':
      return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    case 'unary': {
      const x = exprText(e.operand);
      return x === undefined ? undefined : `${e.op}${x}`;
    }
    case 'binary': {
      const a = exprText(e.left);
      const b = exprText(e.right);
      return a === undefined || b === undefined ? undefined : `${a} ${e.op} ${b}`;
    }
    case 'call': {
      const args = e.args.map(exprText);
      return args.includes(undefined) ? undefined : `${e.name}(${args.join(', ')})`;
    }
    default:
      return undefined;
  }
}

/** A file's text as a string whose characters map one to one onto the file's lines and columns. */
function fileText(rel: string, text: string, via?: ModuleCall[]): LV {
  const segs: Seg[] = [];
  let start = 0;
  text.split('\n').forEach((line, i) => {
    const range = { line: i + 1, column: 1, endLine: i + 1, endColumn: line.length + 1 };
    segs.push({ start, length: line.length + 1, loc: { file: rel, range, ...(via ? { via } : {}) }, exact: true });
    start += line.length + 1;
  });
  return { kind: 'scalar', value: text, loc: { file: rel, range: wholeText(text), ...(via ? { via } : {}) }, segs };
}

/** The range of a whole file. */
function wholeText(text: string): Range {
  const lines = text.split('\n');
  return { line: 1, column: 1, endLine: lines.length, endColumn: lines[lines.length - 1].length + 1 };
}

/** Expressions with every range moved by `delta` lines. */
function shiftLines<T>(v: T, delta: number): T {
  if (Array.isArray(v)) return v.map((x) => shiftLines(x, delta)) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = (k === 'line' || k === 'endLine') && typeof x === 'number' ? x + delta : shiftLines(x, delta);
  return out as T;
}

/** The key/value pairs a `for` or `for_each` walks: list indexes in order, map keys in lexical order (as Terraform). */
export function elements(coll: LV): Array<[LV, LV]> | undefined {
  if (coll.kind === 'list') return coll.items.map((v, i) => [{ kind: 'scalar', value: i, loc: v.loc }, v]);
  if (coll.kind !== 'object') return undefined;
  return [...coll.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((en) => [str(en.key, en.keyLoc), en.value]);
}

/** A string with unknown parts as the Unknown it amounts to (its first hole's reason and cause), else undefined. */
function holed(v: LV | undefined): LV | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'string' && v.holes ? { kind: 'unknown', value: holeUnknown(v.value, v.holes), loc: v.loc } : undefined;
}

/** The plain value of a fully known LV (undefined when any part is unknown), for comparisons. */
export function plain(v: LV): unknown {
  switch (v.kind) {
    case 'scalar':
      return v.holes ? undefined : v.value;
    case 'unknown':
      return undefined;
    case 'list': {
      const out = v.items.map(plain);
      return out.includes(undefined) ? undefined : out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const en of v.entries) {
        const p = plain(en.value);
        if (p === undefined) return undefined;
        out[en.key] = p;
      }
      return out;
    }
  }
}

/** `v` followed along `path` (map keys, list indexes); a missing key or index is an error Unknown. */
export function select(v: LV, path: Array<string | number>, loc: Loc, what: string): LV {
  let cur = v;
  for (const k of path) {
    if (cur.kind === 'object') {
      const hit = cur.entries.find((e) => e.key === String(k));
      if (!hit) return { ...unknownLV(loc, `${what} has no ${String(k)}`), error: true };
      cur = hit.value;
    } else if (cur.kind === 'list' && typeof k === 'number') {
      if (!Number.isInteger(k) || k < 0 || k >= cur.items.length) return { ...unknownLV(loc, `${what} has no element ${k}`), error: true };
      cur = cur.items[k];
    } else if (cur.kind === 'unknown') return { ...cur, choice: undefined };
    else return { ...unknownLV(loc, `${what}.${String(k)} does not exist`), error: true };
  }
  return cur;
}

function hole(holes: Unknown[], u: Unknown): string {
  holes.push(u);
  return `${HOLE_OPEN}${holes.length - 1}${HOLE_CLOSE}`;
}

/** Characters of a literal part map one to one onto its columns: one line without escapes, or a heredoc line. */
function exactLiteral(r: Range, value: string): boolean {
  if (r.line === r.endLine) return r.endColumn - r.column === value.length;
  return r.endLine === r.line + 1 && r.endColumn === 1 && value.endsWith('\n') && !value.slice(0, -1).includes('\n') && !/[$%]\{/.test(value);
}

/** A value read through a reference, placed where the reference is written (its parts keep their own places). */
function relocate(v: LV, loc: Loc): LV {
  // A value a module call passes stays at the caller's line: that is where it was chosen.
  if (v.pinned) return v;
  // A string whose characters map onto lines of their own (a heredoc, a file() read) keeps them: a JSON policy in it
  // is located inside it.
  if (v.kind === 'scalar') return v.segs?.some((g) => g.exact) ? { ...v, loc } : { ...v, loc, segs: [{ start: 0, length: typeof v.value === 'string' ? v.value.length : 0, loc, exact: false }] };
  if (v.kind === 'unknown') return { ...v, loc };
  return v;
}

/** Unknown for a string with holes: the reason of its first hole, the known text around `?`. */
function holeUnknown(v: string, holes: Unknown[]): Unknown {
  const first = holes[Number(/\uE000(\d+)\uE001/.exec(v)?.[1] ?? 0)] ?? holes[0];
  const partial = v.replace(HOLE_RE, (_m, i) => holes[Number(i)]?.partial ?? '?');
  return new Unknown(first.reason, partial, first.cause);
}

/** Pointer → location, with the resources references resolved through. */
export class LocMap {
  readonly values = new Map<string, Loc>();
  readonly keys = new Map<string, Loc>();
  readonly refs = new Map<string, string>();

  locate(pointer: string, keys = false): SourceRef {
    const ref = (l: Loc, approximate: boolean): SourceRef => ({ file: l.file, pointer, range: l.range, ...(approximate ? { approximate } : {}), ...(l.via ? { via: l.via } : {}) });
    if (keys) {
      const k = this.keys.get(pointer);
      if (k) return ref(k, false);
    }
    let p = pointer;
    for (;;) {
      const l = this.values.get(p);
      if (l) return ref(l, p !== pointer);
      if (p === '') return { file: '', pointer, range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, approximate: true };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  private branch(v: LV, pointer: string): unknown {
    const x = this.flatten(v, pointer);
    return x === null ? { Ref: 'AWS::NoValue' } : x;
  }

  /** The plain value of `v` (Unknown for what is not known), recording every location under `pointer`. */
  flatten(v: LV, pointer: string): unknown {
    this.values.set(pointer, v.loc);
    if (v.ref) this.refs.set(pointer, v.ref);
    switch (v.kind) {
      case 'scalar':
        return typeof v.value === 'string' && v.holes ? holeUnknown(v.value, v.holes) : v.value;
      case 'unknown':
        if (!v.choice) return v.value;
        // Written as CloudFormation writes a condition, for the policy loader to expand (null: the key is omitted).
        return { 'Fn::If': [v.choice.cond, this.branch(v.choice.ifTrue, `${pointer}/Fn::If/1`), this.branch(v.choice.ifFalse, `${pointer}/Fn::If/2`)] };
      case 'list':
        return v.items.map((it, i) => this.flatten(it, joinPointer(pointer, i)));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const en of v.entries) {
          const p = joinPointer(pointer, en.key);
          this.keys.set(p, en.keyLoc);
          out[en.key] = this.flatten(en.value, p);
        }
        return out;
      }
    }
  }
}

/**
 * A JSON document held in a string (a heredoc, a quoted string), parsed into a located value: positions in the
 * string map back to the `.tf` lines through the string's segments. Unknown interpolations inside JSON strings
 * become Unknown values; a failure gives the message and the `.tf` location where reading stopped.
 */
export function parseJsonString(v: LV & { kind: 'scalar' }): LV | { error: string; loc: Loc } {
  const text = String(v.value);
  const holes = v.holes ?? [];
  const parsed = parseJson(v.loc.file, text);
  const index = new LineIndex(text);
  const segs = v.segs ?? [];
  const at = (line: number, column: number): Loc => {
    const off = index.lineStart(line) + column - 1;
    const g = segs.find((s) => off >= s.start && off < s.start + Math.max(1, s.length)) ?? [...segs].reverse().find((s) => s.start <= off);
    if (!g) return v.loc;
    if (!g.exact) return g.loc;
    const col = g.loc.range.column + (off - g.start);
    return { ...g.loc, range: { line: g.loc.range.line, column: col, endLine: g.loc.range.line, endColumn: col + 1 } };
  };
  const span = (r: Range): Loc => {
    const a = at(r.line, r.column);
    const b = at(r.endLine, Math.max(1, r.endColumn - 1));
    if (a.file !== b.file || b.range.line < a.range.line || (b.range.line === a.range.line && b.range.endColumn < a.range.column)) return a;
    return { ...a, range: { line: a.range.line, column: a.range.column, endLine: b.range.line, endColumn: b.range.endColumn } };
  };
  if (!('map' in parsed)) {
    if (holes.length) return unknownLV(v.loc, holes[0].reason, undefined, holes[0].cause);
    return { error: parsed.message, loc: at(parsed.line, parsed.column) };
  }
  const build = (x: unknown, pointer: string): LV => {
    const loc = span(parsed.map.locate(pointer).range);
    if (Array.isArray(x)) return { kind: 'list', items: x.map((it, i) => build(it, joinPointer(pointer, i))), loc };
    if (typeof x === 'object' && x !== null) {
      return {
        kind: 'object',
        entries: Object.entries(x).map(([key, val]) => {
          const p = joinPointer(pointer, key);
          return { key, keyLoc: span(parsed.map.locateKey(p).range), value: build(val, p) };
        }),
        loc,
      };
    }
    if (typeof x === 'string' && x.includes(HOLE_OPEN)) return { kind: 'unknown', value: holeUnknown(x, holes), loc };
    return { kind: 'scalar', value: x as string | number | boolean | null, loc };
  };
  return build(parsed.value, '');
}
