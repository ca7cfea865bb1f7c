import type { Guard } from './policy.js';
import type { SourceRef } from './source.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export interface RelatedLocation {
  source: SourceRef;
  message: string;
}

/** One hop of an assumption path, located at the statement that grants it. */
export interface FlowStep {
  source: SourceRef;
  message: string;
  /**
   * The other side of the hop (SARIF relatedLocations linked from the step's message): the caller's identity
   * statements when the step is located at the role's trust, the role's trust when it is located at the caller's
   * grant (an escalation).
   */
  related?: RelatedLocation[];
  /** What `related` is: the caller's identity statements (default) or the role's trust. */
  relatedAs?: 'identity' | 'trust';
}

export interface Suppression {
  kind: 'inSource' | 'external';
  justification: string;
  source?: SourceRef;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  messageId: string;
  message: string;
  location: SourceRef;
  related: RelatedLocation[];
  /** Assumption paths (trust graph rules): each a list of hops, entry point first (SARIF codeFlows). */
  paths?: FlowStep[][];
  /** Trust graph rules: every entry point or principal the finding counts, in the order the message names them. */
  entries?: string[];
  /** Fn::If branches under which the finding holds. */
  when: Guard[];
  /** Stable across line moves: rule, file, owner, principal … never line numbers. */
  fingerprint: string;
  suppressions: Suppression[];
}

export interface RuleReference {
  title: string;
  url: string;
}

/** Rule metadata as data, for reporters (they never import rules). */
export interface RuleMeta {
  id: string;
  name: string;
  severity: Severity;
  tags: string[];
  scope: 'document' | 'model' | 'graph';
  since: string;
  short: string;
  full: string;
  help: string;
  helpUri: string;
  references: RuleReference[];
  semantics: string[];
  messages: Record<string, string>;
}
