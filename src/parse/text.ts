/** Bytes to text: UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is a clear error. */
export function decode(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): { text: string } | { error: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    let offset = 0;
    // find the first offending byte for the message
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
        offset = end;
      } catch {
        if (end - offset > 4) break;
      }
    }
    return { error: `not valid UTF-8 (byte ${offset}); save the file as UTF-8 or UTF-16 with a byte-order mark` };
  }
}

/** Offset → 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }
}

/** Deepest bracket nesting outside strings: a cheap guard before recursive parsers run. */
export function bracketDepth(text: string, limit: number): { depth: number; offset: number } | undefined {
  let depth = 0;
  let inString: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === inString) inString = undefined;
      continue;
    }
    if (c === '"') inString = c;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return { depth, offset: i };
    } else if (c === ']' || c === '}') depth--;
  }
  return undefined;
}
