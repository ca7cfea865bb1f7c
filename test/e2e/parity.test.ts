import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { type ScanResult, scanPaths } from '../../src/cli/scan.js';
import type { Finding } from '../../src/model/index.js';
import { REPO } from '../helpers/cli.js';

/**
 * examples/terraform is the infrastructure of examples/infra written as Terraform (a root module calling
 * modules/role once per role, policy documents as data sources, jsonencode and file()): both must produce the same
 * findings, the Terraform ones at its own lines.
 */

const CFN = 'examples/infra';
const TF = 'examples/terraform';

/** What a finding is about: its rule, message and the IAM name of the entity it concerns. */
function key(result: ScanResult, f: Finding): string {
  const owners = result.model.entities.filter((e) => e.id === f.location.resource);
  // A loose policy file has no entity: it is named by its file.
  if (!owners.length) return `${f.ruleId} ${f.messageId} file:${path.posix.basename(f.location.file)}`;
  const names = [...new Set(owners.map((e) => ('name' in e && typeof e.name === 'string' ? e.name : `${e.kind} ${e.id}`)))];
  expect(names, `resource ${f.location.resource} names one entity`).toHaveLength(1);
  return `${f.ruleId} ${f.messageId} ${names[0]}`;
}

function keys(result: ScanResult): string[] {
  return result.findings.map((f) => key(result, f)).sort();
}

/** The items of `a` not matched by an item of `b`, counting repeats. */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((k) => {
    const i = left.indexOf(k);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

function at(result: ScanResult, ruleId: string, name: string): string[] {
  return result.findings
    .filter((f) => f.ruleId === ruleId && key(result, f).endsWith(` ${name}`))
    .map((f) => `${f.location.file}:${f.location.range.line}:${f.location.range.column}`);
}

describe('Terraform and CloudFormation parity (bundled examples)', () => {
  let cfn: ScanResult;
  let tf: ScanResult;
  beforeAll(async () => {
    cfn = await scanPaths(RULES, { root: REPO, paths: [CFN] });
    tf = await scanPaths(RULES, { root: REPO, paths: [TF] });
  });

  it('reads both examples without input or internal errors, and the same IAM entities', () => {
    expect(cfn.errors).toEqual([]);
    expect(tf.errors).toEqual([]);
    expect(tf.model.inputErrors).toEqual([]);
    const roles = (r: ScanResult) => r.model.entities.flatMap((e) => (e.kind === 'role' && typeof e.name === 'string' ? [e.name] : [])).sort();
    expect(roles(tf)).toEqual(roles(cfn));
    expect(roles(tf)).toHaveLength(7);
  });

  it('reports the same (rule, message, entity) multiset, apart from the known differences below', () => {
    const a = keys(cfn);
    const b = keys(tf);
    expect(a.length).toBeGreaterThan(10);
    // Terraform reads vendor-trust.json with file() as vendor-monitoring's trust policy, so it is that role's
    // policy and not a loose policy file too; in examples/infra it is a loose file next to the templates, reported
    // on its own as well as through VendorMonitoringRole.
    const looseFileOnly = ['FL102 externalAccount file:vendor-trust.json'];
    expect(minus(a, b).sort()).toEqual(looseFileOnly);
    expect(minus(b, a)).toEqual([]);
  });

  it('locates the headline findings at the .tf lines that write them', () => {
    // principals { identifiers = ["*"] } in the dynamic statement of data.aws_iam_policy_document.break_glass_trust.
    expect(at(tf, 'FL101', 'break-glass-admin')).toEqual(['examples/terraform/main.tf:63:24']);
    // The OIDC provider's ARN in data.aws_iam_policy_document.github_deploy_trust.
    expect(at(tf, 'FL212', 'github-deploy')).toEqual(['examples/terraform/main.tf:26:22']);
    // Own-account root in the first statement: FL306 and FL401 there, FL401 again at the public principal.
    expect(at(tf, 'FL306', 'break-glass-admin')).toEqual(['examples/terraform/main.tf:51:22']);
    expect(at(tf, 'FL401', 'break-glass-admin')).toEqual(['examples/terraform/main.tf:51:22', 'examples/terraform/main.tf:63:24']);
    // The inline policy written with jsonencode in the module call's inline_policies argument.
    expect(at(tf, 'FL303', 'break-glass-admin')).toEqual(['examples/terraform/main.tf:86:20']);
    // A jsonencode trust passed to the module is located at the caller's line.
    expect(at(tf, 'FL102', 'audit-readonly')).toEqual(['examples/terraform/main.tf:99:27']);
    expect(at(tf, 'FL201', 'sso-AdministratorAccess')).toEqual(['examples/terraform/sso.tf:15:22']);
    expect(at(tf, 'FL105', 'partner-delivery')).toEqual(['examples/terraform/vendors.tf:27:19']);
  });

  it('reports no Terraform finding at line 1 (a whole-file fallback) unless it is about a resource declared there', () => {
    expect(tf.findings.length).toBeGreaterThan(10);
    // A role-level finding (FL601) is at the resource's own block, which may be the first line of a module file.
    const declaredThere = (f: Finding) => f.location.pointer.endsWith('/address') && !f.location.approximate;
    expect(tf.findings.filter((f) => f.location.range.line === 1 && !declaredThere(f)).map((f) => `${f.ruleId} ${f.location.file}`)).toEqual([]);
  });

  // A file() policy passed through a module variable keeps the lines of the file it was read from.
  it('locates the trust read with file() through a module call at the policy file’s line', () => {
    expect(at(tf, 'FL102', 'vendor-monitoring')).toEqual(['examples/terraform/vendor-trust.json:7:29']);
  });

  // A scalar a module call passes (max_session_duration = 43200) is reported at the caller's line, not at the
  // module's `max_session_duration = var.max_session_duration`.
  it('locates a max_session_duration passed by a module call at the caller’s line', () => {
    expect(at(tf, 'FL501', 'break-glass-admin')).toEqual(['examples/terraform/main.tf:79:26']);
  });
});
