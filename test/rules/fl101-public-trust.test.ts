import rule from '../../rules/trust/fl101-public-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-org-pinned.tf',
    'good-org-pinned.yaml',
    // Terraform JSON syntax: a policy document pinned to the organisation through a variable.
    'good-terraform-json.tf.json',
    // Terraform plan: the same role pinned to the organisation.
    'good-tfplan.json',
    // Terraform plan: the public role is only destroyed (a delete-only resource change), not part of what the plan builds.
    'good-tfplan-destroyed.json',
    // Account export: `AWS: "*"` and `"*"` (URL-encoded) pinned to the organisation.
    'good-account-export.json',
  ],
  invalid: [
    {
      // Terraform plan: a root role and a child_modules instance; the principal is located inside the policy JSON string.
      fixture: 'bad-tfplan.json',
      findings: [
        { messageId: 'publicTrust', line: 15, column: 127, endColumn: 132, includes: ['role aws_iam_role.open', 'AWS: *'] },
        { messageId: 'publicTrust', line: 39, column: 131, endColumn: 136, includes: ['role module.audit.aws_iam_role.reader["audit"]', 'AWS: *'] },
      ],
    },
    {
      // Terraform: AWS = "*" in jsonencode, and a `type = "*"` principals block of an aws_iam_policy_document.
      fixture: 'bad-public-role.tf',
      findings: [
        { messageId: 'publicTrust', line: 10, column: 29, endColumn: 32, includes: ['role aws_iam_role.open', 'AWS: *'] },
        { messageId: 'publicTrust', line: 23, column: 21, endColumn: 26, includes: ['role aws_iam_role.anyone', '"*"'] },
      ],
    },
    {
      // Terraform JSON syntax: a local object through jsonencode, a policy document's principals block, and a policy
      // as a JSON string with escapes (located at the whole string).
      fixture: 'bad-terraform-json.tf.json',
      findings: [
        { messageId: 'publicTrust', line: 10, column: 33, endColumn: 36, includes: ['role aws_iam_role.open', 'AWS: *'] },
        { messageId: 'publicTrust', line: 28, column: 31, endColumn: 169, includes: ['role aws_iam_role.quoted', 'AWS: *'] },
        { messageId: 'publicTrust', line: 40, column: 30, endColumn: 35, includes: ['role aws_iam_role.anyone', '"*"'] },
      ],
    },
    {
      // Terraform conditional on a variable without a value: each branch is checked, as CloudFormation's Fn::If.
      fixture: 'bad-tf-conditional-principal.tf',
      findings: [{ messageId: 'publicTrust', line: 18, column: 51, endColumn: 54, includes: ['role aws_iam_role.shared', 'AWS: *', '(when condition var.allow_any_account is true)'], when: [{ condition: 'var.allow_any_account', value: true }] }],
    },
    {
      fixture: 'bad-star-principal.yaml',
      findings: [
        { messageId: 'publicTrust', line: 14, column: 20, endColumn: 23, includes: ['role OpenRole', 'AWS: *'] },
        { messageId: 'publicTrust', line: 25, column: 90, endColumn: 93, includes: ['role BranchRole', '"*"'], when: [{ condition: 'IsProd', value: false }] },
      ],
    },
    {
      // Account export: a decoded trust policy (located at the principal) and a URL-encoded one (at its string).
      fixture: 'bad-account-export.json',
      findings: [
        { messageId: 'publicTrust', line: 16, column: 22, endColumn: 25, includes: ['role PublicRole', 'AWS: *'] },
        { messageId: 'publicTrust', line: 33, column: 35, endColumn: 204, includes: ['role EncodedPublicRole', '"*"'] },
      ],
    },
    { fixture: 'bad-star-string.json', findings: [{ messageId: 'publicTrust', line: 7, column: 20, endColumn: 23, includes: ['bad-star-string.json'] }] },
  ],
});
