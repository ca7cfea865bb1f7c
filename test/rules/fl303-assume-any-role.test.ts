import rule from '../../rules/identity/fl303-assume-any-role.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // listed role ARNs, a role path, a ResourceTag-scoped "*", a Deny on sts:*, NotAction that leaves sts:* out,
    // sts:GetCallerIdentity on "*", NotResource that excludes every role
    'good-listed-roles.yaml',
    // Terraform: sts:AssumeRole on two roles named one by one
    'good-named-roles.tf',
  ],
  invalid: [
    // Terraform plan: the aws_iam_role_policy names its role by a reference known after apply.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'assumeAnyRole', line: 35, column: 105, endColumn: 110, includes: ['aws_iam_role_policy.hop', 'Resource *'] }] },
    {
      fixture: 'bad-assume-any-role.yaml',
      findings: [
        { messageId: 'assumeAnyRole', line: 23, column: 27, endLine: 23, endColumn: 30, includes: ['role CiRunnerRole (policy hop-anywhere)', 'sts:AssumeRole on Resource *', 'every role in every account'] },
        { messageId: 'assumeAnyRole', line: 42, column: 17, endLine: 42, endColumn: 73, includes: ['managed policy OperatorsPolicy', 'sts:Assume*', 'every role of this account'] },
        { messageId: 'assumeAnyRole', line: 56, column: 23, endLine: 56, endColumn: 26, includes: ['policy SupportPolicy', 'NotAction [iam:*, organizations:*]', 'every role in every account'] },
        {
          messageId: 'assumeAnyRole',
          line: 77,
          column: 21,
          endLine: 77,
          endColumn: 53,
          includes: ['role ReleaseRole (policy release-hop)', 'sts:* on Resource arn:aws:iam::444455556666:role/*', 'every role of 444455556666'],
          when: [{ condition: 'IsProd', value: false }],
        },
      ],
    },
    {
      fixture: 'bad-assume-any.json',
      findings: [{ messageId: 'assumeAnyRole', line: 14, column: 20, endLine: 14, endColumn: 43, includes: ['bad-assume-any.json', 'sts:*', 'every role in every account'] }],
    },
    {
      fixture: 'bad-unresolved-account.yaml',
      findings: [{ messageId: 'assumeAnyRole', line: 25, column: 27, endLine: 25, endColumn: 70, includes: ['role PipelineRole', 'arn:aws:iam::?:role/*', 'parameter TargetAccountId has no default'] }],
    },
    {
      name: 'a known account name appears in the message',
      file: 'ops-policy.json',
      settings: { accounts: { '444455556666': { name: 'prod' } } },
      text: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::444455556666:role*"}}',
      findings: [{ messageId: 'assumeAnyRole', line: 1, column: 92, endColumn: 125, includes: ['every role of prod (444455556666)'] }],
    },
    {
      // Terraform: an aws_iam_role_policy on *, an aws_iam_policy_document with sts:Assume* on role/* of this account (through a local)
      fixture: 'bad-assume-wildcard.tf',
      findings: [
        { messageId: 'assumeAnyRole', line: 29, column: 18, endLine: 29, endColumn: 21, includes: ['aws_iam_role_policy.hop_anywhere', 'sts:AssumeRole', 'every role in every account'] },
        { messageId: 'assumeAnyRole', line: 38, column: 18, endLine: 38, endColumn: 95, includes: ['managed policy aws_iam_policy.operators', 'sts:Assume*', 'arn:aws:iam::<this account>:role/*', 'every role of this account'] },
      ],
    },
    {
      // Terraform: an inline_policy block of aws_iam_role
      fixture: 'bad-inline-policy-block.tf',
      findings: [{ messageId: 'assumeAnyRole', line: 20, column: 20, endLine: 20, endColumn: 43, includes: ['role aws_iam_role.build', 'policy assume-anything', 'arn:aws:iam::*:role/*', 'every role in every account'] }],
    },
  ],
});
