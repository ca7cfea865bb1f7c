import rule from '../../rules/trust/fl101-public-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: ['good-org-pinned.tf', 'good-org-pinned.yaml'],
  invalid: [
    {
      // Terraform: AWS = "*" in jsonencode, and a `type = "*"` principals block of an aws_iam_policy_document.
      fixture: 'bad-public-role.tf',
      findings: [
        { messageId: 'publicTrust', line: 10, column: 29, endColumn: 32, includes: ['role aws_iam_role.open', 'AWS: *'] },
        { messageId: 'publicTrust', line: 23, column: 21, endColumn: 26, includes: ['role aws_iam_role.anyone', '"*"'] },
      ],
    },
    {
      fixture: 'bad-star-principal.yaml',
      findings: [
        { messageId: 'publicTrust', line: 14, column: 20, endColumn: 23, includes: ['role OpenRole', 'AWS: *'] },
        { messageId: 'publicTrust', line: 25, column: 90, endColumn: 93, includes: ['role BranchRole', '"*"'], when: [{ condition: 'IsProd', value: false }] },
      ],
    },
    { fixture: 'bad-star-string.json', findings: [{ messageId: 'publicTrust', line: 7, column: 20, endColumn: 23, includes: ['bad-star-string.json'] }] },
  ],
});
