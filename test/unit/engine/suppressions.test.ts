import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { configSuppressions, loadConfig } from '../../../src/cli/config.js';
import { type ConfigSuppressions, scanInputs } from '../../../src/cli/scan.js';
import { findRule, ruleMeta } from '../../../src/engine/index.js';
import type { Finding } from '../../../src/model/index.js';
import { initHcl } from '../../../src/parse/hcl/index.js';
import { formatSarif } from '../../../src/report/sarif.js';
import { DEFAULT_SETTINGS } from '../../../src/rule-kit/index.js';
import { FIXTURES } from '../../helpers/rule-tester.js';
import { sarifErrors } from '../../helpers/sarif.js';

const rules = ['FL007', 'FL008', 'FL101', 'FL102', 'FL212'].map((id) => findRule(RULES, id)!);
const enc = (text: string) => new TextEncoder().encode(text);

function scan(files: Record<string, string>, config?: ConfigSuppressions) {
  return scanInputs(
    Object.entries(files).map(([rel, text]) => ({ rel, bytes: enc(text) })),
    rules,
    DEFAULT_SETTINGS,
    {},
    undefined,
    config,
  );
}

/** `line:column ruleId [suppressed: kind justification]` per finding, in output order. */
function show(findings: Finding[]): string[] {
  return findings.map(
    (f) => `${f.location.file}:${f.location.range.line}:${f.location.range.column} ${f.ruleId}${f.suppressions.map((s) => ` [${s.kind}: ${s.justification}]`).join('')}`,
  );
}

/** Two public roles; `top` goes under the template, `a` and `b` under each role's type. */
function template(top: string, a: string, b = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
${top}Resources:
  RoleA:
    Type: AWS::IAM::Role
${a}    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sts:AssumeRole
  RoleB:
    Type: AWS::IAM::Role
${b}    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sts:AssumeRole
`;
}

const meta = (indent: string, entries: string) => `${indent}Metadata:\n${indent}  fedlint:\n${indent}    ignore:\n${entries.replace(/^/gm, `${indent}      `)}\n`;

describe('suppressions: CloudFormation Metadata', () => {
  it('a resource-level entry suppresses only findings located in that resource', () => {
    const t = template('', meta('    ', '- id: FL101\n  reason: sandbox only'));
    // RoleB's finding is outside the resource: not suppressed.
    expect(show(scan({ 't.yaml': t }).findings)).toEqual(['t.yaml:14:31 FL101 [inSource: sandbox only]', 't.yaml:22:31 FL101']);
  });

  it('a template-level entry suppresses the rule in the whole template and nowhere else', () => {
    const t = template(meta('', '- id: FL101\n  reason: demo stack'), '');
    const other = template('', '');
    expect(show(scan({ 't.yaml': t, 'u.yaml': other }).findings)).toEqual([
      't.yaml:14:31 FL101 [inSource: demo stack]',
      't.yaml:22:31 FL101 [inSource: demo stack]',
      'u.yaml:9:31 FL101',
      'u.yaml:17:31 FL101',
    ]);
  });

  it('names a rule by ID or name, in any case; another rule is not suppressed', () => {
    const byName = template('', meta('    ', '- id: Public-Trust\n  reason: r'), meta('    ', '- id: fl101\n  reason: s'));
    expect(show(scan({ 't.yaml': byName }).findings)).toEqual(['t.yaml:14:31 FL101 [inSource: r]', 't.yaml:27:31 FL101 [inSource: s]']);
    const other = template('', meta('    ', '- id: FL102\n  reason: r'));
    expect(show(scan({ 't.yaml': other }).findings)).toEqual(['t.yaml:8:13 FL008', 't.yaml:14:31 FL101', 't.yaml:22:31 FL101']);
  });

  it('a suppression without a reason still applies, and is FL007 at its line', () => {
    const t = template('', meta('    ', '- id: FL101'));
    const { findings } = scan({ 't.yaml': t });
    expect(show(findings)).toEqual(['t.yaml:8:13 FL007', 't.yaml:13:31 FL101 [inSource: no reason given]', 't.yaml:21:31 FL101']);
  });

  it('FL007 and FL008 cannot be suppressed', () => {
    const t = template(meta('', '- id: FL007\n- id: FL008\n  reason: noisy\n- id: FL101'), '');
    expect(show(scan({ 't.yaml': t }).findings)).toEqual([
      't.yaml:5:9 FL007',
      't.yaml:5:9 FL008',
      't.yaml:6:9 FL008',
      't.yaml:8:9 FL007',
      't.yaml:16:31 FL101 [inSource: no reason given]',
      't.yaml:24:31 FL101 [inSource: no reason given]',
    ]);
  });

  it('is deterministic', () => {
    const t = template(meta('', '- id: FL212\n  reason: gone'), meta('    ', '- id: FL101'));
    expect(JSON.stringify(scan({ 't.yaml': t }).findings)).toBe(JSON.stringify(scan({ 't.yaml': t }).findings));
  });
});

describe('suppressions: HCL comments', () => {
  beforeAll(initHcl);
  const tf = (above: string, attr: string, data: string) => `${above}resource "aws_iam_role" "open" {
  name = "open-role"
${attr}  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}

data "aws_iam_policy_document" "anyone" {
  statement {
    actions = ["sts:AssumeRole"]
${data}    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "anyone" {
  assume_role_policy = data.aws_iam_policy_document.anyone.json
}
`;

  it('a comment above a block covers the block; the data block it reads is outside it', () => {
    const src = tf('# fedlint-ignore FL101: vendor access (SEC-9)\n', '', '');
    expect(show(scan({ 'main.tf': src }).findings)).toEqual(['main.tf:5:58 FL101 [inSource: vendor access (SEC-9)]', 'main.tf:14:21 FL101']);
  });

  it('a comment above an attribute or a nested block covers it; stacked comments, `//`, name in any case', () => {
    const src = tf('', '  # fedlint-ignore public-trust: vendor access\n  # (the role is deleted after the migration)\n', '    // fedlint-ignore Fl101: sandbox\n');
    expect(show(scan({ 'main.tf': src }).findings)).toEqual(['main.tf:6:58 FL101 [inSource: vendor access]', 'main.tf:16:21 FL101 [inSource: sandbox]']);
  });

  it('a comment above another attribute of the block does not cover the finding', () => {
    const src = `resource "aws_iam_role" "open" {
  # fedlint-ignore FL101: vendor access
  name = "open-role"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}
`;
    expect(show(scan({ 'main.tf': src }).findings)).toEqual(['main.tf:2:3 FL008', 'main.tf:5:58 FL101']);
  });

  it('.tf.json: a "//" property covers the block it is written in; at the top level, the file', () => {
    const src = readFileSync(path.join(FIXTURES, 'fl101-public-trust/bad-terraform-json.tf.json'), 'utf8');
    const inBlock = src.replace('"quoted": {\n', '"quoted": {\n        "//": "fedlint-ignore FL101: vendor (SEC-3)",\n');
    expect(show(scan({ 'main.tf.json': src }).findings)).toEqual(['main.tf.json:10:33 FL101', 'main.tf.json:28:31 FL101', 'main.tf.json:40:30 FL101']);
    expect(show(scan({ 'main.tf.json': inBlock }).findings)).toEqual(['main.tf.json:10:33 FL101', 'main.tf.json:29:31 FL101 [inSource: vendor (SEC-3)]', 'main.tf.json:41:30 FL101']);
    const top = src.replace('"//": "Terraform JSON syntax: the same public trusts as bad-public-role.tf."', '"//": "fedlint-ignore public-trust"');
    expect(show(scan({ 'main.tf.json': top }).findings)).toEqual([
      'main.tf.json:2:9 FL007',
      'main.tf.json:10:33 FL101 [inSource: no reason given]',
      'main.tf.json:28:31 FL101 [inSource: no reason given]',
      'main.tf.json:40:30 FL101 [inSource: no reason given]',
    ]);
  });

  it('a comment at the end of a code line is not a suppression', () => {
    const src = `resource "aws_iam_role" "open" {
  name = "open-role" # fedlint-ignore FL101: vendor access
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}
`;
    expect(show(scan({ 'main.tf': src }).findings)).toEqual(['main.tf:4:58 FL101']);
  });
});

describe('suppressions: config ignore', () => {
  const root = () => mkdtempSync(path.join(tmpdir(), 'fedlint-ignore-'));
  const policy = readFileSync(path.join(FIXTURES, 'fl101-public-trust/bad-star-string.json'), 'utf8');
  const known = (id: string) => findRule(RULES, id) !== undefined;

  function configured(dir: string, name: string, text: string): ConfigSuppressions | undefined {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return configSuppressions(loadConfig(file, known), dir);
  }

  it('suppresses by path glob (relative to the scan root), positions FL007 at the entry in YAML', () => {
    const dir = root();
    const cfg = configured(dir, '.fedlint.yml', 'rules:\n  FL102: low\nignore:\n  - rule: FL101\n    path: "policies/*.json"\n    reason: vendor support (SEC-1)\n  - rule: public-trust\n    path: "legacy/**"\n');
    const r = scan({ 'policies/trust.json': policy, 'other/trust.json': policy, 'legacy/a/b.json': policy }, cfg);
    expect(show(r.findings)).toEqual([
      '.fedlint.yml:7:5 FL007',
      'legacy/a/b.json:7:20 FL101 [external: no reason given]',
      'other/trust.json:7:20 FL101',
      'policies/trust.json:7:20 FL101 [external: vendor support (SEC-1)]',
    ]);
    expect(r.texts.get('.fedlint.yml')).toContain('legacy/**');
  });

  it('narrows by resource glob: a CloudFormation logical ID, a Terraform address', () => {
    const dir = root();
    const cfg = configured(dir, '.fedlint.json', JSON.stringify({ ignore: [{ rule: 'fl101', path: '*.yaml', resource: 'RoleB', reason: 'r' }, { rule: 'FL101', path: 'x.json', resource: 'Role*', reason: 'r' }] }, null, 2));
    const r = scan({ 't.yaml': template('', ''), 'x.json': policy }, cfg);
    // The second entry matches a file but no resource (a loose policy file has none): unused, at its line in the JSON.
    expect(show(r.findings)).toEqual(['.fedlint.json:9:5 FL008', 't.yaml:9:31 FL101', 't.yaml:17:31 FL101 [external: r]', 'x.json:7:20 FL101']);
  });

  it('a Terraform address glob', async () => {
    await initHcl();
    const dir = root();
    const cfg = configured(dir, '.fedlint.yml', 'ignore:\n  - rule: FL101\n    path: "*.tf"\n    resource: aws_iam_role.op*\n    reason: r\n');
    const src = readFileSync(path.join(FIXTURES, 'fl101-public-trust/bad-public-role.tf'), 'utf8');
    expect(show(scan({ 'main.tf': src }, cfg).findings)).toEqual(['main.tf:10:29 FL101 [external: r]', 'main.tf:23:21 FL101']);
  });

  it('a config outside the scan root is located by its relative path', () => {
    const dir = root();
    mkdirSync(path.join(dir, 'repo'));
    writeFileSync(path.join(dir, '.fedlint.yml'), 'ignore:\n  - rule: FL101\n    path: nothing/*\n    reason: r\n');
    const cfg = configSuppressions(loadConfig(path.join(dir, '.fedlint.yml'), known), path.join(dir, 'repo'));
    expect(show(scan({ 'x.json': policy }, cfg).findings)).toEqual(['../.fedlint.yml:2:5 FL008', 'x.json:7:20 FL101']);
  });

  it('a bad entry is a usage error naming the key and the reason', () => {
    const dir = root();
    const write = (t: string) => {
      writeFileSync(path.join(dir, '.fedlint.yml'), t);
      return () => loadConfig(path.join(dir, '.fedlint.yml'), known);
    };
    expect(write('ignore:\n  - rule: FL101\n')).toThrow(/ignore\.0: must have required property 'path'/);
    expect(write('ignore:\n  - rule: FL101\n    path: a\n    resorce: b\n')).toThrow(/ignore\.0: unknown key "resorce"/);
    expect(write('ignore:\n  - rule: FL1010\n    path: a\n')).toThrow(/ignore\.0\.rule: no rule with ID or name "FL1010"/);
  });
});

describe('suppressions in SARIF', () => {
  it('validates, with each suppression kind and justification on the result', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fedlint-ignore-'));
    writeFileSync(path.join(dir, '.fedlint.yml'), 'ignore:\n  - rule: FL101\n    path: "*.json"\n    reason: vendor (SEC-1)\n');
    const cfg = configSuppressions(loadConfig(path.join(dir, '.fedlint.yml'), () => true), dir);
    const policy = readFileSync(path.join(FIXTURES, 'fl101-public-trust/bad-star-string.json'), 'utf8');
    const r = scan({ 't.yaml': template('', meta('    ', '- id: FL101\n  reason: sandbox')), 'x.json': policy, 'u.yaml': template('', meta('    ', '- id: FL101')) }, cfg);
    const log = JSON.parse(formatSarif({ findings: r.findings, rules: rules.map(ruleMeta), toolVersion: '0.0.0', filesScanned: 3, texts: r.texts, errors: r.errors, unreadable: [] }));
    expect(sarifErrors(log)).toEqual([]);
    const results = log.runs[0].results as Array<{ ruleId: string; suppressions?: unknown[]; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    const where = (x: (typeof results)[number]) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}`;
    expect(results.map((x) => `${where(x)} ${x.ruleId} ${JSON.stringify(x.suppressions ?? [])}`)).toEqual([
      't.yaml:14 FL101 [{"kind":"inSource","justification":"sandbox"}]',
      't.yaml:22 FL101 []',
      'u.yaml:8 FL007 []',
      'u.yaml:13 FL101 [{"kind":"inSource","justification":"no reason given"}]',
      'u.yaml:21 FL101 []',
      'x.json:7 FL101 [{"kind":"external","justification":"vendor (SEC-1)"}]',
    ]);
  });
});
