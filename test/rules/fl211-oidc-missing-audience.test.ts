import rule from '../../rules/federation/fl211-oidc-missing-audience.js';
import { ruleTester } from '../helpers/rule-tester.js';

const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-github-deploy.tf',
    'good-audience-pinned.yaml',
    'good-multi-issuer-statement.json',
    {
      name: 'Cognito without aud is FL215s',
      file: 'trust.json',
      text: trust({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }),
    },
    {
      name: 'Pulumi: the tenant control is aud, reported by FL212',
      file: 'trust.json',
      text: trust({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/api.pulumi.com/oidc' }, Action: 'sts:AssumeRoleWithWebIdentity' }),
    },
    {
      name: 'aud pinned with StringEqualsIfExists (every token carries aud)',
      file: 'trust.json',
      text: trust({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEqualsIfExists: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:my-org/app:*' } },
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'missingAudience', line: 15, column: 229, endColumn: 308, includes: ['role aws_iam_role.deploy', 'token.actions.githubusercontent.com:aud'] }] },
    {
      fixture: 'bad-github-deploy.tf',
      findings: [
        { messageId: 'missingAudience', line: 12, column: 22, endColumn: 64, includes: ['role aws_iam_role.deploy', 'token.actions.githubusercontent.com', 'no `token.actions.githubusercontent.com:aud` condition'] },
      ],
    },
    {
      fixture: 'bad-no-audience.yaml',
      findings: [
        { messageId: 'missingAudience', line: 25, column: 26, endColumn: 49, includes: ['role DeployRole', 'GitHub Actions (token.actions.githubusercontent.com)', 'no `token.actions.githubusercontent.com:aud` condition'] },
        { messageId: 'missingAudienceBuiltIn', line: 38, column: 26, endColumn: 45, includes: ['role GoogleAppRole', 'built-in Google', '`accounts.google.com:aud` or `accounts.google.com:oaud`'] },
        { messageId: 'audienceNotPinned', line: 55, column: 58, endColumn: 83, includes: ['role ExcludeAudienceRole', 'StringNotEquals'] },
        { messageId: 'audienceWildcard', line: 70, column: 91, endColumn: 94, includes: ['role EksWorkloadRole', 'Amazon EKS (IRSA)', 'value `*`'] },
        { messageId: 'missingAudience', line: 80, column: 26, endColumn: 52, includes: ['role LandingZoneDeployRole', 'unresolved OIDC provider (parameter SharedOidcProviderArn has no default) whose condition keys name GitHub Actions'] },
      ],
    },
    {
      fixture: 'bad-trust-policy.json',
      findings: [
        { messageId: 'missingAudienceBuiltIn', line: 7, column: 35, endColumn: 55, includes: ['built-in Facebook', '`graph.facebook.com:app_id`'] },
        { messageId: 'missingAudience', line: 24, column: 36, endColumn: 113, includes: ['bad-trust-policy.json', 'GitHub Actions'] },
      ],
    },
    {
      name: 'a custom issuer accepts aud or azp',
      file: 'trust.json',
      text: trust({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/example.okta.com/oauth2/default' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] }),
      findings: [{ messageId: 'missingAudience', line: 7, column: 22, endColumn: 95, includes: ['OIDC provider example.okta.com/oauth2/default', '`example.okta.com/oauth2/default:aud` or `example.okta.com/oauth2/default:azp`'] }],
    },
  ],
});
