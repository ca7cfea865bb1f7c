import rule from '../../rules/inputs/fl001-parse-error.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: ['good-valid-template.yaml', 'good-broken-unrelated-yaml.yaml', 'good-valid-role.tf'],
  invalid: [
    { fixture: 'bad-unclosed-flow.yaml', parseError: true, findings: [{ messageId: 'parseError', line: 9, includes: ['bad-unclosed-flow.yaml cannot be read', 'invalid YAML'] }] },
    { fixture: 'bad-unclosed-block.tf', parseError: true, findings: [{ messageId: 'parseError', line: 10, column: 3, includes: ['bad-unclosed-block.tf cannot be read', 'invalid HCL: missing "]"'] }] },
    { fixture: 'bad-trailing-comma.json', parseError: true, findings: [{ messageId: 'parseError', line: 8, column: 5, includes: ['invalid JSON'] }] },
    { fixture: 'bad-latin1-encoding.yaml', parseError: true, findings: [{ messageId: 'parseError', line: 1, includes: ['not valid UTF-8'] }] },
    { fixture: 'bad-alias-bomb.yaml', parseError: true, findings: [{ messageId: 'parseError', line: 5, includes: ['too many alias expansions', 'alias bomb'] }] },
  ],
});
