/** 1-based line and column; `endColumn` is the column just after the last character (SARIF convention). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a model value came from: a file, a JSON pointer inside the parsed document, and its range. */
export interface SourceRef {
  file: string;
  pointer: string;
  range: Range;
  /** True when the exact node could not be located and the nearest ancestor's range is used instead. */
  approximate?: boolean;
  /** The resource the location belongs to (CloudFormation logical ID, Terraform address), for SARIF logical locations. */
  resource?: string;
  /** Terraform module code: the `module` calls, outermost first, that instantiated it here. */
  via?: ModuleCall[];
}

/** A Terraform `module "name" { … }` block that instantiates a module: its address and where it is written. */
export interface ModuleCall {
  module: string;
  file: string;
  range: Range;
}

export function compareRefs(a: SourceRef, b: SourceRef): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    a.range.endLine - b.range.endLine ||
    a.range.endColumn - b.range.endColumn
  );
}

/** Escape one JSON-pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...keys: Array<string | number>): string {
  return base + keys.map((k) => '/' + pointerSegment(k)).join('');
}
