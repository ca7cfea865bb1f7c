import rule from '../../rules/inputs/fl004-unknown-condition.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-conditions.tf',
    'good-conditions.yaml',
    'good-saml-condition.json',
    {
      // Case alone is never a typo (sts-semantics.md §9.4); keys with a tag part take any non-empty tag key.
      name: 'case-and-tag-keys',
      file: 'identity.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { stringequals: { 'AWS:PRINCIPALTAG/Team': 'ledger', 'S3:existingobjecttag/env': 'prod' }, DateGreaterThan: { 'aws:TokenIssueTime': '1735689600' } } }],
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'unknownOperator', line: 15, column: 286, endColumn: 301, includes: ['role aws_iam_role.partner', 'StringEqual', 'StringEquals'] }] },
    {
      // Terraform: the operator typo sits in the `test` of an aws_iam_policy_document condition block.
      fixture: 'bad-condition-typos.tf',
      findings: [{ messageId: 'unknownOperator', line: 11, column: 7, endColumn: 11, includes: ['role aws_iam_role.partner', '`StringEqual`', '`StringEquals`'] }],
    },
    {
      fixture: 'bad-condition-typos.yaml',
      findings: [
        { messageId: 'unknownOperator', line: 28, column: 15, endColumn: 26, includes: ['role LedgerDeployRole', '`StringEqual`', 'did you mean `StringEquals`?'] },
        { messageId: 'unknownClaim', line: 32, column: 17, endColumn: 63, includes: ['`token.actions.githubusercontent.com:event_name`', '`event_name` is not one of them'] },
        { messageId: 'unknownKey', line: 46, column: 17, endColumn: 42, includes: ['role BreakGlassRole', '`aws:MultiFactorAuthPresnt`', 'did you mean `aws:MultiFactorAuthPresent`?'] },
        { messageId: 'wrongValue', line: 48, column: 41, endColumn: 49, includes: ['`NumericLessThan`', '"one-hour"', 'not a number'] },
        { messageId: 'wrongValue', line: 50, column: 50, endColumn: 64, includes: ['"203.0.113.0/33"', 'CIDR'], when: [{ condition: 'IsProduction', value: true }] },
        { messageId: 'wrongValue', line: 57, column: 45, endColumn: 49, includes: ['`BoolIfExists`', '"no"', '`true` or `false`'], when: [] },
        { messageId: 'nullIfExists', line: 58, column: 15, endColumn: 27, includes: ['`NullIfExists`'] },
        { messageId: 'unknownKey', line: 59, column: 17, endColumn: 33, includes: ['`aws:PrincipalTag`', 'did you mean `aws:PrincipalTag/<tag-key>`?'] },
        { messageId: 'unknownOperator', line: 71, column: 15, endColumn: 38, includes: ['managed policy LedgerSupportPolicy', 'did you mean `ForAnyValue:StringLike`?'] },
        { messageId: 'unknownKey', line: 72, column: 17, endColumn: 36, includes: ['`dynamodb:LeadingKey`', 'Amazon DynamoDB', 'did you mean `dynamodb:LeadingKeys`?'] },
        { messageId: 'wrongValue', line: 74, column: 34, endColumn: 56, includes: ['`DateLessThan`', '"2025-13-01T00:00:00Z"', 'not a date'] },
      ],
    },
    {
      fixture: 'bad-saml-condition.json',
      findings: [
        { messageId: 'unknownKey', line: 13, column: 11, endColumn: 21, includes: ['`SAML:adu`', 'did you mean `saml:aud`?'] },
        { messageId: 'unknownKey', line: 17, column: 11, endColumn: 24, includes: ['`saml:groups`', 'not a `saml` condition key'] },
      ],
    },
  ],
});
