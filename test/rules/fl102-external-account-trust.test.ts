import rule from '../../rules/trust/fl102-external-account-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

const starByArn = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::999988887777:role/ci-*' } } }],
});
const arnColumn = starByArn.indexOf('"arn:aws:iam::999988887777') + 1;

const organization = 'o-a1b2c3d4e5';
const known = { '111122223333': { name: 'security-tooling' }, '444455556666': { name: 'dr' } };

ruleTester(rule, {
  valid: [
    // Terraform plan: the account is a literal there; configured as known, it is not external.
    { fixture: 'good-tfplan.json', settings: { accounts: { '123456789012': { name: 'workloads' } } } },
    // Terraform plan: the same account, unconfigured, is the plan's own (prior_state's data.aws_caller_identity).
    'good-tfplan-own-account.json',
    // Terraform: the account comes from data.aws_caller_identity, this configuration's own.
    'good-own-account.tf',
    // Without a configured organisation no organisation can be called foreign.
    { fixture: 'bad-foreign-organization.yaml' },
    // Own account as ID, :root, role ARN (Fn::If both branches), "*" pinned to it; unresolved parameter; Deny.
    'good-account-of-this-stack.yaml',
    // Configured accounts, own account (!Sub / !Ref AWS::AccountId, both Fn::If branches), org pin, Deny, unresolved parameter.
    { fixture: 'good-known-accounts.yaml', settings: { accounts: known, organization } },
    { fixture: 'good-org-pinned.json', settings: { organization } },
  ],
  invalid: [
    // Terraform plan: the trust policy is a JSON string; the principal is located inside it.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'externalAccount', line: 15, column: 127, endColumn: 161, includes: ['role aws_iam_role.monitoring', '210987654321'] }] },
    {
      // Terraform: identifiers = a list variable; each account is reported where the default lists it.
      fixture: 'bad-partner-accounts-list.tf',
      findings: [
        { messageId: 'externalAccount', line: 3, column: 14, endColumn: 28, includes: ['role aws_iam_role.partner', '444455556666'] },
        { messageId: 'externalAccount', line: 3, column: 30, endColumn: 44, includes: ['role aws_iam_role.partner', '777788889999'] },
      ],
    },
    {
      // Terraform: the account ID is a variable default interpolated into the ARN.
      fixture: 'bad-external-account.tf',
      findings: [{ messageId: 'externalAccount', line: 14, column: 29, endColumn: 77, includes: ['role aws_iam_role.monitoring', '210987654321', 'arn:aws:iam::210987654321:root'] }],
    },
    {
      fixture: 'bad-vendor-and-partner-accounts.yaml',
      settings: { organization },
      findings: [
        // Account ID and a role ARN of the same account in one list: one finding, at the first.
        { messageId: 'externalAccount', line: 29, column: 19, endColumn: 33, includes: ['role AuditReadRole', 'external account 111122223333', 'AuditCollector'] },
        { messageId: 'externalAccount', line: 36, column: 20, endColumn: 76, includes: ['role AuditReadRole', '444455556666', 'assumed-role/Deployer/pipeline'] },
        { messageId: 'externalAccount', line: 60, column: 40, endColumn: 72, includes: ['role DrReplicationRole', '210987654321'], when: [{ condition: 'ReplicateToDr', value: true }] },
        // Org-pinned only in one Fn::If branch of the Condition.
        { messageId: 'externalAccount', line: 64, column: 20, endColumn: 60, includes: ['role DrReplicationRole', '123456789012'], when: [{ condition: 'AnalyticsInOrg', value: false }] },
        // "*" narrowed to an external account by aws:PrincipalAccount, and the same account pinned to a foreign org.
        { messageId: 'externalAccount', line: 82, column: 39, endColumn: 53, includes: ['role BrokerRole', '999988887777', 'aws:PrincipalAccount'] },
        { messageId: 'externalOrganization', line: 89, column: 37, endColumn: 49, includes: ['role BrokerRole', 'organisation o-zz9y8x7w6v'] },
      ],
    },
    {
      name: 'bad-vendor-and-partner-accounts.yaml with its accounts configured',
      fixture: 'bad-vendor-and-partner-accounts.yaml',
      settings: { accounts: known, organization },
      findings: [
        { messageId: 'externalAccount', line: 60, column: 40, endColumn: 72, includes: ['210987654321'], when: [{ condition: 'ReplicateToDr', value: true }] },
        { messageId: 'externalAccount', line: 64, column: 20, endColumn: 60, includes: ['123456789012'], when: [{ condition: 'AnalyticsInOrg', value: false }] },
        { messageId: 'externalAccount', line: 82, column: 39, endColumn: 53, includes: ['999988887777'] },
        { messageId: 'externalOrganization', line: 89, column: 37, endColumn: 49, includes: ['o-zz9y8x7w6v'] },
      ],
    },
    {
      name: '{"AWS": "*"} narrowed by aws:PrincipalArn to roles of an external account',
      file: 'star-principal-arn.json',
      text: starByArn,
      findings: [{ messageId: 'externalAccount', line: 1, column: arnColumn, endColumn: arnColumn + 37, includes: ['star-principal-arn.json', '999988887777', 'aws:PrincipalArn'] }],
    },
    {
      name: 'bad-foreign-organization.yaml with the organisation configured',
      fixture: 'bad-foreign-organization.yaml',
      settings: { organization: 'o-a1b2c3d4e5' },
      findings: [{ messageId: 'externalOrganization', line: 18, column: 21, endColumn: 33, includes: ['role ReportingRole', 'organisation o-zz9yy8xx7w', 'configured organisation o-a1b2c3d4e5'] }],
    },
    {
      fixture: 'bad-cross-account-trust.json',
      findings: [
        { messageId: 'externalAccount', line: 9, column: 11, endColumn: 43, includes: ['bad-cross-account-trust.json', '123456789012', 'user/ci-reporting'] },
        { messageId: 'externalAccount', line: 18, column: 29, endColumn: 43, includes: ['bad-cross-account-trust.json', 'external account 210987654321'] },
      ],
    },
  ],
});
