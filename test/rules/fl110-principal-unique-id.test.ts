import rule from '../../rules/trust/fl110-principal-unique-id.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  // ARNs and an account ID as principals; unique IDs only inside an aws:userid condition (a legitimate use)
  valid: [
    'good-arn-principals.tf', 'good-arn-principals.yaml',
    'good-tfplan.json',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'deletedPrincipal', line: 15, column: 128, endColumn: 153, includes: ['role aws_iam_role.warehouse', 'AROAJQABLZS4A3QDU576Q'] }] },
    {
      // Terraform: the unique ID comes from a local list; reported where the list element is written.
      fixture: 'bad-unique-id.tf',
      findings: [{ messageId: 'deletedPrincipal', line: 2, column: 27, endColumn: 50, includes: ['role aws_iam_role.warehouse', 'AROAJQABLZS4A3QDU576Q', 'an IAM role'] }],
    },
    {
      fixture: 'bad-dangling-ids.yaml',
      findings: [
        // the statement's Action has an Fn::If: the principal is the same in both branches, so one finding without `when`
        { messageId: 'deletedPrincipal', line: 23, column: 19, endColumn: 40, includes: ['role ReportingRole', 'AROA3XFRBF535PLBIFPI4', 'an IAM role', 'this grant'], when: [] },
        { messageId: 'deletedPrincipal', line: 28, column: 20, endColumn: 41, includes: ['AIDAJQABLZS4A3QDU576Q', 'an IAM user', 'this Deny'] },
        { messageId: 'deletedPrincipal', line: 38, column: 36, endColumn: 57, includes: ['role LegacyEtlRole', 'AROAJ52OTH4H7LEXAMPLE'], when: [{ condition: 'LegacyEtl', value: true }] },
      ],
    },
    {
      fixture: 'bad-group-id.json',
      findings: [{ messageId: 'notAPrincipal', line: 7, column: 30, endColumn: 54, includes: ['bad-group-id.json', 'AGPAJOFLNQCHXZ3EXAMPLE', 'an IAM group'] }],
    },
  ],
});
