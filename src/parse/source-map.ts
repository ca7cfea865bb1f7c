import type { Range, SourceRef } from '../model/index.js';

/** JSON pointer → range, for values and for the keys that name them. */
export class SourceMap {
  constructor(
    readonly file: string,
    private readonly values: Map<string, Range>,
    private readonly keys: Map<string, Range>,
    /** Pointers whose range is a stand-in (an embedded document whose layout could not be followed). */
    private readonly approx: Set<string> = new Set(),
  ) {}

  /** The exact range of `pointer`, or the nearest ancestor's, marked approximate. */
  locate(pointer: string): SourceRef {
    let p = pointer;
    for (;;) {
      const range = this.values.get(p);
      if (range) return p === pointer && !this.approx.has(p) ? { file: this.file, pointer, range } : { file: this.file, pointer, range, approximate: true };
      if (p === '') return { file: this.file, pointer, range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, approximate: true };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /** The range of the key naming `pointer` (the `Principal:` of `/Statement/0/Principal`), else the value's. */
  locateKey(pointer: string): SourceRef {
    const range = this.keys.get(pointer);
    if (!range) return this.locate(pointer);
    return this.approx.has(pointer) ? { file: this.file, pointer, range, approximate: true } : { file: this.file, pointer, range };
  }

  /** Ranges of a sub-document mapped into this one (an embedded JSON policy). */
  static shifted(file: string, inner: SourceMap, map: (r: Range) => Range | undefined, fallback: Range): SourceMap {
    const values = new Map<string, Range>();
    const keys = new Map<string, Range>();
    const approx = new Set<string>();
    const put = (into: Map<string, Range>, p: string, r: Range) => {
      const m = map(r);
      into.set(p, m ?? fallback);
      if (!m) approx.add(p);
    };
    for (const [p, r] of inner.values) put(values, p, r);
    for (const [p, r] of inner.keys) put(keys, p, r);
    return new SourceMap(file, values, keys, approx);
  }

}

export interface ParsedDoc {
  file: string;
  format: 'yaml' | 'json';
  text: string;
  value: unknown;
  map: SourceMap;
  /** Duplicate keys (JSON keeps the last one, as AWS's parsers do): pointer of the winning value. */
  duplicateKeys: string[];
}

export interface ParseFailure {
  file: string;
  message: string;
  line: number;
  column: number;
}

export interface ParseLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 5 * 1024 * 1024, maxDepth: 128, maxAliases: 100 };
