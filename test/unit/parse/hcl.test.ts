import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globbySync } from 'globby';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Range } from '../../../src/model/index.js';
import { type HclBlock, type HclExpr, type HclFile, initHcl, parseHcl } from '../../../src/parse/hcl/index.js';
import type { ParseFailure } from '../../../src/parse/index.js';
import { decode } from '../../../src/parse/text.js';

beforeAll(async () => {
  await initHcl();
});

function hcl(text: string): HclFile {
  const r = parseHcl('main.tf', text);
  if ('message' in r) throw new Error(`expected to parse, got ${r.line}:${r.column} ${r.message}`);
  return r;
}

function failure(text: string): ParseFailure {
  const r = parseHcl('main.tf', text);
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

/** The expression of attribute `name` in the first block (or at top level). */
function attr(f: HclFile, name: string): HclExpr {
  const body = f.body.blocks[0]?.body ?? f.body;
  const a = body.attributes.find((x) => x.name === name) ?? f.body.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a.expr;
}

/** Strip ranges, for structural comparisons. */
function shape(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(shape);
  if (e && typeof e === 'object') return Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'range' && k !== 'keyRange').map(([k, v]) => [k, shape(v)]));
  return e;
}

describe('parseHcl: blocks', () => {
  const text = [
    'resource "aws_iam_role" "r" {',
    '  name = "deploy"',
    '}',
    'data "aws_iam_policy_document" "d" {}',
    'variable "v" {',
    '  type = string',
    '}',
    'locals {',
    '  a = 1',
    '}',
    'module "m" {',
    '  source = "./m"',
    '}',
    'output "o" { value = 1 }',
    '',
  ].join('\n');

  it('reads types, labels and exact ranges', () => {
    const f = hcl(text);
    expect(f.body.blocks.map((b) => [b.type, b.labels])).toEqual([
      ['resource', ['aws_iam_role', 'r']],
      ['data', ['aws_iam_policy_document', 'd']],
      ['variable', ['v']],
      ['locals', []],
      ['module', ['m']],
      ['output', ['o']],
    ]);
    const [res, data, , locals, , output] = f.body.blocks;
    expect(res.range).toEqual(rng(1, 1, 3, 2));
    expect(res.typeRange).toEqual(rng(1, 1, 1, 9));
    expect(data.range).toEqual(rng(4, 1, 4, 38));
    expect(data.body).toEqual({ attributes: [], blocks: [] });
    expect(locals.body.attributes[0]).toEqual({ name: 'a', nameRange: rng(9, 3, 9, 4), expr: { kind: 'literal', value: 1, range: rng(9, 7, 9, 8) }, range: rng(9, 3, 9, 8) });
    expect(output.body.attributes[0].expr).toEqual({ kind: 'literal', value: 1, range: rng(14, 22, 14, 23) });
    expect(res.body.attributes[0]).toEqual({ name: 'name', nameRange: rng(2, 3, 2, 7), expr: { kind: 'literal', value: 'deploy', range: rng(2, 10, 2, 18) }, range: rng(2, 3, 2, 18) });
    expect(f.body.blocks[2].body.attributes[0].expr).toEqual({ kind: 'traversal', root: 'string', path: [], range: rng(6, 10, 6, 16) });
  });

  it('keeps nested blocks, including dynamic blocks, as blocks', () => {
    const t = [
      'data "aws_iam_policy_document" "trust" {',
      '  statement {',
      '    actions = ["sts:AssumeRoleWithWebIdentity"]',
      '    principals {',
      '      type        = "Federated"',
      '      identifiers = [aws_iam_openid_connect_provider.gh.arn]',
      '    }',
      '    condition {',
      '      test     = "StringLike"',
      '      variable = "token.actions.githubusercontent.com:sub"',
      '      values   = ["repo:org/*"]',
      '    }',
      '  }',
      '  dynamic "statement" {',
      '    for_each = var.extra',
      '    content { effect = statement.value.effect }',
      '  }',
      '}',
      'resource "aws_iam_role" "r" {',
      '  inline_policy {',
      '    name = "p"',
      '  }',
      '}',
    ].join('\n');
    const f = hcl(t);
    const doc = f.body.blocks[0];
    const [stmt, dyn] = doc.body.blocks;
    expect(stmt.body.blocks.map((b: HclBlock) => b.type)).toEqual(['principals', 'condition']);
    const principals = stmt.body.blocks[0];
    expect(principals.range).toEqual(rng(4, 5, 7, 6));
    expect(principals.body.attributes.map((a) => a.name)).toEqual(['type', 'identifiers']);
    const ids = principals.body.attributes[1].expr;
    expect(shape(ids)).toEqual({ kind: 'tuple', items: [{ kind: 'traversal', root: 'aws_iam_openid_connect_provider', path: ['gh', 'arn'] }] });
    expect(slice(t, stmt.body.blocks[1].body.attributes[1].expr.range)).toBe('"token.actions.githubusercontent.com:sub"');
    expect([dyn.type, dyn.labels]).toEqual(['dynamic', ['statement']]);
    expect(dyn.body.blocks[0].type).toBe('content');
    expect(shape(dyn.body.blocks[0].body.attributes[0].expr)).toEqual({ kind: 'traversal', root: 'statement', path: ['value', 'effect'] });
    expect(f.body.blocks[1].body.blocks[0].type).toBe('inline_policy');
    expect(f.body.blocks[1].body.blocks[0].range).toEqual(rng(20, 3, 22, 4));
  });
});

describe('parseHcl: expressions', () => {
  const text = [
    'a = 1.5e3',
    'b = true',
    'c = null',
    'd = "x"',
    'e = [1, "two", var.x]',
    'f = { a = 1, "b-c" = 2, (var.k) = 3, d: 4 }',
    'g = aws_iam_role.r.arn',
    'h = data.aws_iam_policy_document.d.json',
    'i = module.m.out[0]',
    'j = local.y["k"]',
    'k = x[var.i].y',
    'l = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow" }] })',
    'm = merge(local.a, local.b)',
    'n = concat(local.l...)',
    'o = timestamp()',
    'p = var.a ? 1 : 2',
    'q = [for s in var.l : upper(s)]',
    'r = -1',
    's = a.b[*].c',
    't = "a\\n\\"b\\u00e9 $${x}"',
    'u = "arn:aws:s3:::bucket/&{aws:username}/*"',
    'v = file("${path.module}/p.json")',
    'w = "pre-${var.env}-post"',
    'x = (var.y)',
    '',
  ].join('\n');

  it('literals', () => {
    const f = hcl(text);
    expect(attr(f, 'a')).toEqual({ kind: 'literal', value: 1500, range: rng(1, 5, 1, 10) });
    expect(attr(f, 'b')).toEqual({ kind: 'literal', value: true, range: rng(2, 5, 2, 9) });
    expect(attr(f, 'c')).toEqual({ kind: 'literal', value: null, range: rng(3, 5, 3, 9) });
    expect(attr(f, 'd')).toEqual({ kind: 'literal', value: 'x', range: rng(4, 5, 4, 8) });
    expect(attr(f, 't')).toMatchObject({ kind: 'literal', value: 'a\n"bé ${x}', range: rng(20, 5, 20, 25) });
    expect(attr(f, 'u')).toEqual({ kind: 'literal', value: 'arn:aws:s3:::bucket/&{aws:username}/*', range: rng(21, 5, 21, 44) });
  });

  it('tuples and objects', () => {
    const f = hcl(text);
    expect(attr(f, 'e')).toEqual({
      kind: 'tuple',
      items: [
        { kind: 'literal', value: 1, range: rng(5, 6, 5, 7) },
        { kind: 'literal', value: 'two', range: rng(5, 9, 5, 14) },
        { kind: 'traversal', root: 'var', path: ['x'], range: rng(5, 16, 5, 21) },
      ],
      range: rng(5, 5, 5, 22),
    });
    const o = attr(f, 'f');
    if (o.kind !== 'object') throw new Error(o.kind);
    expect(o.range).toEqual(rng(6, 5, 6, 44));
    expect(o.items.map((i) => i.key)).toEqual(['a', 'b-c', { kind: 'traversal', root: 'var', path: ['k'], range: rng(6, 26, 6, 31) }, 'd']);
    expect(o.items.map((i) => slice(text, i.keyRange))).toEqual(['a', '"b-c"', '(var.k)', 'd']);
    expect(o.items[3].value).toEqual({ kind: 'literal', value: 4, range: rng(6, 41, 6, 42) });
  });

  it('traversals', () => {
    const f = hcl(text);
    expect(attr(f, 'g')).toEqual({ kind: 'traversal', root: 'aws_iam_role', path: ['r', 'arn'], range: rng(7, 5, 7, 23) });
    expect(shape(attr(f, 'h'))).toEqual({ kind: 'traversal', root: 'data', path: ['aws_iam_policy_document', 'd', 'json'] });
    expect(attr(f, 'i')).toEqual({ kind: 'traversal', root: 'module', path: ['m', 'out', 0], range: rng(9, 5, 9, 20) });
    expect(attr(f, 'j')).toEqual({ kind: 'traversal', root: 'local', path: ['y', 'k'], range: rng(10, 5, 10, 17) });
    expect(attr(f, 'k')).toEqual({ kind: 'traversal', root: 'x', path: [{ kind: 'traversal', root: 'var', path: ['i'], range: rng(11, 7, 11, 12) }, 'y'], range: rng(11, 5, 11, 15) });
    expect(attr(f, 'x')).toEqual({ kind: 'traversal', root: 'var', path: ['y'], range: rng(24, 6, 24, 11) });
  });

  it('function calls', () => {
    const f = hcl(text);
    const l = attr(f, 'l');
    expect(shape(l)).toEqual({
      kind: 'call',
      name: 'jsonencode',
      args: [
        {
          kind: 'object',
          items: [
            { key: 'Version', value: { kind: 'literal', value: '2012-10-17' } },
            { key: 'Statement', value: { kind: 'tuple', items: [{ kind: 'object', items: [{ key: 'Effect', value: { kind: 'literal', value: 'Allow' } }] }] } },
          ],
        },
      ],
    });
    expect(l.range).toEqual(rng(12, 5, 12, 79));
    expect(slice(text, l.range)).toBe('jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow" }] })');
    expect(slice(text, (l as { args: HclExpr[] }).args[0].range)).toBe('{ Version = "2012-10-17", Statement = [{ Effect = "Allow" }] }');
    expect(shape(attr(f, 'm'))).toEqual({ kind: 'call', name: 'merge', args: [{ kind: 'traversal', root: 'local', path: ['a'] }, { kind: 'traversal', root: 'local', path: ['b'] }] });
    expect(shape(attr(f, 'n'))).toEqual({ kind: 'call', name: 'concat', args: [{ kind: 'traversal', root: 'local', path: ['l'] }], expandFinal: true });
    expect(attr(f, 'o')).toEqual({ kind: 'call', name: 'timestamp', args: [], range: rng(15, 5, 15, 16) });
    expect(shape(attr(f, 'v'))).toEqual({
      kind: 'call',
      name: 'file',
      args: [{ kind: 'template', parts: [{ kind: 'traversal', root: 'path', path: ['module'] }, { kind: 'literal', value: '/p.json' }] }],
    });
  });

  it('conditionals, for-expressions, operators and splats are parsed', () => {
    const f = hcl(text);
    expect(attr(f, 'p')).toEqual({
      kind: 'conditional',
      cond: { kind: 'traversal', root: 'var', path: ['a'], range: rng(16, 5, 16, 10) },
      ifTrue: { kind: 'literal', value: 1, range: rng(16, 13, 16, 14) },
      ifFalse: { kind: 'literal', value: 2, range: rng(16, 17, 16, 18) },
      range: rng(16, 5, 16, 18),
    });
    expect(attr(f, 'q')).toEqual({
      kind: 'for',
      keyVar: undefined,
      valueVar: 's',
      collection: { kind: 'traversal', root: 'var', path: ['l'], range: rng(17, 15, 17, 20) },
      key: undefined,
      value: { kind: 'call', name: 'upper', args: [{ kind: 'traversal', root: 's', path: [], range: rng(17, 29, 17, 30) }], range: rng(17, 23, 17, 31) },
      cond: undefined,
      grouping: undefined,
      range: rng(17, 5, 17, 32),
    });
    expect(attr(f, 'r')).toEqual({ kind: 'unary', op: '-', operand: { kind: 'literal', value: 1, range: rng(18, 6, 18, 7) }, range: rng(18, 5, 18, 7) });
    expect(attr(f, 's')).toEqual({ kind: 'splat', source: { kind: 'traversal', root: 'a', path: ['b'], range: rng(19, 5, 19, 8) }, path: ['c'], range: rng(19, 5, 19, 13) });
  });

  it('splats: attribute and full splats end the traversal; anything after an index expression inside stays text', () => {
    const f = hcl('a = var.l.*.arn\nb = aws_iam_role.r[*]\nc = var.l[*][var.i]\n');
    expect(f.body.attributes[0].expr).toEqual({ kind: 'splat', source: { kind: 'traversal', root: 'var', path: ['l'], range: rng(1, 5, 1, 10) }, path: ['arn'], range: rng(1, 5, 1, 16) });
    expect(f.body.attributes[1].expr).toEqual({ kind: 'splat', source: { kind: 'traversal', root: 'aws_iam_role', path: ['r'], range: rng(2, 5, 2, 19) }, path: [], range: rng(2, 5, 2, 22) });
    expect(f.body.attributes[2].expr.kind).toBe('other');
  });

  it('binary operands keep their traversals (the grammar flattens them)', () => {
    const e = hcl('x = !var.a && local.b.c != 0\n').body.attributes[0].expr;
    expect(e).toEqual({
      kind: 'binary',
      op: '&&',
      left: { kind: 'unary', op: '!', operand: { kind: 'traversal', root: 'var', path: ['a'], range: rng(1, 6, 1, 11) }, range: rng(1, 5, 1, 11) },
      right: {
        kind: 'binary',
        op: '!=',
        left: { kind: 'traversal', root: 'local', path: ['b', 'c'], range: rng(1, 15, 1, 24) },
        right: { kind: 'literal', value: 0, range: rng(1, 28, 1, 29) },
        range: rng(1, 15, 1, 29),
      },
      range: rng(1, 5, 1, 29),
    });
  });

  it('string templates keep exact part ranges', () => {
    const f = hcl(text);
    expect(attr(f, 'w')).toEqual({
      kind: 'template',
      parts: [
        { kind: 'literal', value: 'pre-', range: rng(23, 6, 23, 10) },
        { kind: 'traversal', root: 'var', path: ['env'], range: rng(23, 12, 23, 19) },
        { kind: 'literal', value: '-post', range: rng(23, 20, 23, 25) },
      ],
      range: rng(23, 5, 23, 26),
    });
  });

  it('template directives become other parts', () => {
    const t = 'a = "x%{ if var.on }yes%{ endif }"\n';
    expect(hcl(t).body.attributes[0].expr).toEqual({
      kind: 'template',
      parts: [
        { kind: 'literal', value: 'x', range: rng(1, 6, 1, 7) },
        { kind: 'other', text: '%{ if var.on }yes%{ endif }', range: rng(1, 7, 1, 34) },
      ],
      range: rng(1, 5, 1, 35),
    });
  });
});

describe('parseHcl: heredocs', () => {
  it('<<EOF keeps JSON text per line with exact ranges around interpolations', () => {
    const text = ['policy = <<EOF', '{', '  "Resource": "${aws_s3_bucket.b.arn}/*",', '  "u": "&{aws:username}"', '}', 'EOF', ''].join('\n');
    const e = hcl(text).body.attributes[0].expr;
    if (e.kind !== 'template') throw new Error(e.kind);
    expect(e.heredoc).toBe(true);
    expect(e.range).toEqual(rng(1, 10, 6, 4));
    expect(e.parts).toEqual([
      { kind: 'literal', value: '{\n', range: rng(2, 1, 3, 1) },
      { kind: 'literal', value: '  "Resource": "', range: rng(3, 1, 3, 16) },
      { kind: 'traversal', root: 'aws_s3_bucket', path: ['b', 'arn'], range: rng(3, 18, 3, 37) },
      { kind: 'literal', value: '/*",\n', range: rng(3, 38, 4, 1) },
      { kind: 'literal', value: '  "u": "&{aws:username}"\n', range: rng(4, 1, 5, 1) },
      { kind: 'literal', value: '}\n', range: rng(5, 1, 6, 1) },
    ]);
  });

  it('<<-EOF strips the common indentation and ranges start after it', () => {
    const text = ['resource "x" "y" {', '  policy = <<-EOF', '    {', '      "Action": "${var.a}"', '', '    }', '  EOF', '}', ''].join('\n');
    const e = hcl(text).body.blocks[0].body.attributes[0].expr;
    if (e.kind !== 'template') throw new Error(e.kind);
    expect(e.parts).toEqual([
      { kind: 'literal', value: '{\n', range: rng(3, 5, 4, 1) },
      { kind: 'literal', value: '  "Action": "', range: rng(4, 5, 4, 18) },
      { kind: 'traversal', root: 'var', path: ['a'], range: rng(4, 20, 4, 25) },
      { kind: 'literal', value: '"\n', range: rng(4, 26, 5, 1) },
      { kind: 'literal', value: '\n', range: rng(5, 1, 6, 1) },
      { kind: 'literal', value: '}\n', range: rng(6, 5, 7, 1) },
    ]);
    const json = e.parts.map((p) => (typeof p !== 'string' && p.kind === 'literal' ? p.value : 'X')).join('');
    expect(JSON.parse(json)).toEqual({ Action: 'X' });
  });

  it('an empty heredoc has no parts', () => {
    expect(shape(hcl('a = <<EOT\nEOT\n').body.attributes[0].expr)).toEqual({ kind: 'template', parts: [], heredoc: true });
  });
});

describe('parseHcl: comments, unicode, errors', () => {
  it('records #, // and /* */ comments with ranges', () => {
    const text = '# one\nresource "a" "b" { // two\n  /* three\n  more */ x = 1 # fedlint-ignore FL001\n}\n';
    const f = hcl(text);
    expect(f.comments).toEqual([
      { text: '# one', range: rng(1, 1, 1, 6) },
      { text: '// two', range: rng(2, 20, 2, 26) },
      { text: '/* three\n  more */', range: rng(3, 3, 4, 10) },
      { text: '# fedlint-ignore FL001', range: rng(4, 17, 4, 39) },
    ]);
    expect(f.body.blocks[0].body.attributes[0].range).toEqual(rng(4, 11, 4, 16));
  });

  it('counts columns in UTF-16 code units, like the other parsers', () => {
    const text = 'a = "😀é ${var.x}"\nb = "ü"\n';
    const f = hcl(text);
    expect(f.body.attributes[0].expr).toEqual({
      kind: 'template',
      parts: [
        { kind: 'literal', value: '😀é ', range: rng(1, 6, 1, 10) },
        { kind: 'traversal', root: 'var', path: ['x'], range: rng(1, 12, 1, 17) },
      ],
      range: rng(1, 5, 1, 19),
    });
    expect(f.body.attributes[1].expr).toEqual({ kind: 'literal', value: 'ü', range: rng(2, 5, 2, 8) });
  });

  it('syntax errors give a failure at the first error', () => {
    expect(failure('a = 1\nb = {\n  c = \n}\n')).toMatchObject({ file: 'main.tf', line: 3, column: 3 });
    expect(failure('resource "a" "b" {\n  x = 1\n')).toMatchObject({ line: 3, column: 1, message: 'invalid HCL: missing "}"' });
    expect(failure('x = [1,\n').line).toBe(1);
  });

  it('an empty file has an empty body', () => {
    expect(hcl('')).toEqual({ file: 'main.tf', body: { attributes: [], blocks: [] }, comments: [] });
  });
});

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const corpusExists = existsSync(CORPUS);
if (!corpusExists) console.warn(`test/unit/parse/hcl.test.ts: corpus test skipped, the shared corpus is absent (looked for ${CORPUS})`);

/**
 * Measured on 2026-11-26: 619 `.tf` files, 2 failures, both invalid HCL upstream (checkov fixtures that put a
 * `principals { … }` block inside a `statement = [{ … }]` object expression, which Terraform rejects too).
 */
const EXPECTED_FAILURES = [
  'bridgecrewio__checkov/tests/terraform/checks/data/aws/example_AdminPolicyDocument/main.tf:28',
  'bridgecrewio__checkov/tests/terraform/checks/data/aws/example_StarActionPolicyDocument/main.tf:34',
];

describe.skipIf(!corpusExists)('parseHcl: shared corpus', () => {
  it('parses every .tf file without throwing', () => {
    const files = globbySync('**/*.tf', { cwd: CORPUS, dot: true }).sort();
    expect(files.length).toBeGreaterThan(500);
    const failures: string[] = [];
    for (const rel of files) {
      const d = decode(readFileSync(path.join(CORPUS, rel)));
      if ('error' in d) continue;
      const r = parseHcl(rel, d.text);
      if ('message' in r) failures.push(`${rel}:${r.line}`);
    }
    expect(failures).toEqual(EXPECTED_FAILURES);
  });
});
