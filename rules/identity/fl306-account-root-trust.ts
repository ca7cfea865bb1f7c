import { SELF_ACCOUNT } from '../../src/model/index.js';
import { conditionsOn, defineRule, isPositivePin, parsePrincipal, statementCoversAction } from '../../src/rule-kit/index.js';

type M = 'accountRootTrust';

/** Condition keys that pin *which* principal of the account may assume (sts-semantics.md §2.3, §2.6). */
const IDENTITY_PIN_KEYS = ['aws:PrincipalArn', 'aws:userid', 'aws:username'];

export default defineRule<M>({
  id: 'FL306',
  name: 'account-root-trust',
  severity: 'low',
  tags: ['trust', 'identity'],
  scope: 'model',
  since: '0.1.0',
  short: 'A sensitive role trusts its own account root: any principal of the account allowed sts:AssumeRole can use it.',
  full:
    'A trust policy that names the account (`"AWS": "${AWS::AccountId}"` or `arn:aws:iam::<account>:root`) does not mean the root user: it delegates the decision to the account\'s identity policies, so every user and role there that is allowed `sts:AssumeRole` on the role (directly, or through `sts:*`/`*` on `*`) can assume it. On a sensitive role that turns every broad identity policy in the account into a path to it. The rule reports only sensitive roles, and not when a condition pins the caller\'s ARN (`aws:PrincipalArn`, `aws:userid`, `aws:username`); the graph rules (FL6xx) show who can actually reach the role.',
  help: [
    'Name the roles or users that need the role, or keep the account principal and pin the caller with `aws:PrincipalArn`:',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal:',
    '        AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
    '      Action: sts:AssumeRole',
    '      Condition:',
    '        ArnEquals:',
    '          aws:PrincipalArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/BreakGlassOperator',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: Principal (AWS account principals)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts' },
    { title: 'AssumeRole (AWS STS API Reference)', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
  ],
  semantics: [
    'sts-semantics.md#0-quick-rules-for-the-simulator',
    'sts-semantics.md#23-decision-procedure-for-assumerole-same-vs-cross-account',
    'sts-semantics.md#24-principal-element-forms',
  ],
  messages: {
    accountRootTrust:
      'Sensitive role {{role}} trusts its own account ({{principal}}): every principal of the account whose identity policy allows sts:AssumeRole on it can assume it, not only the root user; the role is sensitive because {{reason}}.',
  },
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      if (!role || stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'sts:AssumeRole')) continue;
      if (IDENTITY_PIN_KEYS.some((k) => conditionsOn(stmt, k).some(isPositivePin))) continue;
      const own = new Set([SELF_ACCOUNT, role.account, ...(doc.account ? [doc.account] : [])]);
      for (const p of stmt.principals ?? []) {
        const parsed = parsePrincipal(p);
        // sts-semantics.md §2.4 / R2: the account principal (ID or :root) delegates to the account's identity policies.
        if (parsed.kind !== 'account' || !parsed.account || !own.has(parsed.account)) continue;
        const s = ctx.sensitivity(role);
        if (!s.sensitive) break;
        ctx.report({
          messageId: 'accountRootTrust',
          data: { role: role.id, reason: s.reasons[0], principal: `AWS: ${parsed.text}` },
          at: p.source,
          when: stmt.when,
          key: [role.id, 'account-root'],
        });
      }
    }
  },
});
