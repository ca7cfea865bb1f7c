import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/paths/fl602-mfa-bypass-path.js';
import { scanInputs } from '../../src/cli/scan.js';
import { DEFAULT_SETTINGS } from '../../src/rule-kit/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/rules/fl602-mfa-bypass-path');

ruleTester(rule, {
  valid: [
    // The deployer role asks for MFA too: every way in presents it.
    'good-deployer-requires-mfa.yaml',
    // People reach a read-only role without MFA, but it holds nothing like the admin's power and its hop to the admin
    // role meets the admin's MFA statement.
    'good-readonly-without-mfa.yaml',
  ],
  invalid: [
    {
      // dana → deployer (no MFA) → platform-admin, whose trust names the deployer without MFA.
      fixture: 'bad-deployer-side-door.yaml',
      findings: [{ messageId: 'chainBypass', line: 4, column: 3, endColumn: 12, includes: ['Sensitive role platform-admin', 'AdministratorAccess', 'requires MFA on its trust', '1 principal can reach it without MFA', 'user dana (2 hops, via role deployer)'] }],
    },
    {
      // ops-bot assumes legacy-admin without MFA: the same AdministratorAccess as the MFA-protected platform-admin.
      fixture: 'bad-legacy-admin.yaml',
      findings: [{ messageId: 'samePower', line: 4, column: 3, endColumn: 12, includes: ['Sensitive role platform-admin', 'role legacy-admin, with the same permissions', 'user ops-bot (directly)'] }],
    },
  ],
});

describe('FL602 paths', () => {
  const scan = (file: string, text?: string) => scanInputs([{ rel: file, bytes: text !== undefined ? new TextEncoder().encode(text) : readFileSync(path.join(DIR, file)) }], [rule], DEFAULT_SETTINGS);

  it('shows the path that avoids MFA hop by hop, and the MFA condition it avoids as a related location', () => {
    const [f] = scan('bad-deployer-side-door.yaml').findings;
    expect(f.paths?.map((p) => p.map((s) => `${s.source.range.line} ${s.message}`))).toEqual([
      ['29 user dana can call sts:AssumeRole on role deployer', '16 role deployer can call sts:AssumeRole on role platform-admin'],
    ]);
    // The account-trust hop is allowed by the group policy dana is a member of.
    expect(f.paths?.[0][0].related?.map((r) => r.source.range.line)).toEqual([50]);
    expect(f.related.map((r) => `${r.source.range.line} ${r.message}`)).toEqual(['15 the MFA condition this path avoids']);
  });

  it('a Deny that refuses the group its AssumeRole without MFA closes the side door', () => {
    const text = readFileSync(path.join(DIR, 'bad-deployer-side-door.yaml'), 'utf8').replace(
      '                Resource: !Sub "arn:aws:iam::${AWS::AccountId}:role/*"\n',
      '                Resource: !Sub "arn:aws:iam::${AWS::AccountId}:role/*"\n              - Effect: Deny\n                Action: sts:AssumeRole\n                Resource: !Sub "arn:aws:iam::${AWS::AccountId}:role/deployer"\n',
    );
    expect(scan('side-door.yaml', text).findings).toEqual([]);
  });

  it('escalations count as ways in: passing the admin role to Lambda avoids its MFA', () => {
    const text = readFileSync(path.join(DIR, 'bad-deployer-side-door.yaml'), 'utf8')
      .replace('            Principal: { AWS: !GetAtt DeployerRole.Arn }', '            Principal: { Service: lambda.amazonaws.com }')
      .replace(
        '                Action: cloudformation:*\n                Resource: "*"\n',
        '                Action: iam:PassRole\n                Resource: !GetAtt AdminRole.Arn\n              - Effect: Allow\n                Action: [lambda:CreateFunction, lambda:InvokeFunction]\n                Resource: "*"\n',
      );
    const [f] = scan('pass-role.yaml', text).findings;
    expect(f.messageId).toBe('chainBypass');
    expect(f.paths?.[0].map((s) => `${s.source.range.line} ${s.message}`)).toEqual([
      '29 user dana can call sts:AssumeRole on role deployer',
      '37 role deployer can pass role platform-admin to lambda.amazonaws.com (iam:PassRole) and run code with it there',
    ]);
  });
});
