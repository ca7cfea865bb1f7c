import rule from '../../rules/inputs/fl007-suppression-without-reason.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: ['good-metadata-with-reason.yaml', 'good-comment-with-reason.tf'],
  invalid: [
    {
      // A template-level bare rule name, a resource entry with no `reason`, one whose reason is blank.
      fixture: 'bad-metadata-without-reason.yaml',
      findings: [
        { messageId: 'missingReason', line: 6, column: 9, endLine: 6, endColumn: 26, includes: ['Suppression of FL006 (trust-policy-size) gives no reason'] },
        { messageId: 'missingReason', line: 13, column: 13, endLine: 13, endColumn: 22, includes: ['Suppression of FL101 (public-trust) gives no reason'] },
        { messageId: 'missingReason', line: 14, column: 13, endLine: 15, endColumn: 26, includes: ['Suppression of FL103 (missing-external-id) gives no reason'] },
      ],
    },
    {
      // `#` with no colon above a block, `//` with an empty reason above an attribute: located at the comments.
      fixture: 'bad-comment-without-reason.tf',
      findings: [
        { messageId: 'missingReason', line: 1, column: 1, endLine: 1, endColumn: 23, includes: ['Suppression of FL101 (public-trust)'] },
        { messageId: 'missingReason', line: 5, column: 3, endLine: 5, endColumn: 34, includes: ['Suppression of FL101 (public-trust)'] },
      ],
    },
  ],
});
