import rule from '../../rules/mfa/fl404-mfa-unsatisfiable.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-mfa-only-for-iam.yaml',
    // Terraform: MFA required only in the statement for IAM principals
    'good-mfa-for-iam-only.tf',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'serviceMfa', line: 15, column: 332, endColumn: 340, includes: ['role aws_iam_role.maintenance', 'ssm.amazonaws.com'] }] },
    {
      fixture: 'bad-mfa-on-federation.yaml',
      findings: [
        { messageId: 'federatedMfa', line: 29, column: 45, endColumn: 51, includes: ['role SsoAdminRole', 'federated principal arn:aws:iam::${AWS::AccountId}:saml-provider/okta', '`Bool`'] },
        { messageId: 'federatedMfa', line: 45, column: 41, endColumn: 47, includes: ['role DeployRole', 'oidc-provider/token.actions.githubusercontent.com', '`NumericLessThan` `aws:MultiFactorAuthAge`'] },
        { messageId: 'serviceMfa', line: 61, column: 45, endColumn: 51, includes: ['role MaintenanceRole', 'services ssm.amazonaws.com, lambda.amazonaws.com', 'lets them in'] },
      ],
    },
    {
      fixture: 'bad-cognito-mfa.json',
      findings: [{ messageId: 'federatedMfa', line: 11, column: 49, endColumn: 55, includes: ['bad-cognito-mfa.json', 'federated principal cognito-identity.amazonaws.com', 'lets it in'] }],
    },
    {
      // Terraform: a SAML provider referenced by aws_iam_saml_provider.okta.arn; a service trust from an aws_iam_policy_document
      fixture: 'bad-saml-and-service-mfa.tf',
      findings: [
        { messageId: 'federatedMfa', line: 17, column: 57, endLine: 17, endColumn: 63, includes: ['role aws_iam_role.sso_admin', 'saml-provider/okta'] },
        { messageId: 'serviceMfa', line: 33, column: 19, endLine: 33, endColumn: 25, includes: ['role aws_iam_role.maintenance', 'ssm.amazonaws.com'] },
      ],
    },
    {
      // Terraform: a Cognito identity pool role, attached with aws_cognito_identity_pool_roles_attachment
      fixture: 'bad-cognito-pool-mfa.tf',
      findings: [{ messageId: 'federatedMfa', line: 18, column: 69, endLine: 18, endColumn: 75, includes: ['role aws_iam_role.authenticated', 'cognito-identity.amazonaws.com'] }],
    },
  ],
});
