import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { type ScanResult, scanInputs } from '../../../src/cli/scan.js';
import { discover } from '../../../src/discover/index.js';
import { type Entity, type Model, SELF_ACCOUNT } from '../../../src/model/index.js';
import { initHcl } from '../../../src/parse/hcl/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const scan = (files: Record<string, string>): ScanResult => scanInputs(Object.entries(files).map(([rel, text]) => ({ rel, bytes: enc(text) })), RULES);
const at = (r: ScanResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location.file}:${f.location.range.line}:${f.location.range.column}`);

function role(m: Model, id: string): Extract<Entity, { kind: 'role' }> {
  const e = m.entities.find((x) => x.kind === 'role' && x.id === id);
  if (!e) throw new Error(`no role ${id} among ${m.entities.map((x) => `${x.kind} ${x.id}`).join(', ')}`);
  return e as Extract<Entity, { kind: 'role' }>;
}

/** A public role and a partner role, both trusting through aws_iam_policy_document data sources. */
const MAIN_TF_JSON = `{
  "//": "Terraform JSON syntax",
  "resource": {
    "aws_iam_role": {
      "open": {
        "name": "open",
        "assume_role_policy": "\${data.aws_iam_policy_document.open.json}"
      },
      "partner": {
        "name": "partner-read",
        "assume_role_policy": "\${data.aws_iam_policy_document.partner.json}"
      }
    }
  },
  "data": {
    "aws_iam_policy_document": {
      "open": {
        "statement": [
          {
            "actions": ["sts:AssumeRole"],
            "principals": [{ "type": "AWS", "identifiers": ["*"] }]
          }
        ]
      },
      "partner": {
        "statement": {
          "actions": ["sts:AssumeRole"],
          "principals": {
            "type": "AWS",
            "identifiers": ["arn:aws:iam::\${var.partner_account_id}:root"]
          }
        }
      }
    }
  }
}
`;

const VARIABLES_TF = `variable "partner_account_id" {
  type    = string
  default = "000000000000"
}
`;

describe('Terraform JSON syntax (.tf.json) through scanInputs', () => {
  beforeAll(() => initHcl());

  it('a .tf.json module: FL101 and FL102 at the .tf.json lines, the trust rendered from the policy document', () => {
    const r = scan({ 'm/main.tf.json': MAIN_TF_JSON, 'm/variables.tf': VARIABLES_TF });
    expect(r.errors).toEqual([]);
    expect(r.model.inputErrors).toEqual([]);
    expect(r.model.files).toEqual([
      { path: 'm/main.tf.json', kind: 'terraform-hcl' },
      { path: 'm/variables.tf', kind: 'terraform-hcl' },
    ]);
    expect(at(r, 'FL101')).toEqual(['m/main.tf.json:21:61']);
    // The partner account comes from the variable declared in the .tf file of the same module.
    expect(at(r, 'FL102')).toEqual(['m/main.tf.json:30:29']);
    const open = role(r.model, 'aws_iam_role.open');
    expect(open.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:role/open`);
    expect(open.trust!.raw).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { AWS: ['*'] } }] });
    expect(open.trust!.statements[0].source.file).toBe('m/main.tf.json');
    expect(open.trust!.statements[0].source.range.line).toBe(19);
    const partner = role(r.model, 'aws_iam_role.partner');
    const p = partner.trust!.statements[0].principals![0];
    expect(p.value).toBe('arn:aws:iam::000000000000:root');
    expect(p.source.range).toMatchObject({ line: 30, column: 29 });
  });

  it('a .tf.json that is not JSON is FL001 at its line; the rest of the directory still loads', () => {
    const r = scan({ 'm/bad.tf.json': '{\n  "resource": {\n    "aws_iam_role": {,}\n  }\n}\n', 'm/variables.tf': VARIABLES_TF });
    expect(r.findings.filter((f) => f.ruleId === 'FL001').map((f) => `${f.location.file}:${f.location.range.line}`)).toEqual(['m/bad.tf.json:3']);
    expect(r.model.files).toContainEqual({ path: 'm/variables.tf', kind: 'terraform-hcl' });
  });

  it('variable files: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name; the last wins', () => {
    const files = {
      'm/main.tf.json': MAIN_TF_JSON,
      'm/variables.tf': VARIABLES_TF,
      'm/terraform.tfvars': 'partner_account_id = "111111111111"\n',
      'm/terraform.tfvars.json': '{ "partner_account_id": "222222222222" }\n',
    };
    expect(role(scan(files).model, 'aws_iam_role.partner').trust!.statements[0].principals![0].value).toBe('arn:aws:iam::222222222222:root');
    const auto = { ...files, 'm/b.auto.tfvars': 'partner_account_id = "333333333333"\n', 'm/a.auto.tfvars.json': '{ "partner_account_id": "444444444444" }\n' };
    expect(role(scan(auto).model, 'aws_iam_role.partner').trust!.statements[0].principals![0].value).toBe('arn:aws:iam::333333333333:root');
    const autoLast = { ...files, 'm/b.auto.tfvars.json': '{\n  "//": "last by name",\n  "partner_account_id": "555555555555"\n}\n', 'm/a.auto.tfvars': 'partner_account_id = "333333333333"\n' };
    const r = scan(autoLast);
    expect(role(r.model, 'aws_iam_role.partner').trust!.statements[0].principals![0].value).toBe('arn:aws:iam::555555555555:root');
    expect(r.model.inputErrors).toEqual([]);
  });

  it('a .tf.json role uses a .tf local that refers to a .tf.json variable (one module)', () => {
    const r = scan({
      'm/locals.tf': 'locals {\n  trusted = "arn:aws:iam::${var.acct}:root"\n}\n',
      'm/vars.tf.json': '{ "variable": { "acct": { "default": "777788889999" } } }\n',
      'm/role.tf.json': '{\n  "resource": {\n    "aws_iam_role": {\n      "x": {\n        "name": "x",\n        "assume_role_policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = \\"sts:AssumeRole\\", Principal = {AWS = local.trusted}}]})}"\n      }\n    }\n  }\n}\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.model.inputErrors).toEqual([]);
    const x = role(r.model, 'aws_iam_role.x');
    expect(x.trust!.statements[0].principals![0].value).toBe('arn:aws:iam::777788889999:root');
    // An escaped JSON string: the whole string is the location, on its line.
    expect(at(r, 'FL102')).toEqual(['m/role.tf.json:6:31']);
  });
});

describe('discovery of Terraform JSON files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fedlint-tfjson-'));
    mkdirSync(path.join(dir, 'm'));
    for (const f of ['main.tf.json', 'main.tf', 'terraform.tfvars.json', 'x.auto.tfvars.json', 'prod.tfvars.json', 'prod.tfvars', 'other.json']) writeFileSync(path.join(dir, 'm', f), '{}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a directory walk takes .tf.json and the variable files Terraform loads itself, not prod.tfvars(.json)', async () => {
    const files = await discover(['m'], { root: dir });
    expect(files.map((f) => f.rel)).toEqual(['m/main.tf', 'm/main.tf.json', 'm/other.json', 'm/terraform.tfvars.json', 'm/x.auto.tfvars.json']);
  });
});
