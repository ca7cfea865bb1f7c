import { beforeAll, describe, expect, it } from 'vitest';
import type { Range } from '../../../src/model/index.js';
import { type HclBlock, type HclExpr, type HclFile, initHcl, parseHcl } from '../../../src/parse/hcl/index.js';
import { parseTfJson } from '../../../src/parse/hcl/tfjson.js';
import type { ParseFailure } from '../../../src/parse/index.js';

beforeAll(async () => {
  await initHcl();
});

function tfjson(text: string, file = 'main.tf.json'): HclFile {
  const r = parseTfJson(file, text);
  if ('message' in r) throw new Error(`expected to parse, got ${r.line}:${r.column} ${r.message}`);
  return r;
}

function failure(text: string): ParseFailure {
  const r = parseTfJson('main.tf.json', text);
  if (!('message' in r)) throw new Error('expected a parse failure');
  return r;
}

/** The text a range covers, to make range assertions readable. */
function slice(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.line === r.endLine) return lines[r.line - 1].slice(r.column - 1, r.endColumn - 1);
  return [lines[r.line - 1].slice(r.column - 1), ...lines.slice(r.line, r.endLine - 1), lines[r.endLine - 1].slice(0, r.endColumn - 1)].join('\n');
}

const rng = (line: number, column: number, endLine: number, endColumn: number): Range => ({ line, column, endLine, endColumn });

/** The expression without its ranges: the shape two parsers must agree on. */
function shape(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(shape);
  if (e && typeof e === 'object') return Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'range' && k !== 'keyRange').map(([k, v]) => [k, shape(v)]));
  return e;
}

const attr = (b: { body: HclFile['body'] } | HclFile, name: string): HclExpr => {
  const a = b.body.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a.expr;
};

const summary = (blocks: HclBlock[]): string[] => blocks.map((b) => `${b.type}${b.labels.map((l) => ` ${l}`).join('')}`);

describe('parseTfJson: blocks', () => {
  const text = `{
  "//": "the module's roles",
  "variable": { "acct": { "default": "111122223333" } },
  "locals": { "prefix": "ci" },
  "resource": {
    "aws_iam_role": {
      "ci": {
        "name": "ci",
        "inline_policy": [{ "name": "a", "policy": "{}" }, { "name": "b", "policy": "{}" }],
        "lifecycle": { "ignore_changes": ["tags"] }
      },
      "deploy": [{ "name": "deploy" }]
    }
  },
  "data": {
    "aws_iam_policy_document": {
      "trust": {
        "statement": [
          {
            "actions": ["sts:AssumeRole"],
            "principals": { "type": "AWS", "identifiers": ["*"] },
            "condition": [{ "test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": ["o-1"] }]
          }
        ],
        "dynamic": { "statement": { "for_each": "\${var.extra}", "content": { "not_principals": { "type": "AWS" } } } }
      }
    }
  },
  "provider": { "aws": [{ "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" }] }
}
`;
  let f: HclFile;
  beforeAll(() => {
    f = tfjson(text);
  });

  it('maps top-level keys to blocks with their label levels, arrays to several blocks', () => {
    expect(summary(f.body.blocks)).toEqual([
      'variable acct',
      'locals',
      'resource aws_iam_role ci',
      'resource aws_iam_role deploy',
      'data aws_iam_policy_document trust',
      'provider aws',
      'provider aws',
    ]);
    expect(f.body.attributes).toEqual([]);
    expect(attr(f.body.blocks[1], 'prefix')).toEqual({ kind: 'literal', value: 'ci', range: rng(4, 25, 4, 29) });
  });

  it('gives a block its innermost key as type range and the property (or array element) as range', () => {
    const ci = f.body.blocks[2];
    expect(slice(text, ci.typeRange)).toBe('"ci"');
    expect(ci.range.line).toBe(7);
    expect(ci.range.endLine).toBe(11);
    const deploy = f.body.blocks[3];
    expect(slice(text, deploy.typeRange)).toBe('"deploy"');
    expect(slice(text, deploy.range)).toBe('{ "name": "deploy" }');
    expect(slice(text, f.body.blocks[6].range)).toBe('{ "alias": "us", "region": "us-east-1" }');
  });

  it('reads the nested blocks the loader knows; lifecycle is kept without content', () => {
    const ci = f.body.blocks[2];
    expect(ci.body.attributes.map((a) => a.name)).toEqual(['name']);
    expect(summary(ci.body.blocks)).toEqual(['inline_policy', 'inline_policy', 'lifecycle']);
    expect(ci.body.blocks[2].body).toEqual({ attributes: [], blocks: [] });
    expect(slice(text, ci.body.blocks[1].range)).toBe('{ "name": "b", "policy": "{}" }');
    const doc = f.body.blocks[4];
    expect(summary(doc.body.blocks)).toEqual(['statement', 'dynamic statement']);
    const st = doc.body.blocks[0];
    expect(st.body.attributes.map((a) => a.name)).toEqual(['actions']);
    expect(summary(st.body.blocks)).toEqual(['principals', 'condition']);
    expect(slice(text, st.body.blocks[0].typeRange)).toBe('"principals"');
    expect(slice(text, st.body.blocks[1].range)).toBe('{ "test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": ["o-1"] }');
    const ids = st.body.blocks[0].body.attributes.find((a) => a.name === 'identifiers')!;
    expect(slice(text, ids.nameRange)).toBe('"identifiers"');
    expect(slice(text, ids.range)).toBe('"identifiers": ["*"]');
    expect(ids.expr).toEqual({ kind: 'tuple', items: [{ kind: 'literal', value: '*', range: rng(21, 60, 21, 63) }], range: rng(21, 59, 21, 64) });
    expect(slice(text, ids.expr.range)).toBe('["*"]');
  });

  it('reads dynamic blocks with a content block holding the nested blocks of the labelled type', () => {
    const dyn = f.body.blocks[4].body.blocks[1];
    expect(dyn.body.attributes.map((a) => a.name)).toEqual(['for_each']);
    expect(summary(dyn.body.blocks)).toEqual(['content']);
    expect(summary(dyn.body.blocks[0].body.blocks)).toEqual(['not_principals']);
  });

  it('reads "//" properties as comments', () => {
    expect(f.comments).toEqual([{ text: "the module's roles", range: rng(2, 9, 2, 29) }]);
  });

  it('a key the schema names a block is an attribute when its value is not an object', () => {
    const g = tfjson('{"data": {"aws_iam_policy_document": {"d": {"statement": "${local.statements}"}}}}');
    expect(g.body.blocks[0].body.blocks).toEqual([]);
    expect(attr(g.body.blocks[0], 'statement').kind).toBe('template');
  });
});

describe('parseTfJson: strings are templates', () => {
  const line = (expr: string) => `{"locals": {"x": ${expr}}}`;
  const x = (json: string): HclExpr => attr(tfjson(line(json)).body.blocks[0], 'x');

  it('gives the HCL parser`s expression for the equivalent quoted string, at the JSON string`s columns', () => {
    const src = '"arn:${data.aws_partition.p.partition}:iam::${var.acct}:root"';
    const e = x(src);
    const h = parseHcl('main.tf', `x = ${src}\n`);
    if ('message' in h) throw new Error(h.message);
    expect(shape(e)).toEqual(shape(h.body.attributes[0].expr));
    expect(e.kind).toBe('template');
    if (e.kind !== 'template') return;
    const text = line(src);
    expect(slice(text, e.range)).toBe(src);
    expect(e.parts.map((p) => slice(text, p.range))).toEqual(['arn:', 'data.aws_partition.p.partition', ':iam::', 'var.acct', ':root']);
    expect(e.parts[1]).toEqual({ kind: 'traversal', root: 'data', path: ['aws_partition', 'p', 'partition'], range: rng(1, 25, 1, 55) });
  });

  it('every range inside an interpolation covers the same text as in the HCL parse of the quoted string', () => {
    /** The text of every range of an expression, in walk order. */
    const texts = (e: unknown, text: string): string[] => {
      if (Array.isArray(e)) return e.flatMap((x) => texts(x, text));
      if (!e || typeof e !== 'object') return [];
      return Object.entries(e).flatMap(([k, v]) => ((k === 'range' || k === 'keyRange') && v && typeof v === 'object' ? [slice(text, v as Range)] : texts(v, text)));
    };
    for (const src of ['"${var.on ? !var.a : var.b}"', '"p-${upper(var.x)}-${length(local.l) + 1}"', '"${[for s in var.l : s.arn if s.on]}"', '"${{a = [1, var.b], c = merge(local.m, {d = 2})}}"']) {
      const json = line(src);
      const e = x(src);
      const h = parseHcl('main.tf', `x = ${src}\n`);
      if ('message' in h) throw new Error(h.message);
      const hExpr = h.body.attributes[0].expr;
      expect(shape(e), src).toEqual(shape(hExpr));
      expect(texts(e, json), src).toEqual(texts(hExpr, `x = ${src}\n`));
    }
  });

  it('reads function calls, objects and indexes inside an interpolation with exact ranges', () => {
    const src = '"${jsonencode({ a = var.m[0].k })}"';
    const text = line(src);
    const e = x(src);
    const h = parseHcl('main.tf', `x = ${src}\n`);
    if ('message' in h) throw new Error(h.message);
    expect(shape(e)).toEqual(shape(h.body.attributes[0].expr));
    if (e.kind !== 'template' || e.parts[0].kind !== 'call' || e.parts[0].args[0].kind !== 'object') throw new Error(`unexpected ${JSON.stringify(e)}`);
    const obj = e.parts[0].args[0];
    expect(slice(text, e.parts[0].range)).toBe('jsonencode({ a = var.m[0].k })');
    expect(slice(text, obj.items[0].keyRange)).toBe('a');
    expect(slice(text, obj.items[0].value.range)).toBe('var.m[0].k');
    expect(obj.items[0].value).toMatchObject({ kind: 'traversal', root: 'var', path: ['m', 0, 'k'] });
  });

  it('a string without interpolation is a literal over the whole string; $${ is a literal ${', () => {
    expect(x('"plain"')).toEqual({ kind: 'literal', value: 'plain', range: rng(1, 18, 1, 25) });
    expect(x('"a$${b}"')).toEqual({ kind: 'literal', value: 'a${b}', range: rng(1, 18, 1, 26) });
    const e = x('"$${x}${var.y}"');
    expect(e).toEqual({
      kind: 'template',
      parts: [
        { kind: 'literal', value: '${x}', range: rng(1, 19, 1, 24) },
        { kind: 'traversal', root: 'var', path: ['y'], range: rng(1, 26, 1, 31) },
      ],
      range: rng(1, 18, 1, 33),
    });
  });

  it('a string with escapes gives every part the whole string`s range (never a wrong column)', () => {
    const e = x('"say \\"${var.who}\\"\\n"');
    const whole = rng(1, 18, 1, 40);
    expect(e).toEqual({
      kind: 'template',
      parts: [
        { kind: 'literal', value: 'say "', range: whole },
        { kind: 'traversal', root: 'var', path: ['who'], range: whole },
        { kind: 'literal', value: '"\n', range: whole },
      ],
      range: whole,
    });
  });

  it('numbers, booleans, null, arrays and objects are literals, tuples and objects with exact key ranges', () => {
    const text = line('{"n": 1.5, "b": true, "z": null, "list": [1, "${var.a}"]}');
    const e = attr(tfjson(text).body.blocks[0], 'x');
    if (e.kind !== 'object') throw new Error(e.kind);
    expect(e.items.map((i) => [i.key, slice(text, i.keyRange), i.value.kind])).toEqual([
      ['n', '"n"', 'literal'],
      ['b', '"b"', 'literal'],
      ['z', '"z"', 'literal'],
      ['list', '"list"', 'tuple'],
    ]);
    expect(e.items.slice(0, 3).map((i) => (i.value.kind === 'literal' ? i.value.value : undefined))).toEqual([1.5, true, null]);
    const list = e.items[3].value;
    expect(list.kind === 'tuple' && list.items.map((i) => slice(text, i.range))).toEqual(['1', '"${var.a}"']);
  });

  it('a variable default is a literal value: no template', () => {
    const f = tfjson('{"variable": {"v": {"default": "${var.x}", "description": "${d}"}}}');
    expect(attr(f.body.blocks[0], 'default')).toEqual({ kind: 'literal', value: '${var.x}', range: rng(1, 32, 1, 42) });
  });
});

describe('parseTfJson: variable files and failures', () => {
  it('a .tfvars.json is top-level attributes with literal values', () => {
    const text = '{\n  "//": "values",\n  "org": "o-${x}",\n  "ids": ["1", "2"]\n}\n';
    const f = tfjson(text, 'terraform.tfvars.json');
    expect(f.body.blocks).toEqual([]);
    expect(f.body.attributes.map((a) => a.name)).toEqual(['org', 'ids']);
    expect(f.body.attributes[0].expr).toEqual({ kind: 'literal', value: 'o-${x}', range: rng(3, 10, 3, 18) });
    expect(slice(text, f.body.attributes[1].range)).toBe('"ids": ["1", "2"]');
  });

  it('invalid JSON fails at its line', () => {
    const r = failure('{\n  "resource": {\n    "aws_iam_role": {,}\n  }\n}\n');
    expect(r.message).toMatch(/^invalid JSON: /);
    expect([r.line, r.column]).toEqual([3, 22]);
  });

  it('a template that does not parse fails at the string', () => {
    const r = failure('{\n  "locals": {\n    "x": "${var.}"\n  }\n}\n');
    expect(r).toEqual({ file: 'main.tf.json', message: 'invalid template in a JSON string', line: 3, column: 10 });
  });

  it('a file that is not a JSON object fails', () => {
    expect(failure('[1]').message).toBe('a Terraform JSON file must hold a JSON object');
  });
});
