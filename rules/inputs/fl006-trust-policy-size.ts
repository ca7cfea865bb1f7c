import { defineRule } from '../../src/rule-kit/index.js';
import { policyLabel } from '../../src/rule-kit/statement-report.js';

type M = 'overDefault' | 'overMaximum';

// sts-semantics.md §9.3 / §2.1: role trust policy size, in non-whitespace characters.
const DEFAULT_QUOTA = 2048;
const HARD_MAXIMUM = 4096;

export default defineRule<M>({
  id: 'FL006',
  name: 'trust-policy-size',
  severity: 'medium',
  tags: ['inputs', 'trust', 'quota'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust policy longer than the 2,048-character default quota (hard maximum 4,096).',
  full:
    'IAM limits a role trust policy to 2,048 characters by default, not counting whitespace; the quota can be raised to at most 4,096. A longer trust policy fails at deployment, typically on the day one more account is added to a list that grew one entry at a time. fedlint counts the policy as IAM does, and where a value is only known at deployment it counts the least it can be (the stack\'s account ID as 12 digits), so a finding is never an overestimate.',
  help: [
    'Shorten the trust policy instead of listing every caller: trust the organisation (or an organisational unit) and pin the role name with a condition, or move the callers into fewer accounts. If the account\'s quota was raised (up to 4,096), turn the rule off or re-rate it for that account.',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal:',
    '        AWS: "*"',
    '      Action: sts:AssumeRole',
    '      Condition:',
    '        StringEquals:',
    '          aws:PrincipalOrgID: o-a1b2c3d4e5',
    '        ArnLike:',
    '          aws:PrincipalArn: arn:aws:iam::*:role/audit-tooling-runner',
    '```',
  ].join('\n'),
  references: [
    { title: 'IAM and AWS STS quotas (role trust policy length)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html' },
    { title: 'GetAccountSummary: AssumeRolePolicySizeQuota', url: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html' },
  ],
  semantics: ['sts-semantics.md#93-size-limits-and-quotas', 'sts-semantics.md#21-trust-policy-grammar-what-iam-accepts-for-assumerolepolicydocument'],
  messages: {
    overDefault:
      '{{policy}} is {{size}} characters long (whitespace not counted), over the default quota of 2,048: deployment fails unless the account\'s trust-policy quota was raised (it can go up to 4,096).',
    overMaximum: '{{policy}} is {{size}} characters long (whitespace not counted), over the hard maximum of 4,096: no quota increase allows it, so deployment fails.',
  },
  check(ctx) {
    for (const doc of ctx.documents('trust')) {
      if (doc.size === undefined || doc.size <= DEFAULT_QUOTA) continue;
      const messageId = doc.size > HARD_MAXIMUM ? 'overMaximum' : 'overDefault';
      // The `Statement` key: the list that grew too long; the whole document when there is none.
      const at = doc.locateKey ? doc.locateKey('/Statement') : doc.source;
      const when = doc.statements[0]?.when.filter((g) => doc.statements.every((s) => s.when.some((h) => h.condition === g.condition && h.value === g.value))) ?? [];
      ctx.report({ messageId, data: { policy: policyLabel(ctx, doc, true), size: doc.size.toLocaleString('en-US') }, at, when, key: [doc.owner.id] });
    }
  },
});
