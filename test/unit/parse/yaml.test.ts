import { describe, expect, it } from 'vitest';
import type { Range } from '../../../src/model/index.js';
import { isParseFailure, parseBytes, type ParsedDoc, type ParseFailure } from '../../../src/parse/index.js';
import { parseYaml } from '../../../src/parse/yaml.js';

const enc = (s: string) => new TextEncoder().encode(s);

function yamlDoc(text: string, file = 'template.yaml'): ParsedDoc {
  const r = parseYaml(file, text);
  if (isParseFailure(r)) throw new Error(`expected ${file} to parse, got ${r.line}:${r.column} ${r.message}`);
  return r;
}

function yamlFailure(text: string, file = 'template.yaml'): ParseFailure {
  const { doc, failure } = parseBytes(file, enc(text));
  if (!failure) throw new Error(`expected ${file} to fail, got ${JSON.stringify(doc?.value).slice(0, 200)}`);
  return failure;
}

/** The text a range covers (single line or several), to make range assertions readable. */
function slice(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.line === r.endLine) return lines[r.line - 1].slice(r.column - 1, r.endColumn - 1);
  return [lines[r.line - 1].slice(r.column - 1), ...lines.slice(r.line, r.endLine - 1), lines[r.endLine - 1].slice(0, r.endColumn - 1)].join('\n');
}

describe('parseYaml: CloudFormation short-form tags', () => {
  const cases: Array<[string, string, unknown]> = [
    ['!Ref', '!Ref MyParam', { Ref: 'MyParam' }],
    ['!Sub string', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }],
    ['!Sub list', '!Sub ["${A}-x", {A: !Ref B}]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
    ['!GetAtt A.B', '!GetAtt MyRole.Arn', { 'Fn::GetAtt': ['MyRole', 'Arn'] }],
    ['!GetAtt A.B.C keeps the rest as the attribute', '!GetAtt MyStack.Outputs.RoleArn', { 'Fn::GetAtt': ['MyStack', 'Outputs.RoleArn'] }],
    ['!GetAtt list form', '!GetAtt [MyRole, Arn]', { 'Fn::GetAtt': ['MyRole', 'Arn'] }],
    ['!If', '!If [IsProd, a, !Ref AWS::NoValue]', { 'Fn::If': ['IsProd', 'a', { Ref: 'AWS::NoValue' }] }],
    ['!Join', '!Join [":", [a, !Ref B]]', { 'Fn::Join': [':', ['a', { Ref: 'B' }]] }],
    ['!Select', '!Select [1, [a, b]]', { 'Fn::Select': [1, ['a', 'b']] }],
    ['!Split', '!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!FindInMap', '!FindInMap [Map, !Ref "AWS::Region", Key]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] }],
    ['!ImportValue', '!ImportValue SharedRoleArn', { 'Fn::ImportValue': 'SharedRoleArn' }],
    ['!Base64', '!Base64 "#!/bin/sh"', { 'Fn::Base64': '#!/bin/sh' }],
    ['!Cidr', '!Cidr ["10.0.0.0/16", 6, 5]', { 'Fn::Cidr': ['10.0.0.0/16', 6, 5] }],
    ['!GetAZs', '!GetAZs ""', { 'Fn::GetAZs': '' }],
    ['!Condition', '!Condition IsProd', { Condition: 'IsProd' }],
    ['!And', '!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or', '!Or [!Condition A, !Equals [x, y]]', { 'Fn::Or': [{ Condition: 'A' }, { 'Fn::Equals': ['x', 'y'] }] }],
    ['!Not', '!Not [!Condition A]', { 'Fn::Not': [{ Condition: 'A' }] }],
    ['!Equals', '!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!Transform', '!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
  ];
  it.each(cases)('%s becomes its long form', (_name, src, expected) => {
    expect(yamlDoc(`Value: ${src}\n`).value).toEqual({ Value: expected });
  });

  it('maps block-style tagged sequences and maps too', () => {
    const text = ['Value: !If', '  - IsProd', '  - !Sub "${AWS::AccountId}"', '  - !Ref AWS::NoValue', 'Other: !Transform', '  Name: AWS::Include', ''].join('\n');
    expect(yamlDoc(text).value).toEqual({
      Value: { 'Fn::If': ['IsProd', { 'Fn::Sub': '${AWS::AccountId}' }, { Ref: 'AWS::NoValue' }] },
      Other: { 'Fn::Transform': { Name: 'AWS::Include' } },
    });
  });

  it('leaves unknown tags alone (no long form is invented)', () => {
    expect(yamlDoc('Value: !Custom thing\n').value).toEqual({ Value: 'thing' });
  });
});

describe('parseYaml: scalars keep the value the user wrote', () => {
  it('keeps an unquoted account ID with a leading zero as its exact text, and a number as a number', () => {
    const d = yamlDoc('Account: 012345678901\nOther: 123456789012\nDuration: 3600\nOctal: 0o17\nFlag: true\nQuoted: "012345678901"\n');
    expect(d.value).toEqual({ Account: '012345678901', Other: 123456789012, Duration: 3600, Octal: '0o17', Flag: true, Quoted: '012345678901' });
    expect(typeof (d.value as Record<string, unknown>).Duration).toBe('number');
  });

  it('keeps identifiers that look like other types as their text inside lists', () => {
    expect(yamlDoc('Ids: [012345678901, 000000000001]\n').value).toEqual({ Ids: ['012345678901', '000000000001'] });
  });
});

describe('parseYaml: source ranges', () => {
  const text = [
    'Resources:', //                                                    1
    '  Role:', //                                                       2
    '    Type: AWS::IAM::Role', //                                      3
    '    Properties:', //                                               4
    '      RoleName: !Sub "${AWS::StackName}-deploy"', //               5
    '      AssumeRolePolicyDocument:', //                               6
    '        Statement:', //                                            7
    '          - Effect: Allow', //                                     8
    '            Principal:', //                                        9
    "              AWS: !GetAtt Other.Arn", //                          10
    '            Action: [sts:AssumeRole, "sts:TagSession"]', //        11
    '      MaxSessionDuration: 3600', //                                12
    '',
  ].join('\n');
  const d = yamlDoc(text);
  const R = '/Resources/Role/Properties';

  it.each<[string, Range, string]>([
    [`${R}/RoleName`, { line: 5, column: 17, endLine: 5, endColumn: 48 }, '!Sub "${AWS::StackName}-deploy"'],
    [`${R}/RoleName/Fn::Sub`, { line: 5, column: 17, endLine: 5, endColumn: 48 }, '!Sub "${AWS::StackName}-deploy"'],
    [`${R}/AssumeRolePolicyDocument/Statement/0/Effect`, { line: 8, column: 21, endLine: 8, endColumn: 26 }, 'Allow'],
    [`${R}/AssumeRolePolicyDocument/Statement/0/Principal/AWS`, { line: 10, column: 20, endLine: 10, endColumn: 37 }, '!GetAtt Other.Arn'],
    [`${R}/AssumeRolePolicyDocument/Statement/0/Action/0`, { line: 11, column: 22, endLine: 11, endColumn: 36 }, 'sts:AssumeRole'],
    [`${R}/AssumeRolePolicyDocument/Statement/0/Action/1`, { line: 11, column: 38, endLine: 11, endColumn: 54 }, '"sts:TagSession"'],
    [`${R}/AssumeRolePolicyDocument/Statement/0/Action`, { line: 11, column: 21, endLine: 11, endColumn: 55 }, '[sts:AssumeRole, "sts:TagSession"]'],
    [`${R}/MaxSessionDuration`, { line: 12, column: 27, endLine: 12, endColumn: 31 }, '3600'],
  ])('locates %s exactly', (pointer, range, covered) => {
    const ref = d.map.locate(pointer);
    expect(ref).toEqual({ file: 'template.yaml', pointer, range });
    expect(ref.approximate).toBeUndefined();
    expect(slice(text, range)).toBe(covered);
  });

  it('gives a block mapping a range from its first key to its last value (trailing newline excluded)', () => {
    const r = d.map.locate(`${R}/AssumeRolePolicyDocument/Statement/0`).range;
    expect(r).toEqual({ line: 8, column: 13, endLine: 11, endColumn: 55 });
  });

  it('gives both parts of `!GetAtt A.B` the tagged scalar range', () => {
    const p = `${R}/AssumeRolePolicyDocument/Statement/0/Principal/AWS/Fn::GetAtt`;
    expect(d.map.locate(`${p}/0`).range).toEqual({ line: 10, column: 20, endLine: 10, endColumn: 37 });
    expect(d.map.locate(`${p}/1`).range).toEqual({ line: 10, column: 20, endLine: 10, endColumn: 37 });
  });

  it('locates the list form of !GetAtt element by element', () => {
    const t = 'Arn: !GetAtt [MyRole, Arn]\n';
    const m = yamlDoc(t).map;
    expect(m.locate('/Arn').range).toEqual({ line: 1, column: 6, endLine: 1, endColumn: 27 });
    expect(m.locate('/Arn/Fn::GetAtt/0').range).toEqual({ line: 1, column: 15, endLine: 1, endColumn: 21 });
    expect(m.locate('/Arn/Fn::GetAtt/1').range).toEqual({ line: 1, column: 23, endLine: 1, endColumn: 26 });
  });

  it('starts a tagged block collection at its tag, however deep the collection is indented', () => {
    const t = ['a:', '  b:', '    Principal: !If', '                      - IsProd', '                      - x', '                      - y', ''].join('\n');
    const m = yamlDoc(t).map;
    expect(m.locate('/a/b/Principal').range).toEqual({ line: 3, column: 16, endLine: 6, endColumn: 26 });
    expect(m.locate('/a/b/Principal/Fn::If/2').range).toEqual({ line: 6, column: 25, endLine: 6, endColumn: 26 });
  });

  it('starts a tagged scalar at its tag also with an anchor between them', () => {
    const m = yamlDoc('A: !Sub &x "${AWS::Region}"\n').map;
    expect(m.locate('/A').range).toEqual({ line: 1, column: 4, endLine: 1, endColumn: 28 });
  });

  it('gives every value of the document an exact range of its own', () => {
    const pointers: string[] = [];
    const visit = (v: unknown, p: string) => {
      pointers.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${p}/${i}`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    };
    visit(d.value, '');
    expect(pointers.length).toBe(20);
    for (const p of pointers) {
      const ref = d.map.locate(p);
      expect(ref.approximate, p).toBeUndefined();
      const r = ref.range;
      expect(r.line >= 1 && r.column >= 1, p).toBe(true);
      expect(r.endLine > r.line || (r.endLine === r.line && r.endColumn > r.column), `${p} ${JSON.stringify(r)}`).toBe(true);
    }
  });

  it('locates keys with locateKey', () => {
    expect(d.map.locateKey('/Resources/Role').range).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 7 });
    expect(d.map.locateKey(`${R}/AssumeRolePolicyDocument/Statement/0/Principal`).range).toEqual({ line: 9, column: 13, endLine: 9, endColumn: 22 });
    expect(d.map.locateKey(`${R}/MaxSessionDuration`).range).toEqual({ line: 12, column: 7, endLine: 12, endColumn: 25 });
  });

  it('falls back from locateKey to the value for list elements (no key), and from locate to the nearest ancestor, marked approximate', () => {
    const p = `${R}/AssumeRolePolicyDocument/Statement/0/Action/0`;
    expect(d.map.locateKey(p)).toEqual(d.map.locate(p));
    const missing = d.map.locate(`${R}/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals`);
    expect(missing.approximate).toBe(true);
    expect(missing.pointer).toBe(`${R}/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals`);
    expect(missing.range).toEqual({ line: 8, column: 13, endLine: 11, endColumn: 55 });
  });

  it('locates a value with an empty document at 1:1 approximate', () => {
    const e = yamlDoc('');
    expect(e.value).toBeNull();
    expect(e.map.locate('/Resources')).toMatchObject({ approximate: true, range: { line: 1, column: 1 } });
  });

  it('counts columns in characters, not UTF-8 bytes, after non-ASCII text', () => {
    const m = yamlDoc('Description: "é" \nKey: v\nX: {a: "ü", b: c}\n').map;
    expect(m.locate('/Key').range).toEqual({ line: 2, column: 6, endLine: 2, endColumn: 7 });
    expect(m.locate('/X/b').range).toEqual({ line: 3, column: 16, endLine: 3, endColumn: 17 });
  });
});

describe('parseYaml: refusals', () => {
  it('refuses a billion-laughs alias bomb quickly, with an alias message', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    // 9^9 ≈ 387 million strings if expanded.
    const started = performance.now();
    const f = yamlFailure(levels.join('\n') + '\n');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(f.message).toMatch(/alias/);
    expect(f.message).toContain('more than 100');
    expect(f.line).toBeGreaterThanOrEqual(1);
  });

  it('accepts a few ordinary aliases', () => {
    expect(yamlDoc('base: &b {Effect: Allow}\nother: *b\n').value).toEqual({ base: { Effect: 'Allow' }, other: { Effect: 'Allow' } });
  });

  it('refuses block nesting deeper than the limit with its line', () => {
    const text = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n';
    const f = yamlFailure(text);
    expect(f.message).toBe('nesting deeper than 128 levels');
    expect(f.line).toBe(130);
  });

  it('refuses 100000 nested flow sequences without a stack overflow and points at the bracket past the limit', () => {
    const f = yamlFailure('Value: ' + '['.repeat(100_000));
    expect(f).toMatchObject({ message: 'nesting deeper than 128 levels', line: 1, column: 8 + 128 });
  });

  it('refuses deep flow nesting even when balanced and hidden after quoted brackets and comments', () => {
    const text = 'a: "]]]]" # ]]]]\nb: ' + '{k: '.repeat(5000) + 'v' + '}'.repeat(5000) + '\n';
    const f = yamlFailure(text);
    expect(f.message).toBe('nesting deeper than 128 levels');
    expect(f.line).toBe(2);
  });

  it('refuses 100000 compact block sequences (`- - - …`) without a stack overflow', () => {
    const f = yamlFailure('- '.repeat(100_000) + 'x\n');
    expect(f.message).toMatch(/^nesting deeper than 128 levels/);
    expect(f.line).toBe(1);
  });

  it('accepts nesting at the limit', () => {
    const d = yamlDoc('a: ' + '['.repeat(120) + ']'.repeat(120) + '\n');
    expect(d.value).toHaveProperty('a');
  });

  it('refuses duplicate keys (YAML) with the line of the second one', () => {
    const f = yamlFailure('Resources:\n  A: 1\n  A: 2\n');
    expect(f.message).toMatch(/^invalid YAML: Map keys must be unique/);
    expect(f).toMatchObject({ line: 3, column: 3 });
  });
});

describe('parseYaml: syntax errors report where reading stopped', () => {
  it('reports a bad indentation at its line and column', () => {
    const f = yamlFailure('Resources:\n  Role:\n    Type: AWS::IAM::Role\n   Properties: {}\n');
    expect(f.message).toBe('invalid YAML: All mapping items must start at the same column');
    expect(f.line).toBe(4);
  });

  it('reports an unterminated flow sequence at the line where it is found broken', () => {
    const f = yamlFailure('A: 1\nB: [1, 2\nC: 3\n');
    expect(f.message).toMatch(/^invalid YAML: Flow sequence/);
    expect(f).toMatchObject({ line: 3, column: 1 });
  });

  it('reports a tab used for indentation', () => {
    const f = yamlFailure('A:\n\tB: 1\n');
    expect(f.message).toMatch(/^invalid YAML: /);
    expect(f.line).toBe(2);
  });

  it('keeps the message free of the library position suffix', () => {
    const f = yamlFailure('A: 1\nB: [1, 2\nC: 3\n');
    expect(f.message).not.toMatch(/at line \d+, column \d+/);
  });
});
