import { defineRule } from '../../src/rule-kit/index.js';
import { broadRoleResources, grantingAction, roleNarrowingConditions, roleScopeText } from '../../src/rule-kit/identity.js';

type M = 'assumeAnyRole';

export default defineRule<M>({
  id: 'FL303',
  name: 'assume-any-role',
  severity: 'high',
  tags: ['identity', 'cross-account', 'escalation'],
  scope: 'document',
  since: '0.1.0',
  short: 'An identity policy allows sts:AssumeRole on every role ("*" or role/* of an account).',
  full:
    'The caller\'s identity policy is one of the two gates of AssumeRole: in the same account a trust policy that names only the account (`:root`) relies on it entirely, and across accounts both sides must allow. `sts:AssumeRole` (or `sts:*`, `*`, a NotAction list that leaves it in) on `Resource: "*"` or on `arn:aws:iam::<account>:role/*` opens the identity gate for every role, so the holder can become any role whose trust policy lets its account in — typically including administrator roles that trust the account root. Deny statements never grant; a positive `aws:ResourceTag`/`iam:ResourceTag` condition narrows the roles and is not reported.',
  help: [
    'List the role ARNs the principal needs to assume (or a path that only holds those roles), or scope with a role tag:',
    '',
    '```yaml',
    'PolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Action: sts:AssumeRole',
    '      Resource:',
    '        - !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deploy/ci-deploy',
    '        - arn:aws:iam::444455556666:role/ReadOnlyAudit',
    '```',
  ].join('\n'),
  references: [
    { title: 'AssumeRole (AWS STS API Reference)', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
    { title: 'Cross-account policy evaluation logic', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html' },
    { title: 'Grant a user permissions to switch roles', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html' },
  ],
  semantics: [
    'sts-semantics.md#0-quick-rules-for-the-simulator',
    'sts-semantics.md#23-decision-procedure-for-assumerole-same-vs-cross-account',
    'sts-semantics.md#91-document-structure',
    'sts-semantics.md#95-evaluation-order-for-the-simulator',
  ],
  messages: {
    assumeAnyRole:
      '{{owner}} allows {{action}} on {{resource}}, which covers {{scope}}: it can assume any such role whose trust policy lets its account in (an account-root trust asks for nothing more), administrator roles included.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.identityStatements()) {
      // sts-semantics.md R2/R3: the identity side of AssumeRole. Deny never grants (§9.5); NotAction counts (§9.1).
      const action = grantingAction(stmt, 'sts:AssumeRole');
      if (!action || roleNarrowingConditions(stmt).length > 0) continue;
      for (const r of broadRoleResources(stmt)) {
        ctx.report({
          messageId: 'assumeAnyRole',
          data: { owner: ctx.ownerLabel(doc), action, resource: r.text, scope: roleScopeText(r.scope, (a) => ctx.accountLabel(a)) },
          at: r.at,
          when: stmt.when,
          key: [doc.owner.id, doc.owner.policyName ?? '', r.text],
        });
      }
    }
  },
});
