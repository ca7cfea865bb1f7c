import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/paths/fl605-broad-entry-fan-out.js';
import { scanInputs } from '../../src/cli/scan.js';
import { DEFAULT_SETTINGS } from '../../src/rule-kit/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/rules/fl605-broad-entry-fan-out');

ruleTester(rule, {
  valid: [
    // One repository per role: six doors of one role each.
    'good-subject-per-role.yaml',
    // The limit is configurable.
    { fixture: 'bad-one-subject-many-roles.yaml', settings: { maxEntryRoles: 6 } },
  ],
  invalid: [
    {
      fixture: 'bad-one-subject-many-roles.yaml',
      findings: [
        {
          messageId: 'fanOut',
          line: 11,
          column: 13,
          endLine: 16,
          endColumn: 107,
          includes: ['OIDC provider token.actions.githubusercontent.com with subject `repo:acme/*:ref:refs/heads/main`', 'can reach 6 roles, more than the 5', 'deploy-api, deploy-cdn, deploy-db, deploy-dns, deploy-web and 1 more'],
        },
      ],
    },
  ],
});

describe('FL605 reach', () => {
  it('counts roles reached by chaining, and lists the other first hops as related locations', () => {
    // Five roles trust the subject; one of them may assume a sixth role.
    const text = readFileSync(path.join(DIR, 'bad-one-subject-many-roles.yaml'), 'utf8');
    const cut = text.indexOf('  R5:');
    const chained = `${text.slice(0, cut)}  R5:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy-dns
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:role/deploy-cdn" }
            Action: sts:AssumeRole
`;
    const r = scanInputs([{ rel: 'c.yaml', bytes: new TextEncoder().encode(chained) }], [rule], DEFAULT_SETTINGS);
    expect(r.findings.map((f) => f.message.match(/can reach (\d+) roles/)?.[1])).toEqual(['6']);
    expect(r.findings[0].related.map((x) => `${x.source.range.line} ${x.message}`)).toEqual(['24 also trusted by deploy-web', '37 also trusted by deploy-worker', '50 also trusted by deploy-db', '63 also trusted by deploy-cdn']);
  });
});
