import rule from '../../rules/mfa/fl401-sensitive-role-without-mfa.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-mfa-required.yaml', 'good-deny-without-mfa.yaml',
    // Terraform: the same trust with Bool and NumericLessThan conditions in an aws_iam_policy_document
    'good-admin-mfa.tf',
  ],
  invalid: [
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
