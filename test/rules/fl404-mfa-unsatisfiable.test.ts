import rule from '../../rules/mfa/fl404-mfa-unsatisfiable.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: ['good-mfa-only-for-iam.yaml'],
  invalid: [
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
  ],
});
