import rule from '../../rules/identity/fl306-account-root-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    // a harmless role trusting the account, an admin role pinned with aws:PrincipalArn, a Deny naming the account,
    // an admin role trusting one named role
    'good-pinned-or-plain.yaml',
    // a loose trust policy file has no role, so nothing is known to be sensitive
    'good-loose-trust.json',
    // Terraform: the admin trust pinned by aws:PrincipalArn; a ReadOnlyAccess role trusting the account root
    'good-pinned-admin-trust.tf',
    // Terraform plan: the own account's root by literal ARN (account from data.aws_caller_identity), pinned by aws:PrincipalArn
    'good-tfplan.json',
  ],
  invalid: [
    {
      fixture: 'bad-sensitive-root-trust.yaml',
      findings: [
        { messageId: 'accountRootTrust', line: 15, column: 20, endLine: 15, endColumn: 39, includes: ['Sensitive role AdminRole', 'AWS: ${AWS::AccountId}', 'AdministratorAccess'] },
        { messageId: 'accountRootTrust', line: 29, column: 19, endLine: 29, endColumn: 73, includes: ['Sensitive role DeployRole', 'arn:aws:iam::${AWS::AccountId}:root', 'iam:PassRole on all resources'] },
        // the MFA condition does not narrow who may assume: it is FL4xx's concern, not a caller pin
        {
          messageId: 'accountRootTrust',
          line: 53,
          column: 22,
          endLine: 53,
          endColumn: 76,
          includes: ['Sensitive role IncidentRole', 'tagged fedlint:sensitive'],
          when: [{ condition: 'IsProd', value: false }],
        },
      ],
    },
    {
      // Terraform: the account root built from data.aws_partition and data.aws_caller_identity
      fixture: 'bad-admin-root-trust.tf',
      findings: [
        { messageId: 'accountRootTrust', line: 10, column: 22, endLine: 10, endColumn: 124, includes: ['Sensitive role aws_iam_role.admin', ':root', 'AdministratorAccess'] },
      ],
    },
    {
      // Terraform plan: the account root is a literal ARN; prior_state's data.aws_caller_identity names it as the plan's own
      fixture: 'bad-tfplan.json',
      findings: [
        { messageId: 'accountRootTrust', line: 15, column: 208, endLine: 15, endColumn: 242, includes: ['Sensitive role aws_iam_role.admin', 'AWS: arn:aws:iam::123456789012:root', 'AdministratorAccess'] },
      ],
    },
  ],
});
