import { claimConstraints, federatedTrusts, matchesAnything, SAML_ACTION } from '../../src/rule-kit/federated-trust.js';
import { defineRule } from '../../src/rule-kit/index.js';

type Messages = 'missingAudience' | 'audienceNotPinned' | 'audienceWildcard';

export default defineRule<Messages>({
  id: 'FL201',
  name: 'saml-missing-audience',
  severity: 'high',
  tags: ['federation', 'saml'],
  scope: 'document',
  since: '0.1.0',
  short: 'A SAML trust does not require `SAML:aud` to be an AWS sign-in endpoint.',
  full:
    '`sts:AssumeRoleWithSAML` is an unsigned call: whoever holds a SAML response signed by the trusted IdP can exchange it for the role, and the trust policy is the only gate. `SAML:aud` is the assertion\'s `Recipient`; requiring it to be the AWS sign-in SAML endpoint means only assertions the IdP issued *for AWS* are accepted. Without it, an assertion the same IdP issued to any other service provider (a SaaS app, an internal tool) can be replayed to AWS STS. A `SAML:aud` condition that is negated, `ForAllValues:`, or only `*` pins nothing and counts as missing.',
  help: [
    'Require the AWS sign-in endpoint as the SAML audience (add the regional endpoints you sign in through):',
    '',
    '```yaml',
    'Principal:',
    '  Federated: !Ref OktaSamlProvider',
    'Action: sts:AssumeRoleWithSAML',
    'Condition:',
    '  StringEquals:',
    '    SAML:aud: https://signin.aws.amazon.com/saml',
    '```',
  ].join('\n'),
  references: [
    { title: 'Create a role for a third-party identity provider (SAML 2.0 federation)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html' },
    { title: 'Configure SAML assertions for the authentication response', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html' },
    { title: 'Available keys for SAML-based AWS STS federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml' },
  ],
  semantics: ['sts-semantics.md#42-trust-policy', 'sts-semantics.md#43-saml-condition-keys-trust-policy', 'sts-semantics.md#14-assumerolewithsaml', 'sts-semantics.md#92-condition-operators'],
  messages: {
    missingAudience:
      '{{owner}} trusts {{provider}} for AssumeRoleWithSAML with no `SAML:aud` condition: a SAML response the IdP issued to any other service provider can be replayed to AWS STS to assume the role.',
    audienceNotPinned:
      '{{owner}} trusts {{provider}} for AssumeRoleWithSAML, but its `{{key}}` condition uses {{operator}}, which does not require the audience to be an AWS sign-in endpoint: a SAML response the IdP issued to any other service provider can be replayed to assume the role.',
    audienceWildcard:
      '{{owner}} trusts {{provider}} for AssumeRoleWithSAML with `{{key}}` value `{{value}}`, which matches every audience: a SAML response the IdP issued to any other service provider can be replayed to assume the role.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      for (const t of federatedTrusts(stmt, 'saml')) {
        const owner = ctx.ownerLabel(doc);
        const key = [doc.owner.id, t.text];
        // sts-semantics.md §4.2: the aud key is SAML:aud or saml:aud (keys are case-insensitive, §9.4); every assertion has a Recipient (§4.4).
        const { pins, loose } = claimConstraints(doc, stmt, t.principal, SAML_ACTION, (k) => k.toLowerCase() === 'saml:aud', true);
        const effective = pins.filter((p) => !p.entry.values.some((v) => typeof v.value === 'string' && matchesAnything(p.entry, v.value)));
        if (effective.length > 0) continue;
        const wildcard = pins.flatMap((p) => p.entry.values.filter((v) => typeof v.value === 'string' && matchesAnything(p.entry, v.value)).map((v) => ({ p, v })))[0];
        if (wildcard) {
          ctx.report({ messageId: 'audienceWildcard', data: { owner, provider: t.label, key: wildcard.p.entry.key, value: String(wildcard.v.value) }, at: wildcard.v.source, when: stmt.when, key });
        } else if (loose.length > 0) {
          ctx.report({ messageId: 'audienceNotPinned', data: { owner, provider: t.label, key: loose[0].key, operator: loose[0].operator }, at: loose[0].source, when: stmt.when, key });
        } else {
          ctx.report({ messageId: 'missingAudience', data: { owner, provider: t.label }, at: t.principal.source, when: stmt.when, key });
        }
      }
    }
  },
});
