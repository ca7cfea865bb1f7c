import { expect, it } from 'vitest';
import rule from '../../rules/identity/fl302-user-long-term-keys.js';
import { ruleTester, runRuleOn } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    // Terraform plan: the access key is only destroyed (a delete-only resource change).
    'good-tfplan.json',
    'good-role-instead-of-keys.yaml',
    // Terraform: CI assumes a role through an OIDC provider; a user without keys
    'good-oidc-role.tf',
  ],
  invalid: [
    // Terraform plan: the key names its user by the planned name; reported at the key's address.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'accessKey', line: 24, column: 22, endColumn: 45, includes: ['aws_iam_access_key.ci', 'aws_iam_user.ci'] }] },
    {
      fixture: 'bad-access-key-output.yaml',
      findings: [
        { messageId: 'accessKeyExposed', line: 12, column: 3, endLine: 12, endColumn: 12, includes: ['Access key CiUserKey', 'IAM user CiUser', 'output CiSecretAccessKey'] },
        // an inactive key is still a long-term credential, one API call away from working
        { messageId: 'accessKey', line: 17, column: 3, endLine: 17, endColumn: 12, includes: ['Access key LegacyKey', 'IAM user legacy-sync'], when: [{ condition: 'CreateLegacyKey', value: true }] },
      ],
    },
    {
      fixture: 'bad-key-sub-output.json',
      findings: [{ messageId: 'accessKeyExposed', line: 7, column: 5, endLine: 7, endColumn: 17, includes: ['Access key ReportsKey', 'IAM user ReportsUser', 'output ReportsCredentials'] }],
    },
    {
      // Terraform: an output that reads the key's secret exposes it (a sensitive output only hides it from the CLI).
      fixture: 'bad-key-secret-output.tf',
      findings: [{ messageId: 'accessKeyExposed', line: 6, column: 1, endLine: 6, endColumn: 9, includes: ['Access key aws_iam_access_key.reports', 'IAM user aws_iam_user.reports', 'output reports_credentials', 'Terraform state'] }],
    },
    {
      // Terraform: keys joined to their users through aws_iam_user.x.name; an Inactive key still counts
      fixture: 'bad-user-access-keys.tf',
      findings: [
        { messageId: 'accessKey', line: 6, column: 1, endLine: 6, endColumn: 9, includes: ['Access key aws_iam_access_key.ci', 'IAM user aws_iam_user.ci'] },
        { messageId: 'accessKey', line: 14, column: 1, endLine: 14, endColumn: 9, includes: ['Access key aws_iam_access_key.legacy', 'IAM user aws_iam_user.legacy'] },
      ],
    },
  ],
});

it('FL302 gives the outputs that expose the secret as related locations', () => {
  const yaml = runRuleOn(rule, { fixture: 'bad-access-key-output.yaml', findings: [] }).findings;
  expect(yaml.find((f) => f.messageId === 'accessKeyExposed')?.related.map((r) => [r.source.range.line, r.source.range.column, r.message])).toEqual([[28, 12, 'secret access key of CiUserKey exposed here']]);
  const json = runRuleOn(rule, { fixture: 'bad-key-sub-output.json', findings: [] }).findings;
  expect(json[0].related.map((r) => [r.source.range.line, r.source.range.column])).toEqual([[16, 29]]);
  expect(yaml.find((f) => f.messageId === 'accessKey')?.related).toEqual([]);
});
