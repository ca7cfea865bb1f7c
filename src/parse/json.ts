import { parse as momoaParse } from '@humanwhocodes/momoa';
import type { Range } from '../model/index.js';
import { pointerSegment } from '../model/index.js';
import { DEFAULT_LIMITS, type ParseFailure, type ParseLimits, type ParsedDoc, SourceMap } from './source-map.js';
import { bracketDepth, LineIndex } from './text.js';

type Node = ReturnType<typeof momoaParse>['body'];

interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

function toRange(loc: Loc): Range {
  return { line: loc.start.line, column: loc.start.column, endLine: loc.end.line, endColumn: loc.end.column };
}

/** JSON text → value + source map, with line/column for every value and key. */
export function parseJson(file: string, text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedDoc | ParseFailure {
  const deep = bracketDepth(text, limits.maxDepth);
  if (deep) {
    const p = new LineIndex(text).pos(deep.offset);
    return { file, message: `nesting deeper than ${limits.maxDepth} levels`, ...p };
  }
  let ast: ReturnType<typeof momoaParse>;
  try {
    ast = momoaParse(text, { mode: 'json', ranges: false, tokens: false });
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    const message = err.message.replace(/\s*\(\d+:\d+\)\s*$/, '');
    return { file, message: `invalid JSON: ${message}`, line: err.line ?? 1, column: err.column ?? 1 };
  }
  const values = new Map<string, Range>();
  const keys = new Map<string, Range>();
  const duplicateKeys: string[] = [];

  const walk = (node: Node, pointer: string): unknown => {
    values.set(pointer, toRange(node.loc));
    switch (node.type) {
      case 'Object': {
        const out: Record<string, unknown> = {};
        for (const member of node.members) {
          const name = member.name.type === 'String' ? member.name.value : String((member.name as { name?: string }).name);
          const p = pointer + '/' + pointerSegment(name);
          if (Object.hasOwn(out, name)) duplicateKeys.push(p);
          keys.set(p, toRange(member.name.loc));
          out[name] = walk(member.value, p);
        }
        return out;
      }
      case 'Array':
        return node.elements.map((el, i) => walk(el.value, pointer + '/' + i));
      case 'String':
      case 'Number':
      case 'Boolean':
        return node.value;
      case 'Null':
        return null;
      default:
        return undefined;
    }
  };
  const value = walk(ast.body, '');
  return { file, format: 'json', text, value, map: new SourceMap(file, values, keys), duplicateKeys };
}
