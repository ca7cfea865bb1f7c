import type { Finding, FlowStep, Severity, SourceRef } from '../model/index.js';
import { baselineState, countBySeverity, edgeText, type GraphChanges, type GraphEdgeChange, type ReportInput } from './types.js';

/** Table rows written at most; the rest is summed up in one line. */
export const MAX_ROWS = 200;

/**
 * Characters the table and path blocks may fill: a comment body on GitHub holds at most 65,536 characters ("Body is
 * too long (maximum is 65536 characters)", e.g. renovatebot/renovate#2032), and a few thousand are kept for the
 * heading and the closing lines. Rows of about 400 characters reach it before MAX_ROWS.
 */
export const MAX_CHARS = 60_000;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A code span for any text: a fence longer than any backtick run inside it (CommonMark §6.1), `|` escaped for tables. */
function code(text: string): string {
  const s = text.replace(/\r\n|\r|\n/g, ' ').replaceAll('|', '\\|');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * Message text for a table cell or a list item: its code spans kept (only `|` escaped inside them, GFM §4.10), other
 * Markdown punctuation backslash-escaped so that names such as `arn:aws:iam::*:role/*` stay literal, line breaks as
 * `<br>`.
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/(`+)([\s\S]+?)(?<!`)\1(?!`)/g)) {
    out += escapeText(text.slice(last, m.index)) + `${m[1]}${m[2].replace(/\r\n|\r|\n/g, ' ').replaceAll('|', '\\|')}${m[1]}`;
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

function escapeText(s: string): string {
  return s.replace(/[\\`*_[\]<>~|&]/g, '\\$&').replace(/\r\n|\r|\n/g, '<br>');
}

function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const at = (s: SourceRef) => `${s.file}:${s.range.line}`;

function row(f: Finding, helpUri: Map<string, string>): string {
  const uri = helpUri.get(f.ruleId);
  const rule = uri ? `[${f.ruleId}](${uri.replaceAll(' ', '%20').replaceAll(')', '%29')})` : f.ruleId;
  return `| ${f.severity} | ${rule} ${escapeMarkdown(f.ruleName)} | ${code(at(f.location))} | ${escapeMarkdown(f.message)} |`;
}

function hop(s: FlowStep, i: number): string {
  const as = s.relatedAs === 'trust' ? "the role's trust" : 'its identity policy';
  const allowed = s.related?.length ? ` (allowed by ${as}: ${s.related.map((r) => code(at(r.source))).join(', ')})` : '';
  return `${i + 1}. ${code(at(s.source))} ${escapeMarkdown(s.message)}${allowed}`;
}

/** A collapsed block with the numbered hops of each assumption path of a finding. */
function pathsBlock(f: Finding): string[] {
  const paths = (f.paths ?? []).filter((p) => p.length);
  const out = ['', '<details>', `<summary>${escapeHtml(`${f.ruleId} ${f.ruleName} at ${at(f.location)}: ${plural(paths.length, 'assumption path')}`)}</summary>`];
  for (const [i, p] of paths.entries()) {
    out.push('');
    if (paths.length > 1) out.push(`Path ${i + 1}:`, '');
    out.push(...p.map(hop));
  }
  out.push('', '</details>');
  return out;
}

/**
 * Markdown for a pull-request comment or a job summary (`$GITHUB_STEP_SUMMARY`): a heading with the counts by
 * severity, one table row per finding that is not suppressed and, with a baseline, is new (at most MAX_ROWS, then a
 * line with the rest), and the assumption paths of the listed findings in `<details>` blocks.
 */
export function formatMarkdown(input: ReportInput): string {
  const shown = input.findings.filter((f) => f.suppressions.length === 0);
  const findings = shown.filter((f) => baselineState(input, f) !== 'unchanged');
  const suppressed = input.findings.length - shown.length;
  const known = shown.length - findings.length;
  const tail = `${plural(input.filesScanned, 'file')} scanned${suppressed ? `; ${plural(suppressed, 'suppressed finding')} not shown` : ''}${known ? `; ${plural(known, 'baseline finding')} not shown` : ''}`;
  const out: string[] = [];
  if (!findings.length) out.push(`fedlint: no findings, ${tail}.`);
  else {
    const counts = countBySeverity(findings);
    const parts = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    const helpUri = new Map(input.rules.map((r) => [r.id, r.helpUri]));
    out.push(`### fedlint: ${plural(findings.length, 'finding')} (${parts.join(', ')}), ${tail}`, '');
    out.push('| Severity | Rule | Location | Message |', '|---|---|---|---|');
    let size = out.join('\n').length;
    const shown: Finding[] = [];
    for (const f of findings) {
      const r = row(f, helpUri);
      if (shown.length === MAX_ROWS || size + r.length + 1 > MAX_CHARS) break;
      shown.push(f);
      out.push(r);
      size += r.length + 1;
    }
    const more = findings.length - shown.length;
    if (more > 0) out.push('', `and ${plural(more, 'more finding')} (see the SARIF/JSON output)`);
    let left = 0;
    for (const f of shown) {
      if (!f.paths?.some((p) => p.length)) continue;
      const block = pathsBlock(f);
      const n = block.join('\n').length + 1;
      if (left || size + n > MAX_CHARS) left++;
      else {
        out.push(...block);
        size += n;
      }
    }
    if (left) out.push('', `The assumption paths of ${plural(left, 'more finding')} are in the SARIF/JSON output.`);
  }
  const g = input.graphChanges;
  if (g && (g.added.length || g.removed.length)) out.push('', ...graphSection(g));
  for (const e of input.errors) out.push('', `**fedlint internal error**: ${escapeMarkdown(e.ruleId ? `rule ${e.ruleId} failed: ${e.message}` : `fedlint failed while loading ${e.file}: ${e.message}`)}`);
  return `${out.join('\n')}\n`;
}

/** The most edges listed (and drawn) per direction in the trust-graph section. */
const MAX_EDGES = 50;

/**
 * The trust-graph change of a pull request (`--diff-base`): the edges it adds and removes as lists, and the added
 * ones as a Mermaid diagram (GitHub renders it in comments and job summaries).
 */
function graphSection(g: GraphChanges): string[] {
  const list = (edges: GraphEdgeChange[], sign: string) => [
    ...edges.slice(0, MAX_EDGES).map((e) => `- ${sign} ${escapeMarkdown(edgeText(e))}`),
    ...(edges.length > MAX_EDGES ? [`- and ${edges.length - MAX_EDGES} more`] : []),
  ];
  const out = [`#### Trust graph: ${plural(g.added.length, 'edge')} added, ${g.removed.length} removed`, ''];
  if (g.added.length) {
    const drawn = g.added.slice(0, MAX_EDGES);
    const names = [...new Set(drawn.flatMap((e) => [e.from, e.to]))];
    const id = new Map(names.map((n, i) => [n, `n${i}`]));
    const q = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
    out.push('```mermaid', 'flowchart LR', ...names.map((n) => `  ${id.get(n)}[${q(n)}]`), ...drawn.map((e) => `  ${id.get(e.from)} -- ${q(e.call)} --> ${id.get(e.to)}`), '```', '', ...list(g.added, 'added:'));
  }
  if (g.removed.length) out.push(...(g.added.length ? [''] : []), ...list(g.removed, 'removed:'));
  return out;
}
