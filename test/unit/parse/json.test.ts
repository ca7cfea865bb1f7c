import { describe, expect, it } from 'vitest';
import type { Range } from '../../../src/model/index.js';
import { isParseFailure, parseBytes, type ParsedDoc, type ParseFailure } from '../../../src/parse/index.js';
import { parseJson } from '../../../src/parse/json.js';

const enc = (s: string) => new TextEncoder().encode(s);

function jsonDoc(text: string, file = 'template.json'): ParsedDoc {
  const r = parseJson(file, text);
  if (isParseFailure(r)) throw new Error(`expected ${file} to parse, got ${r.line}:${r.column} ${r.message}`);
  return r;
}

function jsonFailure(text: string, file = 'template.json'): ParseFailure {
  const { doc, failure } = parseBytes(file, enc(text));
  if (!failure) throw new Error(`expected ${file} to fail, got ${JSON.stringify(doc?.value).slice(0, 200)}`);
  return failure;
}

function slice(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.line === r.endLine) return lines[r.line - 1].slice(r.column - 1, r.endColumn - 1);
  return [lines[r.line - 1].slice(r.column - 1), ...lines.slice(r.line, r.endLine - 1), lines[r.endLine - 1].slice(0, r.endColumn - 1)].join('\n');
}

describe('parseJson: values and ranges', () => {
  const text = [
    '{', //                                                                         1
    '  "Resources": {', //                                                          2
    '    "Role": {', //                                                             3
    '      "Type": "AWS::IAM::Role",', //                                           4
    '      "Properties": {', //                                                     5
    '        "MaxSessionDuration": 3600,', //                                       6
    '        "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": ["Other", "Arn"]}}, "Action": "sts:AssumeRole"}]},', // 7
    '        "Tags": [{"Key": "a/b~c", "Value": null}, true]', //                  8
    '      }', //                                                                   9
    '    }', //                                                                     10
    '  }', //                                                                       11
    '}', //                                                                         12
  ].join('\n');
  const d = jsonDoc(text);
  const P = '/Resources/Role/Properties';

  it('parses to plain values of the right types', () => {
    const props = (d.value as { Resources: { Role: { Properties: Record<string, unknown> } } }).Resources.Role.Properties;
    expect(props.MaxSessionDuration).toBe(3600);
    expect(props.Tags).toEqual([{ Key: 'a/b~c', Value: null }, true]);
    expect(d.format).toBe('json');
    expect(d.duplicateKeys).toEqual([]);
  });

  it.each<[string, Range, string]>([
    ['', { line: 1, column: 1, endLine: 12, endColumn: 2 }, text],
    [`${P}/MaxSessionDuration`, { line: 6, column: 31, endLine: 6, endColumn: 35 }, '3600'],
    [`${P}/AssumeRolePolicyDocument/Statement/0/Effect`, { line: 7, column: 63, endLine: 7, endColumn: 70 }, '"Allow"'],
    [`${P}/AssumeRolePolicyDocument/Statement/0/Principal/AWS/Fn::GetAtt/0`, { line: 7, column: 109, endLine: 7, endColumn: 116 }, '"Other"'],
    [`${P}/AssumeRolePolicyDocument/Statement/0/Principal/AWS`, { line: 7, column: 93, endLine: 7, endColumn: 125 }, '{"Fn::GetAtt": ["Other", "Arn"]}'],
    [`${P}/Tags/0/Value`, { line: 8, column: 44, endLine: 8, endColumn: 48 }, 'null'],
    [`${P}/Tags/1`, { line: 8, column: 51, endLine: 8, endColumn: 55 }, 'true'],
  ])('locates value %j exactly', (pointer, range, covered) => {
    expect(d.map.locate(pointer)).toEqual({ file: 'template.json', pointer, range });
    expect(slice(text, range)).toBe(covered);
  });

  it.each<[string, Range, string]>([
    ['/Resources/Role', { line: 3, column: 5, endLine: 3, endColumn: 11 }, '"Role"'],
    [`${P}/AssumeRolePolicyDocument`, { line: 7, column: 9, endLine: 7, endColumn: 35 }, '"AssumeRolePolicyDocument"'],
    [`${P}/AssumeRolePolicyDocument/Statement/0/Principal`, { line: 7, column: 72, endLine: 7, endColumn: 83 }, '"Principal"'],
  ])('locates key %j exactly', (pointer, range, covered) => {
    expect(d.map.locateKey(pointer)).toEqual({ file: 'template.json', pointer, range });
    expect(slice(text, range)).toBe(covered);
  });

  it('gives every value and every key an exact range of its own', () => {
    const seen: string[] = [];
    const visit = (v: unknown, p: string) => {
      seen.push(p);
      const r = d.map.locate(p);
      expect(r.approximate, p).toBeUndefined();
      expect(r.range.line >= 1 && (r.range.endLine > r.range.line || r.range.endColumn > r.range.column), `${p} ${JSON.stringify(r.range)}`).toBe(true);
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${p}/${i}`));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          const kp = `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          const key = d.map.locateKey(kp).range;
          expect(slice(text, key), kp).toBe(JSON.stringify(k));
          visit(x, kp);
        }
    };
    visit(d.value, '');
    expect(seen.length).toBe(21);
  });

  it('escapes `/` and `~` in pointers (RFC 6901)', () => {
    const e = jsonDoc('{"a/b": {"c~d": 1}}');
    expect(e.map.locate('/a~1b/c~0d')).toEqual({ file: 'template.json', pointer: '/a~1b/c~0d', range: { line: 1, column: 17, endLine: 1, endColumn: 18 } });
  });

  it('records duplicate keys by the pointer of the winning value, keeping the last value (as AWS does)', () => {
    const t = '{\n  "Statement": [{\n    "Effect": "Deny",\n    "Effect": "Allow"\n  }],\n  "Version": "2012-10-17",\n  "Version": "2008-10-17"\n}';
    const e = jsonDoc(t);
    expect(e.value).toEqual({ Statement: [{ Effect: 'Allow' }], Version: '2008-10-17' });
    expect(e.duplicateKeys).toEqual(['/Statement/0/Effect', '/Version']);
    expect(e.map.locateKey('/Statement/0/Effect').range).toEqual({ line: 4, column: 5, endLine: 4, endColumn: 13 });
    expect(e.map.locate('/Version').range).toEqual({ line: 7, column: 14, endLine: 7, endColumn: 26 });
  });

  it('keeps a 12-digit account ID string as a string and numbers as numbers', () => {
    expect(jsonDoc('{"a": "012345678901", "b": 3600, "c": 1.5e3}').value).toEqual({ a: '012345678901', b: 3600, c: 1500 });
  });
});

describe('parseJson: failures', () => {
  it.each<[string, string, number, number]>([
    ['a trailing comma', '{\n  "A": 1,\n  "B": 2,,\n}', 3, 10],
    ['a missing comma', '{\n  "A": 1\n  "B": 2\n}', 3, 3],
    ['an unterminated object (where the input ran out)', '{\n  "A": {\n    "B": 1\n', 3, 11],
    ['a bare word', '{\n  "A": nope\n}', 2, 8],
  ])('reports %s at its line and column', (_name, text, line, column) => {
    const f = jsonFailure(text);
    expect(f.message).toMatch(/^invalid JSON: /);
    expect(f.message).not.toMatch(/\(\d+:\d+\)$/);
    expect({ line: f.line, column: f.column }).toEqual({ line, column });
  });

  it('refuses 100000 nested arrays without a stack overflow, pointing at the first bracket past the limit', () => {
    const f = jsonFailure('['.repeat(100_000) + ']'.repeat(100_000));
    expect(f).toEqual({ file: 'template.json', message: 'nesting deeper than 128 levels', line: 1, column: 129 });
  });

  it('refuses deep nesting of objects on later lines', () => {
    const f = jsonFailure('{\n"a": ' + '{"b": '.repeat(200) + '1' + '}'.repeat(201));
    expect(f.message).toBe('nesting deeper than 128 levels');
    expect(f.line).toBe(2);
    // `"a": ` then 127 × `{"b": `: the 128th brace on line 2 is the 129th level.
    expect(f.column).toBe(5 + 127 * 6 + 1);
  });

  it('does not count brackets inside strings (also after escaped quotes)', () => {
    const inner = '"\\"' + '['.repeat(500) + '"';
    expect(jsonDoc(`{"a": ${inner}}`).value).toEqual({ a: '"' + '['.repeat(500) });
  });

  it('honours a lower configured depth limit', () => {
    const { failure } = parseBytes('p.json', enc('{"a": [[1]]}'), { maxBytes: 1000, maxDepth: 2, maxAliases: 100 });
    expect(failure).toMatchObject({ message: 'nesting deeper than 2 levels', line: 1, column: 8 });
  });

  it('gives a .json file no second chance as YAML, but a .template file starting with `{` is read as YAML flow', () => {
    const flow = '{Resources: {R: {Type: "AWS::IAM::Role"}}}';
    expect(parseBytes('t.json', enc(flow)).failure?.message).toMatch(/^invalid JSON/);
    expect(parseBytes('t.template', enc(flow)).doc?.value).toEqual({ Resources: { R: { Type: 'AWS::IAM::Role' } } });
  });
});
