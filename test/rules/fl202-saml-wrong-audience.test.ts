import rule from '../../rules/federation/fl202-saml-wrong-audience.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-signin-endpoints.tf',
    'good-sign-in-endpoints.yaml',
    {
      name: 'StringLike `*` alone pins nothing: FL201 reports it, not a wrong audience',
      file: 'trust.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringLike: { 'SAML:aud': '*' } } }],
      }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'wrongAudience', line: 15, column: 427, endColumn: 464, includes: ['role aws_iam_role.idp_url', 'https://adfs.example.com/adfs/ls/'] }] },
    {
      fixture: 'bad-adfs-roles.tf',
      findings: [
        { messageId: 'wrongAudience', line: 19, column: 39, endColumn: 74, includes: ['role aws_iam_role.plain_http', '`http://signin.aws.amazon.com/saml`', 'scheme is `http`'] },
        { messageId: 'wrongAudience', line: 35, column: 57, endColumn: 76, includes: ['role aws_iam_role.idp_url', '`https://adfs.example.com/adfs/ls/`', 'host `adfs.example.com`'] },
      ],
    },
    {
      fixture: 'bad-wrong-audience.yaml',
      findings: [
        { messageId: 'wrongAudience', line: 28, column: 27, endColumn: 60, includes: ['role PlainHttpRole', '`http://signin.aws.amazon.com/saml`', 'the scheme is `http`'] },
        { messageId: 'wrongAudience', line: 43, column: 21, endColumn: 54, includes: ['role IdpUrlRole', 'the host `adfs.example.com` is not an AWS sign-in host'] },
        { messageId: 'wrongAudience', line: 56, column: 27, endColumn: 62, includes: ['role TrailingSlashRole', '`saml:aud`', 'the path `/saml/`'] },
        { messageId: 'wrongAudience', line: 69, column: 27, endColumn: 49, includes: ['role AudienceUrnRole', '`urn:amazon:webservices`', "assertion's `Audience`"] },
        { messageId: 'wrongAudience', line: 82, column: 88, endColumn: 128, includes: ['role PartitionRole', 'the path `/saml/acs`'], when: [{ condition: 'IsGovCloud', value: false }] },
      ],
    },
    {
      fixture: 'bad-deny-pin.json',
      findings: [{ messageId: 'wrongAudience', line: 15, column: 92, endColumn: 142, includes: ['bad-deny-pin.json', 'the host `*.signin.aws.amazon.com.example.net`'] }],
    },
    {
      name: 'StringEquals takes * literally: a "regional wildcard" is a wrong host',
      file: 'trust.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://*.signin.aws.amazon.com/saml' } } }],
      }),
      findings: [{ messageId: 'wrongAudience', line: 1, includes: ['the host `*.signin.aws.amazon.com` is not an AWS sign-in host'] }],
    },
  ],
});
