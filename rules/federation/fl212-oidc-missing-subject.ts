import { anyoneOf, claimConstraints, claimKey, federatedTrusts, isRequiredOidcClaim, keyMatcher, matchesAnything, WEB_IDENTITY_ACTION } from '../../src/rule-kit/federated-trust.js';
import { defineRule } from '../../src/rule-kit/index.js';

type Messages = 'missingSubject' | 'subjectNotPinned' | 'subjectWildcardOnly';

export default defineRule<Messages>({
  id: 'FL212',
  name: 'oidc-missing-subject',
  severity: 'critical',
  tags: ['federation', 'oidc'],
  scope: 'document',
  since: '0.1.0',
  short: 'A web identity trust for a shared OIDC issuer does not pin the subject: anyone on that service can assume the role.',
  full:
    'Issuers such as GitHub Actions, GitLab.com, HCP Terraform, Buildkite, CircleCI, Bitbucket Pipelines, Google and EKS sign tokens for everyone who uses them, and the audience they put in the token is the same for every customer (GitHub Actions: `sts.amazonaws.com`). Only the subject (`sub`), or the claim the provider documents as its tenant control, says *whose* workflow, project or service account asked. A trust with no such condition — or one whose values are only wildcards — lets every user of the service assume the role, which is why AWS now refuses to create such trusts for the best-known shared issuers. When the provider ARN cannot be resolved, the issuer is read from the statement\'s condition keys. Cognito identity pools are FL215\'s.',
  help: [
    'Pin the subject to your own repository, project or service account (and the audience):',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '  StringLike:',
    '    token.actions.githubusercontent.com:sub: repo:my-org/my-repo:ref:refs/heads/main',
    '```',
    '',
    'GitLab: `gitlab.com:sub: project_path:my-group/my-project:ref_type:branch:ref:main`; HCP Terraform: `app.terraform.io:sub: organization:my-org:project:my-project:workspace:my-workspace:run_phase:*`; EKS: `<issuer>:sub: system:serviceaccount:<namespace>:<service-account>`.',
  ].join('\n'),
  references: [
    { title: 'Secure-by-default controls for shared OIDC identity providers', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_secure-by-default.html' },
    { title: 'Configuring a role for GitHub OIDC identity provider', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub' },
    { title: 'GitHub: Configuring OpenID Connect in Amazon Web Services', url: 'https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws' },
    { title: 'Assign IAM roles to Kubernetes service accounts', url: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html' },
  ],
  semantics: ['sts-semantics.md#54-shared-oidc-providers-requiring-a-tenant-control-aws-secure-by-default', 'sts-semantics.md#53-github-actions', 'sts-semantics.md#55-other-providers', 'sts-semantics.md#92-condition-operators'],
  messages: {
    missingSubject: '{{who}} can assume {{owner}}: it trusts {{provider}} for AssumeRoleWithWebIdentity with no condition on `{{key}}`.',
    subjectNotPinned: '{{who}} can assume {{owner}}: it trusts {{provider}}, but its `{{key}}` condition uses {{operator}}, which does not require the subject to match.',
    subjectWildcardOnly: '{{who}} can assume {{owner}}: it trusts {{provider}} and its `{{key}}` condition is only `{{value}}`, which matches every subject.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      for (const t of federatedTrusts(stmt, 'oidc')) {
        const p = t.provider;
        // sts-semantics.md §5.4/§5.5: only shared (multi-tenant) issuers; Cognito is FL215's; custom issuers are yours alone.
        if (!p?.multiTenant || p.id === 'cognito') continue;
        // The provider's tenant control (§5.4: `sub`, `aud`, or `sts:RoleSessionName`) or a documented pin claim (§5.3).
        const claims = [p.tenantClaim, ...(p.pinClaims ?? [])];
        const { pins, loose } = claimConstraints(doc, stmt, t.principal, WEB_IDENTITY_ACTION, keyMatcher(t, claims), isRequiredOidcClaim);
        // §5.4: a control "must not consist only of wildcard characters"; an unresolved value is taken as a pin.
        const wildcardOnly = (v: (typeof pins)[number]['entry']['values'][number], e: (typeof pins)[number]['entry']) => typeof v.value === 'string' && matchesAnything(e, v.value);
        if (pins.some(({ entry }) => entry.values.some((v) => !wildcardOnly(v, entry)))) continue;
        const who = anyoneOf(p);
        const data = { who: who[0].toUpperCase() + who.slice(1), owner: doc.owner.type === 'file' ? `the role whose trust policy is ${ctx.ownerLabel(doc)}` : ctx.ownerLabel(doc), provider: t.label };
        const key = [doc.owner.id, t.text];
        if (pins.length > 0) {
          const { entry } = pins[0];
          ctx.report({ messageId: 'subjectWildcardOnly', data: { ...data, key: entry.key, value: String(entry.values[0].value) }, at: entry.values[0].source, when: stmt.when, key });
        } else if (loose.length > 0) {
          ctx.report({ messageId: 'subjectNotPinned', data: { ...data, key: loose[0].key, operator: loose[0].operator }, at: loose[0].source, when: stmt.when, key });
        } else {
          ctx.report({ messageId: 'missingSubject', data: { ...data, key: claimKey(t, p.tenantClaim) ?? p.tenantClaim }, at: t.principal.source, when: stmt.when, key });
        }
      }
    }
  },
});
