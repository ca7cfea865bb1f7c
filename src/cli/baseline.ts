import { readFileSync } from 'node:fs';
import type { Finding } from '../model/index.js';
import { UsageError } from './errors.js';
import { schemaProblems } from './schema.js';

/** One accepted finding. Only the fingerprint is matched; rule, file and message are for people reading diffs. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  message: string;
}

export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** The result of comparing current findings with known fingerprints (a baseline file, or a base revision's scan). */
export interface Comparison<E extends { fingerprint: string }> {
  /** Findings with no known counterpart (SARIF baselineState `new`), in input order. */
  added: Finding[];
  /** Findings matched to a known entry (SARIF baselineState `unchanged`), in input order. */
  unchanged: Finding[];
  /** Known entries no current finding matches, in their order. */
  absent: E[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message) || cmp(a.fingerprint, b.fingerprint));
}

/**
 * The baseline of a scan's findings, sorted (same findings, same bytes). Suppressed findings are left out: they are
 * accepted by their own reason already, and must come back when the suppression is removed.
 */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings.filter((f) => f.suppressions.length === 0).map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.location.file, message: f.message }));
  return { version: 1, findings: sortEntries(entries) };
}

export function serializeBaseline(baseline: Baseline): string {
  const findings = baseline.findings.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, file: e.file, message: e.message }));
  return JSON.stringify({ version: baseline.version, findings }, null, 2) + '\n';
}


/** Read and validate a baseline file; every problem is a UsageError (exit 2) naming the file and the reason. */
export function readBaseline(file: string, shownAs: string = file): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`baseline file ${shownAs} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`baseline file ${shownAs} is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const problems = schemaProblems('baseline.schema.json', raw);
  if (problems.length) throw new UsageError(`invalid baseline file ${shownAs} (write a new one with \`fedlint baseline\`):\n  ${problems.join('\n  ')}`);
  return raw as Baseline;
}

/**
 * Compare current findings with known entries by fingerprint. Each entry accounts for one finding: when a fingerprint
 * occurs more often now than it is known, the extra findings (the last ones in input order) are new.
 */
export function compareFindings<E extends { fingerprint: string }>(findings: readonly Finding[], known: readonly E[]): Comparison<E> {
  const pending = new Map<string, E[]>();
  for (const e of known) pending.set(e.fingerprint, [...(pending.get(e.fingerprint) ?? []), e]);
  const added: Finding[] = [];
  const unchanged: Finding[] = [];
  for (const f of findings) {
    const left = pending.get(f.fingerprint);
    if (left?.length) {
      left.shift();
      unchanged.push(f);
    } else added.push(f);
  }
  const remaining = new Set([...pending.values()].flat());
  return { added, unchanged, absent: known.filter((e) => remaining.has(e)) };
}
