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
    // The partner role's permissions alone: no role trusts anyone outside.
    'good-without-outside-trust.tf',
    // The admin role trusts the account, but without an identity policy that allows the partner role to call
    // sts:AssumeRole on it, the account trust delegates to no one (sts-semantics.md §0 R2).
    'bad-partner-chain-to-admin.tf',
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
    {
      // External account → partner-entry → platform-admin (account trust), with partner-entry's allow in the other file of the module.
      fixture: 'bad-partner-chain-to-admin.tf',
      with: ['good-without-outside-trust.tf'],
      findings: [{ messageId: 'externalPath', line: 18, column: 1, endLine: 18, endColumn: 9, includes: ['Sensitive role platform-admin', 'account 444455556666 (2 hops, via role partner-entry)'] }],
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

  it('shows, under a hop through an account trust, the caller\'s identity statement that allows it, in its own file', () => {
    const r = scanInputs(
      ['bad-partner-chain-to-admin.tf', 'good-without-outside-trust.tf'].map((rel) => ({ rel, bytes: readFileSync(path.join(DIR, rel)) })),
      [rule],
      DEFAULT_SETTINGS,
    );
    expect(r.findings).toHaveLength(1);
    const steps = r.findings[0].paths?.[0] ?? [];
    const at = (s: { source: { file: string; range: { line: number; column: number; endLine: number; endColumn: number } } }) => {
      const g = s.source.range;
      return `${s.source.file}:${g.line}:${g.column}-${g.endLine}:${g.endColumn}`;
    };
    expect(steps.map((s) => `${at(s)} ${s.message}`)).toEqual([
      'bad-partner-chain-to-admin.tf:9:18-14:6 account 444455556666 can call sts:AssumeRole on role partner-entry (conditions on sts:ExternalId)',
      'bad-partner-chain-to-admin.tf:22:18-26:6 role partner-entry can call sts:AssumeRole on role platform-admin',
    ]);
    // The entry hop is the trust alone (an account not scanned); the account-trust hop carries partner-entry's allow.
    expect(steps[0].related).toBeUndefined();
    expect(steps[1].related?.map((x) => `${at(x)} ${x.message}`)).toEqual(['good-without-outside-trust.tf:8:18-12:6 the identity policy of role partner-entry allows sts:AssumeRole on role platform-admin']);
    expect(steps[1].related?.[0].source.pointer).toBe('/resources/aws_iam_role_policy.partner_switch/values/policy/Statement/0');
  });

  it('a hop that exists only under a CloudFormation condition says so, and so does the finding', () => {
    const text = readFileSync(path.join(DIR, 'bad-vendor-chain-to-admin.yaml'), 'utf8')
      .replace('Resources:\n', 'Parameters:\n  VendorAccess: { Type: String, Default: "no" }\nConditions:\n  VendorEnabled: !Equals [!Ref VendorAccess, "yes"]\nResources:\n')
      .replace('  VendorEntryRole:\n    Type: AWS::IAM::Role\n', '  VendorEntryRole:\n    Type: AWS::IAM::Role\n    Condition: VendorEnabled\n');
    const [f] = scanInputs([{ rel: 'vendor.yaml', bytes: new TextEncoder().encode(text) }], [rule], DEFAULT_SETTINGS).findings;
    expect(f.when).toEqual([{ condition: 'VendorEnabled', value: true }]);
    expect(f.paths?.[0].map((s) => s.message)).toEqual([
      'account 444455556666 can call sts:AssumeRole on role vendor-entry (conditions on sts:ExternalId) (when condition VendorEnabled is true)',
      'role vendor-entry can call sts:AssumeRole on role platform-admin (when condition VendorEnabled is true)',
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
    // Every entry point is in the finding (JSON `entries`, SARIF properties), in the message's order.
    expect(f.entries).toEqual(['account 111111111111', 'account 222222222222', 'account 333333333333', 'account 444455556666']);
    // maxPaths caps the code flows, never the count or the entries.
    const [capped] = scanInputs([{ rel: 'v.yaml', bytes: new TextEncoder().encode(text) }], [rule], { ...DEFAULT_SETTINGS, maxPaths: 2 }).findings;
    expect(capped.paths).toHaveLength(2);
    expect(capped.entries).toHaveLength(4);
    expect(capped.message).toContain('4 entry points');
  });
});

describe('FL601 names', () => {
  it('a role whose name CloudFormation generates is named by its logical ID, in the message and the hops', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::444455556666:root" }
            Action: sts:AssumeRole
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;
    const [f] = scanInputs([{ rel: 'x.yaml', bytes: new TextEncoder().encode(text) }], [rule], DEFAULT_SETTINGS).findings;
    expect(f.message).toContain('Sensitive role OpenRole (');
    expect(f.paths?.[0][0].message).toBe('account 444455556666 can call sts:AssumeRole on role OpenRole');
  });
});
