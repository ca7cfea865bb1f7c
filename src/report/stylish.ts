import { codeFrameColumns } from '@babel/code-frame';
import pc from 'picocolors';
import type { Finding, Severity } from '../model/index.js';
import { countBySeverity, edgeText, type ReportInput } from './types.js';

export interface StylishOptions {
  color: boolean;
  elapsedMs?: number;
}

type Paint = (s: string) => string;

/** A few lines of source around the finding, the range underlined (@babel/code-frame). */
export function codeFrame(text: string, f: Finding['location'], color = false): string {
  const { line, column, endLine, endColumn } = f.range;
  const end = endLine === line ? { line: endLine, column: Math.max(endColumn, column + 1) } : { line, column: column + 1 };
  return codeFrameColumns(text, { start: { line, column }, end }, { highlightCode: color, forceColor: color, linesAbove: 2, linesBelow: 1 });
}

/** The terminal format: findings grouped by file, a code frame each, and a summary line. */
export function formatStylish(input: ReportInput, opts: StylishOptions): string {
  const c = pc.createColors(opts.color);
  const sevColor: Record<Severity, Paint> = { critical: (s) => c.bold(c.red(s)), high: c.red, medium: c.yellow, low: c.cyan, info: c.gray };
  const out: string[] = [];
  // With a baseline, only new findings are shown; a closing line counts the hidden ones and lists the absent entries.
  const marks = input.baseline;
  const findings = marks ? input.findings.filter((f) => !marks.unchanged.has(f)) : input.findings;
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.location.file, [...(byFile.get(f.location.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(c.underline(file));
    for (const f of findings) {
      const r = f.location.range;
      out.push(`  ${c.dim(`${r.line}:${r.column}`)}  ${sevColor[f.severity](f.severity.padEnd(8))}  ${f.message}  ${c.dim(`${f.ruleId} ${f.ruleName}`)}`);
      const text = input.texts.get(file);
      if (text !== undefined) out.push(codeFrame(text, f.location, opts.color).replace(/^/gm, '    '));
      for (const [i, p] of (f.paths ?? []).entries()) {
        out.push(`    ${c.dim(`path ${i + 1}:`)}`);
        p.forEach((s, j) => {
          out.push(`      ${j + 1}. ${s.message} ${c.dim(`${s.source.file}:${s.source.range.line}:${s.source.range.column}`)}`);
          // The other side of the hop (the caller's identity statements, or the role's trust), under it.
          for (const r of s.related ?? []) out.push(`         ${c.dim(`${s.relatedAs ?? 'identity'}: ${r.source.file}:${r.source.range.line}:${r.source.range.column}`)}`);
        });
      }
      for (const rel of f.related) out.push(`    ${c.dim('↳')} ${rel.source.file}:${rel.source.range.line}:${rel.source.range.column} ${c.dim(rel.message)}`);
      if (f.suppressions.length) out.push(`    ${c.dim(`suppressed: ${f.suppressions.map((s) => s.justification).join('; ')}`)}`);
      out.push('');
    }
  }
  const counts = countBySeverity(findings);
  const parts = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).map((s) => sevColor[s](`${counts[s]} ${s}`));
  const files = `${input.filesScanned} file${input.filesScanned === 1 ? '' : 's'} scanned`;
  const time = opts.elapsedMs !== undefined ? ` in ${(opts.elapsedMs / 1000).toFixed(2)}s` : '';
  const n = findings.length;
  const what = marks ? 'new finding' : 'finding';
  out.push(n === 0 ? c.green(`✔ no ${what}s, ${files}${time}`) : `${c.bold(`✖ ${n} ${what}${n === 1 ? '' : 's'}`)} (${parts.join(', ')}), ${files}${time}`);
  if (marks) {
    const hidden = input.findings.length - n;
    const gone = marks.absent.length;
    const s = (k: number) => (k === 1 ? '' : 's');
    out.push(
      marks.revision !== undefined
        ? `${hidden} finding${s(hidden)} also in ${marks.revision} hidden, ${gone} finding${s(gone)} of ${marks.revision} gone${gone ? ':' : ''}`
        : `${hidden} finding${s(hidden)} in the baseline hidden, ${gone} baseline ${gone === 1 ? 'entry' : 'entries'} no longer ${gone === 1 ? 'occurs' : 'occur'}${gone ? ':' : ''}`,
    );
    for (const e of marks.absent) out.push(`  ${e.file}: ${e.ruleId} ${c.dim(e.message)}`);
  }
  const g = input.graphChanges;
  if (g) {
    out.push(`trust graph: ${g.added.length} edge${g.added.length === 1 ? '' : 's'} added, ${g.removed.length} removed${g.added.length + g.removed.length ? ':' : ''}`);
    for (const e of g.added) out.push(`  ${c.red('+')} ${edgeText(e)}`);
    for (const e of g.removed) out.push(`  ${c.green('-')} ${edgeText(e)}`);
  }
  return out.join('\n') + '\n';
}
