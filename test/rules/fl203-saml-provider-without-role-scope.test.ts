import rule from '../../rules/federation/fl203-saml-provider-without-role-scope.js';
import { ruleTester } from '../helpers/rule-tester.js';

const unscoped = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Deployers:
    Type: AWS::IAM::Role
    Properties:
      RoleName: saml-deployers
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::111122223333:saml-provider/Okta
            Action: sts:AssumeRoleWithSAML
            Condition:
              StringEquals:
                SAML:aud: https://signin.aws.amazon.com/saml
`;

ruleTester(rule, {
  valid: [
    'good-okta-admins.tf', 'good-user-scoped.yaml', { name: 'a role that is not sensitive', file: 'deployers.yaml', text: unscoped },
    'good-tfplan.json',
  ],
  invalid: [
    // Terraform plan: AdministratorAccess is attached by an aws_iam_role_policy_attachment whose role is a configuration reference.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'noUserScope', line: 15, column: 222, endColumn: 270, includes: ['role aws_iam_role.okta_administrators', 'AdministratorAccess', 'SAML provider Okta'] }] },
    {
      fixture: 'bad-okta-admins.tf',
      findings: [
        { messageId: 'noUserScope', line: 11, column: 22, endColumn: 52, includes: ['role aws_iam_role.okta_administrators', 'AdministratorAccess', 'SAML provider Okta'] },
      ],
    },
    {
      fixture: 'bad-no-user-condition.yaml',
      findings: [
        { messageId: 'noUserScope', line: 25, column: 26, endColumn: 43, includes: ['Sensitive role OktaAdministrators', 'AdministratorAccess', 'SAML provider Okta'] },
        { messageId: 'noUserScope', line: 40, column: 26, endColumn: 50, includes: ['Sensitive role OktaPowerUsers', 'PowerUserAccess'] },
        { messageId: 'userScopeWildcard', line: 63, column: 27, endColumn: 30, includes: ['Sensitive role OktaIamManagers', '`SAML:sub` value `*`'] },
        { messageId: 'noUserScope', line: 80, column: 26, endColumn: 43, includes: ['Sensitive role OktaBreakGlass', 'tagged fedlint:sensitive'], when: [{ condition: 'OnCallOnly', value: false }] },
      ],
    },
    {
      fixture: 'bad-json-template.json',
      findings: [{ messageId: 'noUserScope', line: 14, column: 43, endColumn: 126, includes: ['Sensitive role DbaRole', 'rds:DeleteDBInstance', 'SAML provider AzureAD'] }],
    },
    {
      name: 'sensitive by configured name pattern',
      file: 'deployers.yaml',
      text: unscoped,
      settings: { sensitive: { roles: ['saml-*'], actions: [] } },
      findings: [{ messageId: 'noUserScope', line: 11, column: 26, endColumn: 70, includes: ['matches the sensitive pattern saml-*'] }],
    },
  ],
});
