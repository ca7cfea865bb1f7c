import type { Finding, FlowStep, Severity } from '../model/index.js';
import { baselineState, type ReportInput } from './types.js';

/**
 * Workflow-command escaping, as actions/toolkit does it (packages/core/src/command.ts, `escapeData` and
 * `escapeProperty`; the runner reverses it, docs.github.com "Workflow commands for GitHub Actions"): `%` first, so
 * the sequences added after it stay literal, then CR and LF, which would end the command early.
 */
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property value also escapes `:` (it ends the property list) and `,` (it separates properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/** The path with the fewest hops; the first of those on a tie (paths arrive in a stable order). */
export function shortestPath(paths: FlowStep[][] | undefined): FlowStep[] | undefined {
  let best: FlowStep[] | undefined;
  for (const p of paths ?? []) if (p.length && (!best || p.length < best.length)) best = p;
  return best;
}

function annotation(f: Finding): string {
  const r = f.location.range;
  // actions/toolkit AnnotationProperties (packages/core/src/annotation.ts): `col` and `endColumn` cannot be sent
  // when the annotation spans several lines.
  const props: Array<[string, string | number]> = [
    ['file', f.location.file],
    ['line', r.line],
  ];
  if (r.line === r.endLine) props.push(['col', r.column], ['endLine', r.endLine], ['endColumn', r.endColumn]);
  else props.push(['endLine', r.endLine]);
  props.push(['title', `${f.ruleId} ${f.ruleName}`]);
  const path = shortestPath(f.paths);
  const message = path ? `${f.message} Path: ${path.map((s) => s.message).join(' → ')}` : f.message;
  return `::${COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/**
 * GitHub Actions annotations: one workflow command per finding that is not suppressed and, with a baseline, is new
 * (critical and high → `error`, medium → `warning`, low and info → `notice`), then one `error` per internal error.
 */
export function formatGithub(input: ReportInput): string {
  const lines = input.findings.filter((f) => f.suppressions.length === 0 && baselineState(input, f) !== 'unchanged').map(annotation);
  for (const e of input.errors) {
    const what = e.ruleId ? `rule ${e.ruleId} failed: ${e.message}` : `fedlint failed while loading ${e.file}: ${e.message}`;
    const file = e.file && !e.ruleId ? `file=${escapeProperty(e.file)},` : '';
    lines.push(`::error ${file}title=${escapeProperty('fedlint internal error')}::${escapeData(what)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
