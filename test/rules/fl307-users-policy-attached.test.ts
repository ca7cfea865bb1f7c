import rule from '../../rules/identity/fl307-users-policy-attached.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // group inline/managed/standalone policies, a user in groups (Groups and UserToGroupAddition), a permissions
    // boundary (not a grant), a policy attached to a role
    'good-groups-and-roles.yaml',
    // Terraform: an aws_iam_group_policy reaching a user through aws_iam_user_group_membership; a role attachment
    'good-group-policy.tf',
  ],
  invalid: [
    // Terraform plan: the user policy names its user by the planned name.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'policyOnUser', line: 33, column: 21, endColumn: 30, includes: ['aws_iam_user_policy.analyst_reports', 'aws_iam_user.analyst'] }] },
    {
      fixture: 'bad-user-policies.yaml',
      findings: [
        { messageId: 'policyOnUser', line: 11, column: 23, endLine: 11, endColumn: 37, includes: ['Inline policy athena-queries', 'IAM user AnalystUser'] },
        { messageId: 'policyOnUser', line: 19, column: 11, endLine: 19, endColumn: 49, includes: ['AWS managed policy ReadOnlyAccess', 'IAM user AnalystUser'] },
        { messageId: 'policyOnUser', line: 20, column: 11, endLine: 20, endColumn: 29, includes: ['Managed policy ReportsPolicy', 'IAM user AnalystUser'] },
        { messageId: 'policyOnUser', line: 34, column: 24, endLine: 34, endColumn: 40, includes: ['Managed policy ExportPolicy', 'IAM user AnalystUser'], when: [{ condition: 'IsProd', value: true }] },
        { messageId: 'policyOnUser', line: 46, column: 11, endLine: 46, endColumn: 27, includes: ['Policy GluePolicy (policy glue-crawlers)', 'IAM user AnalystUser'] },
        // a user this template does not define is still a user
        { messageId: 'policyOnUser', line: 47, column: 11, endLine: 47, endColumn: 21, includes: ['Policy GluePolicy', 'IAM user legacy-etl'] },
        { messageId: 'policyOnUser', line: 57, column: 17, endLine: 57, endColumn: 33, includes: ['Policy KmsUserPolicy (policy decrypt-reports)', 'IAM user AnalystUser'] },
      ],
    },
    {
      fixture: 'bad-user-policy.json',
      findings: [{ messageId: 'policyOnUser', line: 10, column: 21, endLine: 10, endColumn: 46, includes: ['Policy OperatorPolicy (policy restart-services)', 'parameter OperatorName has no default'] }],
    },
    {
      // Terraform: an aws_iam_user_policy and an aws_iam_user_policy_attachment
      fixture: 'bad-user-inline-and-attached.tf',
      findings: [
        { messageId: 'policyOnUser', line: 8, column: 10, endLine: 8, endColumn: 35, includes: ['aws_iam_user_policy.analyst_reports', 'IAM user aws_iam_user.analyst'] },
        { messageId: 'policyOnUser', line: 25, column: 16, endLine: 25, endColumn: 57, includes: ['AWS managed policy PowerUserAccess', 'IAM user aws_iam_user.operator'] },
      ],
    },
  ],
});
