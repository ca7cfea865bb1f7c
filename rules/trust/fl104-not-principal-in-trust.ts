import { isUnknown } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';

export default defineRule({
  id: 'FL104',
  name: 'not-principal-in-trust',
  severity: 'high',
  tags: ['trust', 'grammar'],
  scope: 'document',
  since: '0.1.0',
  short: 'An Allow trust statement uses NotPrincipal: it trusts every principal except the ones listed.',
  full:
    '`NotPrincipal` with `Allow` inverts the principal list: every principal of every AWS account, and anonymous callers, is allowed except the few named. It is almost always a misread of the intent ("only these") and, in a role trust policy, AWS does not accept `NotPrincipal` at all, so the template either fails to deploy or the policy was never what the author believed. Name the principals that may assume the role in `Principal` instead.',
  help: [
    'Replace `NotPrincipal` with `Principal` naming who may assume the role. To exclude a principal from a broader grant, use a `Deny` with an `aws:PrincipalArn` condition:',
    '',
    '```yaml',
    'Statement:',
    '  - Effect: Allow',
    '    Principal:',
    '      AWS: !Sub arn:aws:iam::${AWS::AccountId}:root',
    '    Action: sts:AssumeRole',
    '  - Effect: Deny',
    '    Principal:',
    '      AWS: "*"',
    '    Action: sts:AssumeRole',
    '    Condition:',
    '      ArnLike:',
    '        aws:PrincipalArn: !Sub arn:aws:iam::${AWS::AccountId}:role/sandbox-*',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: NotPrincipal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html' },
    { title: 'AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
  ],
  semantics: ['sts-semantics.md#21-trust-policy-grammar-what-iam-accepts-for-assumerolepolicydocument', 'sts-semantics.md#24-principal-element-forms'],
  messages: {
    notPrincipal:
      '{{owner}} allows every principal except {{excluded}} to assume it: NotPrincipal with Allow inverts the principal list, and role trust policies do not accept NotPrincipal.',
  },
  check(ctx) {
    // One finding per place, whichever Fn::If variants of the statement share it.
    for (const { doc, stmt } of ctx.trustStatements()) {
      // Deny is not a grant; only Allow + NotPrincipal opens the role to "everyone but".
      // sts-semantics.md §2.1: IAM refuses NotPrincipal in a role trust policy at all; §2.4: with Allow it means everyone else.
      if (stmt.effect !== 'Allow' || !stmt.notPrincipals) continue;
      const listed = stmt.notPrincipals.map((p) => (isUnknown(p.value) ? p.value.toString() : p.type === '*' ? '"*"' : `${p.type}: ${p.value}`));
      const raw = (stmt.raw as { NotPrincipal?: unknown } | undefined)?.NotPrincipal;
      if (listed.length === 0 && typeof raw === 'string') listed.push(`"${raw}"`);
      const excluded = listed.length === 0 ? 'the (empty) list' : listed.length > 3 ? `${listed.slice(0, 3).join(', ')} and ${listed.length - 3} more` : listed.join(', ');
      ctx.report({
        messageId: 'notPrincipal',
        data: { owner: ctx.ownerLabel(doc), excluded },
        at: stmt.locate('/NotPrincipal'),
        when: stmt.when,
        key: [doc.owner.id, String(stmt.sid ?? stmt.index)],
      });
    }
  },
});
