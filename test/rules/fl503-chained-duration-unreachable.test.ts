import rule from '../../rules/session/fl503-chained-duration-unreachable.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    // A user may assume the role directly: a long session can be issued.
    'good-direct-caller.yaml',
  ],
  invalid: [
    {
      // Only the CI role can assume deploy-target: every session is chained, capped at one hour.
      fixture: 'bad-chained-long-session.yaml',
      findings: [{ messageId: 'chainedOnly', line: 19, column: 27, endColumn: 32, includes: ['role deploy-target', '43200 s (12 h)', 'only roles can assume it (role ci)'] }],
    },
  ],
});
