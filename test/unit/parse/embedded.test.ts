import { describe, expect, it } from 'vitest';
import type { Range } from '../../../src/model/index.js';
import { isParseFailure, parseBytes, parseEmbeddedJson, type ParsedDoc, type ParseFailure } from '../../../src/parse/index.js';

const enc = (s: string) => new TextEncoder().encode(s);

function host(file: string, text: string): ParsedDoc {
  const { doc, failure } = parseBytes(file, enc(text));
  if (!doc) throw new Error(`host ${file} does not parse: ${failure?.line}:${failure?.column} ${failure?.message}`);
  return doc;
}

function get(value: unknown, pointer: string): unknown {
  return pointer
    .slice(1)
    .split('/')
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')], value);
}

/** Parse the JSON string at `pointer` of the host file, mapped into the host. */
function embedded(doc: ParsedDoc, pointer: string, value = get(doc.value, pointer)): ParsedDoc | ParseFailure {
  if (typeof value !== 'string') throw new Error(`${pointer} is not a string`);
  return parseEmbeddedJson(doc.text, doc.map.locate(pointer), value);
}

function ok(r: ParsedDoc | ParseFailure): ParsedDoc {
  if (isParseFailure(r)) throw new Error(`embedded JSON failed: ${r.line}:${r.column} ${r.message}`);
  return r;
}

function slice(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.line === r.endLine) return lines[r.line - 1].slice(r.column - 1, r.endColumn - 1);
  return [lines[r.line - 1].slice(r.column - 1), ...lines.slice(r.line, r.endLine - 1), lines[r.endLine - 1].slice(0, r.endColumn - 1)].join('\n');
}

describe('parseEmbeddedJson in a JSON template (escaped string)', () => {
  const text = [
    '{',
    '  "Resources": {',
    '    "P": {',
    '      "Type": "AWS::IAM::ManagedPolicy",',
    '      "Properties": {',
    '        "PolicyDocument": "{\\"Version\\": \\"2012-10-17\\",\\n \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:Get\\u002A\\", \\"Resource\\": \\"arn:aws:s3:::b\\\\/k\\"}]}"',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const doc = host('t.json', text);
  const inner = ok(embedded(doc, '/Resources/P/Properties/PolicyDocument'));

  it('decodes the string and parses the policy inside', () => {
    expect(inner.value).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/k' }] });
    expect(inner.file).toBe('t.json');
  });

  it.each<[string, Range, string]>([
    ['/Version', { line: 6, column: 42, endLine: 6, endColumn: 56 }, '\\"2012-10-17\\"'],
    ['/Statement/0/Effect', { line: 6, column: 89, endLine: 6, endColumn: 98 }, '\\"Allow\\"'],
    ['/Statement/0/Action', { line: 6, column: 112, endLine: 6, endColumn: 128 }, '\\"s3:Get\\u002A\\"'],
    ['/Statement/0/Resource', { line: 6, column: 144, endLine: 6, endColumn: 166 }, '\\"arn:aws:s3:::b\\\\/k\\"'],
  ])('maps %s onto the escaped host text', (pointer, range, covered) => {
    const ref = inner.map.locate(pointer);
    expect(ref).toEqual({ file: 't.json', pointer, range });
    expect(slice(text, range)).toBe(covered);
  });

  it('maps keys too', () => {
    const r = inner.map.locateKey('/Statement/0/Action').range;
    expect(slice(text, r)).toBe('\\"Action\\"');
    expect(r).toEqual({ line: 6, column: 100, endLine: 6, endColumn: 110 });
  });

  it('maps the whole document to the string contents, between the quotes', () => {
    const r = inner.map.locate('').range;
    expect(r.line).toBe(6);
    expect(text.split('\n')[5][r.column - 2]).toBe('"');
    expect(text.split('\n')[5][r.endColumn - 1]).toBe('"');
  });
});

describe('parseEmbeddedJson in YAML', () => {
  const text = [
    'Resources:', //                                                                 1
    '  P:', //                                                                       2
    '    Properties:', //                                                            3
    '      Literal: |', //                                                           4
    '        {', //                                                                  5
    '          "Version": "2012-10-17",', //                                         6
    '          "Statement": [', //                                                   7
    '            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}', // 8
    '          ]', //                                                                9
    '        }', //                                                                  10
    `      Single: '{"Statement": [{"Effect": "Deny", "Action": "it''s"}]}'`, //     11
    '      Double: "{\\"Statement\\": {\\"Effect\\": \\"Allow\\", \\"Action\\": \\"*\\"}}"', // 12
    '      Folded: >', //                                                            13
    '        {"Statement":', //                                                      14
    '        {"Effect": "Allow"}}', //                                               15
    '      Sub: !Sub |', //                                                          16
    '        {"Statement": [{', //                                                   17
    '          "Principal": {"AWS": "arn:${AWS::Partition}:iam::${Trusted}:root"},', // 18
    '          "Action": "sts:AssumeRole"}]}', //                                    19
    '      Broken: |', //                                                            20
    '        {"Statement": [', //                                                    21
    '          {"Effect": "Allow",,}', //                                            22
    '        ]}', //                                                                 23
    '',
  ].join('\n');
  const doc = host('t.yaml', text);
  const P = '/Resources/P/Properties';

  it('maps a block literal `|` line by line and column by column', () => {
    const inner = ok(embedded(doc, `${P}/Literal`));
    expect(inner.map.locate('/Version').range).toEqual({ line: 6, column: 22, endLine: 6, endColumn: 34 });
    expect(inner.map.locate('/Statement/0/Action').range).toEqual({ line: 8, column: 43, endLine: 8, endColumn: 59 });
    expect(slice(text, inner.map.locate('/Statement/0/Action').range)).toBe('"sts:AssumeRole"');
    expect(inner.map.locateKey('/Statement').range).toEqual({ line: 7, column: 11, endLine: 7, endColumn: 22 });
    expect(inner.map.locate('/Statement').range).toEqual({ line: 7, column: 24, endLine: 9, endColumn: 12 });
    expect(inner.map.locate('/Statement/0/Action').approximate).toBeUndefined();
  });

  it("maps a single-quoted string, counting '' as one character", () => {
    const inner = ok(embedded(doc, `${P}/Single`));
    expect(inner.value).toEqual({ Statement: [{ Effect: 'Deny', Action: "it's" }] });
    expect(slice(text, inner.map.locate('/Statement/0/Effect').range)).toBe('"Deny"');
    expect(inner.map.locate('/Statement/0/Action').range).toEqual({ line: 11, column: 60, endLine: 11, endColumn: 67 });
    expect(slice(text, inner.map.locate('/Statement/0/Action').range)).toBe(`"it''s"`);
  });

  it('maps a double-quoted string with escapes', () => {
    const inner = ok(embedded(doc, `${P}/Double`));
    expect(inner.value).toEqual({ Statement: { Effect: 'Allow', Action: '*' } });
    const r = inner.map.locate('/Statement/Action').range;
    expect(r).toEqual({ line: 12, column: 68, endLine: 12, endColumn: 73 });
    expect(slice(text, r)).toBe('\\"*\\"');
  });

  it('falls back to the folded scalar’s own range, marked approximate, for a folded `>` string', () => {
    const inner = ok(embedded(doc, `${P}/Folded`));
    expect(inner.value).toEqual({ Statement: { Effect: 'Allow' } });
    const own = doc.map.locate(`${P}/Folded`).range;
    expect(own.line).toBe(13);
    for (const p of ['', '/Statement', '/Statement/Effect']) {
      const ref = inner.map.locate(p);
      expect(ref.range).toEqual(own);
      expect(ref.approximate).toBe(true);
    }
    expect(inner.map.locateKey('/Statement/Effect').approximate).toBe(true);
  });

  it('maps a `!Sub |` block through the tag; a substituted line keeps exact columns around the substitution', () => {
    // The loader resolves Fn::Sub before parsing: `${AWS::Partition}` → `aws`, `${Trusted}` → an account.
    const resolved = (get(doc.value, `${P}/Sub/Fn::Sub`) as string).replace('${AWS::Partition}', 'aws').replace('${Trusted}', '111122223333');
    const inner = ok(embedded(doc, `${P}/Sub/Fn::Sub`, resolved));
    expect(inner.value).toEqual({ Statement: [{ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] });
    const principal = inner.map.locate('/Statement/0/Principal/AWS').range;
    expect(principal).toEqual({ line: 18, column: 32, endLine: 18, endColumn: 76 });
    expect(slice(text, principal)).toBe('"arn:${AWS::Partition}:iam::${Trusted}:root"');
    expect(inner.map.locate('/Statement/0/Action').range).toEqual({ line: 19, column: 21, endLine: 19, endColumn: 37 });
    expect(inner.map.locateKey('/Statement/0/Principal').range).toEqual({ line: 18, column: 11, endLine: 18, endColumn: 22 });
  });

  it('reports invalid embedded JSON at its host line and column', () => {
    const r = embedded(doc, `${P}/Broken`);
    expect(isParseFailure(r)).toBe(true);
    expect(r).toMatchObject({ file: 't.yaml', line: 22, column: 30 });
    expect((r as ParseFailure).message).toMatch(/^invalid JSON: /);
  });

  it('reports invalid JSON in a folded string on the string’s own line', () => {
    const t = 'P: >\n  {"Statement":\n  [}\n';
    const d = host('t.yaml', t);
    const r = embedded(d, '/P');
    expect(r).toMatchObject({ line: 1, column: 4 });
    expect((r as ParseFailure).message).toMatch(/^invalid JSON: /);
  });
});
