import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/paths/fl604-assumption-cycle.js';
import { scanInputs } from '../../src/cli/scan.js';
import { DEFAULT_SETTINGS } from '../../src/rule-kit/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/rules/fl604-assumption-cycle');

ruleTester(rule, {
  valid: [
    // A chain that never comes back, and a worker that may assume only another role.
    'good-one-way-chain.yaml',
    // An administrator (Action "*") that may re-assume itself: nothing gained, not reported.
    'good-admin-root-trust.yaml',
  ],
  invalid: [
    {
      fixture: 'bad-role-juggling.yaml',
      findings: [
        // At the trust statement of the hop into the first role of the group.
        { messageId: 'cycle', line: 11, column: 13, endLine: 13, endColumn: 35, includes: ['Roles ops-blue and ops-green', 'role juggling'] },
        { messageId: 'selfAssume', line: 41, column: 13, endLine: 43, endColumn: 35, includes: ['Role batch-worker can assume itself again', 'trusts its own account and may assume any role'] },
      ],
    },
  ],
});

describe('FL604 related locations', () => {
  it('lists the trust statement of every hop in the cycle', () => {
    const r = scanInputs([{ rel: 'c.yaml', bytes: readFileSync(path.join(DIR, 'bad-role-juggling.yaml')) }], [rule], DEFAULT_SETTINGS);
    const cycle = r.findings.find((f) => f.messageId === 'cycle')!;
    expect(cycle.related.map((x) => `${x.source.range.line} ${x.message}`)).toEqual(['11 ops-blue is assumed from here', '30 ops-green is assumed from here']);
  });
});
