import { parseOidcConditionKey } from '../../src/data/oidc-providers.js';
import { findConditionKey } from '../../src/rule-kit/iam-catalog.js';
import { defineRule, operatorParts } from '../../src/rule-kit/index.js';

/**
 * Who sends a request without the key, for the keys where that is the attack (sts-semantics.md §2.6, §2.7, §5.2).
 * Keys are lower case.
 */
const ABSENT: Record<string, string> = {
  'aws:principalorgid': 'every principal of an account outside any AWS Organization has none',
  'aws:sourceaccount': 'a caller that is not an AWS service acting for a resource sends none',
  'aws:sourcearn': 'a caller that is not an AWS service acting for a resource sends none',
  'aws:sourceorgid': 'a caller that is not an AWS service acting for a resource sends none',
  'sts:externalid': 'a caller that simply passes no ExternalId sends none',
  'aws:username': 'role sessions and federated users have none',
  'aws:sourcevpce': 'a request that does not come through a VPC endpoint has none',
};

/**
 * Whether a condition key holds one value per request. OIDC claims other than `amr` are single strings (§5.2;
 * Cognito `amr` is multivalued); for other keys the IAM service authorization reference gives the type
 * (`ArrayOf…` = multivalued). Keys the reference does not know are left alone.
 */
function singleValued(key: string): boolean {
  const oidc = parseOidcConditionKey(key);
  if (oidc) return oidc.claim !== 'amr';
  const info = findConditionKey(key);
  return info !== undefined && !/^ArrayOf/i.test(info.type);
}

type Messages = 'forAllOnSingle';

export default defineRule<Messages>({
  id: 'FL220',
  name: 'set-operator-on-single-value',
  severity: 'high',
  tags: ['federation', 'conditions'],
  scope: 'document',
  since: '0.1.0',
  short: '`ForAllValues:` on a single-valued condition key: true when the key is absent, so it pins nothing.',
  full:
    '`ForAllValues:` tests that every value of a multivalued key is in the list, and is true when the request has no value at all. On a single-valued key (`sub`, `aud`, `aws:PrincipalOrgID`, `aws:SourceAccount`, `sts:ExternalId`, `saml:aud` …) it therefore lets through exactly the requests that lack the key: a principal outside any organisation, a caller that passes no external ID, a direct call instead of a service acting for a resource. In an Allow statement the condition pins nothing for them. Use the plain operator; `ForAnyValue:` on the multivalued `cognito-identity.amazonaws.com:amr` is the documented form and is not reported.',
  help: [
    'Drop the set qualifier on single-valued keys:',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    aws:PrincipalOrgID: o-a1b2c3d4e5',
    '    token.actions.githubusercontent.com:sub: repo:my-org/my-repo:ref:refs/heads/main',
    '```',
  ].join('\n'),
  references: [
    { title: 'IAM: single-valued vs. multivalued context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html' },
    { title: 'IAM: multivalued context keys (ForAllValues / ForAnyValue)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html' },
    { title: 'IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
  ],
  semantics: ['sts-semantics.md#92-condition-operators', 'sts-semantics.md#53-github-actions', 'sts-semantics.md#26-condition-keys-relevant-to-trust-policies'],
  messages: {
    forAllOnSingle:
      '{{owner}} tests the single-valued key {{key}} with {{operator}}: ForAllValues is true when the request has no {{key}} at all, so this Allow condition lets through every request without it{{absent}}.',
  },
  check(ctx) {
    for (const doc of ctx.documents()) {
      for (const stmt of doc.statements) {
        // Deny is not a grant: a ForAllValues that is true on absence only widens a Deny.
        if (stmt.effect === 'Deny') continue;
        for (const c of stmt.conditions) {
          const op = operatorParts(c.operator);
          // sts-semantics.md §9.2: ForAllValues returns true when the request has no values (the empty set).
          if (op.set !== 'ForAllValues' || op.base === 'Null' || !singleValued(c.key)) continue;
          const hint = ABSENT[c.key.toLowerCase()];
          ctx.report({ messageId: 'forAllOnSingle', data: { owner: ctx.ownerLabel(doc), key: c.key, operator: c.operator, absent: hint ? ` (${hint})` : '' }, at: c.source, when: stmt.when, key: [doc.owner.id, c.key.toLowerCase(), c.operator] });
        }
      }
    }
  },
});
