import rule from '../../rules/trust/fl101-public-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: ['good-org-pinned.yaml'],
  invalid: [
    {
      fixture: 'bad-star-principal.yaml',
      findings: [
        { messageId: 'publicTrust', line: 14, column: 20, endColumn: 23, includes: ['role OpenRole', 'AWS: *'] },
        { messageId: 'publicTrust', line: 25, column: 90, endColumn: 93, includes: ['role BranchRole', '"*"'], when: [{ condition: 'IsProd', value: false }] },
      ],
    },
    { fixture: 'bad-star-string.json', findings: [{ messageId: 'publicTrust', line: 7, column: 20, endColumn: 23, includes: ['bad-star-string.json'] }] },
  ],
});
