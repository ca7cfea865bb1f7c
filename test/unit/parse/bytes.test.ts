import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LineIndex, parseBytes } from '../../../src/parse/index.js';
import { decode } from '../../../src/parse/text.js';

const enc = (s: string) => new TextEncoder().encode(s);

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (order === 'le' ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (order === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

const TEMPLATE = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Description: "Zugriff für Prüfer ✓"\n';
const EXPECTED = { Resources: { R: { Type: 'AWS::IAM::Role', Properties: { Description: 'Zugriff für Prüfer ✓' } } } };

describe('parseBytes: encodings', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(parseBytes('t.yaml', enc(TEMPLATE)).doc?.value).toEqual(EXPECTED);
  });

  it('reads UTF-8 with a BOM and keeps positions relative to the text after it', () => {
    const { doc, text } = parseBytes('t.yaml', new Uint8Array([0xef, 0xbb, 0xbf, ...enc(TEMPLATE)]));
    expect(doc?.value).toEqual(EXPECTED);
    expect(text?.charCodeAt(0)).not.toBe(0xfeff);
    expect(doc?.map.locateKey('/Resources').range).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 10 });
  });

  it.each(['le', 'be'] as const)('reads UTF-16%s with a BOM (YAML and JSON)', (order) => {
    const y = parseBytes('t.yaml', utf16(TEMPLATE, order));
    expect(y.failure).toBeUndefined();
    expect(y.doc?.value).toEqual(EXPECTED);
    expect(y.doc?.map.locate('/Resources/R/Type').range).toEqual({ line: 3, column: 11, endLine: 3, endColumn: 25 });
    const j = parseBytes('t.json', utf16('{"Statement": [{"Effect": "Allow"}]}', order));
    expect(j.doc?.value).toEqual({ Statement: [{ Effect: 'Allow' }] });
  });

  it('refuses invalid UTF-8 with a message naming the byte and the fix', () => {
    const bytes = new Uint8Array([...enc('Resources:\n  R: x'), 0xff, 0xfe, ...enc('\n')]);
    const { failure, doc, text } = parseBytes('t.yaml', bytes);
    expect(doc).toBeUndefined();
    expect(text).toBeUndefined();
    expect(failure).toEqual({ file: 't.yaml', message: 'not valid UTF-8 (byte 17); save the file as UTF-8 or UTF-16 with a byte-order mark', line: 1, column: 1 });
  });

  it('refuses a truncated multi-byte sequence', () => {
    const r = decode(new Uint8Array([...enc('ab'), 0xc3]));
    expect(r).toEqual({ error: 'not valid UTF-8 (byte 2); save the file as UTF-8 or UTF-16 with a byte-order mark' });
  });

  it.each<[string, number[], number]>([
    ['a lone continuation byte', [0x61, 0x80, 0x61], 1],
    ['an overlong encoding of "/"', [0x61, 0xc0, 0xaf], 1],
    ['a UTF-16 surrogate encoded in UTF-8', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a three-byte sequence cut short by ASCII', [0xe2, 0x82, 0x41], 0],
    ['Latin-1 "ü" after a valid euro sign', [0xe2, 0x82, 0xac, 0xfc], 3],
  ])('names the first bad byte of %s', (_name, bytes, at) => {
    expect(decode(new Uint8Array(bytes))).toEqual({ error: `not valid UTF-8 (byte ${at}); save the file as UTF-8 or UTF-16 with a byte-order mark` });
  });

  it('finds a bad byte at the end of a large file in linear time', () => {
    const big = new Uint8Array(4 * 1024 * 1024).fill(0x61);
    big[big.length - 1] = 0xfc;
    const started = performance.now();
    expect(decode(big)).toEqual({ error: `not valid UTF-8 (byte ${big.length - 1}); save the file as UTF-8 or UTF-16 with a byte-order mark` });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('does not guess UTF-16 without a BOM: the message asks for one', () => {
    const noBom = utf16('{"a": "é"}', 'le').subarray(2);
    const r = parseBytes('t.json', noBom);
    expect(r.doc).toBeUndefined();
    // 'é' is E9 00 in UTF-16LE: E9 opens a three-byte UTF-8 sequence that 00 breaks.
    expect(r.failure?.message).toBe('not valid UTF-8 (byte 14); save the file as UTF-8 or UTF-16 with a byte-order mark');
  });
});

describe('parseBytes: size limit', () => {
  it('refuses a file over the byte limit before decoding it, naming the size, the limit and the setting', () => {
    const { failure, text } = parseBytes('big.json', new Uint8Array(11), { ...DEFAULT_LIMITS, maxBytes: 10 });
    expect(text).toBeUndefined();
    expect(failure).toEqual({ file: 'big.json', message: 'file is 11 bytes, over the 10-byte limit (set limits.maxFileBytes in the config to raise it)', line: 1, column: 1 });
  });

  it('accepts a file of exactly the limit', () => {
    const body = enc('{"a": 1}');
    expect(parseBytes('ok.json', body, { ...DEFAULT_LIMITS, maxBytes: body.length }).doc?.value).toEqual({ a: 1 });
  });

  it('has a 5 MiB default', () => {
    expect(DEFAULT_LIMITS.maxBytes).toBe(5 * 1024 * 1024);
    const { failure } = parseBytes('big.yaml', new Uint8Array(DEFAULT_LIMITS.maxBytes + 1));
    expect(failure?.message).toMatch(/^file is 5242881 bytes, over the 5242880-byte limit/);
  });
});

describe('parseBytes: format choice', () => {
  it('reads JSON content in a .yaml file as JSON (with JSON positions)', () => {
    const { doc } = parseBytes('t.yaml', enc('{\n  "Statement": []\n}'));
    expect(doc?.format).toBe('json');
    expect(doc?.map.locate('/Statement').range).toEqual({ line: 2, column: 16, endLine: 2, endColumn: 18 });
  });

  it('reads a .json file with JSON rules even when it starts with a comment-like line', () => {
    expect(parseBytes('t.json', enc('# x\n{}')).failure?.message).toMatch(/^invalid JSON/);
  });
});

describe('LineIndex', () => {
  it('maps offsets to 1-based line and column, including the first and last character and CRLF lines', () => {
    const ix = new LineIndex('ab\r\ncd\n\nx');
    expect(ix.pos(0)).toEqual({ line: 1, column: 1 });
    expect(ix.pos(2)).toEqual({ line: 1, column: 3 });
    expect(ix.pos(4)).toEqual({ line: 2, column: 1 });
    expect(ix.pos(7)).toEqual({ line: 3, column: 1 });
    expect(ix.pos(8)).toEqual({ line: 4, column: 1 });
    expect(ix.lineStart(2)).toBe(4);
  });
});
