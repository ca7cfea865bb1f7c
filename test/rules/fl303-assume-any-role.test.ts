import rule from '../../rules/identity/fl303-assume-any-role.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    // listed role ARNs, a role path, a ResourceTag-scoped "*", a Deny on sts:*, NotAction that leaves sts:* out,
    // sts:GetCallerIdentity on "*", NotResource that excludes every role
    'good-listed-roles.yaml',
  ],
  invalid: [
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
  ],
});
