import type { ConditionEntry, ConditionValue, PolicyDocument, Statement } from '../../src/model/index.js';
import { isUnknown } from '../../src/model/index.js';
import { defineRule, operatorParts } from '../../src/rule-kit/index.js';
import { deniesWithoutMfa, isMfaAgeKey, isMfaPresentKey, mfaRequirement } from '../../src/rule-kit/mfa.js';

type MessageId = 'allowIfExists' | 'denyBoolFalse' | 'denyNullTrue' | 'allowNullFalse' | 'ageNotNumeric' | 'ageGreaterThan' | 'ageIfExists';

/** The known values of an entry equal (case-insensitively) to `want`. */
const valuesEqual = (c: ConditionEntry, want: string): ConditionValue[] => c.values.filter((v) => !isUnknown(v.value) && v.value.toLowerCase() === want);

/** The actions a statement is about, for messages: `ec2:*, s3:*`, `every action except iam:*`. */
function actionsText(stmt: Statement): string {
  const list = (ls: Statement['actions']) => {
    const names = (ls ?? []).map((a) => (isUnknown(a.value) ? a.value.toString() : a.value));
    return names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
  };
  if (stmt.actions) return list(stmt.actions);
  if (stmt.notActions) return `every action except ${list(stmt.notActions)}`;
  return 'its actions';
}

/** What is wrong with one MFA condition entry of a statement, and the values to report at (sts-semantics.md §3.2). */
function diagnose(doc: PolicyDocument, stmt: Statement, c: ConditionEntry): { messageId: MessageId; at: ConditionValue[] } | undefined {
  const op = operatorParts(c.operator);
  if (op.set) return undefined;
  const allow = stmt.effect === 'Allow';
  // Another entry of the same Allow already demands MFA (Bool true, an age bound): the loose one changes nothing.
  // In a trust policy, a trust-wide Deny with BoolIfExists false (§3.2) does the same.
  const enforced = allow && (mfaRequirement(stmt) !== undefined || (doc.kind === 'trust' && deniesWithoutMfa(doc, stmt)));
  if (isMfaPresentKey(c.key)) {
    // §3.2: Allow + BoolIfExists true also matches long-term keys, where the key is absent (§3.1).
    if (allow && op.base === 'Bool' && op.ifExists && !enforced) return { messageId: 'allowIfExists', at: valuesEqual(c, 'true') };
    // §3.2: Allow + Null false only checks that the key exists: any temporary credentials, MFA or not.
    if (allow && op.base === 'Null' && !enforced) return { messageId: 'allowNullFalse', at: valuesEqual(c, 'false') };
    // Deny in a trust policy is FL109's (deny-bypassable); here only identity (and other) policies.
    if (stmt.effect === 'Deny' && doc.kind !== 'trust') {
      // §3.2: Deny + Bool false never matches long-term keys (key absent → false).
      if (op.base === 'Bool' && !op.ifExists) return { messageId: 'denyBoolFalse', at: valuesEqual(c, 'false') };
      // §3.2: Deny + Null true matches only the absent key; temporary credentials without MFA (false) pass.
      if (op.base === 'Null') return { messageId: 'denyNullTrue', at: valuesEqual(c, 'true') };
    }
    return undefined;
  }
  if (!isMfaAgeKey(c.key) || (stmt.effect === 'Deny' && doc.kind === 'trust')) return undefined;
  // §3.1: aws:MultiFactorAuthAge is a number of seconds; `Null` is the one non-numeric operator that makes sense.
  if (!/^Numeric/.test(op.base) && op.base !== 'Null') return { messageId: 'ageNotNumeric', at: c.values.slice(0, 1) };
  if (!allow) return undefined;
  // An Allow for an age *above* the limit admits stale MFA and refuses fresh MFA: the bound is inverted.
  if (/^NumericGreaterThan/.test(op.base)) return { messageId: 'ageGreaterThan', at: c.values.slice(0, 1) };
  // §9.2: IfExists is true when the key is absent, i.e. for every request made without MFA (§3.1).
  if (/^NumericLessThan/.test(op.base) && op.ifExists && !enforced) return { messageId: 'ageIfExists', at: c.values.slice(0, 1) };
  return undefined;
}

export default defineRule<MessageId>({
  id: 'FL402',
  name: 'mfa-condition-ineffective',
  severity: 'high',
  tags: ['mfa'],
  scope: 'document',
  since: '0.1.0',
  short: 'An MFA condition does not do what it appears to do.',
  full:
    'MFA conditions are easy to invert: long-term access keys carry no `aws:MultiFactorAuthPresent` key at all, temporary credentials without MFA carry it as `false`, and `aws:MultiFactorAuthAge` exists only after MFA. So `BoolIfExists … true` or `Null … false` in an `Allow` lets requests without MFA through, `Bool … false` or `Null … true` in a `Deny` misses one of the two kinds of request without MFA, and an age tested with a string operator, `NumericGreaterThan` or an IfExists operator bounds nothing. The rule checks every policy, trust and identity; `Deny` statements in trust policies are left to FL109 (deny-bypassable), which reports them with the bypass in mind, so the same statement is not reported twice.',
  help: [
    'In an `Allow`, require MFA with `Bool` (not `BoolIfExists`) and bound the age with `NumericLessThan`; in a `Deny`, use `BoolIfExists … false`, which also catches long-term access keys:',
    '',
    '```yaml',
    'Statement:',
    '  - Effect: Allow',
    '    Action: ec2:*',
    '    Resource: "*"',
    '    Condition:',
    '      Bool:',
    '        aws:MultiFactorAuthPresent: "true"',
    '      NumericLessThan:',
    '        aws:MultiFactorAuthAge: "3600"',
    '  - Effect: Deny',
    '    NotAction: [iam:ListMFADevices, iam:CreateVirtualMFADevice, iam:EnableMFADevice, sts:GetSessionToken]',
    '    Resource: "*"',
    '    Condition:',
    '      BoolIfExists:',
    '        aws:MultiFactorAuthPresent: "false"',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS global condition context keys: aws:MultiFactorAuthPresent', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent' },
    { title: 'Configuring MFA-protected API access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html' },
    { title: 'IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
  ],
  semantics: ['sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#32-operator-pitfalls-encode-as-lint-rules', 'sts-semantics.md#92-condition-operators'],
  messages: {
    allowIfExists:
      '{{owner}} allows {{target}} under `{{operator}}` `{{key}}: {{value}}`, which is also true when the key is absent: requests signed with long-term access keys carry no MFA key, so they pass without MFA.',
    allowNullFalse:
      '{{owner}} allows {{target}} under `{{operator}}` `{{key}}: {{value}}`, which only checks that the key exists: temporary credentials obtained without MFA carry it as false and pass.',
    denyBoolFalse:
      '{{owner}} denies {{target}} under `{{operator}}` `{{key}}: {{value}}`, which never matches requests signed with long-term access keys (they carry no MFA key), so those pass without MFA.',
    denyNullTrue:
      '{{owner}} denies {{target}} under `{{operator}}` `{{key}}: {{value}}`, which matches only requests without the key (long-term access keys): temporary credentials obtained without MFA carry it as false and pass.',
    ageNotNumeric:
      '{{owner}} tests `{{key}}` with `{{operator}}` `{{value}}`: the key is a number of seconds and is not compared as one, so the condition does not bound how old the MFA sign-in is.',
    ageGreaterThan:
      '{{owner}} allows {{target}} only when `{{key}}` is `{{operator}}` {{value}} s: MFA sign-ins older than the limit pass and fresh ones are refused, the bound is inverted.',
    ageIfExists:
      '{{owner}} allows {{target}} under `{{operator}}` `{{key}}: {{value}}`, which is also true when the key is absent: every request made without MFA has no MFA age, so it passes.',
  },
  check(ctx) {
    for (const doc of ctx.documents()) {
      for (const stmt of doc.statements) {
        for (const c of stmt.conditions) {
          const hit = diagnose(doc, stmt, c);
          if (!hit) continue;
          const target = doc.kind === 'trust' ? 'assuming the role' : actionsText(stmt);
          for (const v of hit.at) {
            ctx.report({
              messageId: hit.messageId,
              data: { owner: ctx.ownerLabel(doc), target, operator: c.operator, key: c.key, value: isUnknown(v.value) ? v.value.toString() : v.value },
              at: v.source,
              when: stmt.when,
              key: [doc.owner.id, doc.owner.policyName ?? '', stmt.sid ?? String(stmt.index), c.operator, c.key],
            });
          }
        }
      }
    }
  },
});
