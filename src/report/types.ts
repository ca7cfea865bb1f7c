import type { Finding, RuleMeta } from '../model/index.js';

export interface ReportInput {
  findings: Finding[];
  /** Metadata of every rule that ran (reporters never import rules). */
  rules: RuleMeta[];
  toolVersion: string;
  filesScanned: number;
  /** File texts for code frames, keyed by the path findings use. */
  texts: Map<string, string>;
  /** fedlint's own errors (a rule or loader threw): reported as notifications. */
  errors: Array<{ ruleId?: string; file?: string; message: string }>;
  /** Files that claimed a supported format and could not be read (also FL001 findings). */
  unreadable: Array<{ file: string; message: string; line: number }>;
  /** Set when findings are compared with a baseline (`scan --baseline`, or the base revision's with `--diff-base`). */
  baseline?: BaselineMarks;
  /** `--diff-base`: the trust-graph edges the change adds and removes. */
  graphChanges?: GraphChanges;
}

/** One trust-graph edge as people read it: `user dana` → `role deploy` by `sts:AssumeRole`. */
export interface GraphEdgeChange {
  from: string;
  to: string;
  call: string;
}

export interface GraphChanges {
  added: GraphEdgeChange[];
  removed: GraphEdgeChange[];
}

/** "user dana → role deploy (sts:AssumeRole)". */
export function edgeText(e: GraphEdgeChange): string {
  return `${e.from} → ${e.to} (${e.call})`;
}

/** Which findings a baseline already holds (SARIF baselineState `unchanged`; all others are `new`), and its entries no longer found. */
export interface BaselineMarks {
  /** `--diff-base`: the revision compared with (else a baseline file). */
  revision?: string;
  unchanged: ReadonlySet<Finding>;
  absent: Array<{ fingerprint: string; ruleId: string; file: string; message: string }>;
}

/** SARIF 2.1.0 §3.27.24 baselineState of a finding, when there is a baseline. */
export function baselineState(input: ReportInput, f: Finding): 'new' | 'unchanged' | undefined {
  if (!input.baseline) return undefined;
  return input.baseline.unchanged.has(f) ? 'unchanged' : 'new';
}

export const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' } as const;

export function sarifLevel(s: keyof typeof SECURITY_SEVERITY): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

export function countBySeverity(findings: Finding[]): Record<string, number> {
  const out: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
