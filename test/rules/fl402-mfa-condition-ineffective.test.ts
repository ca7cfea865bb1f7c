import rule from '../../rules/mfa/fl402-mfa-condition-ineffective.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-mfa-conditions.yaml', 'good-force-mfa-policy.json',
    // Terraform: Bool on the allow, BoolIfExists on the deny, in an aws_iam_policy_document
    'good-bool-and-deny-if-exists.tf',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'allowIfExists', line: 30, column: 190, endColumn: 198, includes: ['aws_iam_group_policy.operators', 'BoolIfExists'] }] },
    {
      fixture: 'bad-identity-policies.yaml',
      findings: [
        { messageId: 'denyNullTrue', line: 22, column: 49, endColumn: 55, includes: ['group Operators (policy deny-without-mfa)', 'every action except iam:ListMFADevices', '`Null`'] },
        { messageId: 'allowIfExists', line: 41, column: 45, endColumn: 51, includes: ['managed policy OperatorPolicy', 'ec2:StartInstances', '`BoolIfExists`', 'long-term access keys'] },
        { messageId: 'denyBoolFalse', line: 48, column: 45, endColumn: 50, includes: ['managed policy OperatorPolicy', 's3:DeleteObject', '`Bool`'] },
        { messageId: 'allowNullFalse', line: 63, column: 49, endColumn: 56, includes: ['user Auditor (policy read-logs)', 'logs:GetLogEvents', '`Null`'] },
      ],
    },
    {
      // The trust Deny with `Bool … false` (line 26) is FL109's, not reported here.
      fixture: 'bad-trust-conditions.yaml',
      findings: [
        { messageId: 'allowIfExists', line: 21, column: 47, endColumn: 53, includes: ['role ConsoleAdminRole', 'assuming the role'], when: [{ condition: 'IsProd', value: false }] },
        { messageId: 'ageGreaterThan', line: 42, column: 41, endColumn: 47, includes: ['role BreakGlassRole', '`NumericGreaterThan` 3600'] },
        { messageId: 'ageNotNumeric', line: 51, column: 42, endColumn: 47, includes: ['role BreakGlassRole', '`StringEquals`'] },
      ],
    },
    {
      fixture: 'bad-age-if-exists.json',
      findings: [
        { messageId: 'ageIfExists', line: 10, column: 64, endColumn: 68, includes: ['bad-age-if-exists.json', 'secretsmanager:GetSecretValue', 'NumericLessThanIfExists'] },
        { messageId: 'allowIfExists', line: 19, column: 58, endColumn: 64, includes: ['ssm:StartSession', 'BoolIfExists'] },
      ],
    },
    {
      // Terraform: a jsonencode managed policy attached to a group
      fixture: 'bad-if-exists-and-bool-false.tf',
      findings: [
        { messageId: 'allowIfExists', line: 17, column: 59, endLine: 17, endColumn: 65, includes: ['managed policy aws_iam_policy.operators', 'BoolIfExists', 'ec2:StartInstances'] },
        { messageId: 'denyBoolFalse', line: 26, column: 51, endLine: 26, endColumn: 58, includes: ['managed policy aws_iam_policy.operators', 's3:DeleteObject'] },
      ],
    },
  ],
});
