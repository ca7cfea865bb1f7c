import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { type ScanResult, scanInputs, scanPaths } from '../../../src/cli/scan.js';
import { discover } from '../../../src/discover/index.js';
import { type Entity, isUnknown, type Model, SELF_ACCOUNT } from '../../../src/model/index.js';
import { initHcl } from '../../../src/parse/hcl/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DIR = 'fixtures/terraform/hcl';

function entity<K extends Entity['kind']>(m: Model, kind: K, id: string, dir: string): Extract<Entity, { kind: K }> {
  const e = m.entities.find((x) => x.kind === kind && x.id === id && (dir === '' || x.file.startsWith(`${DIR}/${dir}/`)));
  if (!e) throw new Error(`no ${kind} ${id} in ${dir} among ${m.entities.map((x) => `${x.kind} ${x.id} ${x.file}`).join(', ')}`);
  return e as Extract<Entity, { kind: K }>;
}

const at = (r: ScanResult, ruleId: string, dir: string) =>
  r.findings.filter((f) => f.ruleId === ruleId && f.location.file.startsWith(`${DIR}/${dir}/`)).map((f) => `${f.location.file.slice(DIR.length + 1)}:${f.location.range.line}:${f.location.range.column}`);

const enc = (s: string) => new TextEncoder().encode(s);

describe('Terraform HCL (.tf) modules', () => {
  let r: ScanResult;
  beforeAll(async () => {
    r = await scanPaths(RULES, { root: ROOT, paths: [DIR] });
  });

  it('discovers .tf files and reads them as terraform-hcl without errors', async () => {
    const files = await discover([DIR], { root: ROOT });
    expect(files.filter((f) => f.rel.endsWith('.tf')).length).toBe(8);
    // Only the variable files Terraform loads by itself (not prod.tfvars, which needs -var-file).
    expect(files.filter((f) => f.rel.endsWith('.tfvars')).map((f) => f.rel.slice(DIR.length + 1))).toEqual(['tfvars/terraform.tfvars', 'tfvars/z.auto.tfvars']);
    expect(r.errors).toEqual([]);
    expect(r.model.inputErrors).toEqual([]);
    expect(r.model.files.every((f) => f.kind === 'terraform-hcl')).toBe(true);
  });

  it('GitHub OIDC trust from aws_iam_policy_document without a subject: FL212 at the principal line, across files of the module', () => {
    expect(at(r, 'FL212', 'github-oidc')).toEqual(['github-oidc/main.tf:15:22']);
    const role = entity(r.model, 'role', 'aws_iam_role.deploy', 'github-oidc');
    expect(role.name).toBe('github-deploy'); // local.prefix from locals.tf
    expect(role.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:role/github-deploy`);
    const st = role.trust!.statements[0];
    expect(st.source.range.line).toBe(9);
    expect(role.trust!.raw).toEqual({
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
    const oidc = entity(r.model, 'oidc-provider', 'aws_iam_openid_connect_provider.github', 'github-oidc');
    expect(oidc.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`);
    expect(oidc.idSource.range.line).toBe(2);
  });

  it('jsonencode trust with a "*" principal: FL101 at the .tf line of "*"', () => {
    expect(at(r, 'FL101', 'public')).toEqual(['public/main.tf:9:29']);
  });

  it('heredoc JSON trust with an external account: FL102/FL103 at the exact heredoc line and column; the heredoc role policy joins its role', () => {
    expect(at(r, 'FL102', 'heredoc')).toEqual(['heredoc/main.tf:10:33']);
    expect(at(r, 'FL103', 'heredoc')).toEqual(['heredoc/main.tf:10:33']);
    const role = entity(r.model, 'role', 'aws_iam_role.vendor', 'heredoc');
    expect(role.policies.map((p) => p.owner.id)).toEqual(['aws_iam_role_policy.vendor_read']);
    expect(role.policies[0].statements[0].source.range.line).toBe(24);
  });

  it('admin role trusted by its own account root without MFA: FL401; the attachment joins through aws_iam_role.admin.name', () => {
    expect(at(r, 'FL401', 'admin')).toEqual(['admin/main.tf:9:22']);
    const role = entity(r.model, 'role', 'aws_iam_role.admin', 'admin');
    expect(role.managedPolicyArns.map((a) => a.value)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(role.managedPolicyArns[0].source.range.line).toBe(21);
  });

  it('a variable default used as an account ID resolves (and its MFA condition is read)', () => {
    const role = entity(r.model, 'role', 'aws_iam_role.security_audit', 'admin');
    expect(role.trust!.statements[0].principals![0].value).toBe('arn:aws:iam::444455556666:root');
    expect(at(r, 'FL102', 'admin')).toEqual(['admin/main.tf:31:27']);
    expect(at(r, 'FL401', 'admin')).not.toContain('admin/main.tf:31:27');
  });

  it('terraform.tfvars then *.auto.tfvars set variables over their defaults', () => {
    const role = entity(r.model, 'role', 'aws_iam_role.partner', 'tfvars');
    const st = role.trust!.statements[0];
    expect(st.principals![0].value).toBe('arn:aws:iam::222222222222:root');
    expect(role.trust!.raw).toMatchObject({ Statement: [{ Condition: { StringEquals: { 'sts:ExternalId': 'partner-7f3a' } } }] });
    expect(at(r, 'FL102', 'tfvars')).toEqual(['tfvars/main.tf:17:27']);
    expect(at(r, 'FL103', 'tfvars')).toEqual([]);
  });

  it('unknown references stay Unknown with a reason, never a literal: FL005 on principals', () => {
    expect(at(r, 'FL005', 'unresolved')).toEqual(['unresolved/main.tf:12:27', 'unresolved/main.tf:22:85']);
    const partner = entity(r.model, 'role', 'aws_iam_role.partner', 'unresolved');
    const p = partner.trust!.statements[0].principals![0].value;
    expect(isUnknown(p) && p.reason).toBe('variable trusted_account_id has no default');
    expect(isUnknown(p) && p.cause).toBe('parameter');
    const shared = entity(r.model, 'role', 'aws_iam_role.shared', 'unresolved');
    const q = shared.trust!.statements[0].principals![0].value;
    expect(isUnknown(q) && q.cause).toBe('missing-reference');
  });
});

describe('Terraform HCL through scanInputs', () => {
  beforeAll(() => initHcl());
  const scan = (files: Record<string, string>) => scanInputs(Object.entries(files).map(([rel, text]) => ({ rel, bytes: enc(text) })), RULES);

  it('a .tf that fails to parse is FL001 at its line', () => {
    const res = scan({ 'm/bad.tf': 'resource "aws_iam_role" "x" {\n  name = "a"\n  assume_role_policy = \n' });
    const fl001 = res.findings.filter((f) => f.ruleId === 'FL001');
    expect(fl001.map((f) => `${f.location.file}:${f.location.range.line}`)).toEqual(['m/bad.tf:4']);
  });

  it('invalid JSON in a policy string is FL001 at the .tf line', () => {
    const res = scan({ 'm/main.tf': 'resource "aws_iam_role" "x" {\n  name = "x"\n  assume_role_policy = <<EOT\n{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}\nEOT\n}\n' });
    expect(res.findings.filter((f) => f.ruleId === 'FL001').map((f) => f.location.range.line)).toEqual([6]);
  });

  it('renders aws_iam_policy_document per §8.3: type "*" principal, merged conditions, &{} variables, NotAction, source documents', () => {
    const res = scan({
      'm/main.tf': `data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Base"
    actions = ["s3:ListBucket"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "t" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid = "Any"
    effect = "Deny"
    not_actions = ["iam:*"]
    not_resources = ["arn:aws:s3:::b/&{aws:username}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-123"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["a", "b"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}
resource "aws_iam_policy" "p" {
  name   = "p"
  path   = "/svc/"
  policy = data.aws_iam_policy_document.t.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
  managed_policy_arns = [aws_iam_policy.p.arn]
}
resource "aws_iam_role_policy_attachment" "r" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.id
}
`,
    });
    expect(res.errors).toEqual([]);
    const mp = entity(res.model, 'managed-policy', 'aws_iam_policy.p', '');
    expect(mp.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:policy/svc/p`);
    expect(mp.document!.raw).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Base', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['*'] },
        {
          Sid: 'Any',
          Effect: 'Deny',
          NotAction: ['iam:*'],
          NotResource: ['arn:aws:s3:::b/${aws:username}/*'],
          Principal: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-123'], 'aws:PrincipalTag/team': ['a', 'b'] }, Bool: { 'aws:SecureTransport': ['true'] } },
        },
      ],
    });
    expect(mp.document!.statements[1].source.range.line).toBe(10);
    // A role without a name: its name is Unknown (Terraform picks it), yet the attachment joins it by reference.
    const role = entity(res.model, 'role', 'aws_iam_role.r', '');
    expect(isUnknown(role.name)).toBe(true);
    expect(role.managedPolicyArns.map((a) => a.value)).toEqual([`arn:aws:iam::${SELF_ACCOUNT}:policy/svc/p`, `arn:aws:iam::${SELF_ACCOUNT}:policy/svc/p`]);
  });

  it('count/for_each over known values: one resource per element, each.key bound, keyed addresses', () => {
    const res = scan({
      'm/main.tf': `resource "aws_iam_role" "r" {
  for_each = toset(["b", "a", "b"])
  name     = "role-\${each.key}"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })
}

resource "aws_iam_role" "c" {
  count = 2
  name  = "c-\${count.index}"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
`,
    });
    const roles = res.model.entities.filter((e) => e.kind === 'role').map((e) => `${e.id} ${String((e as { name: unknown }).name)}`);
    expect(roles).toEqual(['aws_iam_role.r["a"] role-a', 'aws_iam_role.r["b"] role-b', 'aws_iam_role.c[0] c-0', 'aws_iam_role.c[1] c-1']);
    // Both instances share the line that writes the public principal: one finding each.
    expect(res.findings.filter((f) => f.ruleId === 'FL101').map((f) => `${f.location.range.line} ${f.message.slice(0, 30)}`)).toEqual(['4 role aws_iam_role.r["a"] can b', '4 role aws_iam_role.r["b"] can b']);
  });

  it('count/for_each over unknown values: one instance; functions it does not evaluate give Unknown with the function name', () => {
    const res = scan({
      'm/main.tf': `variable "names" {}
resource "aws_iam_role" "r" {
  for_each = toset(var.names)
  name     = "role-\${each.key}"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = base64decode("Kg==") } }] })
}
`,
    });
    const role = entity(res.model, 'role', 'aws_iam_role.r', '');
    expect(isUnknown(role.name) && role.name.partial).toBe('role-?');
    const p = role.trust!.statements[0].principals![0].value;
    expect(isUnknown(p) && p.reason).toBe('function base64decode is not evaluated');
  });
});
