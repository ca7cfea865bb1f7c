import { claimConstraints, federatedTrusts, isLikeOperator, isRequiredOidcClaim, keyMatcher, matchesAnything, oidcKeyParts, WEB_IDENTITY_ACTION } from '../../src/rule-kit/federated-trust.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { REACH_RANK, type SubjectScope, subjectScope } from '../../src/rule-kit/oidc-subject-scope.js';

type Messages = 'broadSubject' | 'orgWideSubject';

/** What one pinned subject stands for, per provider (sts-semantics.md §5.3–5.5). */
const UNIT: Record<string, string> = { gitlab: 'project', 'terraform-cloud': 'workspace', buildkite: 'pipeline', circleci: 'project', eks: 'service account', google: 'account', facebook: 'account', amazon: 'account' };

export default defineRule<Messages>({
  id: 'FL213',
  name: 'oidc-broad-subject',
  severity: 'high',
  tags: ['federation', 'oidc'],
  scope: 'document',
  since: '0.1.0',
  short: 'An OIDC subject condition matches more than one repository, project or service account.',
  full:
    'A `sub` pattern on a shared issuer decides who, among all users of GitHub, GitLab.com, HCP Terraform or an EKS cluster, gets the role. `repo:*`, `repo:*/*`, a wildcard in the owner part, or `repo:my-org*` (no `/`, so `my-org-evil` matches too) let repositories of other owners in; `system:serviceaccount:*` lets every namespace of the cluster in; a GitHub `sub` that starts with another claim than `repo:` (a custom subject template such as `environment:prod`) names no repository, and any owner can configure the same template. Organisation-wide patterns (`repo:my-org/*`, `project_path:my-group/*`, `system:serviceaccount:<ns>:*`) are reported on sensitive roles. Values under one key are OR-ed, so the loosest decides; AND-ed conditions (a GitHub `repository` key, or a Deny that refuses every other subject) narrow it.',
  help: [
    'Pin the subject to one repository (and, for deployment roles, one branch or environment):',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '  StringLike:',
    '    token.actions.githubusercontent.com:sub:',
    '      - repo:my-org/my-repo:ref:refs/heads/main',
    '      - repo:my-org/my-repo:environment:prod',
    '```',
    '',
    'EKS: `system:serviceaccount:<namespace>:<service-account>`; GitLab: `project_path:my-group/my-project:ref_type:branch:ref:main`.',
  ].join('\n'),
  references: [
    { title: 'Configuring a role for GitHub OIDC identity provider', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub' },
    { title: 'GitHub: OpenID Connect reference (subject claims and customization)', url: 'https://docs.github.com/en/actions/reference/security/oidc' },
    { title: 'GitLab: OpenID Connect (OIDC) authentication using ID tokens', url: 'https://docs.gitlab.com/ci/secrets/id_token_authentication/' },
    { title: 'Assign IAM roles to Kubernetes service accounts', url: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html' },
  ],
  semantics: ['sts-semantics.md#53-github-actions', 'sts-semantics.md#55-other-providers', 'sts-semantics.md#92-condition-operators'],
  messages: {
    broadSubject: '{{owner}} trusts {{provider}} with `{{key}}` value `{{value}}`, which {{why}}: identities beyond the one {{unit}} the role is for, including ones you do not control, can assume it.',
    orgWideSubject: 'Sensitive {{owner}} ({{reason}}) trusts {{provider}} with `{{key}}` value `{{value}}`, which {{why}}: every {{unit}} there can assume it, not only the one the role is for.',
  },
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      for (const t of federatedTrusts(stmt, 'oidc')) {
        const p = t.provider;
        // Shared issuers whose tenant control is an issuer claim (sub, id, user_id — §5.4/§5.5); Cognito is FL215's.
        if (!p?.multiTenant || p.id === 'cognito' || p.tenantClaim === 'aud' || p.tenantClaim.includes(':')) continue;
        const { pins } = claimConstraints(doc, stmt, t.principal, WEB_IDENTITY_ACTION, keyMatcher(t, [p.tenantClaim, ...(p.pinClaims ?? [])]), isRequiredOidcClaim);
        // No pin, or only wildcards: FL212's (nothing is pinned at all).
        if (!pins.some(({ entry }) => entry.values.some((v) => typeof v.value !== 'string' || !matchesAnything(entry, v.value)))) continue;
        // Each AND-ed entry reaches as far as its loosest OR-ed value; the narrowest entry bounds the statement.
        let bound: { scope: SubjectScope; entry: (typeof pins)[number]['entry']; value: (typeof pins)[number]['entry']['values'][number] } | undefined;
        for (const { entry } of pins) {
          const claim = oidcKeyParts(entry.key)?.claim ?? entry.key.toLowerCase();
          let loosest: NonNullable<typeof bound> | undefined;
          for (const value of entry.values) {
            if (typeof value.value !== 'string') continue; // unresolved: not a literal pattern
            const scope = subjectScope(p.id, p.scope, claim, value.value, isLikeOperator(entry.operator));
            if (scope && (!loosest || REACH_RANK[scope.reach] > REACH_RANK[loosest.scope.reach])) loosest = { scope, entry, value };
          }
          if (!loosest) loosest = { scope: { reach: 'one', why: '' }, entry, value: entry.values[0] };
          if (!bound || REACH_RANK[loosest.scope.reach] < REACH_RANK[bound.scope.reach]) bound = loosest;
        }
        if (!bound || bound.scope.reach === 'one') continue;
        const sensitivity = role ? ctx.sensitivity(role) : undefined;
        if (bound.scope.reach === 'tenant' && !sensitivity?.sensitive) continue;
        const data = { owner: ctx.ownerLabel(doc), provider: t.label, key: bound.entry.key, value: String(bound.value.value), why: bound.scope.why, unit: UNIT[p.id] ?? 'repository' };
        const messageId = bound.scope.reach === 'any' ? 'broadSubject' : 'orgWideSubject';
        ctx.report({ messageId, data: messageId === 'orgWideSubject' ? { ...data, reason: sensitivity?.reasons[0] ?? '' } : data, at: bound.value.source, when: stmt.when, key: [doc.owner.id, t.text, String(bound.value.value)] });
      }
    }
  },
});
