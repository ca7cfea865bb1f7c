import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseAllDocuments, Scalar, type Node as YamlNode, type Document } from 'yaml';
import type { Range } from '../model/index.js';
import { pointerSegment } from '../model/index.js';
import { DEFAULT_LIMITS, type ParseFailure, type ParseLimits, type ParsedDoc, SourceMap } from './source-map.js';
import { LineIndex } from './text.js';

/** CloudFormation short-form tags and their long forms. */
const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Equals': 'Fn::Equals',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/**
 * The short-form tags declared to the YAML library so it keeps the node as written instead of raising an
 * "unresolved tag" warning per use (an Error object each, with a stack: a measurable cost on large templates).
 * The walk below turns tagged nodes into their long form.
 */
const CUSTOM_TAGS = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (v: unknown) => v },
  { tag, collection: 'map' as const, resolve: (v: unknown) => v },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v },
]);

class TooDeep extends Error {
  constructor(readonly offset?: number) {
    super('too deep');
  }
}
class TooManyAliases extends Error {
  constructor(readonly offset?: number) {
    super('too many aliases');
  }
}

/** Lexer control tokens that stand for no source text. */
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * The yaml library composes recursively, and a stack overflow inside it can abort the process (V8 fails hard
 * when it overflows while compiling a regular expression). Refuse what it cannot survive before it runs:
 * flow nesting is counted exactly on lexer tokens (only when the text has enough brackets to matter); block
 * nesting is bounded by each line's indentation plus its `- `/`? `/`: ` indicators.
 */
function nestingGuard(text: string, maxDepth: number): { offset: number; message: string } | undefined {
  let opens = 0;
  for (let i = 0; i < text.length && opens <= maxDepth; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) opens++;
  }
  if (opens > maxDepth) {
    let depth = 0;
    let offset = 0;
    for (const tok of new Lexer().lex(text)) {
      if (tok === '[' || tok === '{') {
        if (++depth > maxDepth) return { offset, message: `nesting deeper than ${maxDepth} levels` };
      } else if (tok === ']' || tok === '}') depth--;
      if (!CONTROL_TOKENS.has(tok)) offset += tok.length;
    }
  }
  const maxIndent = 2 * maxDepth;
  const deepLine = new RegExp(`^(?: |[-?:][ \t]){${maxIndent + 1}}`, 'm').exec(text);
  if (deepLine) return { offset: deepLine.index, message: `nesting deeper than ${maxDepth} levels (a line indented more than ${maxIndent} columns)` };
  return undefined;
}

/** YAML text → value + source map. CloudFormation tags become their long form; identifiers keep their source text. */
export function parseYaml(file: string, text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedDoc | ParseFailure {
  const lines = new LineCounter();
  const deep = nestingGuard(text, limits.maxDepth);
  if (deep) {
    const at = new LineIndex(text).pos(deep.offset);
    return { file, message: deep.message, ...at };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, customTags: CUSTOM_TAGS as never });
  } catch (e) {
    return { file, message: `invalid YAML: ${(e as Error).message}`, line: 1, column: 1 };
  }
  if (!Array.isArray(docs)) docs = [docs];
  const doc = docs[0];
  const pos = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (!doc) return { file, format: 'yaml', text, value: null, map: new SourceMap(file, new Map(), new Map()), duplicateKeys: [] };
  const firstError = doc.errors[0];
  if (firstError) {
    const msg = firstError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { file, message: `invalid YAML: ${msg}`, ...pos(firstError.pos[0]) };
  }

  const values = new Map<string, Range>();
  const keys = new Map<string, Range>();
  let aliases = 0;
  const rangeOf = (node: YamlNode): Range | undefined => {
    if (!node.range) return undefined;
    let start = node.range[0];
    const tag = node.tag;
    if (tag?.startsWith('!')) {
      // The tag may sit lines above a block collection (`Value: !If` then an indented list): skip whitespace back to it.
      let w = start;
      while (w > 0 && /\s/.test(text[w - 1])) w--;
      const t = text.startsWith(tag, w - tag.length) ? w - tag.length : text.lastIndexOf(tag, start);
      if (t >= 0 && (t === w - tag.length || start - t <= tag.length + 16)) start = t;
    }
    let end = node.range[1];
    while (end > start && /\s/.test(text[end - 1])) end--;
    const s = pos(start);
    const e = pos(end);
    return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };

  const walk = (node: unknown, pointer: string, depth: number): unknown => {
    if (depth > limits.maxDepth) throw new TooDeep((node as YamlNode | null)?.range?.[0]);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++aliases > limits.maxAliases) throw new TooManyAliases(node.range?.[0]);
      return walk(node.resolve(doc), pointer, depth + 1);
    }
    const yn = node as YamlNode;
    const range = rangeOf(yn);
    if (range) values.set(pointer, range);
    const long = yn.tag ? SHORT_TAGS[yn.tag] : undefined;
    if (long) {
      // `!GetAtt A.B` → ["A", "B"]; other tags wrap the node as-is.
      const inner = pointer + '/' + pointerSegment(long);
      let v = walkPlain(yn, inner, depth + 1);
      if (long === 'Fn::GetAtt' && typeof v === 'string') {
        const dot = v.indexOf('.');
        v = dot > 0 ? [v.slice(0, dot), v.slice(dot + 1)] : [v];
        if (range) {
          values.set(inner + '/0', range);
          values.set(inner + '/1', range);
        }
      }
      return { [long]: v };
    }
    return walkPlain(yn, pointer, depth);
  };

  const walkPlain = (yn: YamlNode, pointer: string, depth: number): unknown => {
    const range = rangeOf(yn);
    if (range) values.set(pointer, range);
    if (isMap(yn)) {
      const out: Record<string, unknown> = {};
      for (const pair of yn.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const name = isScalar(k) ? String(k.source ?? k.value) : String(k);
        const p = pointer + '/' + pointerSegment(name);
        if (k && typeof k === 'object') {
          const kr = rangeOf(k as YamlNode);
          if (kr) keys.set(p, kr);
        }
        out[name] = walk(pair.value, p, depth + 1);
        if (!values.has(p) && keys.has(p)) values.set(p, keys.get(p)!);
      }
      return out;
    }
    if (isSeq(yn)) return yn.items.map((item, i) => walk(item, pointer + '/' + i, depth + 1));
    if (isScalar(yn)) return scalarValue(yn);
    return null;
  };

  try {
    const value = walk(doc.contents, '', 0);
    return { file, format: 'yaml', text, value, map: new SourceMap(file, values, keys), duplicateKeys: [] };
  } catch (e) {
    const at = (offset?: number) => (offset === undefined ? { line: 1, column: 1 } : pos(offset));
    if (e instanceof TooDeep) return { file, message: `nesting deeper than ${limits.maxDepth} levels`, ...at(e.offset) };
    if (e instanceof TooManyAliases)
      return { file, message: `too many alias expansions (more than ${limits.maxAliases}): refused as a possible alias bomb`, ...at(e.offset) };
    if (e instanceof RangeError) return { file, message: 'nesting too deep to parse', line: 1, column: 1 };
    throw e;
  }
}

/** Plain scalars that YAML reads as numbers keep their text when the number would change it (`012345678901`). */
function scalarValue(s: Scalar): unknown {
  const v = s.value;
  if (typeof v === 'number' && s.type === Scalar.PLAIN && typeof s.source === 'string' && String(v) !== s.source) return s.source;
  if (typeof v === 'bigint') return String(v);
  return v;
}
