import rule from '../../rules/federation/fl213-oidc-broad-subject.js';
import { ruleTester } from '../helpers/rule-tester.js';

const github = (condition: object) =>
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }] },
    null,
    2,
  );

const sensitiveByName = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy-network
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Sub arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike:
                token.actions.githubusercontent.com:sub: repo:my-org/*:environment:prod
`;

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-pinned-subjects.tf',
    'good-pinned-subjects.yaml',
    { name: 'StringEquals takes * literally (FL214)', file: 'trust.json', text: github({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:*' } }) },
    { name: 'only wildcards is FL212s', file: 'trust.json', text: github({ StringLike: { 'token.actions.githubusercontent.com:sub': '*' } }) },
    { name: 'org-wide on a role that is not sensitive', file: 'deploy.yaml', text: sensitiveByName },
    {
      name: 'an unresolved sub value is not judged',
      file: 'template.yaml',
      text: sensitiveByName.replace('repo:my-org/*:environment:prod', '!Ref AllowedSubject').replace('Resources:', 'Parameters:\n  AllowedSubject:\n    Type: String\nResources:'),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'orgWideSubject', line: 15, column: 545, endColumn: 560, includes: ['role aws_iam_role.ci', 'repo:acme/*'] }] },
    {
      fixture: 'bad-github-subjects.tf',
      findings: [
        { messageId: 'orgWideSubject', line: 27, column: 19, endColumn: 45, includes: ['role aws_iam_role.ci', 'AdministratorAccess', 'value `repo:acme/*`', 'every repository of `acme`'] },
        { messageId: 'broadSubject', line: 52, column: 70, endColumn: 82, includes: ['role aws_iam_role.preview', 'value `repo:acme*`'] },
      ],
    },
    {
      fixture: 'bad-github-subjects.yaml',
      findings: [
        { messageId: 'broadSubject', line: 30, column: 58, endColumn: 64, includes: ['role AnyRepoRole', 'value `repo:*`', 'repositories of every owner'] },
        { messageId: 'broadSubject', line: 45, column: 58, endColumn: 70, includes: ['role OrgPrefixRole', '`repo:my-org*`', 'every owner whose name starts with `my-org`'] },
        { messageId: 'broadSubject', line: 63, column: 21, endColumn: 44, includes: ['role LooseListRole', '`repo:*/app:pull_request`'] },
        { messageId: 'orgWideSubject', line: 78, column: 58, endColumn: 71, includes: ['Sensitive role OrgWideAdminRole', 'AdministratorAccess', 'every repository of `my-org`'] },
        { messageId: 'broadSubject', line: 94, column: 58, endColumn: 80, includes: ['role CustomTemplateRole', 'starts with the claim `environment` instead of `repo:`'] },
        { messageId: 'broadSubject', line: 109, column: 119, endColumn: 142, includes: ['role BranchRole', '`*:ref:refs/heads/main`'], when: [{ condition: 'IsProduction', value: false }] },
      ],
    },
    {
      fixture: 'bad-gitlab-eks-terraform.yaml',
      findings: [
        { messageId: 'orgWideSubject', line: 18, column: 33, endColumn: 56, includes: ['Sensitive role GitLabGroupDeploy', 'every project of `platform`'] },
        { messageId: 'broadSubject', line: 35, column: 33, endColumn: 80, includes: ['role GitLabPrefixRole', 'every group whose name starts with `platform`'] },
        { messageId: 'broadSubject', line: 50, column: 91, endColumn: 114, includes: ['role EksAnyNamespaceRole', 'every namespace', 'one service account'] },
        { messageId: 'orgWideSubject', line: 65, column: 91, endColumn: 126, includes: ['Sensitive role EksKubeSystemRole', 'ec2:TerminateInstances', 'namespace `kube-system`'] },
        { messageId: 'orgWideSubject', line: 88, column: 39, endColumn: 92, includes: ['Sensitive role TerraformOrgRole', 'every workspace of the organization `my-org`'] },
        { messageId: 'broadSubject', line: 105, column: 39, endColumn: 100, includes: ['role TerraformAnyOrgRole', 'every organization'] },
      ],
    },
    {
      fixture: 'bad-trust-policy.json',
      findings: [
        { messageId: 'broadSubject', line: 11, column: 68, endColumn: 105, includes: ['bad-trust-policy.json', 'starts with the claim `workflow`'] },
        { messageId: 'broadSubject', line: 26, column: 95, endColumn: 121, includes: ['GitLab.com CI/CD', '`project_path:*/release:*`', 'projects of every group'] },
      ],
    },
    {
      name: 'sensitive by configured name pattern',
      file: 'deploy.yaml',
      text: sensitiveByName,
      settings: { sensitive: { roles: ['deploy-*'], actions: [] } },
      findings: [{ messageId: 'orgWideSubject', line: 15, column: 58, endColumn: 88, includes: ['matches the sensitive pattern deploy-*', '`repo:my-org/*:environment:prod`'] }],
    },
    {
      name: 'ForAnyValue:StringLike with a wildcard owner',
      file: 'trust.json',
      text: github({ 'ForAnyValue:StringLike': { 'token.actions.githubusercontent.com:sub': ['repo:my-org/app:ref:refs/heads/main', 'repo:?y-org/app:*'] } }),
      findings: [{ messageId: 'broadSubject', line: 14, column: 13, endColumn: 32, includes: ['`repo:?y-org/app:*`', 'repositories of every owner'] }],
    },
  ],
});
