import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fl101 from '../../../rules/trust/fl101-public-trust.js';
import fl102 from '../../../rules/trust/fl102-external-account-trust.js';
import { compareFindings, createBaseline, readBaseline, serializeBaseline } from '../../../src/cli/baseline.js';
import { scanInputs } from '../../../src/cli/scan.js';
import type { Finding } from '../../../src/model/index.js';

const role = (name: string, principal: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "${principal}"
            Action: sts:AssumeRole
`;

const template = (...roles: string[]) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${roles.join('')}`;

function scan(files: Record<string, string>): Finding[] {
  const inputs = Object.entries(files).map(([rel, text]) => ({ rel, bytes: new TextEncoder().encode(text) }));
  return scanInputs(inputs, [fl101, fl102]).findings;
}

const write = (text: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fedlint-baseline-')), 'b.json');
  writeFileSync(file, text);
  return file;
};

const OPEN = role('OpenRole', '*');
const VENDOR = role('VendorRole', 'arn:aws:iam::444455556666:root');

describe('baseline: recording', () => {
  it('records fingerprint, rule, file and message, sorted by file then rule, and serializes to the same bytes', () => {
    const findings = scan({ 'b.yaml': template(VENDOR), 'a.yaml': template(OPEN, VENDOR) });
    const b = createBaseline(findings);
    expect(b.version).toBe(1);
    expect(b.findings.map((e) => `${e.file} ${e.ruleId}`)).toEqual(['a.yaml FL101', 'a.yaml FL102', 'b.yaml FL102']);
    expect(b.findings[0]).toEqual({ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: 'FL101', file: 'a.yaml', message: findings.find((f) => f.ruleId === 'FL101')!.message });
    expect(b.findings[0].message).toMatch(/^role OpenRole can be assumed by any principal/);
    const text = serializeBaseline(b);
    expect(text.startsWith('{\n  "version": 1,\n  "findings": [\n    {\n      "fingerprint": ')).toBe(true);
    expect(serializeBaseline(createBaseline([...findings].reverse()))).toBe(text);
    expect(readBaseline(write(text))).toEqual(b);
  });

  it('leaves suppressed findings out (removing the suppression brings them back)', () => {
    const [f] = scan({ 'a.yaml': template(OPEN) });
    expect(createBaseline([{ ...f, suppressions: [{ kind: 'inSource', justification: 'test account' }] }]).findings).toEqual([]);
  });
});

describe('baseline: comparing', () => {
  it('a finding whose role moved up the file is unchanged; a new one is new; a removed one is absent', () => {
    const old = scan({ 'a.yaml': template(OPEN, VENDOR) });
    expect(old.map((f) => `${f.ruleId} ${f.location.range.line}`)).toEqual(['FL101 11', 'FL102 21']);
    const before = createBaseline(old);
    // OpenRole removed, VendorRole moved up from line 21 to 11, AnotherOpen added below it.
    const now = scan({ 'a.yaml': template(VENDOR, role('AnotherOpen', '*')) });
    const c = compareFindings(now, before.findings);
    expect(c.unchanged.map((f) => `${f.ruleId} ${f.location.range.line}`)).toEqual(['FL102 11']);
    expect(c.added.map((f) => `${f.ruleId} ${f.message.split(' can')[0]}`)).toEqual(['FL101 role AnotherOpen']);
    expect(c.absent).toEqual([before.findings[0]]);
    expect(c.absent[0]).toMatchObject({ ruleId: 'FL101', file: 'a.yaml', message: expect.stringMatching(/^role OpenRole /) });
  });

  it('the same role in another file is a different finding (the file is part of the fingerprint)', () => {
    const before = createBaseline(scan({ 'a.yaml': template(OPEN) }));
    const c = compareFindings(scan({ 'b.yaml': template(OPEN) }), before.findings);
    expect(c.added.map((f) => `${f.location.file} ${f.ruleId}`)).toEqual(['b.yaml FL101']);
    expect(c.unchanged).toEqual([]);
    expect(c.absent.map((e) => `${e.file} ${e.ruleId}`)).toEqual(['a.yaml FL101']);
  });

  it('each entry accounts for one finding: a fingerprint found twice but known once leaves the second new', () => {
    const [f] = scan({ 'a.yaml': template(OPEN) });
    const twin = { ...f, location: { ...f.location, range: { ...f.location.range, line: 40 } } };
    const c = compareFindings([f, twin], [{ fingerprint: f.fingerprint }]);
    expect(c.unchanged).toEqual([f]);
    expect(c.added).toEqual([twin]);
    expect(c.absent).toEqual([]);
    const twice = compareFindings([f], [{ fingerprint: f.fingerprint, n: 1 }, { fingerprint: f.fingerprint, n: 2 }]);
    expect(twice.unchanged).toEqual([f]);
    expect(twice.absent).toEqual([{ fingerprint: f.fingerprint, n: 2 }]);
  });
});

describe('baseline: reading', () => {
  const FP = 'a'.repeat(32);
  it('an unreadable file names the file and the error code', () => {
    const missing = path.join(tmpdir(), 'fedlint-no-such-dir', 'b.json');
    expect(() => readBaseline(missing, 'b.json')).toThrow('baseline file b.json cannot be read: ENOENT');
  });

  it('broken JSON names the file and the parser message', () => {
    expect(() => readBaseline(write('{"version": 1, "findings": ['), 'b.json')).toThrow(/^baseline file b\.json is not valid JSON: /);
  });

  it('a schema violation names the file, the key and the reason', () => {
    expect(() => readBaseline(write(JSON.stringify({ version: 2, findings: [] })), 'b.json')).toThrow('invalid baseline file b.json (write a new one with `fedlint baseline`):\n  version: must be 1');
    expect(() => readBaseline(write(JSON.stringify({ version: 1, findings: [{ fingerprint: 'abc', ruleId: 'FL101', file: 'a.yaml', message: 'm' }] })), 'b.json')).toThrow(/\n {2}findings\.0\.fingerprint: must match pattern "\^\[0-9a-f\]\{32\}\$"$/);
    expect(() => readBaseline(write(JSON.stringify({ version: 1, findings: [{ fingerprint: FP, ruleId: 'FL101', file: 'a.yaml', message: 'm', line: 3 }] })), 'b.json')).toThrow(/findings\.0: unknown key "line"/);
    expect(() => readBaseline(write(JSON.stringify({ findings: [] })), 'b.json')).toThrow(/\(top level\): must have required property 'version'/);
  });
});
