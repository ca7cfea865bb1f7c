import { expect, it } from 'vitest';
import rule from '../../rules/trust/fl112-session-tags-unconstrained.js';
import { ruleTester, runRuleOn } from '../helpers/rule-tester.js';

ruleTester(rule, {
  // RequestTag pinned + TagKeys excluding the other ABAC key; a Deny on the tag key; SAML (the IdP sets tags);
  // a role whose permissions test resource tags only
  valid: [
    'good-tfplan.json',
    // Terraform: aws:TagKeys limits the session tags to Project.
    'good-tags-constrained.tf',
    'good-tags-constrained.yaml'],
  invalid: [
    // Terraform plan: the aws_iam_role_policy's role is known only after apply; the configuration reference joins it to the role.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'callerPicksTags', line: 15, column: 186, endColumn: 204, includes: ['role aws_iam_role.operator', 'aws:PrincipalTag/CostCenter'] }] },
    {
      // Terraform: the tag is read in an inline_policy block of the role, written `$${aws:PrincipalTag/Team}` in HCL.
      fixture: 'bad-inline-policy.tf',
      findings: [{ messageId: 'callerPicksTags', line: 10, column: 40, endColumn: 56, includes: ['role aws_iam_role.team_ops', 'aws:PrincipalTag/Team'] }],
    },
    {
      // Terraform: `&{aws:PrincipalTag/CostCenter}` in an aws_iam_policy_document of the role's aws_iam_role_policy.
      fixture: 'bad-caller-tags.tf',
      findings: [{ messageId: 'callerPicksTags', line: 3, column: 34, endColumn: 50, includes: ['role aws_iam_role.operator', 'aws:PrincipalTag/CostCenter'] }],
    },
    {
      fixture: 'bad-callers-choose-tags.yaml',
      findings: [
        // the ABAC key appears in a Resource policy variable and in a condition value
        { messageId: 'callerPicksTags', line: 26, column: 17, endColumn: 31, includes: ['role ProjectDataRole', 'aws:PrincipalTag/project'] },
        // TagKeys lets `team` through and the RequestTag test is wildcard-only; ABAC in an attached managed policy
        { messageId: 'callerPicksTags', line: 66, column: 38, endColumn: 52, includes: ['role TeamRole', 'aws:PrincipalTag/team'] },
        { messageId: 'callerPicksTags', line: 86, column: 58, endColumn: 74, includes: ['role ReportingRole'], when: [{ condition: 'SessionTags', value: true }] },
      ],
    },
    {
      // sts:* grants TagSession; a Deny keyed on the caller's tag can be stepped around
      fixture: 'bad-cfn-template.json',
      findings: [{ messageId: 'callerPicksTags', line: 14, column: 25, endColumn: 32, includes: ['role OperatorRole', 'aws:PrincipalTag/CostCenter'] }],
    },
  ],
});

it('points at the ABAC statements as related locations', () => {
  const { findings } = runRuleOn(rule, 'bad-callers-choose-tags.yaml');
  const project = findings.find((f) => f.message.includes('ProjectDataRole'));
  expect(project?.related.map((r) => [r.source.range.line, r.source.range.column, r.message])).toEqual([
    [34, 27, 'policy project-objects decides access by aws:PrincipalTag/project'],
    [40, 46, 'policy project-objects decides access by aws:PrincipalTag/project'],
  ]);
  const team = findings.find((f) => f.message.includes('role TeamRole'));
  expect(team?.related.map((r) => [r.source.range.line, r.message])).toEqual([[53, 'managed policy TeamPolicy decides access by aws:PrincipalTag/team']]);
});
