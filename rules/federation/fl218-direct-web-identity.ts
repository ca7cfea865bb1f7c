import { oidcProviderForIssuer } from '../../src/data/oidc-providers.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { builtInWebIdentity } from '../../src/rule-kit/web-identity.js';

/** The built-in social web identity providers (sts-semantics.md §1.5, §5.5): no IAM provider resource needed. */
const SOCIAL = new Set(['accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

export default defineRule({
  id: 'FL218',
  name: 'direct-web-identity',
  severity: 'info',
  tags: ['federation', 'web-identity'],
  scope: 'document',
  since: '0.1.0',
  short: 'A role trusts a social identity provider (Google, Facebook, Login with Amazon) directly instead of through Cognito.',
  full:
    'A trust statement with `Federated: accounts.google.com`, `graph.facebook.com` or `www.amazon.com` lets the app call AssumeRoleWithWebIdentity with a token from that provider itself. Every account holder of the provider who obtains a token for the app can then assume the role; only the app ID condition (`:aud` / `:app_id`) stands between the role and the provider\'s whole user base, the app has to ship the role ARN, and there is no identity pool to separate guests from signed-in users or to map users to roles. AWS recommends Amazon Cognito identity pools for mobile and web apps.',
  help: [
    'Sign users in through an Amazon Cognito identity pool that lists the social provider, and trust the pool:',
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
    '',
    'If direct federation is intended, keep the app ID condition (`accounts.google.com:aud`, `graph.facebook.com:app_id`, `www.amazon.com:app_id`) and suppress this finding.',
  ].join('\n'),
  references: [
    { title: 'OIDC federation (web identity federation)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html' },
    { title: 'Create a role for web identity or OIDC federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html' },
    { title: 'IAM: available keys for web identity federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif' },
  ],
  semantics: ['sts-semantics.md#15-assumerolewithwebidentity', 'sts-semantics.md#55-other-providers'],
  messages: {
    directSocial:
      '{{owner}} lets {{provider}} users assume it directly (`Federated: {{principal}}`) instead of through an Amazon Cognito identity pool: any {{provider}} account with a token for the app can call AssumeRoleWithWebIdentity, and the app has to carry the role ARN.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (stmt.effect !== 'Allow') continue;
      for (const p of stmt.principals ?? []) {
        const host = builtInWebIdentity(p);
        if (!host || !SOCIAL.has(host)) continue;
        const provider = oidcProviderForIssuer(host)?.displayName ?? host;
        ctx.report({ messageId: 'directSocial', data: { owner: ctx.ownerLabel(doc), provider, principal: host }, at: p.source, when: stmt.when, key: [doc.owner.id, host] });
      }
    }
  },
});
