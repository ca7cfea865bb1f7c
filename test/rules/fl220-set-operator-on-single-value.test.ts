import rule from '../../rules/federation/fl220-set-operator-on-single-value.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-set-operators.tf',
    'good-set-operators.yaml',
    {
      name: 'an unknown service key is left alone',
      file: 'unknown-key.json',
      text: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'example:Whatever': 'x' } } }] }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'forAllOnSingle', line: 15, column: 558, endColumn: 579, includes: ['role aws_iam_role.deploy', 'ForAllValues:StringLike'] }] },
    {
      fixture: 'bad-identity-policy.tf',
      findings: [
        { messageId: 'forAllOnSingle', line: 28, column: 60, endColumn: 76, includes: ['policy aws_iam_role_policy.reports', 'aws:SourceVpce', 'ForAllValues:StringEquals'] },
      ],
    },
    {
      fixture: 'bad-forallvalues-trust.tf',
      findings: [
        { messageId: 'forAllOnSingle', line: 22, column: 18, endColumn: 39, includes: ['role aws_iam_role.deploy', 'token.actions.githubusercontent.com:sub', 'ForAllValues:StringLike'] },
        { messageId: 'forAllOnSingle', line: 41, column: 64, endColumn: 78, includes: ['role aws_iam_role.org_read', 'aws:PrincipalOrgID', 'ForAllValues:StringEquals'] },
      ],
    },
    {
      fixture: 'bad-forallvalues-trust.yaml',
      findings: [
        { messageId: 'forAllOnSingle', line: 24, column: 58, endColumn: 71, includes: ['role DeployRole', 'token.actions.githubusercontent.com:sub', 'ForAllValues:StringLike'], when: [] },
        { messageId: 'forAllOnSingle', line: 37, column: 37, endColumn: 49, includes: ['role OrgReadRole', 'aws:PrincipalOrgID', 'outside any AWS Organization'] },
        { messageId: 'forAllOnSingle', line: 52, column: 35, endColumn: 56, includes: ['role VendorRole', 'sts:ExternalId', 'passes no ExternalId'], when: [{ condition: 'Strict', value: false }] },
        { messageId: 'forAllOnSingle', line: 64, column: 53, endColumn: 99, includes: ['role AppRole', 'cognito-identity.amazonaws.com:aud'] },
      ],
    },
    { fixture: 'bad-identity-policy.json', findings: [{ messageId: 'forAllOnSingle', line: 11, column: 29, endColumn: 53, includes: ['bad-identity-policy.json', 'aws:SourceVpce', 'VPC endpoint'] }] },
    { fixture: 'bad-saml-trust.json', findings: [{ messageId: 'forAllOnSingle', line: 9, column: 52, endColumn: 88, includes: ['bad-saml-trust.json', 'SAML:aud'] }] },
  ],
});
