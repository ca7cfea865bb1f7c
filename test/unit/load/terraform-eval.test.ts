import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { type ScanResult, scanInputs } from '../../../src/cli/scan.js';
import { Evaluator, LocMap, type LV, parseJsonString, plain, type ReadFile, type Resolver, select, unknownLV } from '../../../src/load/terraform/eval.js';
import { type Entity, isUnknown, SELF_ACCOUNT, type Unknown } from '../../../src/model/index.js';
import { type HclExpr, initHcl, parseHcl } from '../../../src/parse/hcl/index.js';

/** The expression of `x = <src>` in t.tf: it starts at line 1, column 5. */
function expr(src: string): HclExpr {
  const f = parseHcl('t.tf', `x = ${src}\n`);
  if (!('body' in f)) throw new Error(`${src}: ${f.message}`);
  return f.body.attributes[0].expr;
}

/** `var.*` names, written in scope.tf from line 1 (a variable's value keeps its own place). */
const SCOPE = `{
  m = { a = "1", b = "x" }
  l = ["p", "q"]
  n = 3
  s = "role"
  nul = null
}`;

let scope: LV;

/**
 * `var.<name>` reads SCOPE, `u` is a value that is not known (not an error), `err` is one Terraform would stop on
 * (what `try`/`can` catch); any other root is not in scope.
 */
const resolve: Resolver = (root, path, loc) => {
  if (root === 'var') {
    const v = select(scope, path.slice(0, 1), loc, 'var');
    return v.kind === 'unknown' ? v : select(v, path.slice(1), loc, `var.${String(path[0])}`);
  }
  if (root === 'u') return unknownLV(loc, 'u is not known', undefined, 'parameter');
  if (root === 'err') return { ...unknownLV(loc, 'err fails'), error: true };
  return unknownLV(loc, `${root} is not in scope`, undefined, 'missing-reference');
};

const FILES: Record<string, string> = { 'p.json': '{\n  "a": 1\n}', 't.tpl': 'role-${name}/${team}' };
const read: ReadFile = (p) => (p in FILES ? { rel: p, text: FILES[p] } : { error: `file ${p} is not in the scan` });

const ev = (src: string): LV => new Evaluator('t.tf', resolve, undefined, read).eval(expr(src));
/** The Unknown a value stands for: an unknown itself, or a string with holes as LocMap flattens it. */
function unknownOf(v: LV): Unknown {
  const flat = new LocMap().flatten(v, '');
  if (!isUnknown(flat)) throw new Error(`known: ${JSON.stringify(flat)}`);
  return flat;
}

beforeAll(async () => {
  await initHcl();
  const f = parseHcl('scope.tf', `s = ${SCOPE}\n`);
  if (!('body' in f)) throw new Error(f.message);
  scope = new Evaluator('scope.tf', (_r, _p, loc) => unknownLV(loc, 'scope is literal')).eval(f.body.attributes[0].expr);
});

describe('Evaluator functions: a known value, and why a value is not known', () => {
  const known: Array<[string, unknown]> = [
    ['jsonencode({ a = 1, b = [true, null] })', { a: 1, b: [true, null] }],
    ['tolist(["a"])', ['a']],
    ['toset(["a", "b"])', ['a', 'b']],
    ['tomap({ k = "v" })', { k: 'v' }],
    ['tostring("s")', 's'],
    ['merge({ a = 1, b = 2 }, { b = 3 }, var.m)', { a: '1', b: 'x' }],
    ['concat(["a"], [], var.l)', ['a', 'p', 'q']],
    ['format("%s-%d %%", "a", 2)', 'a-2 %'],
    ['lookup(var.m, "a")', '1'],
    ['lookup(var.m, "zz", "d")', 'd'],
    ['file("p.json")', '{\n  "a": 1\n}'],
    ['templatefile("t.tpl", { name = "ci", team = var.s })', 'role-ci/role'],
    ['try(var.m.zz, var.l[5], "d")', 'd'],
    ['try(var.m.a, "d")', '1'],
    ['can(var.m.a)', true],
    ['can(var.m.zz)', false],
    ['can(err)', false],
    ['coalesce("", null, "a", "b")', 'a'],
    ['coalescelist([], ["a"], ["b"])', ['a']],
    ['compact(["a", "", null, "b"])', ['a', 'b']],
    ['distinct(["a", "b", "a", 1, 1])', ['a', 'b', 1]],
    ['flatten([["a", ["b"]], "c", []])', ['a', 'b', 'c']],
    ['length(["a", "b"])', 2],
    ['length({ a = 1 })', 1],
    ['length("héllo")', 5],
    ['element(["a", "b"], 3)', 'b'],
    ['one(["a"])', 'a'],
    ['one([])', null],
    ['keys({ b = 1, a = 2 })', ['a', 'b']],
    ['values({ b = 1, a = 2 })', [2, 1]],
    ['contains(["a", "b"], "b")', true],
    ['contains([["a"]], ["a"])', true],
    ['contains(["a"], "c")', false],
    ['join("-", ["a", var.s, 1])', 'a-role-1'],
    ['split(",", "a,,b")', ['a', '', 'b']],
    ['lower("AbC")', 'abc'],
    ['replace("https://token.actions.githubusercontent.com", "https://", "")', 'token.actions.githubusercontent.com'],
    ['trimprefix("https://oidc.eks", "https://")', 'oidc.eks'],
    ['trimprefix("oidc.eks", "https://")', 'oidc.eks'],
    ['trimsuffix("role/ci/", "/")', 'role/ci'],
    ['startswith("repo:acme/app", "repo:")', true],
    ['endswith("repo:acme/app", ":main")', false],
    ['upper(var.s)', 'ROLE'],
  ];
  it.each(known)('%s', (src, want) => {
    const v = ev(src);
    expect(v.kind === 'unknown' ? v.value.reason : plain(v)).toEqual(want);
    expect(v.error).toBeUndefined();
  });

  // [expression, reason, error]: `error` marks what Terraform stops on (caught by try/can), else a value not known.
  const unknown: Array<[string, string, boolean]> = [
    ['jsonencode(1, 2)', 'jsonencode takes one argument', false],
    ['tostring()', 'tostring takes one argument', false],
    ['merge({ a = 1 }, u)', 'merge of a value that is not a known map', false],
    ['merge({ a = 1 }, "x")', 'merge of a value that is not a known map', false],
    ['concat(["a"], "b")', 'concat of a value that is not a known list', false],
    ['concat(u)', 'concat of a value that is not a known list', false],
    ['format(u, "a")', 'format with an unknown format string', false],
    ['lookup(u, "a")', 'lookup in a map that is not known', false],
    ['lookup(var.m, u)', 'lookup in a map that is not known', false],
    ['file("nope.json")', 'file nope.json is not in the scan', false],
    ['file(u)', 'u is not known', false],
    ['file(1)', 'file of a path that is not known', false],
    ['templatefile("t.tpl", "x")', 'templatefile with variables that are not a known map', false],
    ['try(u, "d")', 'u is not known', false],
    ['try(err, var.m.zz)', 'no argument of try can be evaluated', true],
    ['can(u)', 'u is not known', false],
    ['coalesce(u, "a")', 'u is not known', false],
    ['coalesce("", null)', 'coalesce: every argument is null or empty', true],
    ['coalescelist([], "x")', 'coalescelist of a value that is not a list', false],
    ['coalescelist(u, ["a"])', 'u is not known', false],
    ['coalescelist([])', 'coalescelist: every argument is empty', true],
    ['compact("x")', 'compact of a value that is not a known list', false],
    ['compact(u)', 'u is not known', false],
    ['distinct({ a = 1 })', 'distinct of a value that is not a known list', false],
    ['flatten(u)', 'u is not known', false],
    ['length(u)', 'u is not known', false],
    ['length(1)', 'length of a value that is not known', false],
    ['element([], 0)', 'element of a list or index that is not known', false],
    ['element(["a"], u)', 'element of a list or index that is not known', false],
    ['element(["a"], "0")', 'element of a list or index that is not known', false],
    ['one(["a", "b"])', 'one of a list of 2 elements', true],
    ['one(u)', 'u is not known', false],
    ['keys("x")', 'keys of a value that is not a known map', false],
    ['values(u)', 'u is not known', false],
    ['contains(["a", u], "a")', 'contains of values that are not known', false],
    ['contains(["a"], u)', 'contains of values that are not known', false],
    ['join(u, ["a"])', 'join of values that are not known', false],
    ['join("-", "a")', 'join of values that are not known', false],
    ['split(",", u)', 'u is not known', false],
    ['split(",", "a${u}")', 'u is not known', false],
    ['lower(1)', 'lower of a value that is not a known string', false],
    ['replace("a-b", "/-/", "_")', 'replace with a regular expression is not evaluated', false],
    ['replace("a", 1, "b")', 'replace of values that are not known strings', false],
    ['upper(u)', 'u is not known', false],
    ['concat(var.l...)', 'concat(…) with expanded arguments is not evaluated', false],
  ];
  it.each(unknown)('%s', (src, reason, error) => {
    const v = ev(src);
    expect(v.kind).toBe('unknown');
    expect(v.kind === 'unknown' && v.value.reason).toBe(reason);
    expect(v.error === true).toBe(error);
  });

  it('an unknown keeps its cause through the functions that pass it on; a file that is not read is a missing reference', () => {
    for (const src of ['file(u)', 'try(u, "d")', 'coalesce(u)', 'length(u)', 'upper(u)', 'compact(u)', 'keys(u)']) {
      const v = ev(src);
      expect(v.kind === 'unknown' && v.value.cause, src).toBe('parameter');
    }
    const f = ev('file("nope.json")');
    expect(f.kind === 'unknown' && f.value.cause).toBe('missing-reference');
    const noReader = new Evaluator('t.tf', resolve).eval(expr('file("p.json")'));
    expect(noReader.kind === 'unknown' && noReader.value.reason).toBe('file("p.json") is not read in this scan');
  });

  it('format and join keep the known text around an unknown argument (`?`)', () => {
    expect(unknownOf(ev('format("arn:%s:role/%s", "aws", u)'))).toMatchObject({ reason: 'u is not known', partial: 'arn:aws:role/?', cause: 'parameter' });
    expect(unknownOf(ev('format("r-%s", var.nul)'))).toMatchObject({ reason: 'a format argument that is not a known string', partial: 'r-?' });
    expect(unknownOf(ev('join("/", ["a", u, "b"])'))).toMatchObject({ reason: 'u is not known', partial: 'a/?/b' });
    expect(unknownOf(ev('join("/", ["a", ["b"]])'))).toMatchObject({ reason: 'a list element that is not a known string', partial: 'a/?' });
  });

  it('toset() drops duplicates (a set)', () => {
    expect(plain(ev('length(toset(["a", "b", "a"]))'))).toBe(2);
  });

  it('lower() of a string with a hole keeps the hole reason and cause', () => {
    expect(ev('lower("r-${u}")')).toMatchObject({ kind: 'unknown', value: { reason: 'u is not known', cause: 'parameter' } });
  });

  it('templatefile: the template is located at its own lines; a name it is not given is a hole with the reason', () => {
    const v = ev('templatefile("t.tpl", { name = "ci" })');
    expect(unknownOf(v)).toMatchObject({ reason: 'team is not a variable of template t.tpl', partial: 'role-ci/?' });
    if (v.kind !== 'scalar') throw new Error(v.kind);
    expect(v.segs?.map((g) => [g.start, g.length, g.exact, g.loc.file, g.loc.range.line, g.loc.range.column, g.loc.range.endColumn])).toEqual([
      [0, 5, true, 't.tpl', 1, 1, 6],
      [5, 2, false, 't.tpl', 1, 8, 12],
      [7, 1, true, 't.tpl', 1, 13, 14],
      [8, 3, false, 't.tpl', 1, 16, 20],
    ]);
  });

  it('file(): each line of the file is a segment exact on its columns', () => {
    const v = ev('file("p.json")');
    expect(v.loc).toEqual({ file: 'p.json', range: { line: 1, column: 1, endLine: 3, endColumn: 2 } });
    if (v.kind !== 'scalar') throw new Error(v.kind);
    const doc = parseJsonString(v);
    if ('error' in doc || doc.kind !== 'object') throw new Error('not an object');
    expect(doc.entries[0].value.loc).toEqual({ file: 'p.json', range: { line: 2, column: 8, endLine: 2, endColumn: 9 } });
  });
});

describe('Evaluator error unknowns: a missing key or index is an error, caught by try and can', () => {
  const errors: Array<[string, string]> = [
    ['var.m.zz', 'var.m has no zz'],
    ['var.l[5]', 'var.l has no element 5'],
    ['var.s.x', 'var.s.x does not exist'],
    ['var.l.first', 'var.l.first does not exist'],
    ['var.zz', 'var has no zz'],
  ];
  it.each(errors)('%s', (src, reason) => {
    const v = ev(src);
    expect(v.kind === 'unknown' && v.value.reason).toBe(reason);
    expect(v.error).toBe(true);
    expect(plain(ev(`try(${src}, "d")`))).toBe('d');
    expect(plain(ev(`can(${src})`))).toBe(false);
  });

  it('an index that is not known is not an error: try and can pass it on', () => {
    const v = ev('var.l[u]');
    expect(v.kind === 'unknown' && v.value.reason).toBe('index of var is not known');
    expect(v.error).toBeUndefined();
    expect(ev('can(var.l[u])').kind).toBe('unknown');
  });

  it('a key computed from a known value selects', () => {
    expect(plain(ev('var.m[var.s == "role" ? "b" : "a"]'))).toBe('x');
    expect(plain(ev('var.l[length(var.l) - 1]'))).toBe('q');
  });

  it('lookup without a default on a missing key is an error: can() is false', () => {
    expect(ev('lookup(var.m, "zz")').error).toBe(true);
    expect(plain(ev('can(lookup(var.m, "zz"))'))).toBe(false);
  });

  it('one() of two elements is an error: try() takes its next argument', () => {
    expect(plain(ev('try(one(["a", "b"]), "d")'))).toBe('d');
  });

  it('a negative list index is an error Unknown', () => {
    const v = ev('var.l[-1]');
    expect(v.kind === 'unknown' && v.error).toBe(true);
  });
  it('a fractional list index is an error Unknown', () => {
    const v = ev('var.l[0.5]');
    expect(v.kind === 'unknown' && v.error).toBe(true);
  });
  it('element() with a negative index is an error Unknown', () => {
    const v = ev('element(["a", "b"], -1)');
    expect(v?.kind).toBe('unknown');
  });
});

describe('Evaluator operators', () => {
  const known: Array<[string, unknown]> = [
    ['1 + 2 * 3', 7],
    ['7 % 4 - 10 / 4', 0.5],
    ['-var.n', -3],
    ['!true', false],
    ['false && u', false],
    ['true || u', true],
    ['u && false', false],
    ['u || true', true],
    ['true && !false', true],
    ['1 == 1', true],
    ['"a" != "b"', true],
    ['[1, "a"] == [1, "a"]', true],
    ['{ a = 1 } == { a = 2 }', false],
    ['var.n < 4', true],
    ['var.n >= 4', false],
    ['var.n <= 3', true],
    ['var.n > 3', false],
  ];
  it.each(known)('%s', (src, want) => {
    const v = ev(src);
    expect(v.kind === 'unknown' ? v.value.reason : plain(v)).toEqual(want);
  });

  const unknown: Array<[string, string]> = [
    ['true && u', 'u is not known'],
    ['u || false', 'u is not known'],
    ['"a" && true', '&& of values that are not bools'],
    ['u == 1', 'u is not known'],
    ['1 != u', 'u is not known'],
    ['u < 1', 'u is not known'],
    ['[u] == [1]', '== of a value that is not known'],
    ['1 == { a = u }', '== of a value that is not known'],
    ['"a" < 1', '< of values that are not numbers'],
    ['"a" + 1', '+ of values that are not numbers'],
    ['-u', 'u is not known'],
    ['!"x"', '! of a value of the wrong type'],
    ['-"x"', '- of a value of the wrong type'],
  ];
  it.each(unknown)('%s', (src, reason) => {
    const v = ev(src);
    expect(v.kind === 'unknown' && v.value.reason).toBe(reason);
  });

  it('a binary operation whose left operand is parenthesized is parsed', () => {
    expect(plain(ev('(1 + 2) * 3'))).toBe(9);
  });

  it('an operator result is located at the whole operation', () => {
    expect(ev('1 + 2').loc.range).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 10 });
    // A short-circuit result is the operation's, not the operand's.
    expect(ev('u || true').loc.range).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 14 });
  });
});

describe('Evaluator conditionals and for expressions', () => {
  it('a known condition picks its branch; the other branch is not evaluated', () => {
    expect(plain(ev('var.n > 1 ? "big" : "small"'))).toBe('big');
    expect(plain(ev('false ? err : "b"'))).toBe('b');
    expect(ev('true ? var.m.zz : "b"').error).toBe(true);
  });

  it('a condition that is not known, or not a bool: Unknown with the reason and cause', () => {
    const v = ev('u ? "a" : "b"');
    expect(v.kind === 'unknown' && v.value).toMatchObject({ reason: 'a condition that is not known (u is not known)', cause: 'parameter' });
    const w = ev('"x" ? "a" : "b"');
    expect(w.kind === 'unknown' && w.value).toMatchObject({ reason: 'a condition that is not a bool', cause: 'computed' });
  });

  const known: Array<[string, unknown]> = [
    ['[for s in ["a", "b"] : upper(s)]', ['A', 'B']],
    ['[for i, s in ["a", "b"] : "${i}${s}"]', ['0a', '1b']],
    ['[for s in ["a", "", "b"] : s if s != ""]', ['a', 'b']],
    ['[for v in { a = 1, b = 2 } : v * 10]', [10, 20]],
    ['{ for k, v in var.m : v => k }', { '1': 'a', x: 'b' }],
    ['{ for s in var.l : s => length(s) if s != "q" }', { p: 1 }],
    ['[for s in [] : s]', []],
    ['[for s in var.l : [for t in var.l : "${s}${t}"]]', [['pp', 'pq'], ['qp', 'qq']]],
  ];
  it.each(known)('%s', (src, want) => {
    const v = ev(src);
    expect(v.kind === 'unknown' ? v.value.reason : plain(v)).toEqual(want);
  });

  const unknown: Array<[string, string]> = [
    ['[for s in u : s]', 'a for expression over a collection that is not known (u is not known)'],
    ['[for s in "ab" : s]', 'a for expression over a value that is not a collection'],
    ['[for s in ["a"] : s if u]', 'a for expression whose condition is not known'],
    ['{ for s in ["a"] : u => s }', 'a for expression whose keys are not known'],
    ['{ for s in ["a", "a"] : s => s... }', 'a for expression whose keys are not known'],
  ];
  it.each(unknown)('%s', (src, reason) => {
    const v = ev(src);
    expect(v.kind === 'unknown' && v.value.reason).toBe(reason);
  });

  it('a for expression over a map iterates in key order', () => {
    expect(plain(ev('[for k, v in { b = 1, a = 2 } : k]'))).toEqual(['a', 'b']);
  });

  it('a for over an unknown keeps its cause; an unknown element stays an unknown item', () => {
    const v = ev('[for s in u : s]');
    expect(v.kind === 'unknown' && v.value.cause).toBe('parameter');
    const w = ev('[for s in ["a", u] : s]');
    expect(w.kind === 'list' && w.items.map((i) => (i.kind === 'unknown' ? i.value.reason : plain(i)))).toEqual(['a', 'u is not known']);
  });

  it('with(): bound names shadow the resolver; a path into a bound name is selected', () => {
    const e = new Evaluator('t.tf', resolve).with(new Map([['it', ev('{ key = "k", value = ["v"] }')]]));
    expect(plain(e.eval(expr('"${it.key}-${it.value[0]}-${var.s}"')))).toBe('k-v-role');
    const missing = e.eval(expr('it.other'));
    expect(missing.kind === 'unknown' && missing.value.reason).toBe('it has no other');
    expect(missing.error).toBe(true);
  });
});

describe('Evaluator templates', () => {
  it('a hole keeps the known text around it in partial, with the hole reason and cause', () => {
    const v = ev('"role-${u}"');
    expect(plain(v)).toBeUndefined();
    expect(unknownOf(v)).toMatchObject({ reason: 'u is not known', partial: 'role-?', cause: 'parameter' });
  });

  it('holes of an interpolated string are renumbered into the outer one', () => {
    const v = ev('"${u}/${"n-${var.zz}"}/${u}"');
    expect(v.kind === 'scalar' && v.holes?.map((h) => h.reason)).toEqual(['u is not known', 'var has no zz', 'u is not known']);
    expect(unknownOf(v).partial).toBe('?/n-?/?');
  });

  it('null, a list or a map in a template is a hole', () => {
    expect(unknownOf(ev('"a-${var.nul}"'))).toMatchObject({ reason: 'null in a template', partial: 'a-?' });
    expect(unknownOf(ev('"a-${var.l}"'))).toMatchObject({ reason: 'a list or map in a template', partial: 'a-?' });
  });

  it('"${x}" alone is x of its own type', () => {
    expect(plain(ev('"${var.n}"'))).toBe(3);
    expect(plain(ev('"${var.l}"'))).toEqual(['p', 'q']);
  });

  it('segments: literal text exact on its columns, an interpolation at the reference', () => {
    const v = ev('"a-${var.s}-b"');
    expect(plain(v)).toBe('a-role-b');
    if (v.kind !== 'scalar') throw new Error(v.kind);
    expect(v.segs).toEqual([
      { start: 0, length: 2, exact: true, loc: { file: 't.tf', range: { line: 1, column: 6, endLine: 1, endColumn: 8 } } },
      { start: 2, length: 4, exact: false, loc: { file: 't.tf', range: { line: 1, column: 10, endLine: 1, endColumn: 15 } } },
      { start: 6, length: 2, exact: true, loc: { file: 't.tf', range: { line: 1, column: 16, endLine: 1, endColumn: 18 } } },
    ]);
    expect(v.loc.range).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 19 });
  });

  it('a JSON string with a hole: the value at the hole is Unknown with its reason, the rest located at its columns', () => {
    const v = ev('"{\\"a\\": \\"${u}\\", \\"b\\": \\"y\\"}"');
    if (v.kind !== 'scalar') throw new Error(v.kind);
    const doc = parseJsonString(v);
    if ('error' in doc || doc.kind !== 'object') throw new Error('not an object');
    const [a, b] = doc.entries.map((e) => e.value);
    expect(a.kind === 'unknown' && a.value.reason).toBe('u is not known');
    expect(plain(b)).toBe('y');
  });

  it('a heredoc JSON document: each value at its exact line and column; a JSON error at the .tf line', () => {
    const f = parseHcl('t.tf', 'x = <<EOT\n{\n  "Action": "s3:Get${var.s}"\n}\nEOT\ny = <<EOT\n{\n  "a": ,\n}\nEOT\n');
    if (!('body' in f)) throw new Error(f.message);
    const e = new Evaluator('t.tf', resolve);
    const v = e.eval(f.body.attributes[0].expr);
    if (v.kind !== 'scalar') throw new Error(v.kind);
    const doc = parseJsonString(v);
    if ('error' in doc || doc.kind !== 'object') throw new Error('not an object');
    expect(plain(doc)).toEqual({ Action: 's3:Getrole' });
    expect(doc.entries[0].keyLoc.range).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 11 });
    expect(doc.entries[0].value.loc.range.line).toBe(3);
    expect(doc.entries[0].value.loc.range.column).toBe(13);
    const bad = e.eval(f.body.attributes[1].expr);
    if (bad.kind !== 'scalar') throw new Error(bad.kind);
    const err = parseJsonString(bad);
    expect('error' in err && err.loc.range.line).toBe(8);
  });
});

describe('Evaluator locations', () => {
  it('a literal keeps its own range (quotes included, so not exact on columns); an escaped one is not exact', () => {
    const v = ev('"abc"');
    expect(v.loc).toEqual({ file: 't.tf', range: { line: 1, column: 5, endLine: 1, endColumn: 10 } });
    expect(v.kind === 'scalar' && v.segs).toEqual([{ start: 0, length: 3, exact: false, loc: v.loc }]);
    const esc = ev('"a\\"b"');
    expect(plain(esc)).toBe('a"b');
    expect(esc.kind === 'scalar' && esc.segs?.every((s) => !s.exact)).toBe(true);
    expect(ev('[1, 22]').kind === 'list' && (ev('[1, 22]') as LV & { kind: 'list' }).items[1].loc.range).toEqual({ line: 1, column: 9, endLine: 1, endColumn: 11 });
  });

  it('a value read through var.x is located where the reference is written, not at its declaration', () => {
    const s = scope.kind === 'object' ? scope.entries.find((e) => e.key === 's')!.value : scope;
    expect(s.loc).toEqual({ file: 'scope.tf', range: { line: 5, column: 7, endLine: 5, endColumn: 13 } });
    const v = ev('   var.s');
    expect(v.loc).toEqual({ file: 't.tf', range: { line: 1, column: 8, endLine: 1, endColumn: 13 } });
    expect(v.kind === 'scalar' && v.segs).toEqual([{ start: 0, length: 4, exact: false, loc: v.loc }]);
    const u = ev('u');
    expect(u.loc.range).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 6 });
  });

  it('a list or map read through a reference keeps the places of its elements', () => {
    const l = ev('var.l');
    expect(l.kind === 'list' && l.items.map((i) => `${i.loc.file}:${i.loc.range.line}:${i.loc.range.column}`)).toEqual(['scope.tf:3:8', 'scope.tf:3:13']);
  });

  it('a module instance: locations carry the call chain', () => {
    const via = [{ module: 'module.a', file: 'main.tf', range: { line: 1, column: 1, endLine: 1, endColumn: 7 } }];
    const v = new Evaluator('mod/t.tf', resolve, via).eval(expr('"x"'));
    expect(v.loc).toEqual({ file: 'mod/t.tf', range: { line: 1, column: 5, endLine: 1, endColumn: 8 }, via });
  });

  it('LocMap: the flattened value records each pointer; a pointer without its own place is approximate at its parent', () => {
    const m = new LocMap();
    const flat = m.flatten(ev('{ a = ["p", u] }'), '/v');
    expect((flat as { a: unknown[] }).a[0]).toBe('p');
    expect(isUnknown((flat as { a: unknown[] }).a[1])).toBe(true);
    expect(m.locate('/v/a/1').range).toEqual({ line: 1, column: 17, endLine: 1, endColumn: 18 });
    expect(m.locate('/v/a', true).range).toEqual({ line: 1, column: 7, endLine: 1, endColumn: 8 });
    expect(m.locate('/v/a/7')).toMatchObject({ approximate: true, range: { line: 1, column: 11, endLine: 1, endColumn: 19 } });
  });

  it('an expression nested past the depth limit is Unknown', () => {
    const deep = `${'['.repeat(70)}1${']'.repeat(70)}`;
    let v = ev(deep);
    while (v.kind === 'list') v = v.items[0];
    expect(v.kind === 'unknown' && v.value.reason).toBe('expression nested too deeply');
  });
});

const enc = (s: string) => new TextEncoder().encode(s);
const scan = (files: Record<string, string>) => scanInputs(Object.entries(files).map(([rel, text]) => ({ rel, bytes: enc(text) })), RULES);

function roleName(r: ScanResult, id: string): Extract<Entity, { kind: 'role' }>['name'] {
  const e = r.model.entities.find((x) => x.kind === 'role' && x.id === id);
  if (e?.kind !== 'role') throw new Error(`no role ${id} among ${r.model.entities.map((x) => `${x.kind} ${x.id}`).join(', ')}`);
  return e.name;
}

describe('Terraform reference kinds through the loader (the role name reads each)', () => {

  // One role per reference: `name = <expression>`. ARNs are built from name and path, and `id` is the name
  // (sts-semantics.md §8.2); the caller's account is SELF_ACCOUNT.
  const CASES: Array<[string, string, string | { reason: string; cause: Unknown['cause']; partial?: string }]> = [
    ['var_default', 'var.acct', '111122223333'],
    ['var_no_default', '"r-${var.nodef}"', { reason: 'variable nodef has no default', cause: 'parameter', partial: 'r-?' }],
    ['var_undeclared', 'var.nope', { reason: 'variable nope is not declared', cause: 'missing-reference' }],
    ['var_key', 'var.tags["team"]', 'ops'],
    ['local', 'local.full', 'ops-role'],
    ['local_undeclared', 'local.nope', { reason: 'local nope is not declared', cause: 'missing-reference' }],
    ['local_cycle', 'local.a', { reason: 'local.a refers to itself', cause: 'computed' }],
    ['user_arn', 'aws_iam_user.u.arn', `arn:aws:iam::${SELF_ACCOUNT}:user/eng/alice`],
    ['user_name', 'aws_iam_user.u.name', 'alice'],
    ['group_arn', 'aws_iam_group.g.arn', `arn:aws:iam::${SELF_ACCOUNT}:group/devs`],
    ['group_id', 'aws_iam_group.g.id', 'devs'],
    ['policy_arn', 'aws_iam_policy.p.arn', `arn:aws:iam::${SELF_ACCOUNT}:policy/pol`],
    ['saml_arn', 'aws_iam_saml_provider.s.arn', `arn:aws:iam::${SELF_ACCOUNT}:saml-provider/okta`],
    ['profile_arn', 'aws_iam_instance_profile.ip.arn', `arn:aws:iam::${SELF_ACCOUNT}:instance-profile/prof`],
    ['role_arn', 'aws_iam_role.var_default.arn', `arn:aws:iam::${SELF_ACCOUNT}:role/111122223333`],
    ['oidc_arn', 'aws_iam_openid_connect_provider.o.arn', `arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/oidc.example.com`],
    ['oidc_unknown', 'aws_iam_openid_connect_provider.o2.arn', { reason: 'the url of aws_iam_openid_connect_provider.o2 is not known', cause: 'computed', partial: `arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/?` }],
    ['prefixed', 'aws_iam_user.pre.name', { reason: 'aws_iam_user.pre has no name: Terraform chooses it at apply', cause: 'computed', partial: 'svc-?' }],
    ['own_attribute', 'aws_iam_user.u.path', '/eng/'],
    ['after_apply', 'aws_iam_user.u.unique_id', { reason: 'aws_iam_user.u.unique_id is known only after apply', cause: 'computed' }],
    ['missing_resource', 'aws_iam_user.nope.name', { reason: 'aws_iam_user.nope.name refers to a resource that is not in this module', cause: 'missing-reference' }],
    ['counted', 'aws_iam_user.many[1].name', 'many'],
    ['count_zero', 'try(aws_iam_user.zero[0].name, "fallback")', 'fallback'],
    ['count_zero_direct', 'aws_iam_user.zero[0].name', { reason: 'aws_iam_user.zero has no instance (count or for_each is empty)', cause: 'computed' }],
    ['caller', 'data.aws_caller_identity.me.account_id', SELF_ACCOUNT],
    ['partition', 'data.aws_partition.cur.partition', 'aws'],
    ['data_import', 'data.aws_iam_role.ext.arn', { reason: 'data.aws_iam_role.ext.arn is read from AWS at plan time', cause: 'import' }],
    ['data_undeclared', 'data.aws_iam_role.nope.arn', { reason: 'data.aws_iam_role.nope is not declared in this module', cause: 'missing-reference' }],
    ['module_undeclared', 'module.nope.name', { reason: 'module nope is not declared', cause: 'missing-reference' }],
    ['count_index', '"r-${count.index}"', { reason: 'count.index differs per instance (one instance is read)', cause: 'computed', partial: 'r-?' }],
    ['path_module', '"${path.module}/${path.root}"', './.'],
    ['path_cwd', 'path.cwd', { reason: 'path.cwd is not evaluated', cause: 'computed' }],
    ['workspace', 'terraform.workspace', { reason: 'terraform.workspace is not evaluated', cause: 'computed' }],
    ['policy_doc_undeclared', 'data.aws_iam_policy_document.nope.json', { reason: 'data.aws_iam_policy_document.nope is not declared in this module', cause: 'missing-reference' }],
  ];

  const TF = `variable "acct" {
  default = "111122223333"
}
variable "nodef" {}
variable "tags" {
  default = { team = "ops" }
}
locals {
  team = var.tags.team
  full = "\${local.team}-role"
  a    = local.b
  b    = local.a
}
resource "aws_iam_user" "u" {
  name = "alice"
  path = "/eng/"
}
resource "aws_iam_user" "pre" {
  name_prefix = "svc-"
}
resource "aws_iam_user" "many" {
  count = 2
  name  = "many"
}
resource "aws_iam_user" "zero" {
  count = 0
  name  = "zero"
}
resource "aws_iam_group" "g" {
  name = "devs"
}
resource "aws_iam_policy" "p" {
  name   = "pol"
  policy = "{}"
}
resource "aws_iam_saml_provider" "s" {
  name                   = "okta"
  saml_metadata_document = "<x/>"
}
resource "aws_iam_instance_profile" "ip" {
  name = "prof"
}
resource "aws_iam_openid_connect_provider" "o" {
  url = "https://oidc.example.com"
}
resource "aws_iam_openid_connect_provider" "o2" {
  url = var.nodef
}
data "aws_caller_identity" "me" {}
data "aws_partition" "cur" {}
data "aws_iam_role" "ext" {
  name = "x"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
${CASES.map(([id, e]) => `resource "aws_iam_role" "${id}" {\n  name = ${e}\n}\n`).join('')}`;

  let r: ScanResult;
  beforeAll(async () => {
    await initHcl();
    r = scan({ 'm/main.tf': TF });
  });

  it('scans without input errors', () => {
    expect(r.errors).toEqual([]);
    expect(r.model.inputErrors).toEqual([]);
  });

  it.each(CASES)('%s: %s', (id, _e, want) => {
    const name = roleName(r, `aws_iam_role.${id}`);
    if (typeof want === 'string') expect(name).toBe(want);
    else {
      expect(isUnknown(name)).toBe(true);
      expect(isUnknown(name) && { reason: name.reason, cause: name.cause, ...(name.partial !== undefined ? { partial: name.partial } : {}) }).toEqual(want);
    }
  });

  it('a negative index in one attribute leaves the other resources of the file read', () => {
    const res = scan({ 'm/main.tf': 'variable "l" {\n  default = ["a", "b"]\n}\nresource "aws_iam_role" "r" {\n  name = var.l[-1]\n}\nresource "aws_iam_role" "ok" {\n  name = "ok"\n}\n' });
    expect(res.errors).toEqual([]);
    expect(roleName(res, 'aws_iam_role.ok')).toBe('ok');
  });

  it('path.module in a module is its directory relative to the root module; module outputs, present or not', () => {
    const res = scan({
      'root/main.tf': `module "a" {
  source = "../mods/a"
}
resource "aws_iam_role" "out" {
  name = module.a.out
}
resource "aws_iam_role" "nope" {
  name = module.a.nope
}
resource "aws_iam_role" "whole" {
  name = module.a
}
`,
      'mods/a/main.tf': 'resource "aws_iam_role" "r" {\n  name = path.module\n}\noutput "out" {\n  value = "${aws_iam_role.r.name}-x"\n}\n',
    });
    expect(roleName(res, 'module.a.aws_iam_role.r')).toBe('../mods/a');
    expect(roleName(res, 'aws_iam_role.out')).toBe('../mods/a-x');
    expect(roleName(res, 'aws_iam_role.nope')).toMatchObject({ reason: 'the module has no output nope', cause: 'missing-reference' });
    expect(roleName(res, 'aws_iam_role.whole')).toMatchObject({ reason: 'module.a is a whole module' });
  });
});
