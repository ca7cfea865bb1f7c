import { expect, it } from 'vitest';
import rule from '../../rules/identity/fl301-cross-account-iam-user.js';
import { ruleTester, runRuleOn } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // trust to an external role, to a user of the own account, a Deny naming an external user, a negated
    // aws:PrincipalArn; a keyed user reaching only its own account; an external hop by a user without credentials
    'good-roles-not-users.yaml',
    // the same trusts, when the configuration lists both accounts as known
    { fixture: 'bad-trusts-external-user.yaml', settings: { accounts: { '444455556666': { name: 'vendor' }, '777788889999': { name: 'reports' } } } },
    // Terraform: an external role and a user of this account (data.aws_caller_identity) are trusted
    'good-role-or-own-user-trust.tf',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'trustsExternalUser', line: 15, column: 127, endColumn: 178, includes: ['role aws_iam_role.vendor_support', 'user/support/jane.doe', '444455556666'] }] },
    {
      fixture: 'bad-trusts-external-user.yaml',
      findings: [
        { messageId: 'trustsExternalUser', line: 14, column: 20, endLine: 14, endColumn: 67, includes: ['role VendorSupportRole', 'user/support/jane.doe', 'external account 444455556666'] },
        { messageId: 'trustsExternalUser', line: 29, column: 19, endLine: 29, endColumn: 60, includes: ['role ReportingRole', 'user/report-bot', '777788889999'] },
        {
          messageId: 'trustsExternalUser',
          line: 45,
          column: 19,
          endLine: 45,
          endColumn: 59,
          includes: ['role MigrationRole', 'user/migration'],
          when: [{ condition: 'UseLegacyVendorAccess', value: true }],
        },
        // an account principal pinned with aws:PrincipalArn to a user trusts that user
        { messageId: 'trustsExternalUser', line: 60, column: 35, endLine: 60, endColumn: 73, includes: ['role AuditRole', 'user/auditor'] },
      ],
    },
    {
      // unresolved is not safe: the user name is a parameter, but the account is known and external
      name: 'a user ARN whose name is a parameter',
      file: 'vendor.yaml',
      text: `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VendorUser:
    Type: String
Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::444455556666:user/\${VendorUser}
            Action: sts:AssumeRole
`,
      findings: [{ messageId: 'trustsExternalUser', line: 14, column: 20, endLine: 14, endColumn: 69, includes: ['role VendorRole', 'arn:aws:iam::444455556666:user/?'] }],
    },
    {
      fixture: 'bad-trust-user.json',
      findings: [{ messageId: 'trustsExternalUser', line: 8, column: 64, endLine: 8, endColumn: 109, includes: ['bad-trust-user.json', 'user/partner-sync'] }],
    },
    {
      fixture: 'bad-user-keys-to-external-role.yaml',
      findings: [
        {
          messageId: 'userReachesExternalRole',
          line: 16,
          column: 21,
          endLine: 16,
          endColumn: 60,
          includes: ['IAM user DeployBot', '(access key)', 'user DeployBot (policy hop-to-prod)', 'role/deployer', 'external account 444455556666'],
        },
        {
          messageId: 'userReachesExternalRole',
          line: 32,
          column: 27,
          endLine: 32,
          endColumn: 66,
          includes: ['IAM user Operator', '(login profile)', 'group Operators (policy switch-to-prod)', 'sts:*', 'role/operator'],
        },
      ],
    },
    {
      // Terraform: a jsonencode trust with the account from a variable default, an aws_iam_policy_document trust
      fixture: 'bad-external-user-trust.tf',
      findings: [
        { messageId: 'trustsExternalUser', line: 15, column: 27, endLine: 15, endColumn: 88, includes: ['role aws_iam_role.vendor_support', 'user/support/jane.doe', 'external account 444455556666'] },
        { messageId: 'trustsExternalUser', line: 25, column: 22, endLine: 25, endColumn: 65, includes: ['role aws_iam_role.reporting', 'user/report-bot', '777788889999'] },
      ],
    },
    {
      // Terraform: a heredoc aws_iam_user_policy with an aws_iam_access_key; a group policy reaching a user with an
      // aws_iam_user_login_profile through aws_iam_user_group_membership
      fixture: 'bad-user-hops-to-external-role.tf',
      findings: [
        {
          messageId: 'userReachesExternalRole',
          line: 16,
          column: 23,
          endLine: 16,
          endColumn: 64,
          includes: ['IAM user aws_iam_user.deploy_bot', '(access key)', 'aws_iam_user_policy.hop_to_prod', 'role/deployer', 'external account 444455556666'],
        },
        {
          messageId: 'userReachesExternalRole',
          line: 39,
          column: 18,
          endLine: 39,
          endColumn: 59,
          includes: ['IAM user aws_iam_user.operator', '(login profile)', 'aws_iam_group_policy.switch_to_prod', 'sts:*', 'role/operator'],
        },
      ],
    },
  ],
});

it('FL301 points at the credentials that make a user cross-account access', () => {
  const { findings } = runRuleOn(rule, { fixture: 'bad-user-keys-to-external-role.yaml', findings: [] });
  expect(findings.map((f) => f.related.map((r) => [r.source.range.line, r.source.range.column, r.message]))).toEqual([
    [[18, 3, 'access key DeployBotKey of user DeployBot']],
    [[40, 9, 'console password (LoginProfile) of user Operator']],
  ]);
});

it('FL301 points at the Terraform resources that give a user credentials', () => {
  const { findings } = runRuleOn(rule, { fixture: 'bad-user-hops-to-external-role.tf', findings: [] });
  expect(findings.map((f) => f.related.map((r) => [r.source.range.line, r.source.range.column, r.message]))).toEqual([
    [[23, 1, 'access key aws_iam_access_key.deploy_bot of user aws_iam_user.deploy_bot']],
    [[53, 1, 'console password (LoginProfile) of user aws_iam_user.operator']],
  ]);
});
