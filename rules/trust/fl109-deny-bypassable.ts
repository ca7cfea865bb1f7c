import { type ConditionEntry, isUnknown, joinPointer, type Statement } from '../../src/model/index.js';
import { ASSUME_ACTIONS, defineRule, operatorParts, statementCoversAction } from '../../src/rule-kit/index.js';
import { isMfaAgeKey, isMfaPresentKey } from '../../src/rule-kit/mfa.js';

/**
 * Keys the STS API never puts in the context of an AssumeRole* request: "bearer-token requests only … not present for
 * AWS STS assume-role operations" (sts-semantics.md §2.6).
 */
const NEVER_ON_ASSUME = ['sts:DurationSeconds', 'sts:AWSServiceName'];

/** Which callers without MFA a Deny entry catches (sts-semantics.md §3.1–3.2, §9.2). */
interface Coverage {
  /** Long-term access keys: aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge absent. */
  absent: boolean;
  /** Temporary credentials without MFA: aws:MultiFactorAuthPresent present as false, the age absent. */
  noMfa: boolean;
}

/** Every value is known and equals `want` (case-insensitive). */
function allAre(c: ConditionEntry, want: string): boolean {
  return c.values.length > 0 && c.values.every((v) => !isUnknown(v.value) && v.value.toLowerCase() === want);
}

/** What an MFA condition entry of a Deny catches among callers without MFA; undefined when it is not an MFA test we read. */
function coverage(c: ConditionEntry): Coverage | undefined {
  const op = operatorParts(c.operator);
  if (op.set) return undefined;
  if (isMfaPresentKey(c.key)) {
    // §3.2: Bool "false" never matches an absent key; BoolIfExists "false" matches both; Null "true" only the absent key.
    if (op.base === 'Bool' && allAre(c, 'false')) return { absent: op.ifExists, noMfa: true };
    if (op.base === 'Null' && allAre(c, 'true')) return { absent: true, noMfa: false };
    return undefined;
  }
  if (isMfaAgeKey(c.key)) {
    // §3.1: the age exists only when the caller used MFA; a missing key makes a non-negated operator false (§9.2).
    if (op.base === 'Null') return allAre(c, 'true') ? { absent: true, noMfa: true } : undefined;
    if (c.values.length === 0 || c.values.some((v) => isUnknown(v.value))) return undefined;
    // A negated operator is true on the absent key, so it denies every caller without MFA.
    if (op.negated) return { absent: true, noMfa: true };
    return { absent: op.ifExists, noMfa: op.ifExists };
  }
  return undefined;
}

const isDenyOnAssume = (s: Statement) => s.effect === 'Deny' && ASSUME_ACTIONS.some((a) => statementCoversAction(s, a));
/** `other` applies whenever `s` does as far as Fn::If goes: it has no guard that `s` does not share. */
const holdsWith = (other: Statement, s: Statement) => other.when.every((g) => s.when.some((h) => h.condition === g.condition && h.value === g.value));

const messages = {
  mfaBoolFalse:
    'The Deny in {{owner}} tests {{operator}} aws:MultiFactorAuthPresent "false": callers with long-term access keys send no such key, the condition is false and the Deny does not apply, so they assume the role without MFA.',
  mfaNullTrue:
    'The Deny in {{owner}} tests Null aws:MultiFactorAuthPresent "true": it denies only requests without the key (long-term keys); sessions that signed in without MFA carry the key as false and assume the role.',
  mfaAgeAbsent:
    'The Deny in {{owner}} tests {{operator}} on aws:MultiFactorAuthAge, a key present only when the caller used MFA: callers without MFA make the condition false and are not denied.',
  neverSet:
    'The Deny in {{owner}} is keyed on {{key}}, which STS sets only on bearer-token requests and never on AssumeRole calls: the condition is never true and the Deny never applies.',
};

export default defineRule({
  id: 'FL109',
  name: 'deny-bypassable',
  severity: 'medium',
  tags: ['trust', 'deny', 'mfa'],
  scope: 'document',
  since: '0.1.0',
  short: 'A Deny in a trust policy does not apply to the requests it is meant to stop.',
  full:
    'A Deny in a trust policy only helps if its condition is true for the requests it targets. A condition key that is absent from the request makes most operators false, so the Deny silently does nothing: `Bool aws:MultiFactorAuthPresent "false"` never matches callers using long-term access keys (the key is absent), `Null aws:MultiFactorAuthPresent "true"` misses sessions that signed in without MFA (the key is present as false), a numeric test on `aws:MultiFactorAuthAge` misses everyone who did not use MFA, and `sts:DurationSeconds` / `sts:AWSServiceName` are never set on AssumeRole calls. The role is then assumable by exactly the callers the Deny names.',
  help: [
    'Write the Deny so that a missing key also denies: use the `…IfExists` form for MFA, which is true when the key is absent.',
    '',
    '```yaml',
    '- Effect: Deny',
    '  Principal: "*"',
    '  Action: sts:AssumeRole',
    '  Condition:',
    '    BoolIfExists:',
    '      aws:MultiFactorAuthPresent: "false"',
    '```',
    '',
    'To bound the MFA age, deny with `NumericGreaterThanIfExists` on `aws:MultiFactorAuthAge` (or keep the BoolIfExists Deny next to it). Remove conditions on `sts:DurationSeconds` and `sts:AWSServiceName` from trust policies: they exist only for `sts:GetServiceBearerToken`. Requiring MFA is better done in the Allow (`Bool aws:MultiFactorAuthPresent "true"`).',
  ].join('\n'),
  references: [
    { title: 'Global condition keys: aws:MultiFactorAuthPresent (Deny with BoolIfExists)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent' },
    { title: 'IAM condition operators: …IfExists and Null', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
    { title: 'AWS STS condition keys (sts:DurationSeconds, sts:AWSServiceName)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-sts' },
  ],
  semantics: ['sts-semantics.md#32-operator-pitfalls-encode-as-lint-rules', 'sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#26-condition-keys-relevant-to-trust-policies', 'sts-semantics.md#92-condition-operators'],
  messages,
  check(ctx) {
    for (const doc of ctx.documents('trust')) {
      const denies = doc.statements.filter(isDenyOnAssume);
      for (const s of denies) {
        // What the other single-condition Denies that apply with `s` already catch (the documented Bool + Null pair).
        const others = denies.filter((o) => o !== s && o.conditions.length === 1 && holdsWith(o, s)).flatMap((o) => coverage(o.conditions[0]) ?? []);
        const covered = { absent: others.some((c) => c.absent), noMfa: others.some((c) => c.noMfa) };
        const owner = ctx.ownerLabel(doc);
        // Long-term keys and console sessions belong to AWS principals; a Deny aimed only at services or federated
        // providers is not about them (§3.1 leaves their MFA keys [U]).
        const people = s.principals === undefined || s.principals.some((p) => p.type === 'AWS' || p.type === '*');
        for (const c of s.conditions) {
          const op = operatorParts(c.operator);
          const key = [doc.owner.id, c.operator, c.key];
          const cov = people ? coverage(c) : undefined;
          if (cov && isMfaPresentKey(c.key) && !cov.absent && !covered.absent) {
            ctx.report({ messageId: 'mfaBoolFalse', data: { owner, operator: c.operator }, at: c.values[0].source, when: s.when, key });
          } else if (cov && isMfaPresentKey(c.key) && !cov.noMfa && !covered.noMfa) {
            ctx.report({ messageId: 'mfaNullTrue', data: { owner }, at: c.values[0].source, when: s.when, key });
          } else if (cov && isMfaAgeKey(c.key) && !cov.absent && !(covered.absent && covered.noMfa)) {
            ctx.report({ messageId: 'mfaAgeAbsent', data: { owner, operator: c.operator }, at: c.source, when: s.when, key });
          } else if (NEVER_ON_ASSUME.some((k) => k.toLowerCase() === c.key.toLowerCase())) {
            // Absent key: a non-negated operator is false, Null "false" is false; negated / IfExists / Null "true" are
            // true and deny everything — broken, but not bypassable.
            const never = op.set !== 'ForAllValues' && ((op.base === 'Null' && allAre(c, 'false')) || (op.base !== 'Null' && !op.negated && !op.ifExists));
            if (never) ctx.report({ messageId: 'neverSet', data: { owner, key: c.key }, at: s.locateKey?.(joinPointer('/Condition', c.operator, c.key)) ?? c.source, when: s.when, key });
          }
        }
      }
    }
  },
});
