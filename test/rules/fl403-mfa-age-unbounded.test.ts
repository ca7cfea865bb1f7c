import rule from '../../rules/mfa/fl403-mfa-age-unbounded.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-mfa-age-bounded.yaml',
    // Terraform: the age bound from a local
    'good-mfa-age-local.tf',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'ageUnbounded', line: 15, column: 139, endColumn: 147, includes: ['role aws_iam_role.admin', 'aws:MultiFactorAuthAge'] }] },
    {
      fixture: 'bad-mfa-any-age.yaml',
      findings: [
        { messageId: 'ageUnbounded', line: 18, column: 45, endColumn: 51, includes: ['role AdminRole', 'AdministratorAccess', 'the IAM users of this account'], when: [] },
        { messageId: 'ageUnbounded', line: 40, column: 47, endColumn: 53, includes: ['role BreakGlassRole', 'IAM user alice', 'IAM user bob'], when: [{ condition: 'IsProd', value: false }] },
      ],
    },
    {
      fixture: 'bad-mfa-any-age.json',
      findings: [{ messageId: 'ageUnbounded', line: 15, column: 57, endColumn: 61, includes: ['role KeyAdminRole', 'kms:ScheduleKeyDeletion', 'account 444455556666'] }],
    },
    {
      // Terraform: a jsonencode trust with Bool aws:MultiFactorAuthPresent only
      fixture: 'bad-mfa-no-age.tf',
      findings: [
        { messageId: 'ageUnbounded', line: 11, column: 49, endLine: 11, endColumn: 55, includes: ['role aws_iam_role.admin', 'AdministratorAccess', 'account 444455556666'] },
      ],
    },
  ],
});
