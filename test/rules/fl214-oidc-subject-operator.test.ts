import rule from '../../rules/federation/fl214-oidc-subject-operator.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-operators-match-values.tf',
    'good-operators-match-values.yaml',
    {
      name: 'Cognito amr with ForAnyValue:StringLike and no wildcard is the documented form',
      file: 'amr.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            },
          },
        ],
      }),
    },
    {
      name: 'a ${*} escape in StringLike is a literal star, not a wildcard; StringEquals without a star is fine',
      file: 'escape.json',
      text: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:my-org/app:*', 'repo:my-org/odd${*}name:ref:refs/heads/main'] },
            },
          },
        ],
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'literalWildcard', line: 15, column: 507, endColumn: 543, includes: ['role aws_iam_role.deploy', 'repo:acme/infra:ref:refs/heads/*'] }] },
    {
      fixture: 'bad-operator-mismatch.tf',
      findings: [
        { messageId: 'literalWildcard', line: 22, column: 19, endColumn: 53, includes: ['role aws_iam_role.deploy', 'StringEquals', '`repo:acme/infra:ref:refs/heads/*`'] },
        { messageId: 'likeWithoutWildcard', line: 42, column: 70, endColumn: 110, includes: ['role aws_iam_role.release', 'StringLike'] },
      ],
    },
    {
      fixture: 'bad-equals-with-star.yaml',
      findings: [
        { messageId: 'literalWildcard', line: 32, column: 21, endColumn: 53, includes: ['role DeployRole', 'token.actions.githubusercontent.com:sub', 'repo:my-org/infra:*', 'StringLike was probably meant'], when: [] },
        { messageId: 'literalWildcard', line: 47, column: 58, endColumn: 94, includes: ['role PreviewRole', 'StringEqualsIgnoreCase', 'repo:my-org/preview-?:pull_request'], when: [] },
        { messageId: 'literalWildcardExclusion', line: 61, column: 91, endColumn: 126, includes: ['role IrsaRole', 'StringNotEquals', 'system:serviceaccount:kube-system:*', 'StringNotLike was probably meant'] },
        { messageId: 'literalWildcard', line: 74, column: 115, endColumn: 149, includes: ['role ReleaseRole', 'repo:my-org/app:ref:refs/tags/v*'], when: [{ condition: 'UseEnvironment', value: false }] },
      ],
    },
    {
      fixture: 'bad-like-without-wildcard.yaml',
      findings: [
        { messageId: 'likeWithoutWildcard', line: 19, column: 19, endLine: 20, endColumn: 73, includes: ['role GitLabRole', 'gitlab.com:sub', 'as StringEquals does'] },
        { messageId: 'likeWithoutWildcard', line: 32, column: 53, endColumn: 99, includes: ['role IdentityPoolRole', 'cognito-identity.amazonaws.com:aud'] },
      ],
    },
    {
      fixture: 'bad-trust-policy.json',
      findings: [{ messageId: 'literalWildcard', line: 14, column: 35, endColumn: 97, includes: ['bad-trust-policy.json', 'app.terraform.io:sub', 'organization:my-org:project:*:workspace:prod:run_phase:apply'] }],
    },
  ],
});
