import { createRequire } from 'node:module';
import { Language, type Node, Parser } from 'web-tree-sitter';
import type { Range } from '../../model/index.js';
import type { ParseFailure } from '../source-map.js';
import { LineIndex } from '../text.js';

/**
 * HCL (`*.tf`) to a small positioned AST, via tree-sitter's HCL grammar (WebAssembly, no native build).
 * Ranges follow src/model/source.ts: 1-based, exclusive `endColumn`, columns in UTF-16 code units.
 */
export type HclRange = Range;

/**
 * Template parts: literal text comes as `literal` exprs carrying their exact source range,
 * interpolations as their expression, `%{…}` directives as `other`. Quoted-string literals are escape-decoded.
 * Heredoc literal text is split one part per line: the value is the line after `<<-` indentation stripping,
 * with its trailing `\n`; the range starts after the stripped indentation and, for a `\n`, ends at column 1 of
 * the next line, so column = range.column + offset within the part (exact unless the line holds `$${`/`%%{`).
 */
export type HclExpr =
  | { kind: 'literal'; value: string | number | boolean | null; range: Range }
  | { kind: 'template'; parts: HclExpr[]; range: Range; heredoc?: boolean }
  | { kind: 'tuple'; items: HclExpr[]; range: Range }
  | { kind: 'object'; items: Array<{ key: string | HclExpr; keyRange: Range; value: HclExpr }>; range: Range }
  | { kind: 'traversal'; root: string; path: Array<string | number | HclExpr>; range: Range }
  | { kind: 'call'; name: string; args: HclExpr[]; expandFinal?: boolean; range: Range }
  | { kind: 'conditional'; cond: HclExpr; ifTrue: HclExpr; ifFalse: HclExpr; range: Range }
  | { kind: 'unary'; op: string; operand: HclExpr; range: Range }
  | { kind: 'binary'; op: string; left: HclExpr; right: HclExpr; range: Range }
  /** `[for k, v in coll : value if cond]`, `{for k, v in coll : key => value if cond}` (`grouping` for `...`). */
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: HclExpr; key?: HclExpr; value: HclExpr; cond?: HclExpr; grouping?: boolean; range: Range }
  /** `source[*].path…` (or `source.*.path…`): `path` taken from each element of `source`. */
  | { kind: 'splat'; source: HclExpr & { kind: 'traversal' }; path: Array<string | number>; range: Range }
  | { kind: 'other'; text: string; range: Range };

export interface HclAttribute {
  name: string;
  nameRange: Range;
  expr: HclExpr;
  range: Range;
}
export interface HclBlock {
  type: string;
  labels: string[];
  typeRange: Range;
  range: Range;
  body: HclBody;
}
export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}
export interface HclFile {
  file: string;
  body: HclBody;
  comments: Array<{ text: string; range: Range }>;
}

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Load the tree-sitter runtime and the HCL grammar once; later calls return at once. */
export function initHcl(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm');
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    parser = p;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Parse one `.tf` file (after `initHcl`); a syntax error gives a failure at the first ERROR/MISSING node. */
export function parseHcl(file: string, text: string): HclFile | ParseFailure {
  if (!parser) throw new Error('parseHcl called before initHcl() resolved');
  const tree = parser.parse(text);
  if (!tree) return { file, message: 'tree-sitter returned no tree', line: 1, column: 1 };
  try {
    const conv = new Converter(text);
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = firstError(root) ?? root;
      const at = conv.index.pos(bad.startIndex);
      const what = bad.isMissing ? `missing ${JSON.stringify(bad.type)}` : `unexpected ${JSON.stringify(bad.text.slice(0, 40))}`;
      return { file, message: `invalid HCL: ${what}`, ...at };
    }
    const comments = root.descendantsOfType('comment').flatMap((c) => (c ? [{ text: c.text, range: conv.range(c) }] : []));
    const body = named(root).find((c) => c.type === 'body');
    return { file, body: body ? conv.body(body) : { attributes: [], blocks: [] }, comments };
  } finally {
    tree.delete();
  }
}

const TEMPLATE_MARK = 'FEDLINT_TEMPLATE_EOT';

/**
 * Parse `text` as a bare string template: literal text without backslash escapes, `${…}` interpolations, `%{…}`
 * directives, `$${`/`%%{` escapes (the string semantics of Terraform's JSON syntax). It is read as the body of a
 * heredoc, so the parts' ranges place `text` at line 2, column 1; the heredoc's closing newline is dropped.
 * Undefined when the template does not parse. Needs `initHcl()`.
 */
export function parseHclTemplate(text: string): HclExpr[] | undefined {
  if (!parser) throw new Error('parseHclTemplate called before initHcl() resolved');
  if (text.includes(TEMPLATE_MARK)) return undefined;
  const wrapped = `x = <<${TEMPLATE_MARK}\n${text}\n${TEMPLATE_MARK}\n`;
  const tree = parser.parse(wrapped);
  if (!tree) return undefined;
  try {
    if (tree.rootNode.hasError) return undefined;
    const body = named(tree.rootNode).find((c) => c.type === 'body');
    const expr = body && new Converter(wrapped).body(body).attributes[0]?.expr;
    if (expr?.kind !== 'template') return undefined;
    const parts = expr.parts;
    const last = parts[parts.length - 1];
    if (last?.kind === 'literal' && typeof last.value === 'string' && last.value.endsWith('\n')) {
      const value = last.value.slice(0, -1);
      const end = text.length ? new LineIndex(`\n${text}`).pos(text.length + 1) : { line: 2, column: 1 };
      parts[parts.length - 1] = { kind: 'literal', value, range: { ...last.range, endLine: end.line, endColumn: end.column } };
      if (!value) parts.pop();
    }
    return parts;
  } finally {
    tree.delete();
  }
}

function firstError(n: Node): Node | undefined {
  if (n.isError || n.isMissing) return n;
  for (const c of n.children) if (c && (c.hasError || c.isMissing)) return firstError(c);
  return undefined;
}

/** Named children without comments (tree-sitter places comments anywhere). */
function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decode a quoted-string literal chunk: backslash escapes plus the `$${` / `%%{` template escapes. */
function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|(\$\$|%%)\{/gs, (m, u4, u8, ch, tpl) => {
    if (tpl) return tpl[0] + '{';
    const cp = u4 || u8 ? Number.parseInt(u4 ?? u8, 16) : -1;
    if (cp >= 0) return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    return ESCAPES[ch] ?? m;
  });
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;

const unescapeHeredoc = (raw: string): string => raw.replace(/([$%])\1\{/g, '$1{');

class Converter {
  readonly index: LineIndex;
  constructor(private readonly text: string) {
    this.index = new LineIndex(text);
  }

  span(start: number, end: number): Range {
    const a = this.index.pos(start);
    const b = this.index.pos(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  range(n: Node): Range {
    return this.span(n.startIndex, n.endIndex);
  }

  other(n: Node): HclExpr {
    return { kind: 'other', text: n.text, range: this.range(n) };
  }

  body(n: Node): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (const c of named(n)) {
      if (c.type === 'attribute') {
        const [name, value] = named(c);
        out.attributes.push({ name: name.text, nameRange: this.range(name), expr: this.expr(value), range: this.range(c) });
      } else if (c.type === 'block') {
        const kids = named(c);
        const labels = kids.slice(1).filter((k) => k.type === 'string_lit' || k.type === 'identifier');
        const inner = kids.find((k) => k.type === 'body');
        out.blocks.push({
          type: kids[0].text,
          labels: labels.map((l) => (l.type === 'identifier' ? l.text : this.stringLit(l))),
          typeRange: this.range(kids[0]),
          range: this.range(c),
          body: inner ? this.body(inner) : { attributes: [], blocks: [] },
        });
      }
    }
    return out;
  }

  stringLit(n: Node): string {
    return unescapeQuoted(this.text.slice(n.startIndex + 1, n.endIndex - 1));
  }

  expr(n: Node): HclExpr {
    const kids = named(n);
    switch (n.type) {
      case 'expression':
        return this.expression(n, kids);
      case 'literal_value':
      case 'collection_value':
      case 'template_expr':
      case 'for_expr':
        return this.expr(kids[0]);
      case 'numeric_lit':
        return { kind: 'literal', value: Number(n.text), range: this.range(n) };
      case 'bool_lit':
        return { kind: 'literal', value: n.text === 'true', range: this.range(n) };
      case 'null_lit':
        return { kind: 'literal', value: null, range: this.range(n) };
      case 'string_lit':
        return { kind: 'literal', value: this.stringLit(n), range: this.range(n) };
      case 'quoted_template':
        return { kind: 'template', parts: this.quotedParts(n, kids), range: this.range(n) };
      case 'heredoc_template':
        return { kind: 'template', parts: this.heredocParts(n, kids), range: this.range(n), heredoc: true };
      case 'tuple':
        return { kind: 'tuple', items: kids.filter((k) => k.type === 'expression').map((k) => this.expr(k)), range: this.range(n) };
      case 'object':
        return { kind: 'object', items: kids.filter((k) => k.type === 'object_elem').map((k) => this.objectElem(k)), range: this.range(n) };
      case 'function_call':
        return this.call(n, kids);
      case 'variable_expr':
        return { kind: 'traversal', root: n.text, path: [], range: this.range(n) };
      case 'operation':
        return this.expr(kids[0]);
      case 'conditional':
        return { kind: 'conditional', cond: this.expr(kids[0]), ifTrue: this.expr(kids[1]), ifFalse: this.expr(kids[2]), range: this.range(n) };
      case 'unary_operation':
        return { kind: 'unary', op: n.children[0]?.type ?? '?', operand: this.operand(kids), range: this.range(n) };
      case 'binary_operation': {
        // Operands come flattened: `a.b == 1` is variable_expr, get_attr, `==`, literal_value.
        // (A parenthesized operand comes as `(`, expression, `)`: the operator is the first other token.)
        const i = n.children.findIndex((c) => c !== null && !c.isNamed && c.type !== '(' && c.type !== ')');
        const op = n.children[i]?.type ?? '?';
        const before = (c: Node | null) => c !== null && c.endIndex <= (n.children[i]?.startIndex ?? 0);
        return { kind: 'binary', op, left: this.operand(kids.filter(before)), right: this.operand(kids.filter((c) => !before(c))), range: this.range(n) };
      }
      case 'for_tuple_expr':
      case 'for_object_expr':
        return this.forExpr(n, kids);
      default:
        return this.other(n); // splats, …
    }
  }

  /** An operand: one expression node, or a primary followed by its postfixes. */
  operand(kids: Node[]): HclExpr {
    if (kids.length === 1) return this.expr(kids[0]);
    if (!kids.length) return { kind: 'other', text: '', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
    const first = kids[0];
    const last = kids[kids.length - 1];
    const range = this.span(first.startIndex, last.endIndex);
    return this.postfixed(kids, range, this.text.slice(first.startIndex, last.endIndex));
  }

  /** `expression` = a primary (or parenthesized expression) followed by get_attr/index/splat postfixes. */
  expression(n: Node, kids: Node[]): HclExpr {
    return this.postfixed(kids, this.range(n), n.text);
  }

  postfixed(kids: Node[], range: Range, text: string): HclExpr {
    const other = (): HclExpr => ({ kind: 'other', text, range });
    const head = kids[0];
    if (!head) return other();
    if (head.type !== 'variable_expr') return kids.length === 1 ? this.expr(head) : other(); // `(x)` is x; f().x, [1][0] stay text
    const rest = kids.slice(1);
    const splat = rest.findIndex((k) => k.type === 'splat');
    if (splat >= 0) {
      // `a.b[*].c`, `a.b.*.c`: the splat ends the expression; what follows it applies to each element.
      const inner = named(rest[splat])[0];
      const before = this.postfixes(rest.slice(0, splat));
      const after = inner ? this.postfixes(named(inner)) : undefined;
      if (splat !== rest.length - 1 || !before || !after || after.some((p) => typeof p === 'object')) return other();
      const src = rest[splat - 1] ?? head;
      return { kind: 'splat', source: { kind: 'traversal', root: head.text, path: before, range: this.span(head.startIndex, src.endIndex) }, path: after as Array<string | number>, range };
    }
    const path = this.postfixes(rest);
    return path ? { kind: 'traversal', root: head.text, path, range } : other();
  }

  /** get_attr and index postfixes as a traversal path; undefined for anything else. */
  postfixes(kids: Node[]): Array<string | number | HclExpr> | undefined {
    const path: Array<string | number | HclExpr> = [];
    for (const k of kids) {
      if (k.type === 'get_attr') path.push(named(k)[0].text);
      else if (k.type === 'index') {
        const ix = named(k)[0];
        if (ix.type === 'legacy_index') path.push(Number(ix.text.slice(1)));
        else {
          const e = this.expr(named(ix)[0]);
          path.push(e.kind === 'literal' && (typeof e.value === 'string' || typeof e.value === 'number') ? e.value : e);
        }
      } else return undefined;
    }
    return path;
  }

  forExpr(n: Node, kids: Node[]): HclExpr {
    const intro = kids.find((k) => k.type === 'for_intro');
    if (!intro) return this.other(n);
    const vars = named(intro).filter((k) => k.type === 'identifier');
    const collection = named(intro).find((k) => k.type === 'expression');
    const body = kids.filter((k) => k.type === 'expression');
    const cond = kids.find((k) => k.type === 'for_cond');
    if (!collection || !vars.length) return this.other(n);
    const object = n.type === 'for_object_expr';
    if (body.length !== (object ? 2 : 1)) return this.other(n);
    return {
      kind: 'for',
      keyVar: vars.length === 2 ? vars[0].text : undefined,
      valueVar: vars[vars.length - 1].text,
      collection: this.expr(collection),
      key: object ? this.expr(body[0]) : undefined,
      value: this.expr(body[body.length - 1]),
      cond: cond ? this.expr(named(cond)[0]) : undefined,
      grouping: n.children.some((c) => c?.type === 'ellipsis' || c?.type === '...') || undefined,
      range: this.range(n),
    };
  }

  objectElem(n: Node): { key: string | HclExpr; keyRange: Range; value: HclExpr } {
    const [k, v] = named(n);
    const kk = named(k);
    const bare = kk.length === 1 && kk[0].type === 'variable_expr';
    const key = bare ? kk[0].text : this.expr(k);
    return { key: typeof key !== 'string' && key.kind === 'literal' && typeof key.value === 'string' ? key.value : key, keyRange: this.range(k), value: this.expr(v) };
  }

  call(n: Node, kids: Node[]): HclExpr {
    const args = kids.find((k) => k.type === 'function_arguments');
    const argKids = args ? named(args) : [];
    const open = n.children.find((c) => c?.type === '(');
    const name = this.text.slice(n.startIndex, open ? open.startIndex : kids[0].endIndex).trim();
    const out: HclExpr = { kind: 'call', name, args: argKids.filter((k) => k.type === 'expression').map((k) => this.expr(k)), range: this.range(n) };
    if (argKids.some((k) => k.type === 'ellipsis')) out.expandFinal = true;
    return out;
  }

  /** Interpolations and directives inside a template, in order, with the literal text between them. */
  private pieces(kids: Node[], start: number, end: number, literal: (from: number, to: number) => HclExpr[]): HclExpr[] {
    const parts: HclExpr[] = [];
    let at = start;
    for (const k of kids) {
      if (k.type !== 'template_interpolation' && k.type !== 'template_directive') continue;
      parts.push(...literal(at, k.startIndex));
      const inner = named(k).find((c) => c.type === 'expression');
      parts.push(k.type === 'template_interpolation' && inner ? this.expr(inner) : this.other(k));
      at = k.endIndex;
    }
    parts.push(...literal(at, end));
    return parts;
  }

  quotedParts(n: Node, kids: Node[]): HclExpr[] {
    return this.pieces(kids, n.startIndex + 1, n.endIndex - 1, (from, to) =>
      from < to ? [{ kind: 'literal', value: unescapeQuoted(this.text.slice(from, to)), range: this.span(from, to) }] : [],
    );
  }

  heredocParts(n: Node, kids: Node[]): HclExpr[] {
    const flush = this.text.startsWith('<<-', n.startIndex);
    const ids = kids.filter((k) => k.type === 'heredoc_identifier');
    const nl = this.text.indexOf('\n', ids[0].endIndex);
    const start = nl < 0 ? ids[0].endIndex : nl + 1;
    const close = ids[ids.length - 1];
    const end = Math.max(start, this.index.lineStart(this.index.pos(close.startIndex).line));
    let strip = 0;
    if (flush) {
      // `<<-`: remove the smallest indentation of the non-blank lines (spaces and tabs count one each).
      const widths = this.text
        .slice(start, end)
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => indentOf(l));
      strip = widths.length ? Math.min(...widths) : 0;
    }
    const lineStarts = new Set<number>();
    for (let i = start; i < end; i = this.text.indexOf('\n', i) + 1 || end) lineStarts.add(i);
    return this.pieces(kids, start, end, (from, to) => {
      const out: HclExpr[] = [];
      let a = from;
      while (a < to) {
        const nlAt = this.text.indexOf('\n', a);
        const b = nlAt < 0 || nlAt >= to ? to : nlAt + 1;
        const s = lineStarts.has(a) ? a + Math.min(strip, indentOf(this.text.slice(a, b))) : a;
        if (s < b) out.push({ kind: 'literal', value: unescapeHeredoc(this.text.slice(s, b)), range: this.span(s, b) });
        a = b;
      }
      return out;
    });
  }
}
