import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { type ScanResult, scanInputs, scanPaths } from '../../../src/cli/scan.js';
import { type Entity, isUnknown, SELF_ACCOUNT } from '../../../src/model/index.js';
import { initHcl } from '../../../src/parse/hcl/index.js';
import { ruleMeta } from '../../../src/engine/index.js';
import { formatSarif } from '../../../src/report/sarif.js';

const enc = (s: string) => new TextEncoder().encode(s);
const scan = (files: Record<string, string>) => scanInputs(Object.entries(files).map(([rel, text]) => ({ rel, bytes: enc(text) })), RULES);

const where = (r: ScanResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location.file}:${f.location.range.line}:${f.location.range.column}`);

function role(r: ScanResult, id: string): Extract<Entity, { kind: 'role' }> {
  const e = r.model.entities.find((x) => x.kind === 'role' && x.id === id);
  if (!e) throw new Error(`no role ${id} among ${r.model.entities.map((x) => `${x.kind} ${x.id}`).join(', ')}`);
  return e as Extract<Entity, { kind: 'role' }>;
}

/** A reusable role module: the trusted principals come from the caller. */
const ROLE_MODULE = `variable "name" {}
variable "trusted_arns" {
  type = list(string)
}
variable "create" {
  default = true
}

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0
  name  = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.trusted_arns }
    }]
  })
}

resource "aws_iam_user" "svc" {
  name = "\${var.name}-svc"
}

resource "aws_iam_access_key" "svc" {
  user = aws_iam_user.svc.name
}

output "role_name" {
  value = try(aws_iam_role.this[0].name, "")
}
`;

describe('Terraform local modules', () => {
  beforeAll(() => initHcl());

  const root = `module "ci" {
  source       = "./modules/role"
  name         = "ci-deploy"
  trusted_arns = ["*"]
}

module "partner" {
  source       = "./modules/role"
  name         = "partner"
  trusted_arns = ["arn:aws:iam::111122223333:root"]
}

module "off" {
  source       = "./modules/role"
  name         = "off"
  trusted_arns = ["*"]
  create       = false
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = module.ci.role_name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`;

  it('instantiates a module once per call with its arguments: a "*" passed by the caller is reported at the caller line', () => {
    const r = scan({ 'infra/main.tf': root, 'infra/modules/role/main.tf': ROLE_MODULE });
    expect(r.errors).toEqual([]);
    expect(where(r, 'FL101')).toEqual(['infra/main.tf:4:19']);
    const f = r.findings.find((x) => x.ruleId === 'FL101')!;
    expect(f.message).toContain('role module.ci.aws_iam_role.this');
    const ci = role(r, 'module.ci.aws_iam_role.this');
    expect(ci.name).toBe('ci-deploy');
    expect(ci.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:role/ci-deploy`);
    expect(ci.file).toBe('infra/modules/role/main.tf');
    // The module directory is not also read as a root module of its own (its variables have no value there).
    expect(r.model.entities.filter((e) => e.kind === 'role').map((e) => e.id)).toEqual(['module.ci.aws_iam_role.this', 'module.partner.aws_iam_role.this']);
    expect(where(r, 'FL005')).toEqual([]);
  });

  it('a module output joins the root attachment to the module role: FL401 sees AdministratorAccess on module.ci', () => {
    const r = scan({ 'infra/main.tf': root, 'infra/modules/role/main.tf': ROLE_MODULE });
    const f = r.findings.filter((x) => x.ruleId === 'FL401');
    expect(f.map((x) => `${x.location.file}:${x.location.range.line}`)).toEqual(['infra/main.tf:4']);
    expect(f[0].message).toContain('AdministratorAccess');
    expect(role(r, 'module.ci.aws_iam_role.this').attached.map((a) => a.label)).toEqual(['AWS managed policy AdministratorAccess']);
  });

  it('a finding in module code is reported once per instance, each naming the call that made it', () => {
    const r = scan({ 'infra/main.tf': root, 'infra/modules/role/main.tf': ROLE_MODULE });
    const keys = r.findings.filter((x) => x.ruleId === 'FL302');
    expect(keys.map((x) => `${x.location.file}:${x.location.range.line}`)).toEqual(['infra/modules/role/main.tf:26', 'infra/modules/role/main.tf:26', 'infra/modules/role/main.tf:26']);
    expect(keys.map((x) => x.related.map((rel) => `${rel.message} ${rel.source.file}:${rel.source.range.line}`))).toEqual([
      ['instantiated by module.ci infra/main.tf:1'],
      ['instantiated by module.off infra/main.tf:13'],
      ['instantiated by module.partner infra/main.tf:7'],
    ]);
    expect(new Set(keys.map((k) => k.fingerprint)).size).toBe(3);
    // SARIF carries the call site as a related location and the instance address as the logical location.
    const sarif = JSON.parse(formatSarif({ findings: keys, rules: RULES.map(ruleMeta), toolVersion: '0.0.0', filesScanned: 2, texts: r.texts, errors: [], unreadable: [] }));
    const res = sarif.runs[0].results[0];
    expect(res.relatedLocations[0].message.text).toBe('instantiated by module.ci');
    expect(res.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('infra/main.tf');
    expect(res.relatedLocations[0].physicalLocation.region.startLine).toBe(1);
    expect(res.locations[0].logicalLocations[0].name).toBe('module.ci.aws_iam_access_key.svc');
  });

  it('a module called with count = 0, or whose resource count is 0, creates nothing', () => {
    const r = scan({ 'infra/main.tf': root, 'infra/modules/role/main.tf': ROLE_MODULE });
    expect(r.model.entities.some((e) => e.id === 'module.off.aws_iam_role.this')).toBe(false);
    const zero = scan({ 'a/main.tf': 'module "x" {\n  count        = 0\n  source       = "../modules/role"\n  name         = "x"\n  trusted_arns = ["*"]\n}\n', 'modules/role/main.tf': ROLE_MODULE });
    expect(zero.model.entities.filter((e) => e.id.startsWith('module.x.'))).toEqual([]);
  });

  it('nested modules: prefixes and call chains accumulate; a variable the call does not set is Unknown (FL005)', () => {
    const r = scan({
      'live/main.tf': 'module "team" {\n  source = "../modules/team"\n}\n',
      'modules/team/main.tf': 'module "deployer" {\n  source = "../role"\n  name   = "deployer"\n}\n',
      'modules/role/main.tf': ROLE_MODULE,
    });
    const d = role(r, 'module.team.module.deployer.aws_iam_role.this');
    const p = d.trust!.statements[0].principals![0].value;
    expect(isUnknown(p) && p.reason).toBe('module.team.module.deployer does not set variable trusted_arns, which has no default');
    const fl005 = r.findings.filter((f) => f.ruleId === 'FL005');
    expect(fl005.map((f) => `${f.location.file}:${f.location.range.line}`)).toEqual(['modules/role/main.tf:17']);
    expect(fl005[0].related.map((x) => `${x.message} ${x.source.file}:${x.source.range.line}`)).toEqual(['instantiated by module.team live/main.tf:1', 'instantiated by module.team.module.deployer modules/team/main.tf:1']);
  });

  it('an output that reads an access key secret, in module code, is FL302 accessKeyExposed with the output and the call as related locations', () => {
    const mod = `${ROLE_MODULE}
output "svc_secret" {
  value     = aws_iam_access_key.svc.secret
  sensitive = true
}
`;
    const r = scan({ 'infra/main.tf': 'module "ci" {\n  source       = "./modules/role"\n  name         = "ci"\n  trusted_arns = []\n}\n', 'infra/modules/role/main.tf': mod });
    const f = r.findings.filter((x) => x.ruleId === 'FL302');
    expect(f.map((x) => x.messageId)).toEqual(['accessKeyExposed']);
    expect(f[0].message).toContain('output svc_secret');
    expect(f[0].related.map((x) => `${x.message} ${x.source.file}:${x.source.range.line}:${x.source.range.column}`)).toEqual([
      'secret access key of module.ci.aws_iam_access_key.svc exposed here infra/modules/role/main.tf:35:15',
      'instantiated by module.ci infra/main.tf:1:1',
    ]);
  });

  it('a module that is not in the scan (registry source) leaves its outputs Unknown with the reason', () => {
    const r = scan({
      'm/main.tf': `module "role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"
  version = "5.0.0"
}

resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = module.role.iam_role_arn } }] })
}
`,
    });
    const p = role(r, 'aws_iam_role.r').trust!.statements[0].principals![0].value;
    expect(isUnknown(p) && p.reason).toBe('module.role.iam_role_arn: module.role comes from terraform-aws-modules/iam/aws//modules/iam-assumable-role, which is not installed (run `terraform init` to read it from .terraform/modules)');
    expect(where(r, 'FL005')).toEqual(['m/main.tf:8:117']);
  });

  it('a module that calls itself, or modules passing outputs in a circle, end in Unknown rather than a loop', () => {
    const r = scan({
      'm/main.tf': 'module "self" {\n  source = "./"\n}\nmodule "a" {\n  source = "../n"\n  x      = module.b.y\n}\nmodule "b" {\n  source = "../n"\n  x      = module.a.y\n}\n',
      'n/main.tf': 'variable "x" {}\noutput "y" {\n  value = var.x\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.x } }] })\n}\n',
    });
    expect(r.errors).toEqual([]);
    const ids = r.model.entities.filter((e) => e.kind === 'role').map((e) => e.id).sort();
    expect(ids).toEqual(['module.a.aws_iam_role.r', 'module.b.aws_iam_role.r']);
    for (const id of ids) expect(isUnknown(role(r, id).trust!.statements[0].principals![0].value)).toBe(true);
  });
});

describe('Terraform dynamic blocks, conditionals and the functions reusable modules use', () => {
  beforeAll(() => initHcl());

  // The shape of terraform-aws-modules/iam's role modules: a data source chosen by count and try/coalesce, dynamic
  // statements and conditions driven by variables.
  const MODULE = `variable "allow_self_assume_role" {
  default = false
}
variable "oidc_subjects" {
  default = []
}
variable "requires_mfa" {
  default = true
}
variable "conditions" {
  default = []
}
locals {
  subjects = flatten([var.oidc_subjects])
}

data "aws_iam_policy_document" "plain" {
  count = var.requires_mfa ? 0 : 1
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"]
    }
    dynamic "condition" {
      for_each = length(local.subjects) != 0 ? [true] : []
      content {
        test     = "StringLike"
        variable = "token.actions.githubusercontent.com:sub"
        values   = local.subjects
      }
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    dynamic "condition" {
      for_each = var.conditions
      iterator = c
      content {
        test     = c.value.test
        variable = c.value.variable
        values   = c.value.values
      }
    }
  }
  dynamic "statement" {
    for_each = var.allow_self_assume_role ? [1] : []
    content {
      sid     = "Self"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:role/self"]
      }
    }
  }
}

data "aws_iam_policy_document" "with_mfa" {
  count = var.requires_mfa ? 1 : 0
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "this" {
  name = "gh"
  assume_role_policy = coalesce("", try(data.aws_iam_policy_document.with_mfa[0].json, data.aws_iam_policy_document.plain[0].json))
}
`;

  const call = (args: string) => scan({ 'root/main.tf': `module "gh" {\n  source = "../mod"\n${args}}\n`, 'mod/main.tf': MODULE });

  it('try/coalesce pick the data source whose count is not 0; a dynamic condition over an empty list adds nothing (FL212)', () => {
    const r = call('  requires_mfa = false\n');
    const trust = role(r, 'module.gh.aws_iam_role.this').trust!;
    expect(trust.raw).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Principal: { Federated: [`arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`] },
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'] } },
        },
      ],
    });
    expect(where(r, 'FL212')).toEqual(['mod/main.tf:23:22']);
  });

  it('with the subjects passed, the dynamic condition is generated with the caller values: a broad subject is FL213 at the caller line', () => {
    const r = call('  requires_mfa  = false\n  oidc_subjects = ["repo:acme*"]\n');
    expect(where(r, 'FL212')).toEqual([]);
    expect(where(r, 'FL213')).toEqual(['root/main.tf:4:20']);
    const cond = (role(r, 'module.gh.aws_iam_role.this').trust!.raw as { Statement: Array<{ Condition: unknown }> }).Statement[0].Condition;
    expect(cond).toEqual({ StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme*'] }, StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'] } });
  });

  it('a dynamic block with an iterator over a list of objects; a dynamic statement switched on by a bool', () => {
    const r = call('  requires_mfa = false\n  allow_self_assume_role = true\n  conditions = [{ test = "StringEquals", variable = "token.actions.githubusercontent.com:sub", values = ["repo:acme/app:ref:refs/heads/main"] }]\n');
    const raw = role(r, 'module.gh.aws_iam_role.this').trust!.raw as { Statement: Array<{ Sid?: string; Condition?: Record<string, unknown> }> };
    expect(raw.Statement.map((s) => s.Sid)).toEqual([undefined, 'Self']);
    expect(raw.Statement[0].Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'], 'token.actions.githubusercontent.com:sub': ['repo:acme/app:ref:refs/heads/main'] },
    });
    expect(where(r, 'FL212')).toEqual([]);
  });

  it('the default (requires_mfa) picks the other document; a for_each that is not known leaves the document Unknown with the reason', () => {
    const r = call('');
    expect((role(r, 'module.gh.aws_iam_role.this').trust!.raw as { Statement: Array<{ Action: string[] }> }).Statement[0].Action).toEqual(['sts:AssumeRole']);
    const u = scan({ 'root/main.tf': 'variable "subs" {}\nmodule "gh" {\n  source = "../mod"\n  requires_mfa = false\n  conditions = var.subs\n}\n', 'mod/main.tf': MODULE });
    const raw = role(u, 'module.gh.aws_iam_role.this').trust!.raw;
    expect(isUnknown(raw) && raw.reason).toBe('dynamic "condition" over a for_each that is not known (variable subs has no default)');
  });
});

describe('Terraform registry modules installed by terraform init (.terraform/modules)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fedlint-vendored-'));
    const w = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    // .terraform is git-ignored, as in every Terraform repository: its modules are read through the manifest anyway.
    w('.gitignore', '.terraform/\n');
    w('live/main.tf', 'module "ci" {\n  source       = "acme/role/aws"\n  version      = "1.2.0"\n  name         = "ci"\n  trusted_arns = ["*"]\n}\n');
    w('live/.terraform/modules/modules.json', JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'ci', Source: 'registry.terraform.io/acme/role/aws', Version: '1.2.0', Dir: '.terraform/modules/ci' }] }));
    w('live/.terraform/modules/ci/main.tf', ROLE_MODULE);
    // The package's own examples are not root modules of this repository.
    w('live/.terraform/modules/ci/examples/complete/main.tf', 'module "x" {\n  source       = "../../"\n  name         = "example"\n  trusted_arns = ["*"]\n}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a registry module listed in modules.json is instantiated from its installed directory; the package examples are not scanned as roots', async () => {
    await initHcl();
    const r = await scanPaths(RULES, { root: dir, paths: ['live'] });
    expect(r.errors).toEqual([]);
    expect(where(r, 'FL101')).toEqual(['live/main.tf:5:19']);
    expect(r.model.entities.filter((e) => e.kind === 'role').map((e) => `${e.id} ${e.file}`)).toEqual(['module.ci.aws_iam_role.this live/.terraform/modules/ci/main.tf']);
    // The installed files are part of the scan (findings inside them are located there).
    expect(r.model.files.some((f) => f.path === 'live/.terraform/modules/ci/main.tf')).toBe(true);
  });

  it('without a manifest, a registry module is not read and references to it say why', () => {
    const r = scan({ 'm/main.tf': 'module "ci" {\n  source = "acme/role/aws"\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = module.ci.arn } }] })\n}\n' });
    const p = role(r, 'aws_iam_role.r').trust!.statements[0].principals![0].value;
    expect(isUnknown(p) && p.reason).toBe('module.ci.arn: module.ci comes from acme/role/aws, which is not installed (run `terraform init` to read it from .terraform/modules)');
  });
});

describe('Terraform file() and templatefile()', () => {
  beforeAll(() => initHcl());

  const trustJson = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "*" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n';
  const trustTpl = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "arn:aws:iam::${account}:root" },\n    "Action": "sts:AssumeRole"\n  }]\n}\n';

  it('a policy read with file() is located at the lines of the file it reads, and is not also reported as a loose policy file', () => {
    const r = scan({
      'infra/main.tf': 'module "r" {\n  source = "./modules/r"\n}\n',
      'infra/modules/r/main.tf': 'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = file("${path.module}/trust.json")\n}\n',
      'infra/modules/r/trust.json': trustJson,
    });
    expect(where(r, 'FL101')).toEqual(['infra/modules/r/trust.json:6:29']);
    expect(r.findings.find((f) => f.ruleId === 'FL101')!.message).toContain('module.r.aws_iam_role.r');
    expect(r.texts.has('infra/modules/r/trust.json')).toBe(true);
  });

  it('templatefile() evaluates the template with its variables, at the template lines; an external account is FL102 there', () => {
    const r = scan({
      'm/main.tf': 'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = templatefile("trust.json.tpl", { account = "999988887777" })\n}\n',
      'm/trust.json.tpl': trustTpl,
    });
    expect(where(r, 'FL102')).toEqual(['m/trust.json.tpl:5:27']);
    expect(r.findings.find((f) => f.ruleId === 'FL102')!.message).toContain('999988887777');
  });

  it('a template variable that is not given, a file outside the scan root or absent from the scan: Unknown with the reason', () => {
    const reason = (expr: string, files: Record<string, string> = {}) => {
      const r = scan({ 'm/main.tf': `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = ${expr}\n}\n`, ...files });
      const raw = role(r, 'aws_iam_role.r').trust!.raw;
      if (isUnknown(raw)) return raw.reason;
      const p = role(r, 'aws_iam_role.r').trust!.statements[0].principals![0].value;
      return isUnknown(p) ? p.reason : `known: ${String(p)}`;
    };
    expect(reason('templatefile("t.tpl", {})', { 'm/t.tpl': trustTpl })).toBe('account is not a variable of template m/t.tpl');
    expect(reason('file("../../etc/passwd")')).toBe('file ../../etc/passwd is outside the scan root: not read');
    expect(reason('file("/etc/passwd")')).toBe('file /etc/passwd is an absolute path: only files inside the scan root are read');
    expect(reason('file("missing.json")')).toBe('file m/missing.json is not in the scan');
  });

  it('scanPaths reads a file() target from disk inside the scan root, never through a link that leaves it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fedlint-file-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'fedlint-outside-'));
    try {
      mkdirSync(path.join(dir, 'm'));
      writeFileSync(path.join(dir, 'm/main.tf'), 'resource "aws_iam_role" "a" {\n  name               = "a"\n  assume_role_policy = file("trust.txt")\n}\nresource "aws_iam_role" "b" {\n  name               = "b"\n  assume_role_policy = file("link.txt")\n}\n');
      writeFileSync(path.join(dir, 'm/trust.txt'), trustJson);
      writeFileSync(path.join(outside, 'secret.txt'), trustJson);
      symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'm/link.txt'));
      const r = await scanPaths(RULES, { root: dir, paths: ['.'] });
      expect(where(r, 'FL101')).toEqual(['m/trust.txt:6:29']);
      const b = role(r, 'aws_iam_role.b').trust!.raw;
      expect(isUnknown(b) && b.reason).toBe('file m/link.txt is not in the scan');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('Terraform splat expressions', () => {
  beforeAll(() => initHcl());

  it('a splat over a counted resource is the list of its one instance; over a list of objects, each element attribute', () => {
    const r = scan({
      'm/main.tf': `resource "aws_iam_role" "ci" {
  count = 1
  name  = "ci"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}

variable "partners" {
  default = [{ name = "a", arn = "arn:aws:iam::111122223333:root" }, { name = "b", arn = "arn:aws:iam::444455556666:root" }]
}

resource "aws_iam_role" "target" {
  name = "target"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = concat(aws_iam_role.ci[*].arn, var.partners.*.arn) } }] })
}
`,
    });
    const p = role(r, 'aws_iam_role.target').trust!.statements[0].principals!.map((x) => String(x.value));
    expect(p).toEqual([`arn:aws:iam::${SELF_ACCOUNT}:role/ci`, 'arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root']);
    expect(where(r, 'FL102')).toEqual(['m/main.tf:8:34', 'm/main.tf:8:90']);
  });
});

describe('Terraform conditionals on values that are not known', () => {
  beforeAll(() => initHcl());

  const files = {
    'm/main.tf': `variable "public" {
  type = bool
}

resource "aws_iam_role" "s" {
  name               = var.public ? "s-public" : "s"
  assume_role_policy = var.public ? data.aws_iam_policy_document.open.json : data.aws_iam_policy_document.closed.json
}

resource "aws_iam_role" "both" {
  name               = "both"
  assume_role_policy = var.public ? data.aws_iam_policy_document.open.json : data.aws_iam_policy_document.open.json
}

data "aws_iam_policy_document" "open" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "computed" {
  dynamic "statement" {
    for_each = length(var.public ? [1] : []) > 0 ? [1] : []
    content {
      actions = ["sts:AssumeRole"]
    }
  }
}

data "aws_iam_policy_document" "closed" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
`,
  };

  it('each branch of a policy chosen by an unknown condition is checked, its statements guarded by the condition', () => {
    const r = scan(files);
    const fl101 = r.findings.filter((f) => f.ruleId === 'FL101');
    expect(fl101.map((f) => [f.message.includes('aws_iam_role.s '), f.location.range.line, f.when])).toEqual([
      // The same finding in both branches holds whatever the condition: no guard.
      [false, 20, []],
      [true, 20, [{ condition: 'var.public', value: true }]],
    ]);
    const s = role(r, 'aws_iam_role.s');
    expect(s.trust!.statements.map((st) => st.when)).toEqual([[{ condition: 'var.public', value: true }], [{ condition: 'var.public', value: false }]]);
    // Any other attribute chosen by the condition is simply not known.
    expect(isUnknown(s.name) && s.name.reason).toBe('depends on var.public, which is not known');
  });

  it('a value computed from a conditional (length, a comparison) is not known, and never a branch: the dynamic block over it is unknown', () => {
    const r = scan({ 'm/main.tf': files['m/main.tf'].replace('data.aws_iam_policy_document.open.json : data.aws_iam_policy_document.closed.json', 'data.aws_iam_policy_document.computed.json : data.aws_iam_policy_document.computed.json') });
    const raw = role(r, 'aws_iam_role.s').trust!.raw;
    expect(isUnknown(raw) && raw.reason).toBe('dynamic "statement" over a for_each that is not known (a condition that is not known (a condition that is not known (variable public has no default)))');
  });
});

describe('Terraform finding fingerprints', () => {
  beforeAll(() => initHcl());

  it('and pointers do not change when a resource is added above', () => {
    const open = 'resource "aws_iam_role" "open" {\n  name = "open"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })\n}\n';
    const other = 'resource "aws_iam_role" "other" {\n  name = "other"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n';
    const before = scan({ 'm/main.tf': open }).findings.filter((f) => f.ruleId === 'FL101');
    const after = scan({ 'm/main.tf': `${other}\n${open}` }).findings.filter((f) => f.ruleId === 'FL101');
    expect(after.map((f) => f.location.range.line)).toEqual([8]);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    // The JSON pointer in the JSON report names the resource by address, not by position.
    expect(after.map((f) => f.location.pointer)).toEqual(before.map((f) => f.location.pointer));
    expect(after[0].location.pointer.startsWith('/resources/aws_iam_role.open/values/assume_role_policy/')).toBe(true);
  });
});

describe('Terraform plans scanned with the configuration they were made from', () => {
  beforeAll(() => initHcl());

  const policy = (aws: unknown) => JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: aws } }], Version: '2012-10-17' });
  /** A plan as `terraform show -json` writes it: planned values, changes, and the configuration's addresses. */
  const plan = (resources: Array<{ address: string; module?: string; values: Record<string, unknown> }>, config: { resources: string[]; calls?: string[] }) =>
    JSON.stringify(
      {
        format_version: '1.2',
        terraform_version: '1.6.6',
        planned_values: {
          root_module: {
            resources: resources.filter((r) => !r.module).map((r) => ({ address: r.address, mode: 'managed', type: r.address.split('.')[0], name: r.address.split('.')[1], values: r.values })),
            child_modules: [...new Set(resources.flatMap((r) => (r.module ? [r.module] : [])))].map((m) => ({
              address: m,
              resources: resources.filter((r) => r.module === m).map((r) => ({ address: r.address, mode: 'managed', type: 'aws_iam_role', name: 'this', index: 0, values: r.values })),
            })),
          },
        },
        resource_changes: resources.map((r) => ({ address: r.address, change: { actions: ['create'], after: r.values, after_unknown: { arn: true } } })),
        configuration: {
          root_module: {
            resources: config.resources.map((a) => ({ address: a, mode: 'managed', type: a.split('.')[0], name: a.split('.')[1] })),
            module_calls: Object.fromEntries((config.calls ?? []).map((c) => [c, { source: './modules/role', module: {} }])),
          },
        },
      },
      null,
      2,
    );
  const tf = 'variable "trusted" {\n  default = "*"\n}\n\nresource "aws_iam_role" "open" {\n  name = "open"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Action    = "sts:AssumeRole"\n      Principal = { AWS = var.trusted }\n    }]\n  })\n}\n';

  it('the plan values are reported once, at the .tf lines that write them, and the entities belong to the .tf files', () => {
    const r = scan({ 'infra/main.tf': tf, 'infra/plan.json': plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: policy('*') } }], { resources: ['aws_iam_role.open'] }) });
    expect(where(r, 'FL101')).toEqual(['infra/main.tf:12:27']);
    expect(r.model.entities.filter((e) => e.kind === 'role').map((e) => `${e.id} ${e.file}`)).toEqual(['aws_iam_role.open infra/main.tf']);
  });

  it('the plan decides the values: what the plan says wins over what fedlint evaluates from the .tf', () => {
    // -var trusted=arn:… at plan time: the plan has the external account, the .tf alone would say "*".
    const r = scan({ 'infra/main.tf': tf, 'infra/plan.json': plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: policy('arn:aws:iam::999988887777:root') } }], { resources: ['aws_iam_role.open'] }) });
    expect(where(r, 'FL101')).toEqual([]);
    expect(where(r, 'FL102')).toEqual(['infra/main.tf:12:27']);
  });

  it('a plan of another configuration is read on its own, at its own lines', () => {
    const r = scan({ 'infra/main.tf': tf, 'other/plan.json': plan([{ address: 'aws_iam_role.ci', values: { name: 'ci', assume_role_policy: policy('*') } }], { resources: ['aws_iam_role.ci'] }) });
    expect(where(r, 'FL101').map((w) => w.replace(/:\d+$/, ''))).toEqual(['infra/main.tf:12', 'other/plan.json:14']);
  });

  it('resources of a module instance in the plan are located in the module code or at the caller line that passes the value', () => {
    const r = scan({
      'infra/main.tf': 'module "ci" {\n  source       = "./modules/role"\n  name         = "ci"\n  trusted_arns = ["*"]\n}\n',
      'infra/modules/role/main.tf': ROLE_MODULE,
      'infra/plan.json': plan([{ address: 'module.ci.aws_iam_role.this[0]', module: 'module.ci', values: { name: 'ci', assume_role_policy: policy(['*']) } }], { resources: [], calls: ['ci'] }),
    });
    expect(where(r, 'FL101')).toEqual(['infra/main.tf:4:19']);
    const e = role(r, 'module.ci.aws_iam_role.this[0]');
    expect(e.file).toBe('infra/modules/role/main.tf');
    expect(e.source.via?.map((c) => c.module)).toEqual(['module.ci']);
  });
});

describe('Terraform policy documents as reusable modules write them', () => {
  beforeAll(() => initHcl());

  it('null and empty arguments are left out as the provider leaves them out; a condition whose key is not known is not judged by FL004', () => {
    const r = scan({
      'm/main.tf': `variable "url" {}
variable "not_actions" {
  default = null
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions     = ["sts:AssumeRoleWithWebIdentity"]
    not_actions = var.not_actions
    resources   = []
    principals {
      type        = "Federated"
      identifiers = [aws_iam_saml_provider.idp.id]
    }
    condition {
      test     = "StringEquals"
      variable = "\${var.url}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}
resource "aws_iam_saml_provider" "idp" {
  name                   = "corp"
  saml_metadata_document = "<xml/>"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`,
    });
    const raw = role(r, 'aws_iam_role.r').trust!.raw as { Statement: Array<Record<string, unknown>> };
    expect(Object.keys(raw.Statement[0]).sort()).toEqual(['Action', 'Condition', 'Effect', 'Principal']);
    // The id of a SAML provider is its ARN.
    expect(raw.Statement[0].Principal).toEqual({ Federated: [`arn:aws:iam::${SELF_ACCOUNT}:saml-provider/corp`] });
    expect(Object.keys((raw.Statement[0].Condition as Record<string, object>).StringEquals)).toEqual(['${?}']);
    expect(where(r, 'FL004')).toEqual([]);
    expect(where(r, 'FL002')).toEqual([]);
  });
});
