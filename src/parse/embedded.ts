import type { Range, SourceRef } from '../model/index.js';
import { parseJson } from './json.js';
import { DEFAULT_LIMITS, type ParseFailure, type ParseLimits, type ParsedDoc, SourceMap } from './source-map.js';
import { LineIndex } from './text.js';

/**
 * Parse JSON held in a string scalar (a policy given as a JSON string) and map its ranges into the host file:
 * exactly for quoted strings (escapes decoded one by one) and block literals, else onto the string's own range.
 */
export function parseEmbeddedJson(
  hostText: string,
  host: SourceRef,
  value: string,
  limits: ParseLimits = DEFAULT_LIMITS,
): ParsedDoc | ParseFailure {
  const index = new LineIndex(hostText);
  const start = index.lineStart(host.range.line) + host.range.column - 1;
  const offsets = charOffsets(hostText, start, value, index, host.range.line);
  const innerIndex = new LineIndex(value);
  const toHost = (line: number, column: number): { line: number; column: number } | undefined => {
    if (!offsets) return undefined;
    const i = innerIndex.lineStart(line) + column - 1;
    const off = i < offsets.length ? offsets[i] : i === offsets.length && offsets.length ? offsets[i - 1] + 1 : undefined;
    return off === undefined ? undefined : index.pos(off);
  };
  const inner = parseJson(host.file, value, limits);
  if (!('map' in inner)) {
    const at = toHost(inner.line, inner.column) ?? { line: host.range.line, column: host.range.column };
    return { ...inner, ...at };
  }
  const mapRange = (r: Range): Range | undefined => {
    const s = toHost(r.line, r.column);
    const e = toHost(r.endLine, r.endColumn);
    return s && e ? { line: s.line, column: s.column, endLine: e.line, endColumn: e.column } : undefined;
  };
  const map = SourceMap.shifted(host.file, inner.map, mapRange, host.range);
  return { ...inner, text: hostText, map };
}

/** For each character of `value`, its offset in `text`, or undefined when the scalar's layout is not understood. */
function charOffsets(text: string, start: number, value: string, index: LineIndex, line: number): number[] | undefined {
  // A tagged scalar's range starts at its tag (`!Sub |`): the scalar itself follows the tag and its spaces.
  if (text[start] === '!') {
    const m = /^![^\s]*[ \t]+/.exec(text.slice(start, start + 64));
    if (m) start += m[0].length;
  }
  const c = text[start];
  if (c === '"' || c === "'") return quoted(text, start, value, c);
  if (c === '|') return blockLiteral(text, value, index, line);
  // plain scalar on one line
  if (!value.includes('\n') && text.startsWith(value, start)) return Array.from(value, (_, i) => start + i);
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/', "'": "'", '0': '\0' };

function quoted(text: string, start: number, value: string, q: string): number[] | undefined {
  const out: number[] = [];
  let i = start + 1;
  while (i < text.length && out.length < value.length) {
    const ch = text[i];
    if (q === "'" && ch === "'" && text[i + 1] === "'") {
      out.push(i);
      i += 2;
      continue;
    }
    if (ch === q) break;
    if (q === '"' && ch === '\\') {
      const e = text[i + 1];
      if (e === 'u') {
        out.push(i);
        i += 6;
        continue;
      }
      if (e in SIMPLE_ESCAPES) {
        out.push(i);
        i += 2;
        continue;
      }
      return undefined;
    }
    if (ch === '\n') return undefined; // folded multi-line quoted scalars: give up on exact columns
    out.push(i);
    i++;
  }
  return out.length === value.length ? out : undefined;
}

function blockLiteral(text: string, value: string, index: LineIndex, line: number): number[] | undefined {
  const contentLines = value.split('\n');
  const out: number[] = [];
  let indent: number | undefined;
  for (let i = 0; i < contentLines.length; i++) {
    const srcStart = index.lineStart(line + 1 + i);
    const l = contentLines[i];
    if (l.length === 0) {
      if (i < contentLines.length - 1) out.push(srcStart);
      continue;
    }
    if (indent === undefined) {
      indent = 0;
      while (text[srcStart + indent] === ' ') indent++;
    }
    const base = srcStart + indent;
    let srcEnd = text.indexOf('\n', base);
    if (srcEnd < 0) srcEnd = text.length;
    if (text[srcEnd - 1] === '\r') srcEnd--;
    const src = text.slice(base, srcEnd);
    // A line changed by Fn::Sub keeps exact columns in its common prefix and suffix; the substituted middle maps to where it starts.
    let pre = 0;
    while (pre < l.length && pre < src.length && l[pre] === src[pre]) pre++;
    let suf = 0;
    while (suf < l.length - pre && suf < src.length - pre && l[l.length - 1 - suf] === src[src.length - 1 - suf]) suf++;
    for (let j = 0; j < l.length; j++) out.push(base + (j < pre ? j : j >= l.length - suf ? src.length - (l.length - j) : pre));
    if (i < contentLines.length - 1) out.push(base + src.length);
  }
  return out.length === value.length ? out : undefined;
}
