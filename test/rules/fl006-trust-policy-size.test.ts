import rule from '../../rules/inputs/fl006-trust-policy-size.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // Terraform: 40 member accounts from a local list, under the quota.
    'good-under-quota.tf',
    // 55 member accounts: long as text, but under 2,048 characters once whitespace is not counted.
    'good-under-quota.yaml',
    // The same trust expressed through the organisation: short.
    'good-org-pinned.yaml',
    // 2,200 characters with the `${AWS::AccountId}` placeholder, 2,030 with a real 12-digit account ID.
    'good-stack-account-arns.yaml',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'overDefault', line: 15, column: 37, endColumn: 50, includes: ['role aws_iam_role.audit', '2,438 characters'] }] },
    {
      // Terraform: 70 member-account ARNs from a local list, read into a jsonencode trust.
      fixture: 'bad-many-member-accounts.tf',
      findings: [{ messageId: 'overDefault', line: 81, column: 5, endColumn: 14, includes: ['role aws_iam_role.audit', '2,438 characters'] }],
    },
    {
      fixture: 'bad-many-member-accounts.yaml',
      findings: [{ messageId: 'overDefault', line: 18, column: 9, endColumn: 18, includes: ['role OrganizationAuditRole', '2,496 characters', 'default quota of 2,048'], when: [] }],
    },
    {
      fixture: 'bad-over-hard-limit.json',
      findings: [{ messageId: 'overMaximum', line: 3, column: 3, endColumn: 14, includes: ['bad-over-hard-limit.json', '5,617 characters', 'hard maximum of 4,096'] }],
    },
  ],
});
