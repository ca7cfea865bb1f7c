import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../rules/inputs/fl008-unused-suppression.js';
import fl101 from '../../rules/trust/fl101-public-trust.js';
import fl212 from '../../rules/federation/fl212-oidc-missing-subject.js';
import { scanInputs } from '../../src/cli/scan.js';
import { initHcl } from '../../src/parse/hcl/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

// Run alone, FL008 judges only what needs no other rule: names that are no rule, and suppressions of FL008 itself.
// A suppression of a rule that does not run (FL212 in the good fixtures) is not judged.
ruleTester(rule, {
  valid: ['good-known-rule.yaml', 'good-known-rule.tf'],
  invalid: [
    {
      fixture: 'bad-misspelled-rule.yaml',
      findings: [
        { messageId: 'unknownRule', line: 9, column: 13, endLine: 10, endColumn: 78, includes: ['Suppression names "oidc-missing-sub", which is no fedlint rule'] },
        { messageId: 'unknownRule', line: 11, column: 13, endLine: 12, endColumn: 34, includes: ['"FL2120"'] },
      ],
    },
    { fixture: 'bad-misspelled-rule.tf', findings: [{ messageId: 'unknownRule', line: 4, column: 3, endLine: 4, endColumn: 98, includes: ['"oidc-missing-subjects"'] }] },
    { fixture: 'bad-suppresses-itself.yaml', findings: [{ messageId: 'unused', line: 6, column: 9, endLine: 7, endColumn: 61, includes: ['Suppression of FL008 (unused-suppression) matches no finding'] }] },
  ],
});

const scan = (file: string, text: string, rules = [rule, fl101, fl212]) => scanInputs([{ rel: file, bytes: new TextEncoder().encode(text) }], rules).findings;
const lines = (findings: ReturnType<typeof scan>) => findings.map((f) => `${f.location.range.line}:${f.location.range.column} ${f.ruleId} ${f.messageId}${f.suppressions.length ? ' (suppressed)' : ''}`);

const TEMPLATE = `Resources:
  Open:
    Type: AWS::IAM::Role
    Metadata:
      fedlint:
        ignore:
          - id: FL101
            reason: "sandbox"
          - id: fl212
            reason: "no OIDC trust here any more"
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sts:AssumeRole
`;

describe('FL008 with the suppressed rules running', () => {
  beforeAll(initHcl);
  it('reports the suppression that matched nothing, at its entry, and not the one that matched', () => {
    expect(lines(scan('t.yaml', TEMPLATE))).toEqual(['9:13 FL008 unused', '15:31 FL101 publicTrust (suppressed)']);
    expect(scan('t.yaml', TEMPLATE).find((f) => f.ruleId === 'FL008')?.message).toContain('Suppression of FL212 (oidc-missing-subject) matches no finding');
  });

  it('does not judge a suppression of a rule that is off', () => {
    expect(lines(scan('t.yaml', TEMPLATE, [rule, fl101]))).toEqual(['15:31 FL101 publicTrust (suppressed)']);
  });

  it('reports an HCL comment above a block that holds no finding of the rule', () => {
    const tf = `# fedlint-ignore FL101: the trust is pinned now
resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole" }]
  })
}
`;
    expect(lines(scan('main.tf', tf))).toEqual(['1:1 FL008 unused']);
  });
});
