import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fedlint, REPO, tempDir } from '../helpers/cli.js';
import { sarifErrors } from '../helpers/sarif.js';

const PUBLIC_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
`;

interface JsonOut {
  findings: Array<{ ruleId: string; file: string; range: { line: number }; fingerprint: string; baselineState?: string; suppressions: unknown[] }>;
  absent?: Array<{ fingerprint: string; ruleId: string; file: string; message: string }>;
}

/** The example infrastructure copied to a temporary directory, with a baseline of its findings recorded there. */
let dir: string;
let recorded: JsonOut['findings'];
beforeEach(() => {
  dir = tempDir('fedlint-baseline-');
  cpSync(path.join(REPO, 'examples/infra'), path.join(dir, 'infra'), { recursive: true });
  recorded = (JSON.parse(fedlint(['scan', '--format', 'json'], dir).stdout) as JsonOut).findings;
  const r = fedlint(['baseline'], dir);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(`${recorded.length} findings recorded in .fedlint-baseline.json\n`);
  expect(r.code).toBe(0);
});

describe('fedlint baseline', () => {
  it('records every finding of the scan, sorted, with fingerprint, rule, file and message', () => {
    expect(recorded.length).toBeGreaterThan(10);
    const b = JSON.parse(readFileSync(path.join(dir, '.fedlint-baseline.json'), 'utf8'));
    expect(Object.keys(b)).toEqual(['version', 'findings']);
    expect(b.version).toBe(1);
    expect(b.findings.map((e: { fingerprint: string }) => e.fingerprint).sort()).toEqual(recorded.map((f) => f.fingerprint).sort());
    expect(Object.keys(b.findings[0])).toEqual(['fingerprint', 'ruleId', 'file', 'message']);
    const keys = b.findings.map((e: { file: string; ruleId: string }) => `${e.file} ${e.ruleId}`);
    expect(keys).toEqual([...keys].sort());
    expect(b.findings).toContainEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      ruleId: 'FL101',
      file: 'infra/ci-deploy.yaml',
      message: expect.stringMatching(/^role AdminRole can be assumed by any principal of any AWS account/),
    });
    // Recording again gives the same bytes.
    const first = readFileSync(path.join(dir, '.fedlint-baseline.json'), 'utf8');
    expect(fedlint(['baseline', 'infra', '-o', 'again.json'], dir).stdout).toBe(`${recorded.length} findings recorded in again.json\n`);
    expect(readFileSync(path.join(dir, 'again.json'), 'utf8')).toBe(first);
  });

  it('an output file that cannot be written is exit 2 naming it', () => {
    const r = fedlint(['baseline', '-o', 'no/such/dir/b.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fedlint: output file \/.*\/no\/such\/dir\/b\.json cannot be written: ENOENT\n$/);
  });
});

describe('fedlint scan --baseline', () => {
  it('unchanged files: exit 0, nothing shown but the count of hidden findings', () => {
    const r = fedlint(['scan', '--baseline', '.fedlint-baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^✔ no new findings, 5 files scanned in \\d+\\.\\d\\ds\\n${recorded.length} findings in the baseline hidden, 0 baseline entries no longer occur\\n$`));
  });

  it('findings that moved to other lines stay in the baseline (fingerprints carry no line numbers)', () => {
    const file = path.join(dir, 'infra/ci-deploy.yaml');
    writeFileSync(file, `# a comment\n# and another\n${readFileSync(file, 'utf8')}`);
    const r = fedlint(['scan', '--baseline', '.fedlint-baseline.json', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    const admin = out.findings.find((f) => f.ruleId === 'FL101' && f.file === 'infra/ci-deploy.yaml')!;
    expect(admin.range.line).toBe(47);
    expect(admin.baselineState).toBe('unchanged');
    expect(out.findings.filter((f) => f.baselineState !== 'unchanged')).toEqual([]);
    expect(out.absent).toEqual([]);
  });

  it('a new unsafe template: exit 1, and only its finding is shown', () => {
    writeFileSync(path.join(dir, 'infra/open.yaml'), PUBLIC_ROLE);
    const r = fedlint(['scan', '--baseline', '.fedlint-baseline.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^infra\/open\.yaml\n {2}10:24 {2}critical {2}role OpenRole can be assumed by any principal of any AWS account.* FL101 public-trust\n/);
    expect(r.stdout).not.toContain('infra/ci-deploy.yaml');
    expect(r.stdout).toMatch(new RegExp(`\\n✖ 1 new finding \\(1 critical\\), 6 files scanned in \\d+\\.\\d\\ds\\n${recorded.length} findings in the baseline hidden, 0 baseline entries no longer occur\\n$`));
  });

  it('a new finding below --fail-on is shown but does not fail; at --fail-on medium only it counts', () => {
    const partner = PUBLIC_ROLE.replace('OpenRole:', 'PartnerRole:').replace(
      'Principal: "*"\n            Action: sts:AssumeRole\n',
      'Principal:\n              AWS: arn:aws:iam::999988887777:root\n            Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                sts:ExternalId: 7f3c9a2e-partner\n',
    );
    writeFileSync(path.join(dir, 'infra/partner.yaml'), partner);
    const r = fedlint(['scan', '--baseline', '.fedlint-baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^infra\/partner\.yaml\n {2}11:20 {2}medium {4}role PartnerRole trusts external account 999988887777 .* FL102 external-account-trust\n/);
    expect(r.stdout).toContain('\n✖ 1 new finding (1 medium), 6 files scanned');
    expect(fedlint(['scan', '--baseline', '.fedlint-baseline.json', '--fail-on', 'medium'], dir).code).toBe(1);
    // Without the baseline the recorded findings fail --fail-on medium too; with it, only the new one did.
    rmSync(path.join(dir, 'infra/partner.yaml'));
    expect(fedlint(['scan', '--fail-on', 'medium'], dir).code).toBe(1);
    expect(fedlint(['scan', '--baseline', '.fedlint-baseline.json', '--fail-on', 'medium'], dir).code).toBe(0);
  });

  it('a removed template: its findings are listed as absent, exit 0', () => {
    const gone = recorded.filter((f) => f.file === 'infra/vendor-trust.json');
    expect(gone.map((f) => f.ruleId)).toEqual(['FL102']);
    rmSync(path.join(dir, 'infra/vendor-trust.json'));
    const r = fedlint(['scan', '--baseline', '.fedlint-baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `\n${recorded.length - 1} findings in the baseline hidden, 1 baseline entry no longer occurs:\n  infra/vendor-trust.json: FL102 vendor-trust.json trusts external account 777788889999 (arn:aws:iam::777788889999:root)`,
    );
    const json = JSON.parse(fedlint(['scan', '--baseline', '.fedlint-baseline.json', '--format', 'json'], dir).stdout) as JsonOut;
    expect(json.absent).toEqual([{ fingerprint: gone[0].fingerprint, ruleId: 'FL102', file: 'infra/vendor-trust.json', message: expect.stringMatching(/^vendor-trust\.json trusts external account 777788889999/) }]);
  });

  it('SARIF marks each result new or unchanged (§3.27.24) and validates against the SARIF 2.1.0 schema', () => {
    writeFileSync(path.join(dir, 'infra/open.yaml'), PUBLIC_ROLE);
    const r = fedlint(['scan', '--baseline', '.fedlint-baseline.json', '--format', 'sarif'], dir);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toEqual([]);
    const results = log.runs[0].results as Array<{ ruleId: string; baselineState: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    const at = (x: (typeof results)[number]) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine} ${x.ruleId}`;
    expect(results.filter((x) => x.baselineState === 'new').map(at)).toEqual(['infra/open.yaml:10 FL101']);
    expect(results.filter((x) => x.baselineState === 'unchanged')).toHaveLength(recorded.length);
    expect(results).toHaveLength(recorded.length + 1);
  });

  it('a corrupt baseline is exit 2 naming the file and the reason', () => {
    writeFileSync(path.join(dir, '.fedlint-baseline.json'), '{"version": 1, "findings": [');
    const broken = fedlint(['scan', '--baseline', '.fedlint-baseline.json'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^fedlint: baseline file \.fedlint-baseline\.json is not valid JSON: .+\n$/);

    writeFileSync(path.join(dir, '.fedlint-baseline.json'), JSON.stringify({ version: 1, findings: [{ fingerprint: 'line-42', ruleId: 'FL101', file: 'infra/ci-deploy.yaml', message: 'm' }] }));
    const invalid = fedlint(['scan', '--baseline', '.fedlint-baseline.json'], dir);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe('fedlint: invalid baseline file .fedlint-baseline.json (write a new one with `fedlint baseline`):\n  findings.0.fingerprint: must match pattern "^[0-9a-f]{32}$"\n');
  });

  it('a missing baseline file or a missing flag value is exit 2', () => {
    const missing = fedlint(['scan', '--baseline', 'nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('fedlint: baseline file nope.json cannot be read: ENOENT\n');
    const bare = fedlint(['scan', '--baseline'], dir);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("option '--baseline <file>' argument missing");
    expect(existsSync(path.join(dir, 'nope.json'))).toBe(false);
  });
});
