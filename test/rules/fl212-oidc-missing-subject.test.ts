import rule from '../../rules/federation/fl212-oidc-missing-subject.js';
import { ruleTester } from '../helpers/rule-tester.js';

const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-github-deploy.tf',
    'good-subject-pinned.yaml',
    {
      name: 'a sub list with one loose value is pinned as written (FL213 judges the loose value)',
      file: 'trust.json',
      text: trust({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:my-org/app:*', '*'] } },
      }),
    },
    {
      name: 'ForAllValues on sub does not pin, but a Deny that refuses other subjects does',
      file: 'trust.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'ForAllValues:StringLike': { 'gitlab.com:sub': 'project_path:my-group/*' } } },
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringNotLike: { 'gitlab.com:sub': 'project_path:my-group/app:*' } } },
        ],
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'missingSubject', line: 15, column: 229, endColumn: 308, includes: ['role aws_iam_role.deploy', 'GitHub Actions'] }] },
    {
      fixture: 'bad-github-deploy.tf',
      findings: [
        { messageId: 'missingSubject', line: 12, column: 22, endColumn: 64, includes: ['role aws_iam_role.deploy', 'no condition on `token.actions.githubusercontent.com:sub`'] },
        { messageId: 'subjectWildcardOnly', line: 37, column: 70, endColumn: 73, includes: ['role aws_iam_role.release', 'is only `*`'] },
      ],
    },
    {
      fixture: 'bad-no-subject.yaml',
      findings: [
        { messageId: 'missingSubject', line: 27, column: 26, endColumn: 49, includes: ['Any GitHub Actions workflow in any repository can assume role Deploy', 'no condition on `token.actions.githubusercontent.com:sub`'] },
        { messageId: 'missingSubject', line: 42, column: 26, endColumn: 100, includes: ['Any GitLab.com CI/CD job in any project can assume role GitLabDeploy', '`gitlab.com:sub`'] },
        { messageId: 'subjectNotPinned', line: 61, column: 39, endColumn: 61, includes: ['Any HCP Terraform run of any organisation can assume role TerraformCloudRole', 'StringNotLike'] },
        { messageId: 'subjectWildcardOnly', line: 76, column: 91, endColumn: 94, includes: ['Any pod running under any service account of the EKS cluster can assume role ClusterAutoscalerRole', 'only `*`'] },
        { messageId: 'missingSubject', line: 85, column: 26, endColumn: 46, includes: ['can assume role LandingZoneRole', 'unresolved OIDC provider (parameter OidcProviderArn has no default) whose condition keys name GitHub Actions'] },
        { messageId: 'missingSubject', line: 98, column: 26, endColumn: 56, includes: ['can assume role ReleaseRole'], when: [{ condition: 'Locked', value: false }] },
      ],
    },
    {
      fixture: 'bad-trust-policy.json',
      findings: [
        { messageId: 'missingSubject', line: 7, column: 35, endColumn: 96, includes: ['Any Buildkite pipeline of any organisation can assume the role whose trust policy is bad-trust-policy.json'] },
        { messageId: 'missingSubject', line: 14, column: 35, endColumn: 56, includes: ['Any Google account', '`accounts.google.com:sub`'] },
        { messageId: 'missingSubject', line: 21, column: 35, endColumn: 112, includes: ['Any GitHub Actions workflow in any repository'] },
      ],
    },
    {
      name: 'Pulumi: the tenant control is the audience',
      file: 'trust.json',
      text: trust({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/api.pulumi.com/oidc' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'api.pulumi.com/oidc:sub': 'pulumi:deploy:*' } } }),
      findings: [{ messageId: 'missingSubject', line: 7, column: 22, endColumn: 83, includes: ['Any Pulumi Cloud customer', '`api.pulumi.com/oidc:aud`'] }],
    },
  ],
});
