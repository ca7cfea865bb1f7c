import { claimConstraints, federatedTrusts, matchesAnything, SAML_ACTION } from '../../src/rule-kit/federated-trust.js';
import { defineRule } from '../../src/rule-kit/index.js';

/**
 * SAML keys that say *which user* (or which group of users) is signing in (sts-semantics.md §4.3): the NameID,
 * directory identifiers and group/affiliation attributes the IdP maps per user. Not counted: `saml:aud`, `saml:iss`,
 * `saml:doc` and `saml:namequalifier` name the IdP/provider (already fixed by the principal; the NameQualifier
 * is a hash of issuer, account and provider name, identical for every user of the IdP, §1.4); `saml:sub_type`
 * (persistent/transient) is the NameID format; given name, surname and nickname are not identifiers.
 */
const USER_KEYS = new Set(
  ['sub', 'uid', 'mail', 'name', 'cn', 'commonname', 'x500uniqueidentifier', 'primarygroupsid', 'organizationstatus', 'edupersonprincipalname', 'edupersontargetedid', 'edupersonaffiliation', 'edupersonprimaryaffiliation', 'edupersonscopedaffiliation', 'edupersonentitlement', 'edupersonorgunitdn', 'edupersonprimaryorgunitdn'].map((k) => `saml:${k}`),
);

/** Session tags the IdP sends per user (`…/SAML/Attributes/PrincipalTag:<k>`, §1.8) are tested as aws:RequestTag/<k> during the call. */
const isUserKey = (key: string) => USER_KEYS.has(key.toLowerCase()) || /^aws:RequestTag\/./i.test(key);

export default defineRule({
  id: 'FL203',
  name: 'saml-provider-without-role-scope',
  severity: 'low',
  tags: ['federation', 'saml'],
  scope: 'document',
  since: '0.1.0',
  short: 'A sensitive role trusts a SAML provider with no condition on who the user is.',
  full:
    'A SAML trust without a condition on the user (`SAML:sub`, a directory identifier such as `SAML:edupersonprincipalname` or `SAML:uid`, a mapped group attribute, or a session tag the IdP sends) leaves the whole decision to the IdP\'s role mapping: every IdP user whose assertion lists this role — by design, by a too-broad group rule, or by a compromised IdP admin — gets it. For a sensitive role, a condition in AWS keeps a second, reviewable list of who may sign in. `SAML:namequalifier` and `SAML:sub_type` do not count: they are the same for every user of the IdP.',
  help: [
    'Add a condition on an attribute the IdP sends per user, for example the NameID or an entitlement:',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    SAML:aud: https://signin.aws.amazon.com/saml',
    '  ForAnyValue:StringEquals:',
    '    SAML:edupersonentitlement: urn:example:aws:platform-admins',
    '```',
    '',
    'or list the users: `StringEquals: { SAML:sub: [alice@example.com, bob@example.com] }`.',
  ].join('\n'),
  references: [
    { title: 'Available keys for SAML-based AWS STS federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml' },
    { title: 'SAML 2.0 federation (uniquely identifying users)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_saml.html' },
    { title: 'Passing session tags using AssumeRoleWithSAML', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html' },
  ],
  semantics: ['sts-semantics.md#43-saml-condition-keys-trust-policy', 'sts-semantics.md#44-assertion-attributes-and-session-length', 'sts-semantics.md#18-session-tags-and-transitive-tags'],
  messages: {
    noUserScope:
      'Sensitive {{owner}} ({{reason}}) trusts {{provider}} with no condition on the signing-in user (`SAML:sub`, a directory identifier or a group attribute): every user the IdP sends this role to can assume it, and nothing in AWS limits who that is.',
    userScopeWildcard:
      'Sensitive {{owner}} ({{reason}}) trusts {{provider}} with `{{key}}` value `{{value}}`, which matches every user: every user the IdP sends this role to can assume it, and nothing in AWS limits who that is.',
  },
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      const sensitivity = role ? ctx.sensitivity(role) : undefined;
      if (!sensitivity?.sensitive) continue;
      for (const t of federatedTrusts(stmt, 'saml')) {
        const { pins } = claimConstraints(doc, stmt, t.principal, SAML_ACTION, isUserKey);
        // A pin counts when none of its OR-ed values is a bare `*` (that matches every user).
        const star = (p: (typeof pins)[number]) => p.entry.values.find((v) => typeof v.value === 'string' && matchesAnything(p.entry, v.value));
        if (pins.some((p) => !star(p))) continue;
        const data = { owner: ctx.ownerLabel(doc), reason: sensitivity.reasons[0], provider: t.label };
        const wild = pins.map((p) => ({ key: p.entry.key, v: star(p) })).find((w) => w.v);
        if (wild?.v) ctx.report({ messageId: 'userScopeWildcard', data: { ...data, key: wild.key, value: String(wild.v.value) }, at: wild.v.source, when: stmt.when, key: [doc.owner.id, t.text] });
        else ctx.report({ messageId: 'noUserScope', data, at: t.principal.source, when: stmt.when, key: [doc.owner.id, t.text] });
      }
    }
  },
});
