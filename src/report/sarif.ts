import type { Finding, FlowStep, RelatedLocation } from '../model/index.js';
import { baselineState, type ReportInput, SECURITY_SEVERITY, sarifLevel } from './types.js';

const INFO_URI = 'https://github.com/fedlint/fedlint';

function region(f: { range: { line: number; column: number; endLine: number; endColumn: number } }) {
  const r = f.range;
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function location(ref: Finding['location'], message?: string, id?: number) {
  return {
    ...(id !== undefined ? { id } : {}),
    physicalLocation: { artifactLocation: { uri: encodeURI(ref.file), uriBaseId: '%SRCROOT%' }, region: region(ref) },
    ...(message ? { message: { text: message } } : {}),
  };
}

/**
 * A message that carries embedded links (SARIF 2.1.0 §3.11.6) escapes its literal `\`, `[` and `]` with a backslash, so
 * that a viewer reads only the links as links.
 */
function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

/**
 * A result's relatedLocations and codeFlows: the finding's own related locations first (ids 1…n), then each path
 * step's related locations, identical ones (same place, same message) sharing one entry; a step's message links to
 * its entries with SARIF embedded links, `… (allowed by [its identity policy](3))` (§3.11.6).
 */
function relatedAndFlows(f: Finding) {
  const related = f.related.map((r, i) => location(r.source, r.message, i + 1));
  const key = (r: RelatedLocation) => {
    const g = r.source.range;
    return JSON.stringify([r.source.file, g.line, g.column, g.endLine, g.endColumn, r.message]);
  };
  const ids = new Map<string, number>();
  f.related.forEach((r, i) => {
    if (!ids.has(key(r))) ids.set(key(r), i + 1);
  });
  const idOf = (r: RelatedLocation): number => {
    const k = key(r);
    let id = ids.get(k);
    if (id === undefined) {
      id = related.length + 1;
      ids.set(k, id);
      related.push(location(r.source, r.message, id));
    }
    return id;
  };
  const message = (s: FlowStep): string => {
    const linked = [...new Set((s.related ?? []).map(idOf))];
    if (!linked.length) return s.message;
    const as = s.relatedAs === 'trust' ? "the role's trust" : 'its identity policy';
    const links = linked.length === 1 ? `[${as}](${linked[0]})` : `${as}, ${linked.map((id, i) => `[statement ${i + 1}](${id})`).join(' and ')}`;
    return `${escapeLinkText(s.message)} (allowed by ${links})`;
  };
  // One codeFlow per assumption path, one threadFlow location per hop (entry point first).
  const codeFlows = (f.paths ?? []).map((p) => ({ threadFlows: [{ locations: p.map((s, i) => ({ location: location(s.source, message(s)), executionOrder: i + 1 })) }] }));
  return { ...(related.length ? { relatedLocations: related } : {}), ...(codeFlows.length ? { codeFlows } : {}) };
}

/** SARIF 2.1.0 for GitHub code scanning: rule metadata with security-severity, stable partialFingerprints. */
export function formatSarif(input: ReportInput): string {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'fedlint',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: INFO_URI,
            rules: input.rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.short },
              fullDescription: { text: r.full },
              help: { text: r.help, markdown: r.help },
              helpUri: r.helpUri,
              defaultConfiguration: { level: sarifLevel(r.severity) },
              properties: { tags: ['security', ...r.tags], 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'high', 'problem.severity': sarifLevel(r.severity) === 'note' ? 'recommendation' : sarifLevel(r.severity) },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: input.errors.length === 0,
            toolExecutionNotifications: [
              ...input.errors.map((e) => ({
                level: 'error',
                message: { text: e.ruleId ? `rule ${e.ruleId} failed: ${e.message}` : `fedlint failed while loading ${e.file}: ${e.message}` },
                ...(e.ruleId ? { associatedRule: { id: e.ruleId } } : {}),
              })),
              ...input.unreadable.map((u) => ({
                level: 'error',
                message: { text: `${u.file} cannot be read: ${u.message}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(u.file), uriBaseId: '%SRCROOT%' }, region: { startLine: u.line } } }],
              })),
            ],
          },
        ],
        results: input.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: sarifLevel(f.severity),
          message: { text: f.message },
          locations: [{ ...location(f.location), ...(f.location.resource ? { logicalLocations: [{ name: f.location.resource, kind: 'resource' }] } : {}) }],
          ...relatedAndFlows(f),
          partialFingerprints: { 'fedlint/v1': f.fingerprint },
          ...(input.baseline ? { baselineState: baselineState(input, f) } : {}),
          ...(f.suppressions.length ? { suppressions: f.suppressions.map((s) => ({ kind: s.kind, justification: s.justification })) } : {}),
          properties: { severity: f.severity, ...(f.when.length ? { when: f.when } : {}), ...(f.entries?.length ? { entries: f.entries } : {}), ...(f.location.approximate ? { approximateLocation: true } : {}) },
        })),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
