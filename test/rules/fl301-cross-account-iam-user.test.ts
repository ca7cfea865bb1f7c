import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import rule from '../../rules/identity/fl301-cross-account-iam-user.js';
import { scanInputs } from '../../src/cli/scan.js';
import { DEFAULT_SETTINGS } from '../../src/rule-kit/index.js';
import { fixtureDir, ruleTester, runRuleOn } from '../helpers/rule-tester.js';

/** The tools account holds the users, the prod account the roles they switch to. */
const TOOLS_AND_PROD = {
  accounts: {
    '111122223333': { name: 'tools', paths: ['bad-user-reaches-prod-users.yaml', 'good-same-account-hop.yaml'] },
    '222233334444': { name: 'prod', paths: ['bad-user-reaches-prod-roles.yaml'] },
  },
};
const TWO_STACKS = { fixture: 'bad-user-reaches-prod-users.yaml', with: ['bad-user-reaches-prod-roles.yaml'] };

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // trust to an external role, to a user of the own account, a Deny naming an external user, a negated
    // aws:PrincipalArn; a keyed user reaching only its own account; an external hop by a user without credentials
    'good-roles-not-users.yaml',
    // the same trusts, when the configuration lists both accounts as known
    { fixture: 'bad-trusts-external-user.yaml', settings: { accounts: { '444455556666': { name: 'vendor' }, '777788889999': { name: 'reports' } } } },
    // Terraform: an external role and a user of this account (data.aws_caller_identity) are trusted
    'good-role-or-own-user-trust.tf',
    // a user with an access key assuming a role of its own (configured) account
    { fixture: 'good-same-account-hop.yaml', settings: TOOLS_AND_PROD },
  ],
  invalid: [
    {
      // Across stacks, by the trust graph: deploy-bot (access key) assumes prod's deployer by ARN; alice (login profile)
      // may assume any role and both prod roles trust the tools account. The intern's hop stays in the tools account
      // and the auditor has no credentials.
      ...TWO_STACKS,
      settings: TOOLS_AND_PROD,
      findings: [
        {
          messageId: 'userAssumesRoleInOtherAccount',
          line: 15,
          column: 27,
          endLine: 15,
          endColumn: 66,
          includes: [
            'IAM user DeployBot of account tools (111122223333) has long-term credentials (access key)',
            'user DeployBot (policy deploy-to-prod) lets it assume role deployer (bad-user-reaches-prod-roles.yaml:4) of account prod (222233334444)',
            'a leaked key or password of this user reaches that account',
          ],
        },
        {
          messageId: 'userAssumesRoleInOtherAccount',
          line: 34,
          column: 27,
          endLine: 34,
          endColumn: 30,
          includes: ['IAM user Operator of account tools (111122223333)', '(login profile)', 'role deployer (bad-user-reaches-prod-roles.yaml:4) of account prod (222233334444)'],
        },
        {
          messageId: 'userAssumesRoleInOtherAccount',
          line: 34,
          column: 27,
          endLine: 34,
          endColumn: 30,
          includes: ['IAM user Operator', 'role operator (bad-user-reaches-prod-roles.yaml:17) of account prod (222233334444)', 'the trust asks for MFA'],
        },
      ],
    },
    {
      // Without the config both stacks may be one account: the graph joins nothing, and only the literal external
      // role ARN of deploy-bot's policy is reported, as in one template.
      ...TWO_STACKS,
      findings: [{ messageId: 'userReachesExternalRole', line: 15, column: 27, endLine: 15, endColumn: 66, includes: ['IAM user DeployBot', 'role/deployer', 'external account 222233334444'] }],
    },
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'trustsExternalUser', line: 15, column: 127, endColumn: 178, includes: ['role aws_iam_role.vendor_support', 'user/support/jane.doe', '444455556666'] }] },
    {
      fixture: 'bad-trusts-external-user.yaml',
      findings: [
        { messageId: 'trustsExternalUser', line: 14, column: 20, endLine: 14, endColumn: 67, includes: ['role VendorSupportRole', 'user/support/jane.doe', 'external account 444455556666'] },
        { messageId: 'trustsExternalUser', line: 29, column: 19, endLine: 29, endColumn: 60, includes: ['role ReportingRole', 'user/report-bot', '777788889999'] },
        {
          messageId: 'trustsExternalUser',
          line: 45,
          column: 19,
          endLine: 45,
          endColumn: 59,
          includes: ['role MigrationRole', 'user/migration'],
          when: [{ condition: 'UseLegacyVendorAccess', value: true }],
        },
        // an account principal pinned with aws:PrincipalArn to a user trusts that user
        { messageId: 'trustsExternalUser', line: 60, column: 35, endLine: 60, endColumn: 73, includes: ['role AuditRole', 'user/auditor'] },
      ],
    },
    {
      // unresolved is not safe: the user name is a parameter, but the account is known and external
      name: 'a user ARN whose name is a parameter',
      file: 'vendor.yaml',
      text: `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VendorUser:
    Type: String
Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::444455556666:user/\${VendorUser}
            Action: sts:AssumeRole
`,
      findings: [{ messageId: 'trustsExternalUser', line: 14, column: 20, endLine: 14, endColumn: 69, includes: ['role VendorRole', 'arn:aws:iam::444455556666:user/?'] }],
    },
    {
      fixture: 'bad-trust-user.json',
      findings: [{ messageId: 'trustsExternalUser', line: 8, column: 64, endLine: 8, endColumn: 109, includes: ['bad-trust-user.json', 'user/partner-sync'] }],
    },
    {
      fixture: 'bad-user-keys-to-external-role.yaml',
      findings: [
        {
          messageId: 'userReachesExternalRole',
          line: 16,
          column: 21,
          endLine: 16,
          endColumn: 60,
          includes: ['IAM user DeployBot', '(access key)', 'user DeployBot (policy hop-to-prod)', 'role/deployer', 'external account 444455556666'],
        },
        {
          messageId: 'userReachesExternalRole',
          line: 32,
          column: 27,
          endLine: 32,
          endColumn: 66,
          includes: ['IAM user Operator', '(login profile)', 'group Operators (policy switch-to-prod)', 'sts:*', 'role/operator'],
        },
      ],
    },
    {
      // Terraform: a jsonencode trust with the account from a variable default, an aws_iam_policy_document trust
      fixture: 'bad-external-user-trust.tf',
      findings: [
        { messageId: 'trustsExternalUser', line: 15, column: 27, endLine: 15, endColumn: 88, includes: ['role aws_iam_role.vendor_support', 'user/support/jane.doe', 'external account 444455556666'] },
        { messageId: 'trustsExternalUser', line: 25, column: 22, endLine: 25, endColumn: 65, includes: ['role aws_iam_role.reporting', 'user/report-bot', '777788889999'] },
      ],
    },
    {
      // Terraform: a heredoc aws_iam_user_policy with an aws_iam_access_key; a group policy reaching a user with an
      // aws_iam_user_login_profile through aws_iam_user_group_membership
      fixture: 'bad-user-hops-to-external-role.tf',
      findings: [
        {
          messageId: 'userReachesExternalRole',
          line: 16,
          column: 23,
          endLine: 16,
          endColumn: 64,
          includes: ['IAM user aws_iam_user.deploy_bot', '(access key)', 'aws_iam_user_policy.hop_to_prod', 'role/deployer', 'external account 444455556666'],
        },
        {
          messageId: 'userReachesExternalRole',
          line: 39,
          column: 18,
          endLine: 39,
          endColumn: 59,
          includes: ['IAM user aws_iam_user.operator', '(login profile)', 'aws_iam_group_policy.switch_to_prod', 'sts:*', 'role/operator'],
        },
      ],
    },
  ],
});

it('FL301 points at the credentials that make a user cross-account access', () => {
  const { findings } = runRuleOn(rule, { fixture: 'bad-user-keys-to-external-role.yaml', findings: [] });
  expect(findings.map((f) => f.related.map((r) => [r.source.range.line, r.source.range.column, r.message]))).toEqual([
    [[18, 3, 'access key DeployBotKey of user DeployBot']],
    [[40, 9, 'console password (LoginProfile) of user Operator']],
  ]);
});

it('FL301 points at the Terraform resources that give a user credentials', () => {
  const { findings } = runRuleOn(rule, { fixture: 'bad-user-hops-to-external-role.tf', findings: [] });
  expect(findings.map((f) => f.related.map((r) => [r.source.range.line, r.source.range.column, r.message]))).toEqual([
    [[23, 1, 'access key aws_iam_access_key.deploy_bot of user aws_iam_user.deploy_bot']],
    [[53, 1, 'console password (LoginProfile) of user aws_iam_user.operator']],
  ]);
});

it('FL301 points at the trust statement of the role in the other account, then at the credentials', () => {
  const { findings } = runRuleOn(rule, { ...TWO_STACKS, settings: TOOLS_AND_PROD, findings: [] });
  expect(findings.map((f) => f.related.map((r) => `${r.source.file}:${r.source.range.line}:${r.source.range.column} ${r.message}`))).toEqual([
    [
      'bad-user-reaches-prod-roles.yaml:11:13 trust statement of role deployer in account prod (222233334444) that lets user DeployBot in',
      'bad-user-reaches-prod-users.yaml:16:3 access key DeployBotKey of user DeployBot',
    ],
    [
      'bad-user-reaches-prod-roles.yaml:11:13 trust statement of role deployer in account prod (222233334444) that lets user Operator in',
      'bad-user-reaches-prod-users.yaml:25:9 console password (LoginProfile) of user Operator',
    ],
    [
      'bad-user-reaches-prod-roles.yaml:24:13 trust statement of role operator in account prod (222233334444) that lets user Operator in',
      'bad-user-reaches-prod-users.yaml:25:9 console password (LoginProfile) of user Operator',
    ],
  ]);
});

it('FL301 finds an access key in another file of the same account', () => {
  // The key moved to a stack of its own, deployed to the tools account too.
  const keys = 'Resources:\n  DeployBotKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: deploy-bot\n';
  const users = readFileSync(path.join(fixtureDir(rule), 'bad-user-reaches-prod-users.yaml'), 'utf8').replace(/ {2}DeployBotKey:\n(?: {4}.*\n)+/, '');
  const settings = { accounts: { ...TOOLS_AND_PROD.accounts, '111122223333': { name: 'tools', paths: ['users.yaml', 'keys.yaml'] } } };
  const r = scanInputs(
    [
      { rel: 'users.yaml', bytes: new TextEncoder().encode(users) },
      { rel: 'keys.yaml', bytes: new TextEncoder().encode(keys) },
      { rel: 'bad-user-reaches-prod-roles.yaml', bytes: readFileSync(path.join(fixtureDir(rule), 'bad-user-reaches-prod-roles.yaml')) },
    ],
    [rule],
    { ...DEFAULT_SETTINGS, ...settings },
  );
  const deployBot = r.findings.filter((f) => f.message.includes('IAM user DeployBot'));
  expect(deployBot.map((f) => [f.location.file, f.location.range.line, f.related.map((x) => `${x.source.file}:${x.source.range.line} ${x.message}`)])).toEqual([
    ['users.yaml', 15, ['bad-user-reaches-prod-roles.yaml:11 trust statement of role deployer in account prod (222233334444) that lets user DeployBot in', 'keys.yaml:2 access key DeployBotKey of user DeployBot']],
  ]);
});
