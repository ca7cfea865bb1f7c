import rule from '../../rules/inputs/fl002-policy-grammar.js';
import { ruleTester } from '../helpers/rule-tester.js';

const IF_FALSE = [{ condition: 'UseSessionTags', value: false }];

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // Terraform: jsonencode policies that IAM accepts, Version included and no Resource in the trust.
    'good-terraform-policies.tf',
    'good-complete-policies.yaml',
    'good-terraform-rendered.json',
    'good-single-statement.json',
    {
      // Allow + NotPrincipal in a trust policy is FL104's finding, not a grammar finding here.
      name: 'allow-not-principal-is-fl104',
      file: 'not-principal.json',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'sts:AssumeRole' }] }, null, 2),
    },
  ],
  invalid: [
    {
      // Terraform plan: the same mistakes inside the policy JSON strings of a plan.
      fixture: 'bad-tfplan.json',
      findings: [
        { messageId: 'versionMissing', line: 18, column: 25, endColumn: 38, includes: ['managed policy aws_iam_policy.home_bucket'] },
        { messageId: 'resourceInTrust', line: 31, column: 156, endColumn: 168, includes: ['role aws_iam_role.batch', 'Resource'] },
      ],
    },
    {
      // Terraform: a jsonencode managed policy without Version, a jsonencode trust with a Resource.
      fixture: 'bad-terraform-policies.tf',
      findings: [
        { messageId: 'versionMissing', line: 5, column: 5, endColumn: 14, includes: ['managed policy aws_iam_policy.home_bucket'] },
        { messageId: 'resourceInTrust', line: 25, column: 9, endColumn: 17, includes: ['role aws_iam_role.batch', '`Resource`'] },
      ],
    },
    {
      fixture: 'bad-broken-trust-policy.json',
      findings: [
        { messageId: 'versionUnknown', line: 2, column: 14, endColumn: 26, includes: ['bad-broken-trust-policy.json', '"2012-10-18"'] },
        { messageId: 'resourceInTrust', line: 11, column: 7, endColumn: 17, includes: ['statement "GitHubDeploy"', '`Resource`', 'Has prohibited field Resource'] },
        { messageId: 'duplicateSid', line: 20, column: 14, endColumn: 28, includes: ['"GitHubDeploy"', '#1 and #2'] },
        { messageId: 'effectInvalid', line: 21, column: 17, endColumn: 24, includes: ['"allow"', '`Allow` or `Deny`'] },
        { messageId: 'unknownPrincipalType', line: 23, column: 9, endColumn: 14, includes: ['`Aws`', 'did you mean `AWS`?'] },
        { messageId: 'actionAndNotAction', line: 26, column: 7, endColumn: 18, includes: ['both `Action` and `NotAction`'] },
        { messageId: 'principalMissing', line: 28, column: 5, endLine: 39, endColumn: 6, includes: ['statement #3'] },
        { messageId: 'unknownKey', line: 30, column: 7, endColumn: 19, includes: ['`Principals` in statement #3', 'did you mean `Principal`?'] },
        { messageId: 'emptyValue', line: 33, column: 17, endColumn: 19, includes: ['`Action` of statement #3'] },
        { messageId: 'emptyValue', line: 36, column: 32, endColumn: 34, includes: ['`aws:SourceAccount` under `StringEquals`'] },
      ],
    },
    {
      fixture: 'bad-identity-statements.json',
      findings: [
        { messageId: 'effectMissing', line: 4, column: 5, endLine: 8, endColumn: 6, includes: ['statement "ReadReports" has no `Effect`'] },
        { messageId: 'actionMissing', line: 9, column: 5, endLine: 13, endColumn: 6, includes: ['statement "ListReports"'] },
        { messageId: 'resourceAndNotResource', line: 19, column: 7, endColumn: 20, includes: ['statement "DenyOtherBuckets"', 'both `Resource` and `NotResource`'] },
      ],
    },
    {
      fixture: 'bad-duplicate-key.json',
      findings: [{ messageId: 'duplicateKey', line: 15, column: 9, endColumn: 23, includes: ['`StringEquals` twice', '`Statement/0/Condition`', 'earlier one is silently dropped'] }],
    },
    {
      fixture: 'bad-duplicate-key-template.json',
      findings: [
        { messageId: 'duplicateKey', line: 26, column: 19, endColumn: 60, includes: ['role InfraDeployRole', '`token.actions.githubusercontent.com:sub` twice', '`Statement/0/Condition/StringLike`'] },
      ],
    },
    {
      fixture: 'bad-embedded-duplicate-key.yaml',
      findings: [{ messageId: 'duplicateKey', line: 26, column: 17, endColumn: 31, includes: ['role ExternalDnsRole', '`StringEquals` twice'] }],
    },
    {
      fixture: 'bad-template-grammar.yaml',
      findings: [
        { messageId: 'versionMissing', line: 16, column: 9, endColumn: 18, includes: ['trust policy of role DeployRole', 'literal text.'], when: [] },
        { messageId: 'emptyValue', line: 20, column: 76, endColumn: 78, includes: ['`Action` of statement #1'], when: IF_FALSE },
        { messageId: 'resourceInTrust', line: 21, column: 13, endColumn: 21, includes: ['role DeployRole', 'statement #1 has `Resource`'], when: [] },
        { messageId: 'versionMissing', line: 25, column: 13, endColumn: 22, includes: ['policy own-artifacts', 'so `${aws:username}` in this policy never matches'] },
        { messageId: 'resourceMissing', line: 26, column: 17, endLine: 32, endColumn: 64, includes: ['policy own-artifacts', 'statement #1'] },
        { messageId: 'principalInIdentity', line: 27, column: 17, endColumn: 26, includes: ['policy own-artifacts', '`Principal`'] },
        { messageId: 'statementMissing', line: 38, column: 9, endLine: 42, endColumn: 56, includes: ['managed policy ArtifactsPolicy'] },
        { messageId: 'unknownKey', line: 39, column: 9, endColumn: 19, includes: ['`Statements` at the top level', 'did you mean `Statement`?'] },
        { messageId: 'duplicateSid', line: 54, column: 18, endColumn: 31, includes: ['managed policy ReadPolicy', '"ReadArtifacts"'] },
      ],
    },
    {
      fixture: 'bad-value-types.yaml',
      findings: [
        { messageId: 'wrongType', line: 11, column: 18, endColumn: 19, includes: ['`Sid` of statement #1', 'the number 1', 'a string'] },
        { messageId: 'wrongType', line: 13, column: 24, endColumn: 54, includes: ['`Principal` of statement #1', '"arn:aws:iam::777788889999:root"'] },
        { messageId: 'wrongType', line: 16, column: 15, endLine: 17, endColumn: 47, includes: ['`Condition` of statement #1 is a list', 'a map of operators'] },
        { messageId: 'notPrincipalInTrust', line: 19, column: 13, endColumn: 25, includes: ['statement #2 uses `NotPrincipal`'] },
        { messageId: 'trustActionNotSts', line: 25, column: 38, endColumn: 50, includes: ['`s3:GetObject`', 'statement #3'] },
        { messageId: 'versionLegacyVariables', line: 29, column: 22, endColumn: 34, includes: ['policy audit-self', '`${aws:username}`'] },
      ],
    },
  ],
});
