import rule from '../../rules/trust/fl109-deny-bypassable.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // Terraform: BoolIfExists also denies callers that send no MFA key.
    'good-mfa-deny-if-exists.tf',
    // BoolIfExists Deny; the documented Bool "false" + Null "true" pair; an age bound next to a BoolIfExists Deny;
    // an unresolved value; a Deny aimed at a service; the same pattern in an identity policy (not a trust policy)
    'good-deny-catches-missing-keys.yaml',
    {
      name: 'a negated test on a key STS never sets denies everything: broken, not bypassable',
      file: 'locked.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' },
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { NumericNotEquals: { 'sts:DurationSeconds': '900' } } },
        ],
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'mfaBoolFalse', line: 15, column: 251, endColumn: 260, includes: ['role aws_iam_role.admin', 'aws:MultiFactorAuthPresent'] }] },
    {
      fixture: 'bad-mfa-deny.tf',
      findings: [{ messageId: 'mfaBoolFalse', line: 18, column: 51, endColumn: 58, includes: ['role aws_iam_role.admin', 'Bool aws:MultiFactorAuthPresent'] }],
    },
    {
      fixture: 'bad-mfa-deny-misses-callers.yaml',
      findings: [
        { messageId: 'mfaBoolFalse', line: 28, column: 45, endColumn: 52, includes: ['role PlatformAdminRole', 'long-term access keys'] },
        { messageId: 'mfaNullTrue', line: 48, column: 45, endColumn: 51, includes: ['role BreakGlassRole', 'without MFA'] },
        { messageId: 'mfaAgeAbsent', line: 56, column: 41, endColumn: 45, includes: ['role BreakGlassRole', 'NumericGreaterThan'] },
        // only the Fn::If branch that uses Bool (not BoolIfExists)
        { messageId: 'mfaBoolFalse', line: 75, column: 47, endColumn: 54, includes: ['role AuditRole'], when: [{ condition: 'UseStrictMfa', value: false }] },
        { messageId: 'neverSet', line: 82, column: 17, endColumn: 36, includes: ['role AuditRole', 'sts:DurationSeconds'] },
      ],
    },
    {
      fixture: 'bad-never-set-keys.json',
      findings: [
        { messageId: 'neverSet', line: 15, column: 27, endColumn: 47, includes: ['bad-never-set-keys.json', 'sts:AWSServiceName'] },
        // a JSON boolean false reads as "false"
        { messageId: 'mfaBoolFalse', line: 16, column: 49, endColumn: 54, includes: ['bad-never-set-keys.json'] },
      ],
    },
  ],
});
