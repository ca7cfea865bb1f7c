import { type ConditionEntry, isUnknown } from '../../src/model/index.js';
import { conditionsOn, defineRule, operatorParts } from '../../src/rule-kit/index.js';
import { builtInWebIdentity, COGNITO_IDENTITY, mayAllowWebIdentity } from '../../src/rule-kit/web-identity.js';

const AUD = `${COGNITO_IDENTITY}:aud`;

const isPattern = (v: string) => /[*?]/.test(v.replace(/\$\{[*?$]\}/g, ''));

/**
 * Why an `aud` entry does not name identity pools, or undefined when it does. The token of an identity pool
 * always carries `aud`, so `…IfExists` and set-qualified forms still compare it (FL220 reports `ForAllValues:`);
 * a negated operator only excludes pools, a non-string operator does not compare the value, and a Like
 * pattern matches other accounts' pools (pool IDs are `<region>:<guid>`, sts-semantics.md §5.6).
 */
function looseness(c: ConditionEntry): { why: string; value?: string; at: ConditionEntry['source'] } | undefined {
  const op = operatorParts(c.operator);
  if (op.negated) return { why: `${c.operator} only excludes the pools it lists`, at: c.source };
  if (!/^String(Equals|EqualsIgnoreCase|Like)$/i.test(op.base)) return { why: `${c.operator} does not compare the value with a pool ID`, at: c.source };
  if (c.values.length === 0) return { why: 'the condition lists no pool ID', at: c.source };
  if (!/Like$/i.test(op.base)) return undefined;
  const loose = c.values.find((v) => !isUnknown(v.value) && isPattern(v.value));
  return loose && !isUnknown(loose.value) ? { why: `\`${loose.value}\` is a pattern that also matches identity pools it does not name`, value: loose.value, at: loose.source } : undefined;
}

type Messages = 'missingAudience' | 'looseAudience';

export default defineRule<Messages>({
  id: 'FL215',
  name: 'cognito-missing-audience',
  severity: 'critical',
  tags: ['federation', 'cognito', 'web-identity'],
  scope: 'document',
  since: '0.1.0',
  short: 'A role trusts Cognito identity pools without pinning `cognito-identity.amazonaws.com:aud` to its pool ID.',
  full:
    'A trust statement for `Federated: cognito-identity.amazonaws.com` accepts a token from any Amazon Cognito identity pool. The `cognito-identity.amazonaws.com:aud` claim carries the identity pool ID (`<region>:<guid>`); unless a positive condition pins it to your pool IDs, an identity from any identity pool, in any AWS account, can call AssumeRoleWithWebIdentity on the role (with the basic flow the caller picks the role ARN itself). A negated operator, a non-string operator or a wildcard pattern does not pin it.',
  help: [
    'Pin `aud` to your identity pool ID(s) with `StringEquals`, and `amr` to the identities you mean:',
    '',
    '```yaml',
    'Principal:',
    '  Federated: cognito-identity.amazonaws.com',
    'Action: sts:AssumeRoleWithWebIdentity',
    'Condition:',
    '  StringEquals:',
    '    cognito-identity.amazonaws.com:aud: !Ref IdentityPool',
    '  ForAnyValue:StringLike:',
    '    cognito-identity.amazonaws.com:amr: authenticated',
    '```',
  ].join('\n'),
  references: [
    { title: 'Amazon Cognito: IAM roles (role trust and permissions)', url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html' },
    { title: 'Amazon Cognito: identity pools security best practices', url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html' },
    { title: 'IAM: available keys for web identity federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif' },
  ],
  semantics: ['sts-semantics.md#56-amazon-cognito-identity-pools', 'sts-semantics.md#21-trust-policy-grammar-what-iam-accepts-for-assumerolepolicydocument', 'sts-semantics.md#54-shared-oidc-providers-requiring-a-tenant-control-aws-secure-by-default'],
  messages: {
    missingAudience:
      '{{owner}} trusts Amazon Cognito identity pools (cognito-identity.amazonaws.com) with no `cognito-identity.amazonaws.com:aud` condition naming an identity pool ID: an identity from any identity pool, in any AWS account, can assume it.',
    looseAudience:
      '{{owner}} trusts Amazon Cognito identity pools, but its `{{key}}` condition does not pin an identity pool ID ({{why}}): an identity from another identity pool, in any AWS account, can assume it.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (stmt.effect !== 'Allow' || !mayAllowWebIdentity(stmt)) continue;
      const cognito = (stmt.principals ?? []).filter((p) => builtInWebIdentity(p) === COGNITO_IDENTITY);
      if (cognito.length === 0) continue;
      // sts-semantics.md §5.6 / §5.4: the control is a positive condition on cognito-identity.amazonaws.com:aud.
      // Conditions are AND-ed, so one entry that pins the pool is enough; values under it are OR-ed, so the loosest decides.
      const entries = conditionsOn(stmt, AUD);
      const loose = entries.map(looseness);
      if (entries.length > 0 && loose.some((l) => l === undefined)) continue;
      const owner = ctx.ownerLabel(doc);
      const first = loose[0];
      if (first) {
        ctx.report({ messageId: 'looseAudience', data: { owner, key: entries[0].key, why: first.why }, at: first.at, when: stmt.when, key: [doc.owner.id, first.value ?? entries[0].operator] });
        continue;
      }
      for (const p of cognito) ctx.report({ messageId: 'missingAudience', data: { owner }, at: p.source, when: stmt.when, key: [doc.owner.id, COGNITO_IDENTITY] });
    }
  },
});
