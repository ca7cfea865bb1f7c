import rule from '../../rules/inputs/fl001-parse-error.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-valid-template.yaml', 'good-broken-unrelated-yaml.yaml', 'good-valid-role.tf',
    'good-tfplan.json',
  ],
  invalid: [
    // Terraform plan cut off mid-write: reported where the JSON stops making sense.
    { fixture: 'bad-tfplan.json', parseError: true, findings: [{ messageId: 'parseError', line: 31, column: 39, includes: ['bad-tfplan.json cannot be read', 'invalid JSON'] }] },
    // Terraform plan: a heredoc trust policy with a trailing comma, passed through as a string; located inside it.
    {
      fixture: 'bad-tfplan-policy-string.json',
      parseError: true,
      findings: [{ messageId: 'parseError', line: 15, column: 236, endColumn: 237, includes: ['policy document of aws_iam_role.deploy is not valid JSON', 'Unexpected token RBrace'] }],
    },
    { fixture: 'bad-unclosed-flow.yaml', parseError: true, findings: [{ messageId: 'parseError', line: 9, includes: ['bad-unclosed-flow.yaml cannot be read', 'invalid YAML'] }] },
    { fixture: 'bad-unclosed-block.tf', parseError: true, findings: [{ messageId: 'parseError', line: 10, column: 3, includes: ['bad-unclosed-block.tf cannot be read', 'invalid HCL: missing "]"'] }] },
    { fixture: 'bad-trailing-comma.json', parseError: true, findings: [{ messageId: 'parseError', line: 8, column: 5, includes: ['invalid JSON'] }] },
    { fixture: 'bad-latin1-encoding.yaml', parseError: true, findings: [{ messageId: 'parseError', line: 1, includes: ['not valid UTF-8'] }] },
    { fixture: 'bad-alias-bomb.yaml', parseError: true, findings: [{ messageId: 'parseError', line: 5, includes: ['too many alias expansions', 'alias bomb'] }] },
  ],
});
