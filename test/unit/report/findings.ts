import fl101 from '../../../rules/trust/fl101-public-trust.js';
import fl102 from '../../../rules/trust/fl102-external-account-trust.js';
import fl306 from '../../../rules/identity/fl306-account-root-trust.js';
import fl601 from '../../../rules/paths/fl601-external-path-to-sensitive.js';
import { ruleMeta } from '../../../src/engine/index.js';
import type { Finding, FlowStep, SourceRef } from '../../../src/model/index.js';
import type { ReportInput } from '../../../src/report/types.js';

/** Findings as the engine hands them to reporters, with the characters each format has to escape. */
export function ref(file: string, line: number, column: number, endLine = line, endColumn = column + 3): SourceRef {
  return { file, pointer: '', range: { line, column, endLine, endColumn } };
}

export function finding(over: Partial<Finding> & Pick<Finding, 'ruleId' | 'ruleName' | 'severity' | 'message' | 'location'>): Finding {
  return { messageId: 'm', related: [], when: [], fingerprint: '0'.repeat(32), suppressions: [], ...over };
}

const step = (location: SourceRef, message: string, related?: SourceRef): FlowStep => ({ source: location, message, ...(related ? { related: [{ source: related, message: 'identity' }] } : {}) });

/** Ordered as the engine sorts them: file, line, column, rule. */
export const FINDINGS: Finding[] = [
  // A file name with `,` and `:`; a message with `%`, a line break and `|`.
  finding({ ruleId: 'FL101', ruleName: 'public-trust', severity: 'critical', message: 'role A (100% open) | any principal\nsecond line', location: ref('infra/a,b:c.yaml', 12, 20) }),
  finding({ ruleId: 'FL102', ruleName: 'external-account-trust', severity: 'medium', message: 'role B trusts account 444455556666', location: ref('infra/b.yaml', 7, 5, 7, 40) }),
  // A range over several lines.
  finding({ ruleId: 'FL306', ruleName: 'account-root-trust', severity: 'low', message: 'role C trusts its own account', location: ref('infra/b.yaml', 9, 3, 11, 8) }),
  // Suppressed: left out of both formats.
  finding({ ruleId: 'FL101', ruleName: 'public-trust', severity: 'high', message: 'role D is public', location: ref('infra/b.yaml', 20, 1), suppressions: [{ kind: 'inSource', justification: 'test account' }] }),
  // Two paths: the second, shorter one is the one annotated.
  finding({
    ruleId: 'FL601',
    ruleName: 'external-path-to-sensitive',
    severity: 'info',
    message: 'role admin is reachable from outside',
    location: ref('infra/c.yaml', 3, 3),
    paths: [
      [step(ref('infra/c.yaml', 30, 7), 'user dana can call sts:AssumeRole on role ops', ref('infra/d.json', 4, 1)), step(ref('infra/c.yaml', 40, 7), 'role ops can call sts:AssumeRole on role admin')],
      [step(ref('infra/c.yaml', 50, 7), 'account 444455556666 can call sts:AssumeRole on role admin')],
    ],
  }),
];

export function input(findings: Finding[] = FINDINGS, errors: ReportInput['errors'] = []): ReportInput {
  return { findings, rules: [fl101, fl102, fl306, fl601].map(ruleMeta), toolVersion: '0.0.0', filesScanned: 4, texts: new Map(), errors, unreadable: [] };
}
