import { createHash } from 'node:crypto';
import { globMatch } from '../graph/glob.js';
import {
  compareRefs,
  type Finding,
  type Guard,
  guardText,
  joinPointer,
  type Model,
  type RelatedLocation,
  type RuleMeta,
  SELF_ACCOUNT,
  type Severity,
  type SourceRef,
  type SuppressionRecord,
  type SuppressionScope,
} from '../model/index.js';
import { createQueries, type ReportDescriptor, type RuleDefinition, type RuleSettings, type SuppressionStatus } from '../rule-kit/index.js';
import { findRule } from './find-rule.js';
import { mergeGuards } from './guards.js';

export const DOCS_BASE = 'https://github.com/fedlint/fedlint/blob/main/docs/rules/';

/** Per-rule override from config or flags: off, or a new severity. Keys are rule IDs or names, any case. */
export type RuleOverrides = Record<string, 'off' | Severity>;

export function ruleMeta(rule: RuleDefinition): RuleMeta {
  const { check: _check, ...meta } = rule;
  return { ...meta, helpUri: `${DOCS_BASE}${rule.id.toLowerCase()}-${rule.name}.md` };
}

export { findRule };

/** A fedlint bug met during a scan (an exception in a rule or a loader): reported, never fatal. */
export interface InternalError {
  /** The rule that threw, when a rule did. */
  ruleId?: string;
  /** The file being loaded, when a loader threw. */
  file?: string;
  message: string;
}

export interface RunResult {
  findings: Finding[];
  /** Exceptions thrown inside a rule: reported, never fatal (the scan goes on). */
  errors: InternalError[];
}

export { guardText };

export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

/**
 * Messages speak CloudFormation; a finding in Terraform code is told in Terraform's words: the account a module is
 * deployed to is not `${AWS::AccountId}` there, and the role setting is `max_session_duration`.
 */
const TERRAFORM_WORDS: Array<[string, string]> = [
  [SELF_ACCOUNT, '<this account>'],
  ['MaxSessionDuration', 'max_session_duration'],
];

function inTerraformWords(message: string): string {
  return TERRAFORM_WORDS.reduce((m, [a, b]) => m.split(a).join(b), message);
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * Rules whose findings come from matching suppressions against the other rules' findings (FL007, FL008): they run
 * last, and their own findings cannot be suppressed.
 */
export const SUPPRESSION_RULES: ReadonlySet<string> = new Set(['FL007', 'FL008']);

/**
 * Run rules over a model: render messages, resolve severities, fingerprint, de-duplicate, apply the model's
 * suppressions and sort. `catalog` (every rule there is, by default `rules`) tells a suppression naming a rule that
 * does not exist from one naming a rule that is only not running.
 */
export function runRules(rules: readonly RuleDefinition[], model: Model, settings: RuleSettings, overrides: RuleOverrides = {}, catalog: readonly RuleDefinition[] = rules): RunResult {
  const queries = createQueries(model, settings);
  const terraform = new Set(model.files.filter((f) => f.kind === 'terraform-hcl' || f.kind === 'terraform-plan').map((f) => f.path));
  const findings: Finding[] = [];
  const errors: InternalError[] = [];
  const level = new Map<string, 'off' | Severity>();
  for (const [k, v] of Object.entries(overrides)) {
    const r = findRule(rules, k);
    if (r) level.set(r.id, v);
  }
  let status: SuppressionStatus[] | undefined;
  const suppressions = () => {
    if (!status) throw new Error('suppressions are known only after the other rules ran');
    return status;
  };
  const run = (rule: RuleDefinition, sev: Severity) => {
    // A statement with Fn::If inside is checked once per branch combination: the same finding from several
    // variants is one finding, held under the branch sets mergeGuards reduces them to (none when it holds in all).
    const groups = new Map<string, { d: ReportDescriptor; base: string; whens: Guard[][] }>();
    const report = (d: ReportDescriptor) => {
      const template = (rule.messages as Record<string, string>)[d.messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId ${d.messageId}`);
      const rendered = renderMessage(template, d.data);
      const base = terraform.has(d.at.file) ? inTerraformWords(rendered) : rendered;
      const r = d.at.range;
      // Module code instantiated twice gives a finding per instance (each names its call site).
      const id = JSON.stringify([d.at.file, r.line, r.column, r.endLine, r.endColumn, d.messageId, base, d.at.via?.map((c) => c.module)]);
      const g = groups.get(id);
      if (g) g.whens.push(d.when ?? []);
      else groups.set(id, { d, base, whens: [d.when ?? []] });
    };
    try {
      rule.check({ model, settings, report, ...queries, suppressions });
    } catch (e) {
      errors.push({ ruleId: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
    for (const { d, base, whens } of groups.values()) {
      for (const when of mergeGuards(whens)) {
        const key = d.key ?? [d.at.pointer];
        findings.push({
          ruleId: rule.id,
          ruleName: rule.name,
          severity: sev,
          messageId: d.messageId,
          message: base + guardText(when),
          location: d.at,
          related: [...(d.related ?? []), ...calledFrom(d.at)],
          ...(d.paths?.length ? { paths: d.paths } : {}),
          ...(d.entries?.length ? { entries: d.entries } : {}),
          when,
          fingerprint: fingerprint([rule.id, d.at.file, d.messageId, ...key, JSON.stringify(when)]),
          suppressions: [],
        });
      }
    }
  };
  const active = rules.flatMap((rule) => {
    const sev = level.get(rule.id) ?? rule.severity;
    return sev === 'off' ? [] : [{ rule, sev }];
  });
  for (const { rule, sev } of active) if (!SUPPRESSION_RULES.has(rule.id)) run(rule, sev);
  const ran = new Set(active.map((a) => a.rule.id));
  status = applySuppressions(findings, model.suppressions, catalog === rules ? rules : [...rules, ...catalog], ran);
  for (const { rule, sev } of active) if (SUPPRESSION_RULES.has(rule.id)) run(rule, sev);
  return { findings: sortFindings(findings), errors };
}

/**
 * Mark each finding with the suppressions whose rule and scope match it (it stays in the output, SARIF
 * `suppressions[]`), and count what each suppression matched.
 */
function applySuppressions(findings: Finding[], records: readonly SuppressionRecord[], catalog: readonly RuleDefinition[], ran: ReadonlySet<string>): SuppressionStatus[] {
  const status = records.map((record): SuppressionStatus => {
    const r = record.rule ? findRule(catalog, record.rule) : undefined;
    return { record, ...(r ? { rule: { id: r.id, name: r.name } } : {}), ran: r !== undefined && ran.has(r.id), matched: 0 };
  });
  for (const f of findings) {
    if (SUPPRESSION_RULES.has(f.ruleId)) continue;
    for (const s of status) {
      if (s.rule?.id !== f.ruleId || !inScope(s.record.scope, f.location)) continue;
      s.matched++;
      f.suppressions.push({ kind: s.record.kind, justification: s.record.reason || 'no reason given', source: s.record.source });
    }
  }
  return status;
}

function inScope(scope: SuppressionScope, at: SourceRef): boolean {
  switch (scope.kind) {
    case 'pointer':
      return at.file === scope.file && (scope.pointer === '' || at.pointer === scope.pointer || at.pointer.startsWith(`${scope.pointer}/`) || (at.resource !== undefined && joinPointer('/Resources', at.resource) === scope.pointer));
    case 'lines':
      return at.file === scope.file && at.range.line >= scope.from && at.range.line <= scope.to;
    case 'glob':
      return globMatch(scope.path, at.file, true) && (scope.resource === undefined || (at.resource !== undefined && globMatch(scope.resource, at.resource, true)));
  }
}

/** For a finding in Terraform module code: the `module` calls that instantiated it, outermost first. */
function calledFrom(at: SourceRef): RelatedLocation[] {
  return (at.via ?? []).map((c) => ({ source: { file: c.file, pointer: '', range: c.range }, message: `instantiated by ${c.module}` }));
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => compareRefs(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
