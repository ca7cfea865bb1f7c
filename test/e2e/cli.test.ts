import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('fedlint scan', () => {
  it('reports the example infrastructure with file, line and rule, and exits 1', () => {
    const r = fedlint(['scan', 'examples/infra']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('examples/infra/ci-deploy.yaml');
    expect(r.stdout).toMatch(/45:20\s+critical\s+role AdminRole can be assumed by any principal/);
    expect(r.stdout).toContain('FL101 public-trust');
    expect(r.stdout).toMatch(/> 45 \|\s+AWS: "\*"/);
    expect(r.stdout).toMatch(/✖ \d+ findings? \(.*critical.*\), 5 files scanned in \d+\.\d\ds/);
  });

  it('reports the example paths in JSON: FL602 and FL603 at the role logical IDs, each hop at the statement that opens it', () => {
    const r = fedlint(['scan', 'examples/infra', '--format', 'json']);
    expect(r.code).toBe(1);
    interface Step {
      file: string;
      range: { line: number; column: number };
      related?: Array<{ file: string; range: { line: number } }>;
    }
    interface Out {
      ruleId: string;
      file: string;
      range: { line: number; column: number };
      resource: string;
      message: string;
      related: Array<{ range: { line: number }; message: string }>;
      paths: Step[][];
    }
    const findings = (JSON.parse(r.stdout).findings as Out[]).filter((f) => f.ruleId === 'FL602' || f.ruleId === 'FL603');
    // A hop: its line:column, then the other side of it (the caller's identity statement, or the role's trust).
    const hop = (s: Step) => `${s.file}:${s.range.line}:${s.range.column}${(s.related ?? []).map((x) => ` + ${x.file}:${x.range.line}`).join('')}`;
    const F = 'examples/infra/people.yaml';
    expect(findings.map((f) => ({ rule: f.ruleId, at: `${f.file}:${f.range.line}:${f.range.column}`, resource: f.resource, paths: f.paths.map((p) => p.map(hop)) }))).toEqual([
      // dana (identity: developers-switch-roles) → ops-deployer's account-root trust → platform-admin's second
      // statement, which names ops-deployer and asks for no MFA.
      { rule: 'FL602', at: `${F}:31:3`, resource: 'PlatformAdminRole', paths: [[`${F}:59:13 + ${F}:20`, `${F}:45:13`]] },
      // The same power: ops-deployer passes ops-cfn-exec (AdministratorAccess) to CloudFormation, whose trust is line 84.
      { rule: 'FL602', at: `${F}:31:3`, resource: 'PlatformAdminRole', paths: [[`${F}:59:13 + ${F}:20`, `${F}:73:17 + ${F}:84`]] },
      { rule: 'FL603', at: `${F}:77:3`, resource: 'OpsCfnExecRole', paths: [[`${F}:73:17 + ${F}:84`], [`${F}:59:13 + ${F}:20`, `${F}:73:17 + ${F}:84`]] },
    ]);
    expect(findings[0].message).toBe(
      'Sensitive role platform-admin (AWS managed policy AdministratorAccess grants * on all resources) requires MFA on its trust, but 1 principal can reach it without MFA: user dana (2 hops, via role ops-deployer).',
    );
    expect(findings[0].related).toEqual([expect.objectContaining({ range: expect.objectContaining({ line: 44 }), message: 'the MFA condition this path avoids' })]);
    expect(findings[1].message).toContain('but role ops-cfn-exec, with the same permissions, is reachable without MFA by 1 principal: user dana (2 hops, via role ops-deployer, iam:PassRole to cloudformation.amazonaws.com).');
    expect(findings[2].message).toBe(
      'Sensitive role ops-cfn-exec (AWS managed policy AdministratorAccess grants * on all resources) can be reached by 2 principals that cannot assume it directly: role ops-deployer (via iam:PassRole to cloudformation.amazonaws.com); user dana (2 hops, via role ops-deployer, iam:PassRole to cloudformation.amazonaws.com).',
    );
  });

  it('defaults to the current directory and finds nothing to scan in an unrelated repository (exit 0 with a note)', () => {
    const dir = project({ 'docker-compose.yaml': 'services:\n  web:\n    image: nginx\n', 'package.json': '{"name":"x"}' });
    const r = fedlint(['scan'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no CloudFormation template or IAM policy found in \. \(2 files looked at\)/);
  });

  it('reports a malformed template as FL001 at its line and still scans the other files', () => {
    const dir = project({ 'bad.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::IAM::Role\n    Properties: [unclosed\n', 'open.yaml': PUBLIC_ROLE });
    const r = fedlint(['scan', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const ids = out.findings.map((f: { ruleId: string; file: string; range: { line: number } }) => `${f.ruleId} ${f.file}:${f.range.line}`);
    expect(ids).toContain('FL101 open.yaml:10');
    expect(ids.some((s: string) => /^FL001 bad\.yaml:[56]$/.test(s))).toBe(true);
  });

  it('honours --fail-on and --rule (by ID or name, any case)', () => {
    const dir = project({ 'open.yaml': PUBLIC_ROLE });
    expect(fedlint(['scan', '--fail-on', 'none'], dir).code).toBe(0);
    expect(fedlint(['scan', '--rule', 'FL101=off'], dir).code).toBe(0);
    const rerated = fedlint(['scan', '--rule', 'Public-Trust=low', '--format', 'json'], dir);
    expect(rerated.code).toBe(0);
    expect(JSON.parse(rerated.stdout).findings[0].severity).toBe('low');
    expect(fedlint(['scan', '--rule', 'fl101=low', '--fail-on', 'low'], dir).code).toBe(1);
  });

  it('rejects bad flags with exit 2 and the reason', () => {
    const dir = project({ 'open.yaml': PUBLIC_ROLE });
    const unknownRule = fedlint(['scan', '--rule', 'FL999=off'], dir);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toContain('no rule with ID or name "FL999"');
    const badLevel = fedlint(['scan', '--rule', 'FL101=loud'], dir);
    expect(badLevel.code).toBe(2);
    expect(badLevel.stderr).toContain('"loud" is not off or a severity');
    expect(fedlint(['scan', '--format', 'xml'], dir).code).toBe(2);
    expect(fedlint(['scan', '--frobnicate'], dir).code).toBe(2);
    const missing = fedlint(['scan', 'no/such/dir'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('path does not exist: no/such/dir');
    const unwritable = fedlint(['scan', '--output', 'missing-dir/out.json', '--format', 'json'], dir);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('output file');
  });

  it('writes several formats in one run: stylish on the terminal, SARIF and JSON to files, atomically', () => {
    const dir = project({ 'open.yaml': PUBLIC_ROLE });
    const r = fedlint(['scan', '--sarif', 'out.sarif', '--report', 'json=out.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FL101 public-trust');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'FL101', level: 'error' });
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'open.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 10, startColumn: 24, endLine: 10, endColumn: 27 } });
    expect(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).findings[0].ruleId).toBe('FL101');
    expect(readdirSync(dir).filter((f) => f.includes('fedlint-tmp'))).toEqual([]);
  });

  it('emits SARIF that validates against the official 2.1.0 schema', () => {
    const r = fedlint(['scan', 'examples/infra', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toEqual([]);
    const rule = log.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'FL101');
    expect(rule.properties['security-severity']).toBe('9.5');
    expect(rule.helpUri).toMatch(/docs\/rules\/fl101-public-trust\.md$/);
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'FL101');
    expect(result.locations[0].logicalLocations).toEqual([{ name: 'AdminRole', kind: 'resource' }]);
  });

  it('lists unreadable files as SARIF notifications (and FL001 results)', () => {
    const dir = project({ 'bad.json': '{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {,}}\n', 'open.yaml': PUBLIC_ROLE });
    const log = JSON.parse(fedlint(['scan', '--format', 'sarif'], dir).stdout);
    expect(sarifErrors(log)).toEqual([]);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(1);
    expect(notes[0].message.text).toMatch(/^bad\.json cannot be read: invalid JSON/);
    expect(notes[0].locations[0].physicalLocation.region.startLine).toBe(2);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['FL001', 'FL101']);
  });

  it('is deterministic: same input, same bytes', () => {
    for (const f of ['sarif', 'json']) {
      const a = fedlint(['scan', 'examples/infra', '--format', f]).stdout;
      const b = fedlint(['scan', 'examples/infra', '--format', f]).stdout;
      expect(a).toBe(b);
    }
  });

  it('finds .fedlint.yml upward from the scanned path, and --no-config ignores it', () => {
    const dir = project({ '.fedlint.yml': 'rules:\n  public-trust: off\n', 'infra/open.yaml': PUBLIC_ROLE });
    expect(fedlint(['scan', 'infra'], dir).code).toBe(0);
    expect(fedlint(['scan', 'infra', '--no-config'], dir).code).toBe(1);
  });

  it('rejects an invalid config with exit 2 naming the key and the reason', () => {
    const dir = project({ '.fedlint.yml': 'rules:\n  FL101: loud\nacounts: {}\nmaxSessionDuration: 99\n', 'open.yaml': PUBLIC_ROLE });
    const r = fedlint(['scan'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "acounts"');
    expect(r.stderr).toContain('rules.FL101: must be equal to one of the allowed values');
    expect(r.stderr).toContain('maxSessionDuration: must be >= 900');
    const badRule = project({ '.fedlint.json': '{"rules": {"FL777": "off"}}', 'open.yaml': PUBLIC_ROLE });
    const r2 = fedlint(['scan'], badRule);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('rules.FL777: no rule with this ID or name');
    const badYaml = project({ '.fedlint.yml': 'rules: [\n', 'open.yaml': PUBLIC_ROLE });
    expect(fedlint(['scan'], badYaml).stderr).toContain('is not valid YAML');
  });

  it('--quiet shows only findings at or above the threshold', () => {
    const dir = project({ 'open.yaml': PUBLIC_ROLE });
    const r = fedlint(['scan', '--quiet', '--rule', 'FL101=low'], dir);
    expect(r.stdout).not.toContain('FL101');
  });
});

describe('fedlint rules and --version', () => {
  it('lists the catalog as text and JSON', () => {
    const text = fedlint(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^FL101 {2}public-trust\s+critical/m);
    const json = JSON.parse(fedlint(['rules', '--format', 'json']).stdout);
    expect(json.find((r: { id: string }) => r.id === 'FL001')).toMatchObject({ name: 'parse-error', severity: 'high' });
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(fedlint(['--version']).stdout.trim()).toBe(pkg.version);
    expect(existsSync(path.join(REPO, 'dist/src/cli/main.js'))).toBe(true);
  });
});
