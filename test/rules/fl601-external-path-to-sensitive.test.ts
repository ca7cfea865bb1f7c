import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../rules/paths/fl601-external-path-to-sensitive.js';
import { scanInputs } from '../../src/cli/scan.js';
import { DEFAULT_SETTINGS } from '../../src/rule-kit/index.js';
import { initHcl } from '../../src/parse/hcl/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/rules/fl601-external-path-to-sensitive');

ruleTester(rule, {
  valid: [
    // The vendor's role may assume only a reporting role: no path to the admin role.
    'good-vendor-scoped-hop.yaml',
    // The external account is known in the config: not an entry point from outside.
    { fixture: 'bad-vendor-chain-to-admin.yaml', settings: { accounts: { '444455556666': { name: 'vendor' } } } },
  ],
  invalid: [
    {
      // External account → vendor-entry (trust) → platform-admin (account trust + vendor-entry's identity allow).
      fixture: 'bad-vendor-chain-to-admin.yaml',
      findings: [{ messageId: 'externalPath', line: 25, column: 3, endColumn: 12, includes: ['Sensitive role platform-admin', 'AdministratorAccess', '1 entry point', 'account 444455556666 (2 hops, via role vendor-entry)'] }],
    },
    {
      // GitHub OIDC → github-deploy → break-glass-admin, trusted by the deploy role's ARN (no identity allow needed in the same account).
      fixture: 'bad-github-to-admin.tf',
      findings: [{ messageId: 'externalPath', line: 25, column: 1, endColumn: 9, includes: ['Sensitive role break-glass-admin', 'OIDC provider token.actions.githubusercontent.com (2 hops, via role github-deploy)'] }],
    },
  ],
});

describe('FL601 paths', () => {
  beforeAll(() => initHcl());
  const scan = (file: string) => scanInputs([{ rel: file, bytes: readFileSync(path.join(DIR, file)) }], [rule], DEFAULT_SETTINGS);

  it('carries the shortest path as numbered hops, each at the trust statement that allows it', () => {
    const [f] = scan('bad-vendor-chain-to-admin.yaml').findings;
    expect(f.paths?.map((p) => p.map((s) => `${s.source.range.line} ${s.message}`))).toEqual([
      ['11 account 444455556666 can call sts:AssumeRole on role vendor-entry (conditions on sts:ExternalId)', '32 role vendor-entry can call sts:AssumeRole on role platform-admin'],
    ]);
  });

  it('names every entry point once, shortest first, and caps the named ones', () => {
    const text = readFileSync(path.join(DIR, 'bad-vendor-chain-to-admin.yaml'), 'utf8').replace(
      'Principal: { AWS: "arn:aws:iam::444455556666:root" }',
      'Principal: { AWS: ["arn:aws:iam::444455556666:root", "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] }',
    );
    const [f] = scanInputs([{ rel: 'v.yaml', bytes: new TextEncoder().encode(text) }], [rule], DEFAULT_SETTINGS).findings;
    expect(f.message).toContain('4 entry points');
    expect(f.message).toContain('account 111111111111 (2 hops, via role vendor-entry); account 222222222222 (2 hops, via role vendor-entry); account 333333333333 (2 hops, via role vendor-entry) and 1 more');
    expect(f.paths).toHaveLength(4);
  });
});
