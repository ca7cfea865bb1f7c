import { baselineState, countBySeverity, type ReportInput } from './types.js';

/** Machine-readable findings: stable key order, no timestamps (same input, same bytes). */
export function formatJson(input: ReportInput): string {
  return (
    JSON.stringify(
      {
        tool: { name: 'fedlint', version: input.toolVersion },
        summary: { filesScanned: input.filesScanned, findings: input.findings.length, bySeverity: countBySeverity(input.findings) },
        findings: input.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleName: f.ruleName,
          severity: f.severity,
          message: f.message,
          file: f.location.file,
          range: f.location.range,
          ...(f.location.approximate ? { approximate: true } : {}),
          pointer: f.location.pointer,
          ...(f.location.resource ? { resource: f.location.resource } : {}),
          when: f.when,
          related: f.related.map((r) => ({ message: r.message, file: r.source.file, range: r.source.range })),
          ...(f.entries?.length ? { entries: f.entries } : {}),
          ...(f.paths?.length
            ? {
                paths: f.paths.map((p) =>
                  p.map((s) => ({
                    message: s.message,
                    file: s.source.file,
                    range: s.source.range,
                    ...(s.related?.length ? { related: s.related.map((r) => ({ message: r.message, file: r.source.file, range: r.source.range })) } : {}),
                  })),
                ),
              }
            : {}),
          fingerprint: f.fingerprint,
          ...(input.baseline ? { baselineState: baselineState(input, f) } : {}),
          suppressions: f.suppressions,
        })),
        ...(input.baseline ? { absent: input.baseline.absent } : {}),
        ...(input.graphChanges ? { graphChanges: input.graphChanges } : {}),
        errors: input.errors,
      },
      null,
      2,
    ) + '\n'
  );
}
