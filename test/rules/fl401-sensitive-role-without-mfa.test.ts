import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../rules/mfa/fl401-sensitive-role-without-mfa.js';
import { initHcl } from '../../src/parse/hcl/index.js';
import { ruleTester, runRuleOn } from '../helpers/rule-tester.js';

/** The people stack and the role stacks deployed to one configured account. */
const PROD = { accounts: { '111122223333': { name: 'prod', paths: ['bad-stack-*.yaml', 'good-stack-*.yaml'] } } };

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-mfa-required.yaml', 'good-deny-without-mfa.yaml',
    // Terraform: the same trust with Bool and NumericLessThan conditions in an aws_iam_policy_document
    'good-admin-mfa.tf',
    // The role asks the users of its account for MFA; the people stack's users are in that account.
    { fixture: 'good-stack-admin-mfa.yaml', with: ['bad-stack-people.yaml'], settings: PROD },
  ],
  invalid: [
    {
      // Terraform, one root module in two files: the account trust is named with the users whose policies allow
      // sts:AssumeRole on the role without MFA (alice by ARN, bob on "*", carol and dave through their group); erin
      // asks for MFA in her own policy, frank's policies deny calls without MFA, grace assumes nothing.
      fixture: 'bad-users-elsewhere-roles.tf',
      with: ['bad-users-elsewhere-users.tf'],
      findings: [
        {
          messageId: 'noMfa',
          line: 12,
          column: 27,
          endLine: 12,
          endColumn: 93,
          includes: [
            'role aws_iam_role.platform_admin is sensitive (AWS managed policy AdministratorAccess',
            'and IAM users alice (bad-users-elsewhere-users.tf:11), bob (bad-users-elsewhere-users.tf:28), carol (bad-users-elsewhere-users.tf:45) and 1 more of this account can assume it without MFA',
          ],
        },
      ],
    },
    {
      // CloudFormation, two stacks the config deploys to one account: alice reaches the role through her group.
      fixture: 'bad-stack-admin-role.yaml',
      with: ['bad-stack-people.yaml'],
      settings: PROD,
      findings: [
        { messageId: 'noMfa', line: 13, column: 20, endLine: 13, endColumn: 60, includes: ['role BreakGlassRole', 'and IAM user alice (bad-stack-people.yaml:12) of account prod (111122223333) can assume it without MFA'] },
      ],
    },
    {
      // Without the config each stack is an account of its own: the users are not the role's, and the finding stays.
      fixture: 'bad-stack-admin-role.yaml',
      with: ['bad-stack-people.yaml'],
      findings: [{ messageId: 'noMfa', line: 13, column: 20, endLine: 13, endColumn: 60, includes: ['role BreakGlassRole', 'and the IAM users of this account can assume it'] }],
    },
    {
      // The people stack is scanned and none of its users may assume this role: a scan rarely sees every user, so the
      // account trust is still reported, naming no one.
      name: 'an account trust that no scanned user can use',
      file: 'bad-stack-audit-role.yaml',
      with: ['bad-stack-people.yaml'],
      settings: PROD,
      text: [
        'Resources:',
        '  AuditRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      RoleName: audit',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { AWS: "111122223333" }',
        '            Action: sts:AssumeRole',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
        '',
      ].join('\n'),
      findings: [{ messageId: 'noMfa', line: 9, column: 31, endColumn: 45, includes: ['role AuditRole', 'and the IAM users of account prod (111122223333) can assume it'] }],
    },
    {
      // A scanned user named by ARN in another stack: the trust statement alone tells, one finding at the principal.
      name: 'a user of another stack named by ARN',
      file: 'bad-stack-alice-role.yaml',
      with: ['bad-stack-people.yaml'],
      settings: PROD,
      text: [
        'Resources:',
        '  AliceAdminRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { AWS: "arn:aws:iam::111122223333:user/alice" }',
        '            Action: sts:AssumeRole',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
        '',
      ].join('\n'),
      findings: [{ messageId: 'noMfa', line: 8, column: 31, endColumn: 69, includes: ['role AliceAdminRole', 'and IAM user alice of account prod (111122223333) can assume it'] }],
    },
    // Terraform plan: AdministratorAccess in the role's managed_policy_arns.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'noMfa', line: 15, column: 127, endColumn: 161, includes: ['role aws_iam_role.admin', 'AdministratorAccess', '444455556666'] }] },
    // Terraform plan, child module: the role's name is known after apply (name_prefix); the attachment in the same module
    // reaches it through the configuration's module_calls reference.
    {
      fixture: 'bad-tfplan-module.json',
      findings: [{ messageId: 'noMfa', line: 17, column: 131, endColumn: 165, includes: ['role module.platform.aws_iam_role.admin', 'AdministratorAccess', '444455556666'] }],
    },
    {
      fixture: 'bad-people-without-mfa.yaml',
      findings: [
        { messageId: 'noMfa', line: 13, column: 20, endColumn: 60, includes: ['role AdminRole', 'AdministratorAccess', 'the IAM users of this account', 'arn:aws:iam::${AWS::AccountId}:root'] },
        { messageId: 'ifExistsOnly', line: 28, column: 19, endColumn: 55, includes: ['role BreakGlassRole', 'iam-admin', 'IAM user alice', 'BoolIfExists'] },
        { messageId: 'noMfa', line: 58, column: 20, endColumn: 34, includes: ['role VendorAuditRole', 'tagged fedlint:sensitive', 'account 444455556666'] },
      ],
    },
    {
      fixture: 'bad-branch-and-unresolved.yaml',
      findings: [
        { messageId: 'noMfa', line: 18, column: 20, endColumn: 60, includes: ['role OperatorRole', 'ec2:TerminateInstances', 'this account'], when: [{ condition: 'IsProd', value: false }] },
        { messageId: 'noMfa', line: 27, column: 20, endColumn: 60, includes: ['role OperatorRole', 'an unresolved account', 'arn:aws:iam::?:root'], when: [] },
      ],
    },
    {
      fixture: 'bad-user-principal.json',
      findings: [{ messageId: 'noMfa', line: 12, column: 37, endColumn: 79, includes: ['role DatabaseAdminRole', 'rds:DeleteDBInstance', 'IAM user carol of account 111122223333'] }],
    },
    {
      name: 'account name from the config',
      file: 'named-account.yaml',
      settings: { accounts: { '444455556666': { name: 'security' } } },
      text: [
        'Resources:',
        '  AuditRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { AWS: "arn:aws:iam::444455556666:root" }',
        '            Action: "*"',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
        '',
      ].join('\n'),
      findings: [{ messageId: 'noMfa', line: 8, column: 31, endColumn: 63, includes: ['the IAM users of account security (444455556666)'] }],
    },
    {
      name: 'org-wide "*" lets every IAM user of the organisation in',
      file: 'org-wide.yaml',
      text: [
        'Resources:',
        '  OrgAdminRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: "*"',
        '            Action: sts:AssumeRole',
        '            Condition:',
        '              StringEquals:',
        '                aws:PrincipalOrgID: o-a1b2c3d4e5',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
        '',
      ].join('\n'),
      findings: [{ messageId: 'noMfa', line: 8, column: 24, endColumn: 27, includes: ['role OrgAdminRole', 'the IAM users of every account its conditions admit'] }],
    },
    {
      // Terraform: an AdministratorAccess role trusting an account (variable default) with no condition
      fixture: 'bad-admin-no-mfa.tf',
      findings: [
        { messageId: 'noMfa', line: 15, column: 27, endLine: 15, endColumn: 73, includes: ['role aws_iam_role.admin', 'AdministratorAccess', 'IAM users of account 444455556666'] },
      ],
    },
    {
      // Terraform: AdministratorAccess through managed_policy_arns and through an aws_iam_policy_attachment
      fixture: 'bad-admin-attached-other-ways.tf',
      findings: [
        { messageId: 'noMfa', line: 10, column: 27, endLine: 10, endColumn: 59, includes: ['role aws_iam_role.admin', 'AdministratorAccess', 'IAM users of account 444455556666'] },
        { messageId: 'noMfa', line: 22, column: 27, endLine: 22, endColumn: 69, includes: ['role aws_iam_role.ops', 'AdministratorAccess', 'IAM user alice of account 444455556666'] },
      ],
    },
  ],
});

describe('FL401 with the trust graph', () => {
  beforeAll(initHcl);

  it('points at the identity statement of each user it counts, named or not', () => {
    const { findings } = runRuleOn(rule, { fixture: 'bad-users-elsewhere-roles.tf', with: ['bad-users-elsewhere-users.tf'], findings: [] });
    expect(findings.map((f) => f.related.map((r) => `${r.source.file}:${r.source.range.line}:${r.source.range.column} ${r.message}`))).toEqual([
      [
        'bad-users-elsewhere-users.tf:11:18 IAM user alice may call sts:AssumeRole on role platform-admin here',
        'bad-users-elsewhere-users.tf:28:18 IAM user bob may call sts:AssumeRole on role platform-admin here',
        'bad-users-elsewhere-users.tf:45:18 IAM user carol may call sts:AssumeRole on role platform-admin here',
        'bad-users-elsewhere-users.tf:45:18 IAM user dave may call sts:AssumeRole on role platform-admin here',
      ],
    ]);
  });

  it('names the users of the account the principal names, not of another', () => {
    // The same people stack, deployed to an account the trust does not name.
    const settings = { accounts: { '111122223333': { name: 'prod', paths: ['bad-stack-admin-role.yaml'] }, '444455556666': { name: 'tools', paths: ['bad-stack-people.yaml'] } } };
    const { findings } = runRuleOn(rule, { fixture: 'bad-stack-admin-role.yaml', with: ['bad-stack-people.yaml'], settings, findings: [] });
    expect(findings.map((f) => [f.location.range.line, f.related.length])).toEqual([[13, 0]]);
    expect(findings[0].message).toContain('and the IAM users of this account can assume it');
  });
});
