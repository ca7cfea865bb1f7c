import type { PolicyDocument, Statement } from '../../src/model/index.js';
import { defineRule, operatorParts, parsePrincipal, statementCoversAction } from '../../src/rule-kit/index.js';
import { humanPrincipal, isMfaAgeKey, mfaPresentTrue } from '../../src/rule-kit/mfa.js';

/** An upper bound on aws:MultiFactorAuthAge in the Allow itself (IfExists is fine next to Bool true: MFA implies the key). */
function boundsAge(stmt: Statement): boolean {
  return stmt.conditions.some((c) => isMfaAgeKey(c.key) && !operatorParts(c.operator).set && /^Numeric(LessThan|LessThanEquals|Equals)$/.test(operatorParts(c.operator).base));
}

/** A trust-wide Deny of sts:AssumeRole for stale MFA: `NumericGreaterThan[Equals][IfExists] aws:MultiFactorAuthAge` as its only condition. */
function deniesStaleMfa(doc: PolicyDocument, allow: Statement): boolean {
  return doc.statements.some((s) => {
    if (s.effect !== 'Deny' || s.conditions.length !== 1 || !statementCoversAction(s, 'sts:AssumeRole')) return false;
    if (!s.when.every((g) => allow.when.some((h) => h.condition === g.condition && h.value === g.value))) return false;
    if (!(s.principals ?? []).some((p) => parsePrincipal(p).kind === 'public')) return false;
    const op = operatorParts(s.conditions[0].operator);
    return isMfaAgeKey(s.conditions[0].key) && !op.set && /^NumericGreaterThan(Equals)?$/.test(op.base);
  });
}

export default defineRule({
  id: 'FL403',
  name: 'mfa-age-unbounded',
  severity: 'low',
  tags: ['mfa', 'trust'],
  scope: 'document',
  since: '0.1.0',
  short: 'A sensitive role requires MFA but accepts an MFA sign-in of any age.',
  full:
    'A trust statement with `Bool aws:MultiFactorAuthPresent: true` accepts any session that was created with MFA, however long ago: a GetSessionToken session made with MFA lasts up to 36 hours and keeps `aws:MultiFactorAuthPresent` true the whole time, so a token copied from a laptop still unlocks the role a day later. For a sensitive role, an `aws:MultiFactorAuthAge` bound (in the statement, or a trust-wide `Deny` on stale MFA) limits how long one MFA prompt is worth.',
  help: [
    'Add an upper bound on the MFA age next to the MFA requirement (seconds since the MFA sign-in):',
    '',
    '```yaml',
    'Condition:',
    '  Bool:',
    '    aws:MultiFactorAuthPresent: "true"',
    '  NumericLessThan:',
    '    aws:MultiFactorAuthAge: "3600"',
    '```',
  ].join('\n'),
  references: [
    { title: 'Configuring MFA-protected API access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html' },
    { title: 'AWS global condition context keys: aws:MultiFactorAuthAge', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthage' },
    { title: 'GetSessionToken', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html' },
  ],
  semantics: ['sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#32-operator-pitfalls-encode-as-lint-rules', 'sts-semantics.md#17-getsessiontoken'],
  messages: {
    ageUnbounded:
      '{{owner}} is sensitive ({{reason}}) and requires MFA from {{who}}, but sets no `aws:MultiFactorAuthAge` bound: a session created with MFA up to 36 hours earlier still satisfies the condition.',
  },
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      if (!role || stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'sts:AssumeRole')) continue;
      const mfa = mfaPresentTrue(stmt);
      if (!mfa || boundsAge(stmt) || deniesStaleMfa(doc, stmt)) continue;
      const humans = (stmt.principals ?? []).flatMap((p) => humanPrincipal(p, (a) => ctx.accountLabel(a)) ?? []);
      if (humans.length === 0) continue;
      const sensitivity = ctx.sensitivity(role);
      if (!sensitivity.sensitive) continue;
      // sts-semantics.md §1.7: GetSessionToken sessions of IAM users last up to 129600 s and carry MFA state.
      ctx.report({
        messageId: 'ageUnbounded',
        data: { owner: ctx.ownerLabel(doc), reason: sensitivity.reasons[0], who: humans.map((h) => h.who).join(', ') },
        at: mfa.values[0]?.source ?? mfa.source,
        when: stmt.when,
        key: [doc.owner.id, ...humans.map((h) => h.text)],
      });
    }
  },
});
