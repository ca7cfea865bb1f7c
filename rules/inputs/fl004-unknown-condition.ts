import { isUnknown, joinPointer } from '../../src/model/index.js';
import { isKnownOidcClaim, parseOidcConditionKey } from '../../src/data/oidc-providers.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { conditionKeyCandidates, conditionPrefixKnown, findConditionKey, nearest, serviceExists, serviceName } from '../../src/rule-kit/iam-catalog.js';
import { policyLabel } from '../../src/rule-kit/statement-report.js';

type M = 'unknownOperator' | 'nullIfExists' | 'unknownKey' | 'unknownClaim' | 'wrongValue';

// sts-semantics.md §9.2: every condition operator; `…IfExists` on all but Null; ForAllValues:/ForAnyValue: on any.
const BASES = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];
const ALL_FORMS = ['', 'ForAllValues:', 'ForAnyValue:'].flatMap((q) => BASES.flatMap((b) => (b === 'Null' ? [q + b] : [q + b, `${q + b}IfExists`])));

/** The operator's base (canonical spelling), or why it is not an operator. Spelling is compared case-insensitively. */
function parseOperator(op: string): { base: string } | { error: 'unknownOperator' | 'nullIfExists' } {
  let rest = op.replace(/^(ForAllValues|ForAnyValue):/i, '');
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const base = BASES.find((b) => b.toLowerCase() === rest.toLowerCase());
  if (!base) return { error: 'unknownOperator' };
  if (base === 'Null' && ifExists) return { error: 'nullIfExists' };
  return { base };
}

const CLAIMS = ['aud', 'sub', 'amr', 'azp', 'oaud', 'id', 'app_id', 'user_id'];

/** Whether the condition key exists (sts-semantics.md §9.4: case-insensitive; §5.2 OIDC claims; §4.3 SAML keys via the catalogue). */
function judgeKey(key: string): { messageId: 'unknownKey' | 'unknownClaim'; data: Record<string, string> } | undefined {
  if (findConditionKey(key)) return undefined;
  const colon = key.indexOf(':');
  const oidc = parseOidcConditionKey(key);
  const prefix = colon > 0 ? key.slice(0, colon) : '';
  if (oidc || prefix.includes('.')) {
    // sts-semantics.md §5.2: IAM evaluates only documented claims; a custom claim is never in the request.
    const issuer = oidc?.issuer ?? prefix.toLowerCase();
    const claim = oidc?.claim ?? key.slice(colon + 1);
    if (oidc && isKnownOidcClaim(issuer, claim)) return undefined;
    const near = nearest(claim, CLAIMS.filter((c) => isKnownOidcClaim(issuer, c)), claim.length <= 4 ? 1 : 2);
    return { messageId: 'unknownClaim', data: { claim, hint: near ? ` (did you mean \`${key.slice(0, colon)}:${near}\`?)` : '' } };
  }
  let hint: string | undefined;
  if (colon < 0) hint = findConditionKey(`aws:${key}`)?.key;
  else if (findConditionKey(`${key}/x`)) hint = `${key}/<tag-key>`;
  else hint = nearest(key, conditionKeyCandidates(key));
  const p = prefix.toLowerCase();
  const scope =
    colon < 0 ? 'a condition key of any service (it has no `service:` prefix)'
    : !conditionPrefixKnown(key) ? `a condition key of any service (\`${prefix}\` is not an AWS service prefix)`
    : p === 'aws' ? 'an AWS global condition key'
    : serviceExists(p) ? `a condition key of ${serviceName(p)}`
    : `a \`${p}\` condition key`;
  return { messageId: 'unknownKey', data: { scope, hint: hint ? ` (did you mean \`${hint}\`?)` : '' } };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isDate(v: string): boolean {
  if (/^\d+$/.test(v)) return true; // epoch seconds
  const m = DATE.exec(v);
  if (!m) return false;
  const [, , mo, d, h = '0', mi = '0', s = '0'] = m;
  return +mo >= 1 && +mo <= 12 && +d >= 1 && +d <= 31 && +h < 24 && +mi < 60 && +s <= 60;
}

function isCidr(v: string): boolean {
  const [ip, bits, extra] = v.split('/');
  if (extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return v4.slice(1).every((o) => +o <= 255) && (bits === undefined || +bits <= 32);
  if (!/^[0-9a-f:]+$/i.test(ip) || !ip.includes(':') || ip.split('::').length > 2) return false;
  const groups = ip.split(':').filter((g) => g !== '');
  return groups.length <= 8 && groups.every((g) => g.length <= 4) && (bits === undefined || +bits <= 128);
}

/** What a value of this operator must look like, when `value` does not (sts-semantics.md §9.2). */
function wrongFor(base: string, value: string): string | undefined {
  if (base === 'Bool' || base === 'Null') return /^(true|false)$/i.test(value) ? undefined : '`true` or `false`';
  if (base.startsWith('Numeric')) return NUMBER.test(value) ? undefined : 'a number';
  if (base.startsWith('Date')) return isDate(value) ? undefined : 'a date (ISO 8601 such as 2025-01-31T00:00:00Z, or epoch seconds)';
  if (base.endsWith('IpAddress')) return isCidr(value) ? undefined : 'an IP address or CIDR range';
  if (base === 'BinaryEquals') return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? undefined : 'base64 text';
  if (base.startsWith('Arn')) return /^arn:/i.test(value) || /^[*?]/.test(value) ? undefined : 'an ARN';
  return undefined;
}

export default defineRule<M>({
  id: 'FL004',
  name: 'unknown-condition',
  severity: 'medium',
  tags: ['inputs', 'grammar', 'conditions'],
  scope: 'document',
  since: '0.1.0',
  short: 'An unknown condition operator or key, or a condition value of the wrong type for its operator.',
  full:
    'A condition on a key that no request carries behaves as if the key were missing: a positive test never matches and a negated one (`StringNotEquals`, `ArnNotLike`) always does, so a misspelt `aws:MultiFactorAuthPresent` silently turns an MFA requirement or an MFA deny into something else. This rule checks every condition against IAM\'s operators (with `IfExists` and `ForAllValues:`/`ForAnyValue:`), the global and service condition keys of the service authorization reference, the SAML keys and the web-identity claims IAM evaluates, and the value types of the operator (`Bool` takes `true`/`false`, `Numeric…` numbers, `Date…` dates, `IpAddress` CIDR ranges). Keys are case-insensitive, so case alone is never reported; keys with a variable part (`aws:PrincipalTag/team`, `s3:ExistingObjectTag/owner`) are accepted with any non-empty tag key.',
  help: [
    'Use an operator from the IAM reference and a key spelt as the reference spells it (case does not matter), with values of the operator\'s type:',
    '',
    '```yaml',
    'Condition:',
    '  Bool:',
    '    aws:MultiFactorAuthPresent: "true"',
    '  NumericLessThan:',
    '    aws:MultiFactorAuthAge: "3600"',
    '```',
    '',
    'For web identity, only `aud`, `sub`, `amr`, `azp` and the provider keys AWS documents are evaluated: pin other claims through the `sub` format of the provider instead.',
  ].join('\n'),
  references: [
    { title: 'IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
    { title: 'AWS global condition context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html' },
    { title: 'IAM and AWS STS condition context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html' },
  ],
  semantics: ['sts-semantics.md#92-condition-operators', 'sts-semantics.md#94-case-sensitivity', 'sts-semantics.md#52-condition-keys', 'sts-semantics.md#43-saml-condition-keys-trust-policy'],
  messages: {
    unknownOperator: '{{policy}} uses condition operator `{{operator}}`, which IAM does not have{{hint}}; IAM rejects the policy.',
    nullIfExists: '{{policy}} uses `{{operator}}`, but `Null` has no `IfExists` form (it already tests whether the key exists); IAM rejects the policy.',
    unknownKey: '{{policy}} tests `{{key}}`, which is not {{scope}}{{hint}}: no request carries it, so a positive test never matches and a negated one always does.',
    unknownClaim:
      '{{policy}} tests `{{key}}`, but IAM evaluates only the documented web-identity claims (`aud`, `sub`, `amr`, `azp` and a few provider keys) and `{{claim}}` is not one of them{{hint}}: no request carries it, so a positive test never matches and a negated one always does.',
    wrongValue: '{{policy}}: `{{operator}}` compares `{{key}}` with "{{value}}", which is not {{expected}}, so the test cannot work as written.',
  },
  check(ctx) {
    for (const doc of ctx.documents()) {
      const policy = policyLabel(ctx, doc, true);
      for (const stmt of doc.statements) {
        const keyAt = (p: string) => (stmt.locateKey ?? stmt.locate)(p);
        for (const c of stmt.conditions) {
          const op = parseOperator(c.operator);
          // An operator left symbolic (a Terraform condition whose `test` is not known) is not judged.
          if ('error' in op && !c.operator.includes('${')) {
            const near = op.error === 'unknownOperator' ? nearest(c.operator, ALL_FORMS) : undefined;
            const hint = near ? ` (did you mean \`${near}\`?)` : '';
            ctx.report({ when: stmt.when, messageId: op.error, data: { policy, operator: c.operator, hint }, at: keyAt(joinPointer('', 'Condition', c.operator)), key: [doc.owner.id, c.operator] });
          }
          // A key CloudFormation left symbolic (`oidc.eks.${AWS::Region}…`) is not judged.
          const bad = c.key.includes('${') ? undefined : judgeKey(c.key);
          if (bad) ctx.report({ when: stmt.when, messageId: bad.messageId, data: { policy, key: c.key, ...bad.data }, at: keyAt(joinPointer('', 'Condition', c.operator, c.key)), key: [doc.owner.id, c.key.toLowerCase()] });
          if ('error' in op) continue;
          for (const v of c.values) {
            // Unresolved values and policy variables are not judged; FL002 reports lists and maps where a value belongs.
            if (isUnknown(v.value) || v.value.includes('${')) continue;
            const expected = wrongFor(op.base, v.value);
            if (expected) ctx.report({ when: stmt.when, messageId: 'wrongValue', data: { policy, operator: c.operator, key: c.key, value: v.value, expected }, at: v.source, key: [doc.owner.id, c.key.toLowerCase(), v.value] });
          }
        }
      }
    }
  },
});
