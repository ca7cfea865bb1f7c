import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { scanInputs } from '../../../src/cli/scan.js';
import { sniff } from '../../../src/discover/index.js';
import { type Entity, isUnknown, type Model, SELF_ACCOUNT } from '../../../src/model/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/terraform/plan');
const PLAN = 'fixtures/terraform/plan/plan.json';
const STATE = 'fixtures/terraform/plan/state.json';

function scan(rel: string, bytes: Uint8Array = readFileSync(path.join(FIXTURES, path.basename(rel)))) {
  const r = scanInputs([{ rel, bytes }], RULES);
  expect(r.errors).toEqual([]);
  expect(r.model.inputErrors).toEqual([]);
  return r;
}

function entity<K extends Entity['kind']>(m: Model, kind: K, id: string): Extract<Entity, { kind: K }> {
  const e = m.entities.find((x) => x.kind === kind && x.id === id);
  if (!e) throw new Error(`no ${kind} ${id} among ${m.entities.map((x) => `${x.kind} ${x.id}`).join(', ')}`);
  return e as Extract<Entity, { kind: K }>;
}

const line = (s: { range: { line: number } }) => s.range.line;

describe('sniff: terraform show -json', () => {
  it('recognises plans and state by format_version and a values section', () => {
    expect(sniff({ format_version: '1.2', planned_values: {} })).toBe('terraform-plan');
    expect(sniff({ format_version: '1.0', values: { root_module: {} } })).toBe('terraform-plan');
    expect(sniff({ format_version: '1.0', resource_changes: [] })).toBe('terraform-plan');
    expect(sniff({ format_version: '1.0', prior_state: {} })).toBe('terraform-plan');
    expect(sniff({ format_version: '1.0' })).toBe('unknown');
    expect(sniff({ planned_values: {} })).toBe('unknown');
  });
});

describe('loadTerraformPlan: plan', () => {
  const { model, findings } = scan(PLAN);

  it('loads the planned resources with their addresses as IDs, in this account', () => {
    expect(model.files).toEqual([{ path: PLAN, kind: 'terraform-plan' }]);
    expect(model.entities.map((e) => `${e.kind} ${e.id}`).sort()).toEqual([
      'oidc-provider aws_iam_openid_connect_provider.github',
      'role aws_iam_role.ci',
      'role aws_iam_role.deploy',
      'role aws_iam_role.public',
      'role module.runners.aws_iam_role.runner["build"]',
    ]);
    for (const e of model.entities) expect(e.account).toBe(SELF_ACCOUNT);
  });

  it('builds the role from planned values, located in the plan JSON', () => {
    const role = entity(model, 'role', 'aws_iam_role.deploy');
    expect(role.name).toBe('github-deploy');
    expect(role.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:role/github-deploy`);
    expect(role.tags).toEqual({ team: 'platform' });
    expect(role.maxSessionDuration?.value).toBe(3600);
    expect(line(role.maxSessionDuration!.source)).toBe(37);
    expect(line(role.idSource)).toBe(27);
    expect(role.source.resource).toBe('aws_iam_role.deploy');
    // The trust policy is parsed from the JSON string and located inside it (one line in the plan).
    const trust = role.trust!;
    expect(trust.kind).toBe('trust');
    expect(trust.owner).toEqual({ type: 'role', id: 'aws_iam_role.deploy' });
    expect(trust.statements).toHaveLength(1);
    const p = trust.statements[0].principals![0];
    expect(p).toMatchObject({ type: 'Federated', value: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' });
    expect(p.source.range).toMatchObject({ line: 34, column: 175 });
    expect(p.source.approximate).toBeUndefined();
    expect(p.source.resource).toBe('aws_iam_role.deploy');
    expect(model.documents).toContain(trust);
  });

  it('keeps module addresses with their instance keys', () => {
    const runner = entity(model, 'role', 'module.runners.aws_iam_role.runner["build"]');
    expect(runner.name).toBe('runner-build');
    expect(runner.maxSessionDuration?.value).toBe(7200);
    expect(line(runner.idSource)).toBe(102);
  });

  it('loads the OIDC provider', () => {
    const oidc = entity(model, 'oidc-provider', 'aws_iam_openid_connect_provider.github');
    expect(oidc.url?.value).toBe('https://token.actions.githubusercontent.com');
    expect(oidc.clientIds?.map((c) => c.value)).toEqual(['sts.amazonaws.com']);
    expect(oidc.thumbprints).toHaveLength(1);
    expect(oidc.arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`);
  });

  it('makes values only known after apply Unknown, and connects an attachment through configuration references', () => {
    const ci = entity(model, 'role', 'aws_iam_role.ci');
    expect(isUnknown(ci.name) && ci.name.reason).toBe('known after apply');
    expect(isUnknown(ci.arn)).toBe(true);
    // aws_iam_role_policy_attachment.ci_admin: role = aws_iam_role.ci.name (unknown in the plan)
    expect(ci.managedPolicyArns.map((a) => a.value)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(line(ci.managedPolicyArns[0].source)).toBe(93);
    expect(ci.managedPolicyArns[0].source.resource).toBe('aws_iam_role_policy_attachment.ci_admin');
    expect(ci.attached.map((a) => a.label)).toEqual(['AWS managed policy AdministratorAccess']);
  });

  it('skips a resource whose only planned action is delete', () => {
    expect(model.entities.some((e) => e.id === 'aws_iam_role.old')).toBe(false);
    expect(findings.some((f) => f.location.resource === 'aws_iam_role.old')).toBe(false);
  });

  it('runs the existing rules on it: FL212 on the GitHub role without sub, FL101 on the public trust', () => {
    const fl212 = findings.filter((f) => f.ruleId === 'FL212');
    expect(fl212.map((f) => [f.location.resource, f.location.range.line, f.location.range.column])).toEqual([['aws_iam_role.deploy', 34, 175]]);
    const fl101 = findings.filter((f) => f.ruleId === 'FL101');
    expect(fl101.map((f) => [f.location.resource, f.location.range.line])).toEqual([['aws_iam_role.public', 55]]);
    expect(findings.filter((f) => f.ruleId === 'FL001')).toEqual([]);
  });

  it('reads the plan saved as UTF-16 with a byte-order mark', () => {
    const text = readFileSync(path.join(FIXTURES, 'plan.json'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = scan(PLAN, utf16);
    expect(r.findings.filter((f) => f.ruleId === 'FL212').map((f) => f.location.range.line)).toEqual([34]);
  });

  it('falls back to prior_state without planned_values, still skipping delete-only resources', () => {
    const plan = JSON.parse(readFileSync(path.join(FIXTURES, 'plan.json'), 'utf8'));
    delete plan.planned_values;
    const r = scan('p.json', new TextEncoder().encode(JSON.stringify(plan, null, 2)));
    expect(r.model.files).toEqual([{ path: 'p.json', kind: 'terraform-plan' }]);
    expect(r.model.entities).toEqual([]);
  });

  it('reports a broken plan as FL001 and an invalid embedded policy as an input error', () => {
    const broken = scanInputs([{ rel: 'b.json', bytes: new TextEncoder().encode('{\n  "format_version": "1.0",\n  "values": {\n}') }], RULES);
    expect(broken.findings.map((f) => f.ruleId)).toEqual(['FL001']);
    const bad = { format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_iam_role.x', mode: 'managed', type: 'aws_iam_role', name: 'x', values: { name: 'x', assume_role_policy: '{"Statement": [' } }] } } };
    const r = scanInputs([{ rel: 'bad.json', bytes: new TextEncoder().encode(JSON.stringify(bad)) }], RULES);
    expect(r.errors).toEqual([]);
    expect(r.model.inputErrors.map((e) => e.message)).toEqual([expect.stringContaining('policy document of aws_iam_role.x is not valid JSON')]);
  });
});

describe('loadTerraformPlan: state', () => {
  const { model, findings } = scan(STATE);

  it('takes the account from the real ARNs of the state', () => {
    const admin = entity(model, 'role', 'aws_iam_role.admin');
    expect(admin.account).toBe('111122223333');
    expect(admin.arn).toBe('arn:aws:iam::111122223333:role/admin');
    expect(admin.trust?.account).toBe('111122223333');
    expect(entity(model, 'user', 'aws_iam_user.ci').account).toBe('111122223333');
  });

  it('loads inline policies, managed policy ARNs, policies and their attachments', () => {
    const admin = entity(model, 'role', 'aws_iam_role.admin');
    expect(admin.policies).toHaveLength(1);
    expect(admin.policies[0].owner).toEqual({ type: 'role', id: 'aws_iam_role.admin', policyName: 's3-read' });
    expect(line(admin.policies[0].attachedTo![0].target.source)).toBe(31);
    expect(admin.managedPolicyArns.map((a) => [a.value, line(a.source)])).toEqual([['arn:aws:iam::aws:policy/AdministratorAccess', 27]]);
    const user = entity(model, 'user', 'aws_iam_user.ci');
    const mp = entity(model, 'managed-policy', 'aws_iam_policy.assume');
    expect(user.policies).toEqual([mp.document]);
    expect(mp.users.map((u) => [u.value, line(u.source)])).toEqual([['ci', 101]]);
    expect(entity(model, 'access-key', 'aws_iam_access_key.ci').user).toMatchObject({ value: 'ci', source: { range: { line: 67 } } });
  });

  it('runs the existing rules on it', () => {
    const at = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => [f.location.resource, f.location.range.line]);
    expect(at('FL102')).toEqual([['aws_iam_role.admin', 15]]);
    expect(at('FL302')).toEqual([['aws_iam_access_key.ci', 58]]);
    expect(at('FL303')).toEqual([['aws_iam_policy.assume', 83]]);
    expect(at('FL307')).toEqual([['aws_iam_policy_attachment.assume', 101]]);
  });
});

describe('loadTerraformPlan: the account of the plan (data.aws_caller_identity)', () => {
  const caller = (account: string, name = 'current') => ({
    address: `data.aws_caller_identity.${name}`,
    mode: 'data',
    type: 'aws_caller_identity',
    name,
    values: { account_id: account, arn: `arn:aws:iam::${account}:user/ci`, id: account, user_id: 'AIDAEXAMPLE' },
  });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::123456789012:root' } }] });
  const managed = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
  const resources = [
    managed('aws_iam_role', 'admin', { name: 'admin', path: '/ops/', assume_role_policy: trust }),
    managed('aws_iam_role', 'prefixed', { name_prefix: 'ci-', assume_role_policy: trust }),
    managed('aws_iam_user', 'ci', { name: 'ci' }),
    managed('aws_iam_access_key', 'ci', { user: 'ci' }),
    managed('aws_iam_saml_provider', 'corp', { name: 'corp-idp' }),
    managed('aws_iam_openid_connect_provider', 'github', { url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] }),
  ];
  const changes = [{ address: 'aws_iam_role.prefixed', change: { actions: ['create'], after_unknown: { name: true, arn: true } } }];
  const plan = (extra: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } }, resource_changes: changes, ...extra }, null, 2));
  const prior = (...data: unknown[]) => ({ prior_state: { format_version: '1.0', values: { root_module: { resources: data } } } });

  it('puts every resource without an account in its ARN into the account of the caller identity, and builds ARNs with it', () => {
    const { model, findings } = scan('own.json', plan(prior(caller('123456789012'))));
    expect(model.entities.map((e) => `${e.kind} ${e.account}`).sort()).toEqual([
      'access-key 123456789012',
      'oidc-provider 123456789012',
      'role 123456789012',
      'role 123456789012',
      'saml-provider 123456789012',
      'user 123456789012',
    ]);
    const admin = entity(model, 'role', 'aws_iam_role.admin');
    expect(admin.arn).toBe('arn:aws:iam::123456789012:role/ops/admin');
    expect(admin.trust?.account).toBe('123456789012');
    const prefixed = entity(model, 'role', 'aws_iam_role.prefixed');
    expect(isUnknown(prefixed.arn) && prefixed.arn.partial).toBe('arn:aws:iam::123456789012:role/?');
    expect(entity(model, 'user', 'aws_iam_user.ci').arn).toBe('arn:aws:iam::123456789012:user/ci');
    expect(entity(model, 'saml-provider', 'aws_iam_saml_provider.corp').arn).toBe('arn:aws:iam::123456789012:saml-provider/corp-idp');
    expect(entity(model, 'oidc-provider', 'aws_iam_openid_connect_provider.github').arn).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    // The literal own-account root is the plan's own account: not external (FL102).
    expect(findings.filter((f) => f.ruleId === 'FL102')).toEqual([]);
  });

  it('finds the caller identity in a child module of planned_values, and in the values of a state', () => {
    const inModule = { format_version: '1.2', planned_values: { root_module: { resources, child_modules: [{ address: 'module.id', resources: [{ ...caller('123456789012'), address: 'module.id.data.aws_caller_identity.current' }] }] } }, resource_changes: changes };
    const a = scan('module.json', new TextEncoder().encode(JSON.stringify(inModule)));
    expect(entity(a.model, 'role', 'aws_iam_role.admin').account).toBe('123456789012');
    const state = { format_version: '1.0', values: { root_module: { resources: [...resources, caller('123456789012')] } } };
    const b = scan('state.json', new TextEncoder().encode(JSON.stringify(state)));
    expect(entity(b.model, 'user', 'aws_iam_user.ci').arn).toBe('arn:aws:iam::123456789012:user/ci');
  });

  it('keeps the account symbolic when the caller identities name different accounts, or none names one', () => {
    for (const extra of [prior(caller('123456789012'), caller('210987654321', 'audit')), prior({ ...caller('123456789012'), values: { account_id: null } }), {}]) {
      const { model, findings } = scan('two.json', plan(extra));
      for (const e of model.entities) expect(e.account).toBe(SELF_ACCOUNT);
      expect(entity(model, 'role', 'aws_iam_role.admin').arn).toBe(`arn:aws:iam::${SELF_ACCOUNT}:role/ops/admin`);
      expect(findings.filter((f) => f.ruleId === 'FL102').map((f) => f.location.resource).sort()).toEqual(['aws_iam_role.admin', 'aws_iam_role.prefixed']);
    }
  });

  it('keeps the account a state ARN names for its resource', () => {
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            managed('aws_iam_role', 'legacy', { name: 'legacy', arn: 'arn:aws:iam::111122223333:role/legacy', assume_role_policy: trust }),
            managed('aws_iam_role', 'admin', { name: 'admin', assume_role_policy: trust }),
            caller('123456789012'),
          ],
        },
      },
    };
    const { model } = scan('mixed.json', new TextEncoder().encode(JSON.stringify(state)));
    const legacy = entity(model, 'role', 'aws_iam_role.legacy');
    expect([legacy.account, legacy.arn, legacy.trust?.account]).toEqual(['111122223333', 'arn:aws:iam::111122223333:role/legacy', '111122223333']);
    const admin = entity(model, 'role', 'aws_iam_role.admin');
    expect([admin.account, admin.arn]).toEqual(['123456789012', 'arn:aws:iam::123456789012:role/admin']);
  });
});
