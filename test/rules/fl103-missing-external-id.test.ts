import rule from '../../rules/trust/fl103-missing-external-id.js';
import { ruleTester } from '../helpers/rule-tester.js';

const starPinned = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': '999988887777' } } }],
});
const pinColumn = starPinned.indexOf('"999988887777"') + 1;

const settings = { accounts: { '333344445555': { name: 'shared-services' } }, organization: 'o-a1b2c3d4e5' };

ruleTester(rule, {
  valid: [
    // Terraform plan: the same vendor trust with an sts:ExternalId condition.
    'good-tfplan.json',
    'good-external-id.tf',
    // StringEquals / StringLike with a prefix / unresolved parameter value, MFA *and* ExternalId, both Fn::If branches pinned.
    'good-external-id-pinned.yaml',
    // Own account, configured account, org pin, unresolved account, Deny.
    { fixture: 'good-internal-accounts.yaml', settings },
    'good-partner-trust.json',
  ],
  invalid: [
    // Terraform plan: an aws_iam_policy_document rendering (indented JSON string) and an attachment joined by a configuration reference.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'missingExternalId', line: 15, column: 236, endColumn: 270, includes: ['role aws_iam_role.vendor', '999988887777'] }] },
    {
      fixture: 'bad-vendor-no-external-id.tf',
      findings: [{ messageId: 'missingExternalId', line: 8, column: 22, endColumn: 54, includes: ['role aws_iam_role.vendor', '999988887777'] }],
    },
    {
      fixture: 'bad-vendor-without-external-id.yaml',
      findings: [
        // An Fn::If in Action only: the finding holds in both branches, so it carries no condition.
        { messageId: 'missingExternalId', line: 28, column: 20, endColumn: 50, includes: ['role CostReportingRole', 'external account 111122223333', 'confused deputy'], when: [] },
        // MFA is no substitute for an external ID; account ID and user of the same account: one finding per statement.
        { messageId: 'mfaIsNotExternalId', line: 41, column: 19, endColumn: 33, includes: ['role SupportEngineerRole', '444455556666', 'MFA'] },
        // StringEqualsIfExists, ForAllValues:StringEquals and StringLike "*" do not pin the external ID.
        { messageId: 'missingExternalId', line: 56, column: 20, endColumn: 70, includes: ['role MonitoringRole', 'MonitoringCollector'] },
        { messageId: 'missingExternalId', line: 64, column: 20, endColumn: 68, includes: ['role MonitoringRole', 'MonitoringScanner'] },
        { messageId: 'missingExternalId', line: 72, column: 20, endColumn: 67, includes: ['role MonitoringRole', 'MonitoringAlerts'] },
        // The external ID is required in one Fn::If branch only.
        { messageId: 'missingExternalId', line: 85, column: 20, endColumn: 50, includes: ['role BackupVendorRole', '210987654321'], when: [{ condition: 'RequireExternalId', value: false }] },
      ],
    },
    {
      // Null (any external ID) and StringNotEquals (every ID but one) do not pin it either.
      fixture: 'bad-partner-trust.json',
      findings: [
        { messageId: 'missingExternalId', line: 7, column: 29, endColumn: 43, includes: ['bad-partner-trust.json', '999988887777'] },
        { messageId: 'missingExternalId', line: 16, column: 30, endColumn: 62, includes: ['bad-partner-trust.json', 'arn:aws:iam::123456789012:root'] },
      ],
    },
    {
      name: '"*" narrowed to an external account by aws:PrincipalAccount',
      file: 'star-principal-account.json',
      text: starPinned,
      findings: [{ messageId: 'missingExternalId', line: 1, column: pinColumn, endColumn: pinColumn + 14, includes: ['999988887777', 'aws:PrincipalAccount'] }],
    },
  ],
});
