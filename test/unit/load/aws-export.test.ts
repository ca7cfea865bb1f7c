import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import { scanInputs } from '../../../src/cli/scan.js';
import { claimsSupported, sniff } from '../../../src/discover/index.js';
import type { Entity, Model, SourceRef } from '../../../src/model/index.js';
import { userPolicyDocuments } from '../../../src/rule-kit/identity.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/aws-export');
const CLI = 'fixtures/aws-export/account.json';
const API = 'fixtures/aws-export/account-api.json';
const BAD = 'fixtures/aws-export/bad-encoding.json';
const ACCOUNT = '111122223333';

const text = (rel: string) => readFileSync(path.join(FIXTURES, path.basename(rel)), 'utf8');

function scan(rel: string, content = text(rel)) {
  const r = scanInputs([{ rel, bytes: new TextEncoder().encode(content) }], RULES);
  expect(r.errors).toEqual([]);
  return r;
}

function entity<K extends Entity['kind']>(m: Model, kind: K, id: string): Extract<Entity, { kind: K }> {
  const e = m.entities.find((x) => x.kind === kind && x.id === id);
  if (!e) throw new Error(`no ${kind} ${id} among ${m.entities.map((x) => `${x.kind} ${x.id}`).join(', ')}`);
  return e as Extract<Entity, { kind: K }>;
}

const pos = (s: SourceRef) => `${s.range.line}:${s.range.column}-${s.range.endLine}:${s.range.endColumn}${s.approximate ? ' ~' : ''}`;

describe('sniff: aws iam get-account-authorization-details', () => {
  it('recognises the export by its detail lists', () => {
    expect(sniff({ RoleDetailList: [] })).toBe('aws-authorization-details');
    expect(sniff({ UserDetailList: [], Policies: [] })).toBe('aws-authorization-details');
    expect(sniff({ GroupDetailList: [] })).toBe('aws-authorization-details');
    expect(sniff({ Policies: [] })).toBe('unknown');
    expect(sniff({ RoleDetailList: 'x' })).toBe('unknown');
  });

  it('claims a broken export, so that it is an FL001', () => {
    expect(claimsSupported('{\n  "RoleDetailList": [\n    {,\n')).toBe(true);
    const r = scan('broken.json', '{\n  "RoleDetailList": [\n    {,\n');
    expect(r.findings.map((f) => `${f.ruleId} ${f.location.range.line}`)).toEqual(['FL001 3']);
  });
});

describe('loadAuthorizationDetails: AWS CLI output (decoded documents)', () => {
  const { model, findings } = scan(CLI);

  it('loads roles, users, groups, managed policies and instance profiles by IAM name, in the account of their ARNs', () => {
    expect(model.files).toEqual([{ path: CLI, kind: 'aws-authorization-details' }]);
    expect(model.inputErrors).toEqual([]);
    expect(model.entities.map((e) => `${e.kind} ${e.id}`).sort()).toEqual([
      'group deployers',
      'instance-profile DeployProfile',
      'managed-policy DeployTools',
      'managed-policy ReadOnlyAccess',
      'role DeployRole',
      'user alice',
    ]);
    for (const e of model.entities) expect(e.account).toBe(ACCOUNT);
  });

  it('builds the role from its RoleDetailList entry, with no MaxSessionDuration (not in the export)', () => {
    const role = entity(model, 'role', 'DeployRole');
    expect(role.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/deploy/DeployRole`);
    expect(role.path).toBe('/deploy/');
    expect(role.tags).toEqual({ team: 'platform' });
    expect(role.maxSessionDuration).toBeUndefined();
    expect(role.maxSessionDurations).toBeUndefined();
    expect(role.permissionsBoundary?.value).toBe(`arn:aws:iam::${ACCOUNT}:policy/Boundary`);
    expect(pos(role.permissionsBoundary!.source)).toBe('118:35-118:78');
    expect(pos(role.idSource)).toBe('62:19-62:31');
    expect(role.idSource.resource).toBe('DeployRole');
    expect(role.trust?.account).toBe(ACCOUNT);
    expect(entity(model, 'instance-profile', 'DeployProfile').roles.map((r) => `${r.value} ${r.source.range.line}`)).toEqual(['DeployRole 87']);
  });

  it('locates a decoded trust policy value by value', () => {
    const trust = entity(model, 'role', 'DeployRole').trust!;
    const [external, own] = trust.statements;
    expect(external.principals?.map((p) => `${p.value} ${pos(p.source)}`)).toEqual(['arn:aws:iam::999988887777:root 71:22-71:54']);
    expect(own.principals?.map((p) => `${p.value} ${pos(p.source)}`)).toEqual([`arn:aws:iam::${ACCOUNT}:root 78:22-78:54`]);
    expect(pos(external.actions![0].source)).toBe('73:23-73:39');
    expect(external.source.resource).toBe('DeployRole');
  });

  it('reports a real external account (FL102) and not the account the export is of', () => {
    const fl102 = findings.filter((f) => f.ruleId === 'FL102');
    expect(fl102.map((f) => `${pos(f.location)} ${f.location.resource}`)).toEqual(['71:22-71:54 DeployRole']);
    expect(fl102[0].message).toContain('role DeployRole trusts external account 999988887777');
    expect(findings.filter((f) => f.ruleId === 'FL306' || f.ruleId === 'FL005')).toEqual([]);
  });

  it('loads inline policies of roles, users and groups, attached to their owner at the PolicyName', () => {
    const role = entity(model, 'role', 'DeployRole');
    expect(role.policies.map((d) => `${d.owner.type} ${d.owner.id} ${d.owner.policyName}`)).toEqual(['role DeployRole deploy-inline']);
    // A single-object Statement.
    expect(role.policies[0].statements.map((s) => `${s.actions?.[0].value} ${s.actions?.[0].source.range.line}`)).toEqual(['cloudformation:CreateStack 100']);
    expect(role.policies[0].attachedTo?.map((a) => `${a.type} ${a.target.value} ${a.target.source.range.line}`)).toEqual(['role DeployRole 95']);
    const alice = entity(model, 'user', 'alice');
    expect(alice.policies.map((d) => d.owner.policyName)).toEqual(['alice-read']);
    const fl307 = findings.filter((f) => f.ruleId === 'FL307');
    expect(fl307.map((f) => `${pos(f.location)} ${f.message.split(':')[0]}`)).toEqual(['14:25-14:37 Inline policy alice-read is attached straight to IAM user alice']);
    expect(entity(model, 'group', 'deployers').policies.map((d) => `${d.owner.policyName} ${d.statements[0].actions?.[0].source.range.line}`)).toEqual(['assume-deploy 44']);
  });

  it('gives a user the policies of its groups (GroupList names)', () => {
    const alice = entity(model, 'user', 'alice');
    expect(alice.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(alice.groups.map((g) => `${g.value} ${pos(g.source)}`)).toEqual(['deployers 9:9-9:20']);
    const docs = userPolicyDocuments(alice, model.entities);
    expect(docs.map((d) => `${d.owner.type} ${d.owner.id} ${d.owner.policyName}`)).toEqual([
      'user alice alice-read',
      'group deployers assume-deploy',
      'managed-policy DeployTools DeployTools',
    ]);
  });

  it('attaches customer managed policies with their default version only', () => {
    const role = entity(model, 'role', 'DeployRole');
    const tools = role.attached.find((a) => a.label === 'managed policy DeployTools')!;
    expect(tools.arn.source.range.line).toBe(109);
    expect(tools.document).toBe(entity(model, 'managed-policy', 'DeployTools').document);
    expect(tools.document.statements.map((s) => `${s.actions?.[0].value} ${s.actions?.[0].source.range.line}`)).toEqual(['codebuild:StartBuild 159']);
    expect(model.documents).toContain(tools.document);
    expect(entity(model, 'managed-policy', 'DeployTools').roles.map((r) => `${r.value} ${r.source.range.line}`)).toEqual(['DeployRole 109']);
    expect(entity(model, 'managed-policy', 'DeployTools').groups.map((r) => `${r.value} ${r.source.range.line}`)).toEqual(['deployers 54']);
    // v1 allows sts:AssumeRole on "*" but is not the default version: nothing to report.
    expect(findings.filter((f) => f.ruleId === 'FL303')).toEqual([]);
  });

  it('reads the version marked default (the same file with v1 made the default reports it)', () => {
    const swapped = text(CLI).replace('"IsDefaultVersion": false', '"IsDefaultVersion": v1').replace('"IsDefaultVersion": true', '"IsDefaultVersion": false').replace('"IsDefaultVersion": v1', '"IsDefaultVersion": true');
    const r = scan(CLI, swapped);
    expect(r.findings.filter((f) => f.ruleId === 'FL303').map((f) => `${f.location.range.line} ${f.message.slice(0, 26)}`)).toEqual(['146 managed policy DeployTools']);
  });

  it('uses the exported document of an AWS managed policy over the bundled copy, outside the account\'s own documents', () => {
    const role = entity(model, 'role', 'DeployRole');
    const ro = role.attached.find((a) => a.label === 'AWS managed policy ReadOnlyAccess')!;
    expect(ro.arn.source.range.line).toBe(113);
    expect(ro.document.statements.map((s) => `${s.sid} ${s.source.range.line}`)).toEqual(['DeployedCopy 182']);
    expect(model.documents).not.toContain(ro.document);
    expect(role.attached.map((a) => a.label)).toEqual(['managed policy DeployTools', 'AWS managed policy ReadOnlyAccess']);
  });
});

describe('loadAuthorizationDetails: API output (URL-encoded documents)', () => {
  const api = scan(API);
  const cli = scan(CLI);

  it('loads the same model as the decoded export', () => {
    expect(api.model.inputErrors).toEqual([]);
    const shape = (m: Model) => m.entities.map((e) => `${e.kind} ${e.id} ${e.account} ${'arn' in e ? e.arn : ''}`).sort();
    expect(shape(api.model)).toEqual(shape(cli.model));
    const raws = (m: Model) => m.documents.map((d) => JSON.stringify(d.raw)).sort();
    expect(raws(api.model)).toEqual(raws(cli.model));
    expect(api.findings.map((f) => f.ruleId).sort()).toEqual(cli.findings.map((f) => f.ruleId).sort());
  });

  it('locates every element of an encoded document at its string, approximately', () => {
    const trust = entity(api.model, 'role', 'DeployRole').trust!;
    const p = trust.statements[0].principals![0];
    expect(p.value).toBe('arn:aws:iam::999988887777:root');
    expect(pos(p.source)).toBe('47:35-47:419 ~');
    expect(p.source.resource).toBe('DeployRole');
    expect(pos(trust.source)).toBe('47:35-47:419');
    const fl102 = api.findings.filter((f) => f.ruleId === 'FL102');
    expect(fl102.map((f) => pos(f.location))).toEqual(['47:35-47:419 ~']);
    const tools = entity(api.model, 'managed-policy', 'DeployTools').document!;
    expect(tools.statements.map((s) => `${s.actions?.[0].value} ${s.actions?.[0].source.range.line}`)).toEqual(['codebuild:StartBuild 102']);
  });
});

describe('loadAuthorizationDetails: input errors', () => {
  it('reports a document that is not URL-encoded JSON as FL001 at its string', () => {
    const { model, findings } = scan(BAD);
    expect(model.inputErrors.map((e) => `${pos(e.source)} ${e.message}`)).toEqual([
      '7:35-7:81 policy document of role BadEncoding is not valid URL encoding (RFC 3986)',
      '15:35-15:56 policy document of role NotJson is not valid JSON once URL-decoded: invalid JSON: Unexpected end of input found.',
    ]);
    expect(findings.map((f) => `${f.ruleId} ${f.location.range.line} ${f.location.resource}`)).toEqual(['FL001 7 BadEncoding', 'FL001 15 NotJson']);
    // The roles are still there, without a trust policy.
    expect(entity(model, 'role', 'BadEncoding').trust).toBeUndefined();
  });

  it('reports a truncated page (IsTruncated: true) at its key', () => {
    const { model } = scan('page.json', '{\n  "RoleDetailList": [],\n  "IsTruncated": true,\n  "Marker": "abc"\n}\n');
    expect(model.inputErrors.map((e) => `${pos(e.source)} ${e.message.slice(0, 43)}`)).toEqual(['3:3-3:16 the export is truncated (IsTruncated: true)']);
  });
});
