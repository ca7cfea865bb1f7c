import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../../src/report/github.js';
import { formatJson } from '../../../src/report/json.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { formatSarif } from '../../../src/report/sarif.js';
import { formatStylish } from '../../../src/report/stylish.js';
import type { ReportInput } from '../../../src/report/types.js';
import { sarifErrors } from '../../helpers/sarif.js';
import { FINDINGS, input } from './findings.js';

const [A, B, C] = FINDINGS;
const GONE = { fingerprint: 'f'.repeat(32), ruleId: 'FL102', file: 'infra/old.yaml', message: 'role Z trusts account 777788889999' };

/** B and C are in the baseline; A, the suppressed one and the FL601 one are new; one baseline entry is gone. */
function marked(absent = [GONE]): ReportInput {
  return { ...input(), baseline: { unchanged: new Set([B, C]), absent } };
}

describe('reports against a baseline', () => {
  it('stylish shows only new findings, then counts the hidden ones and lists the absent entries', () => {
    const out = formatStylish(marked(), { color: false });
    expect(out).toContain('infra/a,b:c.yaml\n  12:20  critical  role A (100% open) | any principal');
    expect(out).not.toContain('role B trusts account');
    expect(out).not.toContain('role C trusts its own account');
    expect(out.split('\n').slice(-4)).toEqual([
      '✖ 3 new findings (1 critical, 1 high, 1 info), 4 files scanned',
      '2 findings in the baseline hidden, 1 baseline entry no longer occurs:',
      '  infra/old.yaml: FL102 role Z trusts account 777788889999',
      '',
    ]);
  });

  it('stylish with every finding in the baseline and nothing absent', () => {
    const all: ReportInput = { ...input([B]), baseline: { unchanged: new Set([B]), absent: [] } };
    expect(formatStylish(all, { color: false })).toBe('✔ no new findings, 4 files scanned\n1 finding in the baseline hidden, 0 baseline entries no longer occur\n');
  });

  it('stylish without a baseline is unchanged: no baseline line', () => {
    expect(formatStylish(input([B]), { color: false })).not.toContain('baseline');
  });

  it('JSON marks each finding and lists the absent entries; without a baseline neither key appears', () => {
    const out = JSON.parse(formatJson(marked()));
    expect(out.findings.map((f: { ruleId: string; baselineState: string }) => `${f.ruleId} ${f.baselineState}`)).toEqual(['FL101 new', 'FL102 unchanged', 'FL306 unchanged', 'FL101 new', 'FL601 new']);
    expect(out.absent).toEqual([GONE]);
    const plain = JSON.parse(formatJson(input()));
    expect(plain.absent).toBeUndefined();
    expect(plain.findings.some((f: object) => 'baselineState' in f)).toBe(false);
  });

  it('SARIF sets baselineState new/unchanged per result (§3.27.24) and validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatSarif(marked()));
    expect(log.runs[0].results.map((r: { ruleId: string; baselineState: string }) => `${r.ruleId} ${r.baselineState}`)).toEqual(['FL101 new', 'FL102 unchanged', 'FL306 unchanged', 'FL101 new', 'FL601 new']);
    expect(sarifErrors(log)).toEqual([]);
    expect(JSON.parse(formatSarif(input())).runs[0].results.some((r: object) => 'baselineState' in r)).toBe(false);
    expect(A.fingerprint).toBe(B.fingerprint); // marking is by finding, not by fingerprint: the fixtures share one
  });

  it('GitHub annotations and Markdown show only the new findings; Markdown says how many the baseline holds', () => {
    const title = (f: (typeof FINDINGS)[number]) => `title=${f.ruleId} ${f.ruleName}`;
    const annotations = formatGithub(marked());
    expect(annotations).toContain(title(A));
    expect(annotations).not.toContain(title(B));
    expect(annotations).not.toContain(title(C));
    const md = formatMarkdown(marked());
    expect(md).toContain('2 baseline findings not shown');
    expect(md).not.toContain(B.message.slice(0, 20));
    expect(formatMarkdown(input())).not.toContain('baseline');
  });

  it('diff mode: the trust-graph change as +/- lines in stylish, a list and a Mermaid diagram of the added edges in Markdown, and in JSON', () => {
    const changes = {
      added: [{ from: 'OIDC provider token.actions.githubusercontent.com', to: 'role "release"', call: 'sts:AssumeRoleWithWebIdentity' }],
      removed: [{ from: 'user dana', to: 'role deploy', call: 'sts:AssumeRole' }],
    };
    const withChanges: ReportInput = { ...marked([]), graphChanges: changes };
    const text = formatStylish(withChanges, { color: false });
    expect(text).toContain('trust graph: 1 edge added, 1 removed:\n  + OIDC provider token.actions.githubusercontent.com → role "release" (sts:AssumeRoleWithWebIdentity)\n  - user dana → role deploy (sts:AssumeRole)');
    const md = formatMarkdown(withChanges);
    expect(md).toContain(
      [
        '#### Trust graph: 1 edge added, 1 removed',
        '',
        '```mermaid',
        'flowchart LR',
        '  n0["OIDC provider token.actions.githubusercontent.com"]',
        '  n1["role #quot;release#quot;"]',
        '  n0 -- "sts:AssumeRoleWithWebIdentity" --> n1',
        '```',
      ].join('\n'),
    );
    expect(md).toContain('- added: OIDC provider token.actions.githubusercontent.com → role "release" (sts:AssumeRoleWithWebIdentity)\n\n- removed: user dana → role deploy (sts:AssumeRole)');
    expect(JSON.parse(formatJson(withChanges)).graphChanges).toEqual(changes);
    expect(formatMarkdown(marked([]))).not.toContain('Trust graph');
  });
});
