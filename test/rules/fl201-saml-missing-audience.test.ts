import rule from '../../rules/federation/fl201-saml-missing-audience.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-okta-roles.tf',
    'good-audience-pinned.yaml',
    {
      name: 'IfExists on SAML:aud still pins it (every assertion has a Recipient)',
      file: 'trust.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEqualsIfExists: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }],
      }),
    },
    {
      name: 'a SAML provider under sts:AssumeRole only is not a SAML trust (FL106)',
      file: 'trust.json',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRole' }] }),
    },
  ],
  invalid: [
    // Terraform plan: a provider that already exists, named by ARN; the attachment joins by a configuration reference.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'missingAudience', line: 15, column: 141, endColumn: 189, includes: ['role aws_iam_role.platform_admins', 'SAML provider Okta'] }] },
    {
      fixture: 'bad-heredoc-trust.tf',
      findings: [
        { messageId: 'audienceNotPinned', line: 16, column: 65, endColumn: 101, includes: ['role aws_iam_role.support', 'SAML provider AzureAD', 'ForAllValues:StringEquals'] },
      ],
    },
    {
      fixture: 'bad-okta-roles.tf',
      findings: [
        { messageId: 'missingAudience', line: 12, column: 33, endColumn: 63, includes: ['role aws_iam_role.platform_admins', 'SAML provider Okta', 'no `SAML:aud` condition'] },
        { messageId: 'audienceWildcard', line: 33, column: 19, endColumn: 22, includes: ['role aws_iam_role.platform_read_only', '`SAML:aud` value `*`'] },
      ],
    },
    {
      fixture: 'bad-no-audience.yaml',
      findings: [
        { messageId: 'missingAudience', line: 31, column: 26, endColumn: 47, includes: ['role PlatformAdmins', 'SAML provider Okta', 'no `SAML:aud` condition'] },
        { messageId: 'audienceWildcard', line: 49, column: 27, endColumn: 30, includes: ['role PlatformReadOnly', '`SAML:aud` value `*`'] },
        { messageId: 'audienceNotPinned', line: 64, column: 27, endColumn: 61, includes: ['role AuditorRole', 'unresolved SAML provider (parameter LegacyIdpArn has no default)', 'ForAllValues:StringEquals'] },
        { messageId: 'missingAudience', line: 75, column: 26, endColumn: 47, includes: ['role SupportRole'], when: [{ condition: 'PinAudience', value: false }] },
      ],
    },
    {
      fixture: 'bad-trust-policy.json',
      findings: [
        { messageId: 'missingAudience', line: 14, column: 36, endColumn: 85, includes: ['bad-trust-policy.json', 'SAML provider AzureAD'] },
        { messageId: 'missingAudience', line: 14, column: 87, endColumn: 133, includes: ['SAML provider ADFS'] },
      ],
    },
  ],
});
