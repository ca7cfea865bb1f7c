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
    expect(roles(tf)).toHaveLength(10);
  });

  it('reports the same (rule, message, entity) multiset, apart from the known differences below', () => {
    const a = keys(cfn);
    const b = keys(tf);
    expect(a.length).toBeGreaterThan(10);
    // Terraform reads vendor-trust.json with file() as vendor-monitoring's trust policy, so it is that role's
    // policy and not a loose policy file too; in examples/infra it is a loose file next to the templates, reported
    // on its own as well as through VendorMonitoringRole.
    const looseFileOnly = ['FL102 externalAccount file:vendor-trust.json'];
    // examples/terraform is one root module, hence one account; each template of examples/infra is an account of its
    // own (src/graph/trust-graph.ts, deploymentScope). In Terraform the developers' sts:AssumeRole on role/* also
    // lets dana assume break-glass-admin (main.tf), whose trust names the account without MFA, so FL602 reports
    // platform-admin's power reachable without MFA through one more role (break-glass-admin; what lies behind it is
    // its own power, not walked); and break-glass-admin (`*`) joins the ops-deployer/platform-admin cycle,
    // which FL604 reports at the cycle's first role.
    const oneStackOneAccount = ['FL604 cycle ops-deployer'];
    const oneModuleOneAccount = ['FL602 samePower platform-admin', 'FL604 cycle break-glass-admin'];
    expect(minus(a, b).sort()).toEqual([...looseFileOnly, ...oneStackOneAccount].sort());
    expect(minus(b, a).sort()).toEqual(oneModuleOneAccount);
    const twins = (r: ScanResult) => r.findings.flatMap((f) => (f.ruleId === 'FL602' && f.messageId === 'samePower' ? [/but role (\S+), with the same/.exec(f.message)?.[1]] : [])).sort();
    expect(twins(cfn)).toEqual(['ops-cfn-exec']);
    expect(twins(tf)).toEqual(['break-glass-admin', 'ops-cfn-exec']);
    const cycles = (r: ScanResult) => r.findings.filter((f) => f.ruleId === 'FL604').map((f) => /^Roles (.*) can assume/.exec(f.message)?.[1]);
    expect(cycles(cfn)).toEqual(['ops-deployer and platform-admin']);
    expect(cycles(tf)).toEqual(['break-glass-admin, ops-deployer and platform-admin']);
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
    // A customer managed policy attached to a group by its own resource: at the Resource in its jsonencode.
    expect(at(tf, 'FL303', 'developers-switch-roles')).toEqual(['examples/terraform/people.tf:15:18']);
    // The MFA condition of data.aws_iam_policy_document.platform_admin_trust, at its `values`.
    expect(at(tf, 'FL403', 'platform-admin')).toEqual(['examples/terraform/people.tf:47:19']);
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

  // Roles created by module calls: the finding is at the module's aws_iam_role block, each hop at the people.tf
  // statement that opens it (the trust, or the iam:PassRole grant of an escalation).
  it('locates the FL602 and FL603 path hops at the people.tf statements', () => {
    const hops = (ruleId: string, messageId: string) =>
      tf.findings
        .filter((f) => f.ruleId === ruleId && f.messageId === messageId)
        .map((f) => ({ at: `${f.location.file}:${f.location.range.line}`, paths: (f.paths ?? []).map((p) => p.map((s) => `${path.posix.basename(s.source.file)}:${s.source.range.line}`)) }));
    // dana → ops-deployer (its jsonencode trust) → platform-admin (the second statement, no MFA).
    expect(hops('FL602', 'chainBypass')).toEqual([{ at: 'examples/terraform/modules/role/main.tf:1', paths: [['people.tf:88', 'people.tf:51']] }]);
    // ops-deployer passes ops-cfn-exec to CloudFormation (its iam:PassRole statement); dana assumes ops-deployer first.
    expect(hops('FL603', 'escalation')).toEqual([{ at: 'examples/terraform/modules/role/main.tf:1', paths: [['people.tf:76'], ['people.tf:88', 'people.tf:76']] }]);
  });

  // A scalar a module call passes (max_session_duration = 43200) is reported at the caller's line, not at the
  // module's `max_session_duration = var.max_session_duration`.
  it('locates a max_session_duration passed by a module call at the caller’s line', () => {
    expect(at(tf, 'FL501', 'break-glass-admin')).toEqual(['examples/terraform/main.tf:79:26']);
  });
});
