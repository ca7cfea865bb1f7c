import type { Range, SuppressionRecord } from '../../model/index.js';
import type { HclBody, HclFile } from '../../parse/hcl/index.js';

/** `# fedlint-ignore FL212: reason` or `// fedlint-ignore FL212, FL213: reason` (several rules share the reason). */
const DIRECTIVE = /^(?:#|\/\/)\s*fedlint-ignore(?=\s|:|$)([^:]*)(?::(.*))?$/;

/**
 * Suppression comments of a `.tf` file. A comment on a line of its own applies to the block or attribute that
 * starts on the next line that is not a comment (directives may be stacked); the findings located inside that
 * block or attribute's lines are suppressed. With no block or attribute there, it covers that one line.
 * In a `.tf.json` file a `"//": "fedlint-ignore FL212: reason"` property applies to the block it is written in (at
 * the top level, to the whole file).
 */
export function hclSuppressions(hcl: HclFile, text: string): SuppressionRecord[] {
  if (/\.json$/i.test(hcl.file)) return jsonSuppressions(hcl);
  const lines = text.split(/\r\n|\r|\n/);
  const commentLines = new Set<number>();
  for (const c of hcl.comments) if (ownLine(lines, c.range)) for (let l = c.range.line; l <= c.range.endLine; l++) commentLines.add(l);
  const starts = new Map<number, Range>();
  collectStarts(hcl.body, starts);
  const out: SuppressionRecord[] = [];
  for (const c of hcl.comments) {
    const m = DIRECTIVE.exec(c.text.trim());
    if (!m || !ownLine(lines, c.range)) continue;
    let target = c.range.endLine + 1;
    while (commentLines.has(target)) target++;
    const r = starts.get(target);
    out.push(...records(hcl.file, m, c.range, target, r ? r.endLine : target));
  }
  return out;
}

function jsonSuppressions(hcl: HclFile): SuppressionRecord[] {
  const out: SuppressionRecord[] = [];
  for (const c of hcl.comments) {
    const m = DIRECTIVE.exec(`# ${c.text.trim()}`);
    if (!m) continue;
    // Outside every block (at the top of the file): the whole file.
    const block = innermost(hcl.body, c.range);
    out.push(...records(hcl.file, m, c.range, block ? block.line : 1, block ? block.endLine : Number.MAX_SAFE_INTEGER));
  }
  return out;
}

function records(file: string, m: RegExpExecArray, at: Range, from: number, to: number): SuppressionRecord[] {
  const rules = m[1].split(/[\s,]+/).filter(Boolean);
  const reason = (m[2] ?? '').trim();
  const source = { file, pointer: '', range: at };
  const scope = { kind: 'lines' as const, file, from, to };
  return (rules.length ? rules : ['']).map((rule) => ({ kind: 'inSource' as const, rule, reason, source, scope }));
}

/** The range of the innermost block holding `r`. */
function innermost(body: HclBody, r: Range): Range | undefined {
  for (const b of body.blocks) if (contains(b.range, r)) return innermost(b.body, r) ?? b.range;
  return undefined;
}

function contains(outer: Range, r: Range): boolean {
  const before = (a: number, b: number, c: number, d: number) => a < c || (a === c && b <= d);
  return before(outer.line, outer.column, r.line, r.column) && before(r.endLine, r.endColumn, outer.endLine, outer.endColumn);
}

/** Whether only whitespace precedes the comment on its line. */
function ownLine(lines: string[], r: Range): boolean {
  return (lines[r.line - 1] ?? '').slice(0, r.column - 1).trim() === '';
}

/** The outermost block or attribute starting on each line. */
function collectStarts(body: HclBody, into: Map<number, Range>): void {
  for (const a of body.attributes) if (!into.has(a.range.line)) into.set(a.range.line, a.range);
  for (const b of body.blocks) {
    if (!into.has(b.range.line)) into.set(b.range.line, b.range);
    collectStarts(b.body, into);
  }
}
