import { parseOidcConditionKey } from '../../src/data/oidc-providers.js';
import { isUnknown } from '../../src/model/index.js';
import { defineRule, operatorParts } from '../../src/rule-kit/index.js';

/**
 * Claims that identify the caller or its audience, compared as plain strings. `amr` is left out: the
 * documented Cognito form is `ForAnyValue:StringLike` with the bare word `authenticated` (sts-semantics.md §5.6).
 */
const CLAIMS = new Set(['sub', 'aud', 'azp', 'oaud', 'id', 'app_id', 'user_id']);

/** `${*}`, `${?}`, `${$}` are IAM's escapes for a literal character: not wildcards (policy variables). */
const stripEscapes = (v: string) => v.replace(/\$\{[*?$]\}/g, '');
const hasWildcard = (v: string) => /[*?]/.test(stripEscapes(v));

type Messages = 'literalWildcard' | 'literalWildcardExclusion' | 'likeWithoutWildcard';

export default defineRule<Messages>({
  id: 'FL214',
  name: 'oidc-subject-operator',
  severity: 'low',
  tags: ['federation', 'oidc', 'conditions'],
  scope: 'document',
  since: '0.1.0',
  short: 'An OIDC `sub`/`aud` condition uses StringEquals with a wildcard, or StringLike without one.',
  full:
    '`StringEquals` and `StringEqualsIgnoreCase` compare `*` and `?` literally, so a condition such as `StringEquals token.actions.githubusercontent.com:sub: repo:my-org/*` only matches a token whose subject is that exact string: no workflow can assume the role (it is broken, not open), and the author almost certainly meant `StringLike`; under `StringNotEquals` the literal star excludes nothing the pattern was meant to exclude. The opposite, `StringLike` with no wildcard in any value, works exactly like `StringEquals` but signals that the author was unsure which operator matches what, which is how the broken form gets written later.',
  help: [
    'Use `StringLike` when a value has a `*` or `?` pattern, `StringEquals` for exact values:',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '  StringLike:',
    '    token.actions.githubusercontent.com:sub: repo:my-org/my-repo:*',
    '```',
  ].join('\n'),
  references: [
    { title: 'IAM JSON policy elements: Condition operators (string)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String' },
    { title: 'Configuring a role for GitHub OIDC identity provider', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub' },
  ],
  semantics: ['sts-semantics.md#92-condition-operators', 'sts-semantics.md#53-github-actions', 'sts-semantics.md#52-condition-keys'],
  messages: {
    literalWildcard:
      '{{owner}} compares {{key}} with {{operator}} against `{{value}}`: {{operator}} treats `*` and `?` as literal characters, so this value matches only a token whose claim is literally that string, never the callers the pattern was meant for: the role is broken for them, not open ({{like}} was probably meant).',
    literalWildcardExclusion:
      '{{owner}} excludes {{key}} with {{operator}} `{{value}}`: {{operator}} treats `*` and `?` as literal characters, so it excludes only a token whose claim is exactly that string and every subject the pattern was meant to keep out still matches ({{like}} was probably meant).',
    likeWithoutWildcard:
      '{{owner}} compares {{key}} with {{operator}} but none of its values has a `*` or `?`: it matches exactly as {{equals}} does, which suggests the operator was chosen without knowing which one matches patterns.',
  },
  check(ctx) {
    for (const doc of ctx.documents()) {
      for (const stmt of doc.statements) {
        for (const c of stmt.conditions) {
          const parsed = parseOidcConditionKey(c.key);
          if (!parsed || !CLAIMS.has(parsed.claim)) continue;
          const op = operatorParts(c.operator);
          const owner = ctx.ownerLabel(doc);
          const prefix = op.set ? `${op.set}:` : '';
          const suffix = op.ifExists ? 'IfExists' : '';
          // sts-semantics.md §9.2: `*` and `?` are wildcards only in the Like forms; StringEquals takes them literally.
          if (/^String(Not)?Equals(IgnoreCase)?$/i.test(op.base)) {
            const like = `${prefix}${op.negated ? 'StringNotLike' : 'StringLike'}${suffix}`;
            for (const v of c.values) {
              if (isUnknown(v.value) || !hasWildcard(v.value)) continue;
              ctx.report({ messageId: op.negated ? 'literalWildcardExclusion' : 'literalWildcard', data: { owner, key: c.key, operator: c.operator, value: v.value, like }, at: v.source, when: stmt.when, key: [doc.owner.id, c.key.toLowerCase(), v.value] });
            }
          } else if (/^String(Not)?Like$/i.test(op.base)) {
            const known = c.values.map((v) => v.value);
            if (known.length === 0 || known.some((v) => isUnknown(v) || hasWildcard(v))) continue;
            const equals = `${prefix}${op.negated ? 'StringNotEquals' : 'StringEquals'}${suffix}`;
            ctx.report({ messageId: 'likeWithoutWildcard', data: { owner, key: c.key, operator: c.operator, equals }, at: c.source, when: stmt.when, key: [doc.owner.id, c.key.toLowerCase()] });
          }
        }
      }
    }
  },
});
