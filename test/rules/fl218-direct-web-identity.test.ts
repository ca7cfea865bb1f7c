import rule from '../../rules/federation/fl218-direct-web-identity.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-cognito-pool.tf',
    'good-cognito-pool.yaml',
    {
      name: 'an IAM OIDC provider ARN is not a built-in social provider',
      file: 'oidc.json',
      text: JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }],
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'directSocial', line: 15, column: 234, endColumn: 256, includes: ['role aws_iam_role.store', 'graph.facebook.com'] }] },
    {
      fixture: 'bad-social-providers.tf',
      findings: [
        { messageId: 'directSocial', line: 11, column: 22, endColumn: 43, includes: ['role aws_iam_role.player', 'Google', '`Federated: accounts.google.com`'] },
        { messageId: 'directSocial', line: 32, column: 33, endColumn: 53, includes: ['role aws_iam_role.store', 'Facebook', '`Federated: graph.facebook.com`'] },
      ],
    },
    {
      fixture: 'bad-social-providers.yaml',
      findings: [
        { messageId: 'directSocial', line: 19, column: 26, endColumn: 45, includes: ['role PlayerRole', 'Google', '`Federated: accounts.google.com`'] },
        { messageId: 'directSocial', line: 28, column: 19, endColumn: 37, includes: ['role PlayerRole', 'Facebook', 'graph.facebook.com'] },
        { messageId: 'directSocial', line: 40, column: 44, endColumn: 58, includes: ['role StoreRole', 'Login with Amazon'], when: [{ condition: 'AmazonStore', value: true }] },
      ],
    },
    { fixture: 'bad-trust-policy.json', findings: [{ messageId: 'directSocial', line: 6, column: 35, endColumn: 51, includes: ['bad-trust-policy.json', 'www.amazon.com'] }] },
  ],
});
