import rule from '../../rules/identity/fl304-pass-any-role.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // one listed role (GetAtt) with iam:PassedToService, a ResourceTag-scoped "*", a role path, a Deny on "*",
    // NotAction that leaves iam:* out, iam:GetRole on "*"
    'good-pass-listed-role.yaml',
    // Terraform: iam:PassRole on one role (aws_iam_role.task.arn), only to ECS tasks
    'good-pass-task-role.tf',
  ],
  invalid: [
    // Terraform plan: the policy is attached by an ARN known after apply (a configuration reference).
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'passAnyRole', line: 37, column: 211, endColumn: 216, includes: ['managed policy aws_iam_policy.deploy', 'Resource *'] }] },
    {
      fixture: 'bad-pass-any-role.yaml',
      findings: [
        {
          messageId: 'passAnyRoleToService',
          line: 28,
          column: 27,
          endLine: 28,
          endColumn: 30,
          includes: ['role BuildRole (policy launch-test-instances)', 'iam:PassRole on Resource *', 'ec2.amazonaws.com, lambda.amazonaws.com', 'not which role'],
        },
        { messageId: 'passAnyRole', line: 44, column: 23, endLine: 44, endColumn: 79, includes: ['managed policy ProvisionerPolicy', 'iam:Pass*', 'every role of this account'] },
        {
          messageId: 'passAnyRole',
          line: 47,
          column: 42,
          endLine: 47,
          endColumn: 45,
          includes: ['managed policy ProvisionerPolicy', 'iam:* on Resource *', 'every role of its own account'],
          when: [{ condition: 'UseSharedVpc', value: true }],
        },
      ],
    },
    {
      fixture: 'bad-pass-any.json',
      findings: [{ messageId: 'passAnyRole', line: 8, column: 19, endLine: 8, endColumn: 22, includes: ['bad-pass-any.json', 'NotAction [aws-portal:*, account:*]'] }],
    },
    {
      // Terraform: a jsonencode managed policy attached with aws_iam_role_policy_attachment
      fixture: 'bad-pass-role-star.tf',
      findings: [
        { messageId: 'passAnyRole', line: 27, column: 20, endLine: 27, endColumn: 23, includes: ['managed policy aws_iam_policy.deploy', 'iam:PassRole', 'Resource *'] },
      ],
    },
  ],
});
