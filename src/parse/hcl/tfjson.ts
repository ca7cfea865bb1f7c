import { type MemberNode, parse as momoaParse, type ObjectNode, type StringNode, type ValueNode } from '@humanwhocodes/momoa';
import type { Range } from '../../model/index.js';
import { DEFAULT_LIMITS, type ParseFailure } from '../source-map.js';
import { bracketDepth, LineIndex } from '../text.js';
import { type HclBlock, type HclBody, type HclExpr, type HclFile, parseHclTemplate } from './index.js';

/**
 * Terraform's JSON configuration syntax (`*.tf.json`, `*.tfvars.json`) to the same positioned AST as `.tf` files
 * (https://developer.hashicorp.com/terraform/language/syntax/json), so a module may mix both.
 * JSON has no block syntax: which property is a block is decided by the schema below, kept to what the
 * Terraform loader reads (src/load/terraform/hcl.ts). Any other property is an attribute.
 * Strings are string templates (`"${var.x}"`, `$${` for a literal `${`); their interpolations are parsed by the
 * HCL parser and located at their columns inside the JSON string when the string has no backslash escapes,
 * otherwise every part gets the whole string's range. Needs `initHcl()`.
 */

interface BlockSpec {
  /** Label levels: `{"aws_iam_role": {"ci": {…}}}` is two. */
  labels: number;
  /** Nested block types of the body; others are attributes. */
  blocks?: Record<string, BlockSpec>;
  /** Content not read (the block is kept, its body left empty). */
  opaque?: boolean;
}

const OPAQUE: BlockSpec = { labels: 0, opaque: true };

/** Top-level block types and their label levels; an unknown top-level type (`moved`, `import`, …) is opaque. */
const TOP: Record<string, BlockSpec> = {
  resource: { labels: 2 },
  data: { labels: 2 },
  variable: { labels: 1 },
  output: { labels: 1 },
  module: { labels: 1 },
  provider: { labels: 1 },
  locals: { labels: 0 },
  terraform: { labels: 0 },
};

/** Meta-argument blocks of every resource and data source, whose content is not read. */
const META: Record<string, BlockSpec> = { lifecycle: OPAQUE, connection: OPAQUE, provisioner: { labels: 1, opaque: true } };

/** Nested blocks of the resource/data types the loader maps, by type (sts-semantics.md §8.3 for the policy document). */
const NESTED: Record<string, Record<string, BlockSpec>> = {
  aws_iam_policy_document: {
    statement: { labels: 0, blocks: { principals: { labels: 0 }, not_principals: { labels: 0 }, condition: { labels: 0 } } },
  },
  aws_iam_role: { inline_policy: { labels: 0 } },
};

/** A string whose template does not parse: Terraform refuses the file. */
class TemplateError extends Error {
  constructor(readonly range: Range) {
    super('invalid template in a JSON string');
  }
}

interface Loc {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

const toRange = (loc: Loc): Range => ({ line: loc.start.line, column: loc.start.column, endLine: loc.end.line, endColumn: loc.end.column });

const isTfvars = (file: string): boolean => /\.tfvars\.json$/i.test(file);

/** Parse one `.tf.json` or `.tfvars.json` file (after `initHcl`). */
export function parseTfJson(file: string, text: string): HclFile | ParseFailure {
  const deep = bracketDepth(text, DEFAULT_LIMITS.maxDepth);
  if (deep) return { file, message: `nesting deeper than ${DEFAULT_LIMITS.maxDepth} levels`, ...new LineIndex(text).pos(deep.offset) };
  let ast: ReturnType<typeof momoaParse>;
  try {
    ast = momoaParse(text, { mode: 'json', ranges: false, tokens: false });
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    return { file, message: `invalid JSON: ${err.message.replace(/\s*\(\d+:\d+\)\s*$/, '')}`, line: err.line ?? 1, column: err.column ?? 1 };
  }
  const root = ast.body;
  if (root.type !== 'Object') return { file, message: 'a Terraform JSON file must hold a JSON object', ...toRange(root.loc) };
  const conv = new TfJson(text);
  try {
    const body = isTfvars(file) ? conv.tfvars(root) : conv.top(root);
    return { file, body, comments: conv.comments };
  } catch (e) {
    if (e instanceof TemplateError) return { file, message: e.message, line: e.range.line, column: e.range.column };
    throw e;
  }
}

/** The objects a block level holds: one object, or an array of objects (several blocks). */
function objectsOf(v: ValueNode): ObjectNode[] | undefined {
  if (v.type === 'Object') return [v];
  if (v.type === 'Array' && v.elements.every((e) => e.value.type === 'Object')) return v.elements.map((e) => e.value as ObjectNode);
  return undefined;
}

class TfJson {
  readonly comments: HclFile['comments'] = [];
  constructor(private readonly text: string) {}

  /** `"//"` properties of a body are comments. */
  private comment(m: MemberNode): boolean {
    if (m.name.type !== 'String' || m.name.value !== '//') return false;
    const v = m.value;
    this.comments.push({ text: v.type === 'String' ? v.value : this.text.slice(v.loc.start.offset, v.loc.end.offset), range: toRange(v.loc) });
    return true;
  }

  private key(m: MemberNode): string {
    return m.name.type === 'String' ? m.name.value : String((m.name as { name?: string }).name);
  }

  top(root: ObjectNode): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (const m of root.members) {
      if (this.comment(m)) continue;
      const type = this.key(m);
      this.blocks(out.blocks, type, m, TOP[type] ?? OPAQUE, (labels) => (type === 'resource' || type === 'data' ? { ...META, ...NESTED[labels[0]] } : {}), type === 'variable');
    }
    return out;
  }

  /** A variable file: every property is a variable's value, read as a literal (no templates). */
  tfvars(root: ObjectNode): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (const m of root.members) {
      if (this.comment(m)) continue;
      out.attributes.push({ name: this.key(m), nameRange: toRange(m.name.loc), expr: this.expr(m.value, true), range: toRange(m.loc) });
    }
    return out;
  }

  /**
   * The blocks of type `type` under `m`: `spec.labels` levels of objects keyed by label, each level an object or an
   * array of objects. The type range is the innermost key (a label, or the type for an unlabelled block); the range
   * is that key's property, or the array element for several blocks.
   */
  private blocks(out: HclBlock[], type: string, m: MemberNode, spec: BlockSpec, inner: (labels: string[]) => Record<string, BlockSpec>, literalDefault = false): void {
    const walk = (member: MemberNode, labels: string[], left: number): void => {
      const objs = objectsOf(member.value);
      if (!objs) return;
      for (const o of objs) {
        if (left > 0) {
          for (const lm of o.members) if (!this.comment(lm)) walk(lm, [...labels, this.key(lm)], left - 1);
          continue;
        }
        const range = member.value.type === 'Object' ? toRange(member.loc) : toRange(o.loc);
        const body = spec.opaque ? { attributes: [], blocks: [] } : this.body(o, inner(labels), literalDefault);
        out.push({ type, labels, typeRange: toRange(member.name.loc), range, body });
      }
    };
    walk(m, [], spec.labels);
  }

  body(o: ObjectNode, nested: Record<string, BlockSpec>, literalDefault = false): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (const m of o.members) {
      if (this.comment(m)) continue;
      const name = this.key(m);
      const spec = name === 'dynamic' ? { labels: 1 } : nested[name];
      if (spec && objectsOf(m.value)) {
        // `dynamic "<type>" { content { … } }`: content holds the nested blocks of <type>.
        const inner = name === 'dynamic' ? (labels: string[]) => ({ content: { labels: 0, blocks: nested[labels[0]]?.blocks ?? {} } }) : () => spec.blocks ?? {};
        this.blocks(out.blocks, name, m, spec, inner);
        continue;
      }
      // A variable's default is a literal value, not an expression (Terraform's JSON syntax).
      const literal = literalDefault && name === 'default';
      out.attributes.push({ name, nameRange: toRange(m.name.loc), expr: this.expr(m.value, literal), range: toRange(m.loc) });
    }
    return out;
  }

  expr(v: ValueNode, literal = false): HclExpr {
    const range = toRange(v.loc);
    switch (v.type) {
      case 'String':
        return literal ? { kind: 'literal', value: v.value, range } : this.template(v);
      case 'Number':
      case 'Boolean':
        return { kind: 'literal', value: v.value, range };
      case 'Null':
        return { kind: 'literal', value: null, range };
      case 'Array':
        return { kind: 'tuple', items: v.elements.map((e) => this.expr(e.value, literal)), range };
      case 'Object':
        return {
          kind: 'object',
          items: v.members.map((m) => ({ key: this.key(m), keyRange: toRange(m.name.loc), value: this.expr(m.value, literal) })),
          range,
        };
      default:
        return { kind: 'other', text: this.text.slice(v.loc.start.offset, v.loc.end.offset), range };
    }
  }

  /** A JSON string as the HCL parser gives the equivalent quoted string: a literal, or a template of parts. */
  template(s: StringNode): HclExpr {
    const range = toRange(s.loc);
    const value = s.value;
    if (!/[$%]\{/.test(value)) return { kind: 'literal', value, range };
    const parts = parseHclTemplate(value);
    if (!parts) throw new TemplateError(range);
    // Without escapes the JSON text is the template text, on one line (a raw newline is not valid JSON).
    const raw = this.text.slice(s.loc.start.offset + 1, s.loc.end.offset - 1);
    const place = raw === value ? (r: Range): Range => ({ line: range.line, column: range.column + r.column, endLine: range.line, endColumn: range.column + r.endColumn }) : (): Range => range;
    const placed = parts.map((p) => moveExpr(p, place));
    if (placed.every((p) => p.kind === 'literal')) return { kind: 'literal', value: placed.map((p) => String(p.kind === 'literal' ? p.value : '')).join(''), range };
    return { kind: 'template', parts: placed, range };
  }
}

/**
 * An expression with every range moved by `place`: a structural walk over all its fields (`range`, `keyRange` and
 * nested expressions), so every expression kind is covered.
 */
function moveExpr(e: HclExpr, place: (r: Range) => Range): HclExpr {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, (k === 'range' || k === 'keyRange') && x && typeof x === 'object' ? place(x as Range) : walk(x)]));
  };
  return walk(e) as HclExpr;
}
