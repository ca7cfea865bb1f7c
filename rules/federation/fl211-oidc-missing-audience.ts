import { claimConstraints, claimKey, federatedTrusts, keyMatcher, matchesAnything, WEB_IDENTITY_ACTION } from '../../src/rule-kit/federated-trust.js';
import { defineRule } from '../../src/rule-kit/index.js';

type Messages = 'missingAudience' | 'missingAudienceBuiltIn' | 'audienceNotPinned' | 'audienceWildcard';

export default defineRule<Messages>({
  id: 'FL211',
  name: 'oidc-missing-audience',
  severity: 'high',
  tags: ['federation', 'oidc'],
  scope: 'document',
  since: '0.1.0',
  short: 'A web identity trust does not pin the token audience (`PROVIDER:aud`).',
  full:
    '`sts:AssumeRoleWithWebIdentity` is unsigned: any holder of a token from the trusted issuer can call it, and the trust policy decides. The audience (`aud`, or `oaud` for Google and `app_id` for Facebook and Login with Amazon) says which application the token was issued to. Without a condition on it, the only audience check is the IAM OIDC provider\'s client ID list, shared by every role that trusts the provider; the built-in providers (Google, Facebook, Login with Amazon) have no list at all, so a token issued to anybody\'s application works. A negated, `ForAllValues:` or `*`-only audience condition pins nothing. Cognito identity pools are FL215\'s, and issuers whose tenant control *is* the audience (Pulumi, Vercel …) are FL212\'s.',
  help: [
    'Pin the audience to the client ID your workload requests (GitHub Actions and EKS: `sts.amazonaws.com`; HCP Terraform: `aws.workload.identity`):',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '  StringLike:',
    '    token.actions.githubusercontent.com:sub: repo:my-org/my-repo:ref:refs/heads/main',
    '```',
  ].join('\n'),
  references: [
    { title: 'Create a role for OpenID Connect federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html' },
    { title: 'Available keys for AWS web identity federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif' },
    { title: 'Create an OpenID Connect (OIDC) identity provider in IAM', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html' },
  ],
  semantics: ['sts-semantics.md#52-condition-keys', 'sts-semantics.md#51-iam-oidc-provider-resource', 'sts-semantics.md#15-assumerolewithwebidentity', 'sts-semantics.md#55-other-providers'],
  messages: {
    missingAudience:
      '{{owner}} trusts {{provider}} for AssumeRoleWithWebIdentity with no `{{key}}` condition: nothing in the trust checks which client the token was issued to, so any token of this issuer whose audience is on the provider\'s client ID list — shared by every role that trusts it — can assume the role.',
    missingAudienceBuiltIn:
      '{{owner}} trusts the built-in {{provider}} with no `{{key}}` condition: built-in providers have no client ID list, so a token issued to any application, not only yours, can assume the role.',
    audienceNotPinned:
      '{{owner}} trusts {{provider}} for AssumeRoleWithWebIdentity, but its `{{key}}` condition uses {{operator}}, which does not require the token audience to match: tokens issued to other clients can assume the role.',
    audienceWildcard:
      '{{owner}} trusts {{provider}} for AssumeRoleWithWebIdentity with `{{key}}` value `{{value}}`, which matches every audience: tokens issued to other clients can assume the role.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      for (const t of federatedTrusts(stmt, 'oidc')) {
        const p = t.provider;
        // Cognito is FL215's; where the tenant control is `aud` (sts-semantics.md §5.4) FL212 reports it.
        if (p?.id === 'cognito' || p?.tenantClaim === 'aud') continue;
        // §5.2: Google's token aud is in :oaud when the token has azp; Facebook/Amazon use :app_id; any issuer may use azp.
        const claims = p?.audienceClaims ?? (p ? ['aud'] : ['aud', 'azp']);
        // Every OIDC ID token carries aud, so an IfExists form still pins it.
        const { pins, loose } = claimConstraints(doc, stmt, t.principal, WEB_IDENTITY_ACTION, keyMatcher(t, claims), true);
        const star = (e: (typeof pins)[number]['entry']) => e.values.find((v) => typeof v.value === 'string' && matchesAnything(e, v.value));
        if (pins.some((pin) => !star(pin.entry))) continue;
        const owner = ctx.ownerLabel(doc);
        const key = [doc.owner.id, t.text];
        const wild = pins.find((pin) => star(pin.entry));
        const shown = claims.map((c) => claimKey(t, c) ?? `<issuer>:${c}`).join('` or `');
        if (wild) {
          const v = star(wild.entry);
          ctx.report({ messageId: 'audienceWildcard', data: { owner, provider: t.label, key: wild.entry.key, value: String(v?.value) }, at: v?.source ?? wild.entry.source, when: stmt.when, key });
        } else if (loose.length > 0) {
          ctx.report({ messageId: 'audienceNotPinned', data: { owner, provider: t.label, key: loose[0].key, operator: loose[0].operator }, at: loose[0].source, when: stmt.when, key });
        } else {
          ctx.report({ messageId: t.builtIn ? 'missingAudienceBuiltIn' : 'missingAudience', data: { owner, provider: t.label, key: shown }, at: t.principal.source, when: stmt.when, key });
        }
      }
    }
  },
});
