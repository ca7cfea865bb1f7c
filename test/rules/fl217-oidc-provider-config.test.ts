import rule from '../../rules/federation/fl217-oidc-provider-config.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-provider-config.tf', 'good-provider-config.yaml',
    'good-tfplan.json',
    // Terraform plan: the provider created in the plan, named by its literal ARN (account from data.aws_caller_identity),
    // registers the audience the trust pins
    'good-tfplan-audience.json',
  ],
  invalid: [
    {
      fixture: 'bad-tfplan.json',
      findings: [
        { messageId: 'noClientIds', line: 35, column: 31, endColumn: 33, includes: ['aws_iam_openid_connect_provider.eks'] },
        { messageId: 'badUrl', line: 40, column: 20, endColumn: 97, includes: ['aws_iam_openid_connect_provider.eks', 'http://'] },
      ],
    },
    {
      // Terraform plan: the provider created in the plan gets the account of data.aws_caller_identity, so the trust
      // naming its literal ARN is checked against its client IDs
      fixture: 'bad-tfplan-audience.json',
      findings: [
        { messageId: 'clientIdUnused', line: 16, column: 15, endColumn: 40, includes: ['`https://github.com/acme`', 'aws_iam_openid_connect_provider.github', '(sts.amazonaws.com)'] },
        { messageId: 'audienceNotRegistered', line: 34, column: 428, endColumn: 449, includes: ['role aws_iam_role.deploy', '`token.actions.githubusercontent.com:aud` `sts.amazonaws.com`', '(https://github.com/acme)'] },
      ],
    },
    {
      fixture: 'bad-audience-not-registered.tf',
      findings: [
        { messageId: 'clientIdUnused', line: 3, column: 22, endColumn: 42, includes: ['`https://gitlab.com`', 'aws_iam_openid_connect_provider.gitlab'] },
        { messageId: 'audienceNotRegistered', line: 19, column: 33, endColumn: 52, includes: ['role aws_iam_role.gitlab_deploy', '`gitlab.com:aud` `sts.amazonaws.com`', '(https://gitlab.com)'] },
      ],
    },
    {
      fixture: 'bad-provider-config.tf',
      findings: [
        { messageId: 'clientIdUnused', line: 3, column: 43, endColumn: 68, includes: ['`https://github.com/acme`', 'aws_iam_openid_connect_provider.github', '(sts.amazonaws.com)'] },
        { messageId: 'badUrl', line: 33, column: 21, endColumn: 98, includes: ['aws_iam_openid_connect_provider.eks', 'http:// instead of https://'] },
        { messageId: 'noClientIds', line: 34, column: 21, endColumn: 23, includes: ['aws_iam_openid_connect_provider.eks'] },
      ],
    },
    {
      fixture: 'bad-provider-config.yaml',
      findings: [
        { messageId: 'clientIdUnused', line: 10, column: 11, endColumn: 36, includes: ['`https://github.com/my-org`', 'GitHubProvider', '(sts.amazonaws.com)'] },
        { messageId: 'noClientIds', line: 28, column: 3, endColumn: 17, includes: ['GitLabProvider'] },
        { messageId: 'badUrl', line: 31, column: 12, endColumn: 31, includes: ['GitLabProvider', 'ends with a slash'] },
        { messageId: 'badUrl', line: 35, column: 12, endColumn: 87, includes: ['EksProvider', 'uses the scheme http:// instead of https://'] },
        { messageId: 'noClientIds', line: 36, column: 21, endColumn: 23, includes: ['EksProvider'] },
        { messageId: 'badUrl', line: 40, column: 12, endColumn: 70, includes: ['KeycloakProvider', 'has a port and has a query or fragment'] },
        { messageId: 'badUrl', line: 46, column: 12, endColumn: 69, includes: ['TerraformProvider', 'discovery document'] },
      ],
    },
    {
      fixture: 'bad-audience-not-registered.yaml',
      findings: [
        { messageId: 'audienceNotRegistered', line: 28, column: 72, endColumn: 92, includes: ['role DeployRole', '`sts.amazonaws.com.cn`', 'GitHubProvider (sts.amazonaws.com)'], when: [{ condition: 'InChina', value: true }] },
        { messageId: 'audienceNotRegistered', line: 44, column: 21, endColumn: 46, includes: ['role AuditRole', '`https://github.com/my-org`'], when: [] },
        { messageId: 'badUrl', line: 49, column: 12, endColumn: 77, includes: ['EnterpriseProvider', 'has the path /my-enterprise/actions that no GitHub Actions token'] },
      ],
    },
    { fixture: 'bad-provider.json', findings: [{ messageId: 'badUrl', line: 7, column: 16, endColumn: 58, includes: ['CorpIdpProvider', 'upper-case letters in the host'] }] },
  ],
});
