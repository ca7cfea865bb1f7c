import rule from '../../rules/federation/fl215-cognito-missing-audience.js';
import { ruleTester } from '../helpers/rule-tester.js';

const cognitoTrust = (condition: Record<string, unknown> | undefined) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }],
  });

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-pool-pinned.tf',
    'good-pool-pinned.yaml',
    {
      name: 'StringEqualsIfExists on aud still pins: a Cognito token always carries aud',
      file: 'if-exists.json',
      text: cognitoTrust({ StringEqualsIfExists: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:11111111-2222-3333-4444-555555555555' } }),
    },
    {
      name: 'condition key names are case-insensitive',
      file: 'case.json',
      text: cognitoTrust({ StringEquals: { 'Cognito-Identity.amazonaws.com:AUD': 'us-east-1:11111111-2222-3333-4444-555555555555' } }),
    },
    {
      name: 'a trust without Cognito is not this rule\'s business',
      file: 'google.json',
      text: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'missingAudience', line: 15, column: 250, endColumn: 284, includes: ['role aws_iam_role.game_client', 'cognito-identity.amazonaws.com:aud'] }] },
    {
      fixture: 'bad-game-client.tf',
      findings: [
        { messageId: 'missingAudience', line: 12, column: 33, endColumn: 65, includes: ['role aws_iam_role.game_client', 'no `cognito-identity.amazonaws.com:aud` condition'] },
        { messageId: 'looseAudience', line: 31, column: 19, endColumn: 32, includes: ['role aws_iam_role.game_tools', '`eu-west-1:*`'] },
      ],
    },
    {
      fixture: 'bad-no-audience.yaml',
      findings: [
        { messageId: 'missingAudience', line: 26, column: 26, endColumn: 56, includes: ['role AuthenticatedRole', 'any identity pool, in any AWS account'], when: [] },
        { messageId: 'missingAudience', line: 40, column: 19, endColumn: 49, includes: ['role SocialRole'] },
        { messageId: 'looseAudience', line: 55, column: 86, endColumn: 89, includes: ['role RegionalRole', '`*` is a pattern'], when: [{ condition: 'HasPool', value: false }] },
      ],
    },
    {
      fixture: 'bad-loose-audience.yaml',
      findings: [
        { messageId: 'looseAudience', line: 16, column: 53, endColumn: 99, includes: ['role ExcludingRole', 'StringNotEquals only excludes'] },
        { messageId: 'looseAudience', line: 33, column: 21, endColumn: 32, includes: ['role RegionPatternRole', '`us-east-1:*` is a pattern'] },
      ],
    },
    { fixture: 'bad-trust-policy.json', findings: [{ messageId: 'looseAudience', line: 9, column: 57, endColumn: 64, includes: ['bad-trust-policy.json', 'Null does not compare'] }] },
    {
      name: 'no condition at all',
      file: 'open.json',
      text: cognitoTrust(undefined),
      findings: [{ messageId: 'missingAudience', line: 1, includes: ['open.json'] }],
    },
    {
      name: 'ForAllValues:StringLike with only a wildcard pins nothing',
      file: 'wild.json',
      text: cognitoTrust({ 'ForAllValues:StringLike': { 'cognito-identity.amazonaws.com:aud': '*' } }),
      findings: [{ messageId: 'looseAudience', line: 1, includes: ['`*` is a pattern'] }],
    },
  ],
});
