import rule from '../../rules/trust/fl106-principal-action-mismatch.js';
import { ruleTester } from '../helpers/rule-tester.js';

const mixed = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com', Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123' },
      Action: 'sts:AssumeRoleWithWebIdentity',
    },
  ],
});
const serviceColumn = mixed.indexOf('"ec2.amazonaws.com"') + 1;

ruleTester(rule, {
  // Each principal with its own action (+ TagSession / SetSourceIdentity / SetContext), a TagSession-only statement,
  // a mixed statement with both actions, a Deny look-alike, and Fn::If choosing principal and action together.
  valid: [
    'good-web-identity.tf', 'good-matching-actions.yaml',
    'good-tfplan.json',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'actionMismatch', line: 34, column: 64, endColumn: 82, includes: ['role aws_iam_role.deploy', 'oidc-provider/token.actions.githubusercontent.com', 'sts:AssumeRoleWithWebIdentity'] }] },
    {
      // Terraform: the Federated principal is the ARN of an aws_iam_openid_connect_provider of the module.
      fixture: 'bad-oidc-assume-role.tf',
      findings: [{ messageId: 'actionMismatch', line: 16, column: 21, endColumn: 37, includes: ['role aws_iam_role.deploy', 'oidc-provider/token.actions.githubusercontent.com', 'sts:AssumeRoleWithWebIdentity'] }],
    },
    {
      fixture: 'bad-mismatched-actions.yaml',
      findings: [
        { messageId: 'actionMismatch', line: 35, column: 17, endColumn: 31, includes: ['role AdminSsoRole', 'SAML provider', 'saml-provider/CorporateIdP', 'only sts:AssumeRole,', 'sts:AssumeRoleWithSAML'] },
        { messageId: 'actionMismatch', line: 49, column: 21, endColumn: 43, includes: ['role DeployFromGitHubRole', 'OIDC provider', 'token.actions.githubusercontent.com', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] },
        { messageId: 'actionMismatch', line: 63, column: 21, endColumn: 35, includes: ['role MobileAppRole', 'cognito-identity.amazonaws.com', 'sts:AssumeRoleWithWebIdentity'] },
        { messageId: 'actionMismatch', line: 76, column: 22, endColumn: 51, includes: ['role PartnerRole', 'AWS principal arn:aws:iam::111122223333:root', 'only sts:AssumeRoleWithWebIdentity'] },
        { messageId: 'actionMismatch', line: 86, column: 21, endColumn: 43, includes: ['role ProcessorRole', 'service lambda.amazonaws.com', 'sts:AssumeRoleWithSAML'] },
        // Mixed principal types: the AWS role uses sts:AssumeRole, the SAML provider is the odd one out.
        { messageId: 'principalMismatch', line: 96, column: 26, endColumn: 43, includes: ['role OperatorsRole', 'saml-provider/CorporateIdP', 'only sts:AssumeRole'] },
        { messageId: 'actionMismatch', line: 107, column: 59, endColumn: 73, includes: ['role ConsoleRole', 'only sts:AssumeRole,'], when: [{ condition: 'UseSaml', value: false }] },
        // An unresolved provider name still shows the provider type.
        { messageId: 'actionMismatch', line: 120, column: 21, endColumn: 50, includes: ['role LegacyIdpRole', 'SAML provider', 'sts:AssumeRoleWithWebIdentity'] },
      ],
    },
    {
      fixture: 'bad-google-assume-role.json',
      findings: [{ messageId: 'actionMismatch', line: 8, column: 17, endColumn: 33, includes: ['bad-google-assume-role.json', 'accounts.google.com', 'sts:AssumeRoleWithWebIdentity'] }],
    },
    {
      name: 'service and OIDC provider in one statement with web identity only',
      file: 'mixed-principals.json',
      text: mixed,
      findings: [{ messageId: 'principalMismatch', line: 1, column: serviceColumn, endColumn: serviceColumn + 19, includes: ['service ec2.amazonaws.com', 'only sts:AssumeRoleWithWebIdentity', 'only with sts:AssumeRole'] }],
    },
  ],
});
