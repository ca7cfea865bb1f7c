import { joinPointer, type Range, type SourceRef, Unknown } from '../../model/index.js';
import type { HclExpr } from '../../parse/hcl/index.js';
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
  | { kind: 'unknown'; value: Unknown }
  | { kind: 'list'; items: LV[] }
  | { kind: 'object'; entries: Array<{ key: string; keyLoc: Loc; value: LV }> }
) & {
  loc: Loc;
  /** The resource address a reference resolved through (`aws_iam_role.ci`), to join attachments to it. */
  ref?: string;
};

/** Resolves the root of a traversal (`var.x`, `aws_iam_role.r.arn`, …) in a module's scope. */
export type Resolver = (root: string, path: Array<string | number>, loc: Loc) => LV;

// Private-use characters stand for unknown parts inside a string until the string is parsed as JSON or flattened.
const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';
const HOLE_RE = /\uE000(\d+)\uE001/g;

export const unknownLV = (loc: Loc, reason: string, partial?: string, cause?: Unknown['cause'], ref?: string): LV => ({ kind: 'unknown', value: new Unknown(reason, partial, cause), loc, ref });

export const str = (value: string, loc: Loc): LV => ({ kind: 'scalar', value, loc, segs: [{ start: 0, length: value.length, loc, exact: false }] });

export class Evaluator {
  constructor(
    readonly file: string,
    private readonly resolve: Resolver,
  ) {}

  loc(range: Range): Loc {
    return { file: this.file, range };
  }

  eval(e: HclExpr, depth = 0): LV {
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
      default:
        return unknownLV(loc, `expression \`${e.text.slice(0, 60).replace(/\s+/g, ' ')}\` is not evaluated`);
    }
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
      case 'jsonencode':
      case 'tolist':
      case 'toset':
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
        return hit ? hit.value : (d ?? unknownLV(loc, `lookup: no key ${String(k.value)}`));
      }
      default:
        return unknownLV(loc, `function ${name} is not evaluated`);
    }
  }
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
  if (v.kind === 'scalar') return { ...v, loc, segs: [{ start: 0, length: typeof v.value === 'string' ? v.value.length : 0, loc, exact: false }] };
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
    if (keys) {
      const k = this.keys.get(pointer);
      if (k) return { file: k.file, pointer, range: k.range };
    }
    let p = pointer;
    for (;;) {
      const l = this.values.get(p);
      if (l) return p === pointer ? { file: l.file, pointer, range: l.range } : { file: l.file, pointer, range: l.range, approximate: true };
      if (p === '') return { file: '', pointer, range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, approximate: true };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /** The plain value of `v` (Unknown for what is not known), recording every location under `pointer`. */
  flatten(v: LV, pointer: string): unknown {
    this.values.set(pointer, v.loc);
    if (v.ref) this.refs.set(pointer, v.ref);
    switch (v.kind) {
      case 'scalar':
        return typeof v.value === 'string' && v.holes ? holeUnknown(v.value, v.holes) : v.value;
      case 'unknown':
        return v.value;
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
    return { file: g.loc.file, range: { line: g.loc.range.line, column: col, endLine: g.loc.range.line, endColumn: col + 1 } };
  };
  const span = (r: Range): Loc => {
    const a = at(r.line, r.column);
    const b = at(r.endLine, Math.max(1, r.endColumn - 1));
    if (a.file !== b.file || b.range.line < a.range.line || (b.range.line === a.range.line && b.range.endColumn < a.range.column)) return a;
    return { file: a.file, range: { line: a.range.line, column: a.range.column, endLine: b.range.line, endColumn: b.range.endColumn } };
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
