import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../rules/paths/fl603-escalation-path.js';
import { scanInputs } from '../../src/cli/scan.js';
import { initHcl } from '../../src/parse/hcl/index.js';
import { DEFAULT_SETTINGS } from '../../src/rule-kit/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/rules/fl603-escalation-path');

ruleTester(rule, {
  valid: [
    // PassRole only on the function's own (plain) role, only to Lambda.
    'good-pass-own-role.yaml',
    // The operator assumes the role directly (FL401's business, not an escalation); helpdesk only lists keys.
    'good-direct-operator.tf',
  ],
  invalid: [
    {
      // app-build passes ops-automation (AdministratorAccess) to a Lambda function it creates and invokes.
      fixture: 'bad-pass-role-to-admin.yaml',
      findings: [{ messageId: 'escalation', line: 26, column: 3, endColumn: 20, includes: ['Sensitive role ops-automation', 'AdministratorAccess', '1 principal that cannot assume it directly', 'role app-build (via iam:PassRole to lambda.amazonaws.com)'] }],
    },
    {
      // support rewrites the break-glass trust; helpdesk's keys for the operator carry no MFA, which the trust requires.
      fixture: 'bad-rewrite-and-keys.tf',
      findings: [{ messageId: 'escalation', line: 5, column: 1, endColumn: 9, includes: ['Sensitive role break-glass', '1 principal', 'user support (via iam:UpdateAssumeRolePolicy)'], excludes: ['helpdesk'] }],
    },
  ],
});

describe('FL603 paths', () => {
  beforeAll(() => initHcl());
  const read = (f: string) => readFileSync(path.join(DIR, f), 'utf8');
  const scan = (rel: string, text: string, settings = DEFAULT_SETTINGS) => scanInputs([{ rel, bytes: new TextEncoder().encode(text) }], [rule], settings).findings;

  it('locates an escalation hop at the caller\'s grant, with the role\'s trust of the service as related location', () => {
    const [f] = scan('bad-pass-role-to-admin.yaml', read('bad-pass-role-to-admin.yaml'));
    const [step] = f.paths?.[0] ?? [];
    expect(`${step.source.range.line} ${step.message}`).toBe('22 role app-build can pass role ops-automation to lambda.amazonaws.com (iam:PassRole) and run code with it there');
    expect(step.relatedAs).toBe('trust');
    expect(step.related?.map((r) => `${r.source.range.line} ${r.message}`)).toEqual(['33 the trust of role ops-automation lets lambda.amazonaws.com assume it']);
  });

  it('without the MFA condition, the helpdesk reaches break-glass through the operator\'s new access key', () => {
    const text = read('bad-rewrite-and-keys.tf').replace('      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }\n', '');
    const [f] = scan('main.tf', text);
    expect(f.message).toContain('2 principals');
    expect(f.message).toContain('user helpdesk (2 hops, via iam:CreateAccessKey, user operator)');
    const keys = f.paths?.find((p) => p[0].message.includes('helpdesk')) ?? [];
    expect(keys.map((s) => `${s.source.range.line} ${s.message}`)).toEqual([
      '51 user helpdesk can create an access key for user operator (iam:CreateAccessKey)',
      '10 user operator can call sts:AssumeRole on role break-glass',
    ]);
  });

  it('with MFA context not surviving chaining, a hop that requires MFA is closed to role sessions', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt Hop.Arn }
            Action: sts:AssumeRole
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Hop:
    Type: AWS::IAM::Role
    Properties:
      RoleName: hop
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt Dev.Arn }
            Action: sts:AssumeRole
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
`;
    // Default: dev presents MFA to assume hop; the hop session carries it on to admin.
    expect(scan('a.yaml', text).map((f) => f.message)).toEqual([expect.stringContaining('user dev (2 hops, via role hop)')]);
    expect(scan('a.yaml', text, { ...DEFAULT_SETTINGS, mfaSurvivesChaining: false })).toEqual([]);
  });
});
