import rule from '../../rules/trust/fl104-not-principal-in-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

const stringForm = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":"arn:aws:iam::111122223333:user/x","Action":"sts:AssumeRole"}}';
const stringColumn = stringForm.indexOf('"arn:') + 1;

ruleTester(rule, {
  // Principal + a Deny on aws:PrincipalArn: the intended "everyone but" done right.
  valid: [
    'good-principal-with-deny.tf', 'good-principal-with-deny.yaml',
    'good-tfplan.json',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'notPrincipal', line: 15, column: 121, endColumn: 172, includes: ['role aws_iam_role.ops', 'arn:aws:iam::123456789012:user/intern'] }] },
    {
      // Terraform: a not_principals block of an aws_iam_policy_document, reported at the block.
      fixture: 'bad-not-principal.tf',
      findings: [{ messageId: 'notPrincipal', line: 6, column: 5, endLine: 9, endColumn: 6, includes: ['role aws_iam_role.ops', 'arn:aws:iam::123456789012:user/intern'] }],
    },
    {
      fixture: 'bad-allow-not-principal.yaml',
      findings: [
        // Fn::If in Action only: one finding, with no branch condition.
        { messageId: 'notPrincipal', line: 21, column: 15, endLine: 23, endColumn: 67, includes: ['role BreakGlassRole', 'user/ci-deploy', 'user/ci-test'], when: [] },
        // Effect chosen by Fn::If: only the Allow branch is reported.
        { messageId: 'notPrincipal', line: 39, column: 15, endColumn: 41, includes: ['role MaintenanceRole', 'Service: ssm.amazonaws.com'], when: [{ condition: 'Lockdown', value: false }] },
      ],
    },
    {
      // The Deny + NotPrincipal statement next to it is not reported.
      fixture: 'bad-not-principal.json',
      findings: [{ messageId: 'notPrincipal', line: 7, column: 23, endLine: 12, endColumn: 8, includes: ['bad-not-principal.json', 'contractor-a', 'contractor-b'] }],
    },
    {
      name: 'NotPrincipal as a plain string',
      file: 'not-principal-string.json',
      text: stringForm,
      findings: [{ messageId: 'notPrincipal', line: 1, column: stringColumn, endColumn: stringColumn + 34, includes: ['"arn:aws:iam::111122223333:user/x"'] }],
    },
  ],
});
