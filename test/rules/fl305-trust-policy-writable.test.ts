import rule from '../../rules/identity/fl305-trust-policy-writable.js';
import { DESTRUCTIVE_ACTIONS } from '../../src/rule-kit/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

const configuredSensitive = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  PaymentsRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: payments-settlement
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  TrustEditor:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:UpdateAssumeRolePolicy
            Resource: !GetAtt PaymentsRole.Arn
`;

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // a non-sensitive role and a role path, a ResourceTag-scoped "*", Deny statements, another iam:Update* action on "*"
    'good-trust-writable-sandbox.yaml',
    { name: 'a role that is not sensitive', file: 'payments.yaml', text: configuredSensitive },
    // Terraform: UpdateAssumeRolePolicy only on role/sandbox/*, reads on *
    'good-sandbox-path-only.tf',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'anyTrustWritable', line: 35, column: 266, endColumn: 302, includes: ['aws_iam_role_policy.manage_roles', 'arn:aws:iam::111122223333:role/*'] }] },
    {
      fixture: 'bad-trust-writable.yaml',
      findings: [
        { messageId: 'sensitiveTrustWritable', line: 74, column: 21, endLine: 74, endColumn: 42, includes: ['role OperatorRole (policy manage-trust)', 'sensitive role AdminRole', 'AdministratorAccess'] },
        { messageId: 'sensitiveTrustWritable', line: 76, column: 21, endLine: 76, endColumn: 94, includes: ['sensitive role DatabaseOpsRole', 'rds:DeleteDBInstance'] },
        { messageId: 'anyTrustWritable', line: 80, column: 27, endLine: 80, endColumn: 30, includes: ['iam:Update* on Resource *', 'every role of its own account'] },
        { messageId: 'sensitiveTrustWritable', line: 92, column: 23, endLine: 92, endColumn: 88, includes: ['policy AuditorPolicy (policy auditor-iam)', 'iam:* on Resource', 'role/platform-*', 'sensitive role AdminRole'] },
      ],
    },
    {
      fixture: 'bad-trust-writable.json',
      findings: [{ messageId: 'anyTrustWritable', line: 8, column: 19, endLine: 8, endColumn: 42, includes: ['bad-trust-writable.json', 'iam:UpdateAssumeRolePolicy on Resource arn:aws:iam::*:role/*'] }],
    },
    {
      name: 'a role the configuration marks sensitive',
      file: 'payments.yaml',
      text: configuredSensitive,
      settings: { sensitive: { roles: ['payments-*'], actions: [...DESTRUCTIVE_ACTIONS] } },
      findings: [{ messageId: 'sensitiveTrustWritable', line: 20, column: 23, endLine: 20, endColumn: 47, includes: ['managed policy TrustEditor', 'sensitive role PaymentsRole', 'matches the sensitive pattern payments-*'] }],
    },
    {
      // Terraform: an aws_iam_policy_document on role/* attached as an aws_iam_role_policy
      fixture: 'bad-update-any-trust.tf',
      findings: [
        { messageId: 'anyTrustWritable', line: 18, column: 18, endLine: 18, endColumn: 52, includes: ['aws_iam_role_policy.manage_roles', 'iam:UpdateAssumeRolePolicy', 'role/*', 'every role of 111122223333'] },
      ],
    },
  ],
});
