/**
 * OIDC / web-identity provider knowledge: which issuers are shared between many
 * customers, which claim must be pinned, and which claim keys IAM evaluates.
 *
 * Facts come from /work/shared/docs/sts-semantics.md §5 (section numbers are
 * cited next to each fact). Status markers as in that document:
 *   [V]     verified against AWS or the vendor's documentation,
 *   [V-obs] verified only as observed behaviour / third-party transcription,
 *   [U]     unverified assumption — keep it configurable, do not hard-fail on it.
 * Nothing here does I/O; the module imports nothing.
 */

/**
 * Who else can obtain a token from this issuer (an extension of `multiTenant`):
 *  - 'shared':       one issuer for every customer of the service (anyone with an account).
 *  - 'per-customer': the issuer URL names one organisation / workspace / enterprise, so other
 *                    customers' tokens carry a different `iss`; every project of that customer
 *                    can still get a token.
 *  - 'per-cluster':  EKS: one issuer per cluster; every pod / service account in it can get a token.
 *  - 'self-hosted':  the customer runs the issuer (GitHub Enterprise Server).
 */
export type OidcIssuerScope = 'shared' | 'per-customer' | 'per-cluster' | 'self-hosted';

export interface OidcProviderInfo {
  /** 'github-actions', 'gitlab', 'terraform-cloud', 'eks', 'buildkite', 'circleci', 'bitbucket', 'google', 'cognito', … */
  id: string;
  /** 'GitHub Actions' */
  displayName: string;
  /**
   * True when a trust on the issuer alone (no `sub`/tenant condition) lets in identities the role
   * owner does not control: anyone on the service ('shared'), or every project of the customer /
   * every service account of the cluster ('per-customer', 'per-cluster'). See `scope` and `note`.
   */
  multiTenant: boolean;
  scope: OidcIssuerScope;
  /** the claim that must be pinned (AWS secure-by-default control, §5.4): 'sub' | 'aud' | 'sts:RoleSessionName' | … */
  tenantClaim: string;
  /** claim keys that carry the audience (FL211); absent means ['aud'] */
  audienceClaims?: string[];
  /** expected audience value(s) when well known (GitHub: sts.amazonaws.com, TFC: aws.workload.identity, EKS: sts.amazonaws.com) */
  audiences?: string[];
  /** example of a correctly pinned subject, for messages/help */
  subjectExample?: string;
  /**
   * extra provider-specific claim keys that STS evaluates and that count as tenant pins where AWS
   * documents them (GitHub: repository, repository_id, repository_owner_id, job_workflow_ref … per §5.3, V-obs)
   */
  pinClaims?: string[];
  /** a caveat for messages and help text */
  note?: string;
}

/** Claim keys of any OIDC issuer (§5.2, "listed in the intro") [V]. */
const GENERIC_CLAIMS = ['aud', 'sub', 'amr', 'azp'] as const;

/** Every claim key name IAM documents for web identity (§5.2) [V]; used to recognise keys of unknown issuers. */
const ALL_DOCUMENTED_CLAIMS: ReadonlySet<string> = new Set([...GENERIC_CLAIMS, 'oaud', 'id', 'app_id', 'user_id']);

/**
 * GitHub-specific IAM condition keys beyond aud/sub/amr (§5.3) — [V-obs; U]: reported from a "GitHub" tab
 * on the AWS condition-keys page. Conditions on other token claims (event_name, runner_environment,
 * repository_owner, workflow_ref …) never match, so they are deliberately not listed.
 */
const GITHUB_CLAIMS = [
  'actor', 'actor_id', 'job_workflow_ref', 'repository', 'repository_id', 'repository_owner_id',
  'workflow', 'ref', 'environment', 'enterprise_id',
] as const;

/**
 * GitHub claim keys that pin the tenant as `sub` does (§5.3, V-obs; FL213 "count as subject pins where AWS
 * documents them"). `job_workflow_ref` pins a reusable workflow, not the calling repository: a public
 * reusable workflow can be called from any repository, so it is a tenant pin only when the workflow lives
 * in a private/internal repository of the owner [U].
 */
const GITHUB_PIN_CLAIMS = ['repository', 'repository_id', 'repository_owner_id', 'enterprise_id', 'job_workflow_ref'];

const GITHUB_SUBJECT = 'repo:my-org/my-repo:ref:refs/heads/main';

interface ProviderDef {
  info: OidcProviderInfo;
  /** issuer already normalised: no scheme, no trailing slash, lower case */
  matches(issuer: string): boolean;
  /** provider-specific claim keys besides GENERIC_CLAIMS */
  extraClaims?: readonly string[];
}

const exact = (...hosts: string[]) => (issuer: string) => hosts.includes(issuer);

const PROVIDERS: readonly ProviderDef[] = [
  // ---------------------------------------------------------------- GitHub
  {
    // §5.3 [V]: issuer https://token.actions.githubusercontent.com; aud sts.amazonaws.com with
    // aws-actions/configure-aws-credentials. §5.4 [V-obs]: secure-by-default control = `:sub`.
    info: {
      id: 'github-actions', displayName: 'GitHub Actions', multiTenant: true, scope: 'shared',
      tenantClaim: 'sub', audiences: ['sts.amazonaws.com'], subjectExample: GITHUB_SUBJECT,
      pinClaims: GITHUB_PIN_CLAIMS,
      note: "GitHub's own default `aud` is the owner URL https://github.com/<owner> when the workflow sets none (§5.3).",
    },
    matches: exact('token.actions.githubusercontent.com'),
    extraClaims: GITHUB_CLAIMS,
  },
  {
    // §5.3 [V]: GitHub Enterprise Cloud per-enterprise issuer token.actions.githubusercontent.com/<enterpriseSlug>.
    // Whether AWS's secure-by-default block (§5.4) covers this form is [U].
    info: {
      id: 'github-actions-enterprise', displayName: 'GitHub Actions (enterprise issuer)', multiTenant: true,
      scope: 'per-customer', tenantClaim: 'sub', audiences: ['sts.amazonaws.com'], subjectExample: GITHUB_SUBJECT,
      pinClaims: GITHUB_PIN_CLAIMS,
      note: 'The issuer is unique to one GitHub enterprise, but every repository of that enterprise can get a token.',
    },
    matches: (i) => /^token\.actions\.githubusercontent\.com\/[^/]+$/.test(i),
    extraClaims: GITHUB_CLAIMS,
  },
  {
    // §5.3 [V]: GHE.com data residency issuer https://token.actions.<subdomain>.ghe.com.
    info: {
      id: 'github-actions-ghe-com', displayName: 'GitHub Actions (GHE.com)', multiTenant: true,
      scope: 'per-customer', tenantClaim: 'sub', audiences: ['sts.amazonaws.com'], subjectExample: GITHUB_SUBJECT,
      pinClaims: GITHUB_PIN_CLAIMS,
      note: 'The issuer is unique to one GHE.com enterprise subdomain, but every repository in it can get a token.',
    },
    matches: (i) => /^token\.actions\.[a-z0-9-]+\.ghe\.com$/.test(i),
    extraClaims: GITHUB_CLAIMS,
  },
  {
    // §5.3 [V]: GitHub Enterprise Server issuer https://<HOSTNAME>/_services/token (self-hosted; not in §5.4).
    info: {
      id: 'github-enterprise-server', displayName: 'GitHub Enterprise Server Actions', multiTenant: false,
      scope: 'self-hosted', tenantClaim: 'sub', audiences: ['sts.amazonaws.com'], subjectExample: GITHUB_SUBJECT,
      pinClaims: GITHUB_PIN_CLAIMS,
      note: 'Self-hosted issuer: only users of that server get tokens; pin `sub` to limit which repositories.',
    },
    matches: (i) => /^[a-z0-9.-]+\.[a-z0-9.-]+\/_services\/token$/.test(i),
    extraClaims: GITHUB_CLAIMS,
  },
  {
    // §5.4 [V-obs]: in AWS's shared-provider table with control `:sub`. Believed to be the issuer GitHub
    // Actions used before token.actions.githubusercontent.com (2021) [U].
    info: {
      id: 'github-actions-vstoken', displayName: 'GitHub Actions (legacy vstoken issuer)', multiTenant: true,
      scope: 'shared', tenantClaim: 'sub', subjectExample: GITHUB_SUBJECT,
    },
    matches: exact('vstoken.actions.githubusercontent.com'),
  },
  {
    // §5.4 [V-obs]: GitHub audit-log streaming issuer, control `:sub`.
    info: {
      id: 'github-audit-log', displayName: 'GitHub audit log streaming', multiTenant: true, scope: 'shared',
      tenantClaim: 'sub',
    },
    matches: exact('oidc-configuration.audit-log.githubusercontent.com'),
  },
  // ---------------------------------------------------------------- other CI/CD and SaaS issuers
  {
    // §5.5 [V]: issuer https://gitlab.com; aud is whatever id_tokens.<NAME>.aud sets (no default);
    // default sub project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>. §5.4 [V-obs]: control `:sub`.
    // Self-managed GitLab has its own host and is not recognised here.
    info: {
      id: 'gitlab', displayName: 'GitLab.com CI/CD', multiTenant: true, scope: 'shared', tenantClaim: 'sub',
      subjectExample: 'project_path:my-group/my-project:ref_type:branch:ref:main',
    },
    matches: exact('gitlab.com'),
  },
  {
    // §5.5: issuer https://app.terraform.io; default aud aws.workload.identity [V]; sub format [V-obs].
    // §5.4 [V-obs]: control `:sub`.
    info: {
      id: 'terraform-cloud', displayName: 'HCP Terraform (Terraform Cloud)', multiTenant: true, scope: 'shared',
      tenantClaim: 'sub', audiences: ['aws.workload.identity'],
      subjectExample: 'organization:my-org:project:my-project:workspace:my-workspace:run_phase:apply',
    },
    matches: exact('app.terraform.io'),
  },
  {
    // §5.5: issuer https://agent.buildkite.com, aud sts.amazonaws.com [V, Buildkite docs]; sub format [U].
    // §5.4: control `:sub` (confirmed by Buildkite docs).
    info: {
      id: 'buildkite', displayName: 'Buildkite', multiTenant: true, scope: 'shared', tenantClaim: 'sub',
      audiences: ['sts.amazonaws.com'],
      subjectExample: 'organization:my-org:pipeline:my-pipeline:ref:refs/heads/main:commit:<sha>:step:<step>',
    },
    matches: exact('agent.buildkite.com'),
  },
  {
    // §5.5: issuer https://oidc.circleci.com/org/<org-id>, aud <org-id> [V-obs]; sub format [U]. Not in §5.4.
    info: {
      id: 'circleci', displayName: 'CircleCI', multiTenant: true, scope: 'per-customer', tenantClaim: 'sub',
      subjectExample: 'org/<org-id>/project/<project-id>/user/<user-id>',
      note: 'The issuer is unique to one CircleCI organisation (aud is the organisation ID), but every project of it can get a token.',
    },
    matches: (i) => /^oidc\.circleci\.com\/org\/[^/]+$/.test(i),
  },
  {
    // §5.5 [V-obs]: issuer https://api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc,
    // aud ari:cloud:bitbucket::workspace/<workspace-uuid>, sub {repoUuid}:{stepUuid}-style. Not in §5.4.
    info: {
      id: 'bitbucket', displayName: 'Bitbucket Pipelines', multiTenant: true, scope: 'per-customer',
      tenantClaim: 'sub', subjectExample: '{repository-uuid}:{step-uuid}',
      note: 'The issuer is unique to one Bitbucket workspace, but every repository of it can get a token.',
    },
    matches: (i) => /^api\.bitbucket\.org\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/.test(i),
  },
  // §5.4 [V-obs]: the rest of AWS's shared-provider table (control claim as listed there).
  {
    info: { id: 'codefresh', displayName: 'Codefresh', multiTenant: true, scope: 'shared', tenantClaim: 'sub' },
    matches: exact('oidc.codefresh.io'),
  },
  {
    info: { id: 'datachain', displayName: 'DataChain Studio', multiTenant: true, scope: 'shared', tenantClaim: 'sub' },
    matches: exact('studio.datachain.ai/api'),
  },
  {
    info: { id: 'scalr', displayName: 'Scalr', multiTenant: true, scope: 'shared', tenantClaim: 'sub' },
    matches: exact('scalr.io'),
  },
  {
    info: { id: 'shisho-cloud', displayName: 'Shisho Cloud', multiTenant: true, scope: 'shared', tenantClaim: 'sub' },
    matches: exact('tokens.cloud.shisho.dev'),
  },
  {
    info: { id: 'upbound', displayName: 'Upbound', multiTenant: true, scope: 'shared', tenantClaim: 'sub' },
    matches: exact('proidc.upbound.io'),
  },
  {
    info: { id: 'pulumi', displayName: 'Pulumi Cloud', multiTenant: true, scope: 'shared', tenantClaim: 'aud' },
    matches: exact('api.pulumi.com/oidc'),
  },
  {
    // Vendor name of sandboxes.cloud (Crafting Sandboxes) is [U]; the issuer and control come from §5.4.
    info: { id: 'sandboxes-cloud', displayName: 'Crafting Sandboxes (sandboxes.cloud)', multiTenant: true, scope: 'shared', tenantClaim: 'aud' },
    matches: exact('sandboxes.cloud'),
  },
  {
    info: { id: 'vercel', displayName: 'Vercel', multiTenant: true, scope: 'shared', tenantClaim: 'aud' },
    matches: exact('oidc.vercel.com'),
  },
  {
    // §5.4 [V-obs]: Microsoft Sentinel's Entra tenant; the control is sts:RoleSessionName, not an issuer claim.
    // Other sts.windows.net/<tenant> issuers are a customer's own Entra tenant and are not recognised here.
    info: {
      id: 'microsoft-sentinel', displayName: 'Microsoft Sentinel', multiTenant: true, scope: 'shared',
      tenantClaim: 'sts:RoleSessionName',
    },
    matches: exact('sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d'),
  },
  // ---------------------------------------------------------------- AWS
  {
    // §5.5 [V]: issuer https://oidc.eks.<region>.amazonaws.com/id/<ID>, aud sts.amazonaws.com,
    // sub system:serviceaccount:<namespace>:<serviceaccount>. Not in §5.4. China regions end in .amazonaws.com.cn [U].
    info: {
      id: 'eks', displayName: 'Amazon EKS (IRSA)', multiTenant: true, scope: 'per-cluster', tenantClaim: 'sub',
      audiences: ['sts.amazonaws.com'], subjectExample: 'system:serviceaccount:my-namespace:my-service-account',
      note: 'The issuer is unique to one EKS cluster, but every pod and service account in the cluster can get a token.',
    },
    matches: (i) => /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/id\/[a-z0-9]+$/.test(i),
  },
  {
    // §5.6 [V]: Federated cognito-identity.amazonaws.com; aud = identity pool ID, amr is multivalued
    // (ForAnyValue:StringLike). §5.4 [V-obs]: control cognito-identity.amazonaws.com:aud.
    info: {
      id: 'cognito', displayName: 'Amazon Cognito identity pools', multiTenant: true, scope: 'shared',
      tenantClaim: 'aud', subjectExample: 'us-east-1:12345678-1234-1234-1234-123456789012',
      note: 'aud must be the identity pool ID (<region>:<guid>); also pin amr to authenticated (§5.6).',
    },
    matches: exact('cognito-identity.amazonaws.com'),
  },
  // ---------------------------------------------------------------- social providers (built-in, §5.1/§5.5)
  {
    // §5.2 [V]: accounts.google.com:aud = token aud when azp is absent, else azp; accounts.google.com:oaud = token aud.
    // §5.5 [V]: subject key accounts.google.com:sub.
    info: {
      id: 'google', displayName: 'Google', multiTenant: true, scope: 'shared', tenantClaim: 'sub',
      audienceClaims: ['aud', 'oaud'], subjectExample: '<Google account ID>',
      note: 'accounts.google.com:aud holds azp when the token has one; the token aud is then in :oaud (§5.2).',
    },
    matches: exact('accounts.google.com'),
    extraClaims: ['oaud'],
  },
  {
    // §5.2/§5.5 [V]: graph.facebook.com:app_id (audience), graph.facebook.com:id (user).
    info: {
      id: 'facebook', displayName: 'Facebook', multiTenant: true, scope: 'shared', tenantClaim: 'id',
      audienceClaims: ['app_id'],
    },
    matches: exact('graph.facebook.com'),
    extraClaims: ['app_id', 'id'],
  },
  {
    // §5.2/§5.5 [V]: www.amazon.com:app_id (audience), www.amazon.com:user_id (user).
    info: {
      id: 'amazon', displayName: 'Login with Amazon', multiTenant: true, scope: 'shared', tenantClaim: 'user_id',
      audienceClaims: ['app_id'],
    },
    matches: exact('www.amazon.com'),
    extraClaims: ['app_id', 'user_id'],
  },
];

/** All known providers (one entry per issuer form). */
export const OIDC_PROVIDERS: readonly OidcProviderInfo[] = PROVIDERS.map((p) => p.info);

/**
 * Normalise an issuer as written in a provider URL, a provider ARN, a `Federated` principal or a condition
 * key prefix: drop `arn:<partition>:iam::<account>:oidc-provider/` (placeholders such as
 * `${AWS::Partition}` allowed), the `https://` scheme and a trailing slash, and lower-case (condition keys
 * are case-insensitive).
 */
export function normalizeOidcIssuer(issuer: string): string {
  return issuer
    .trim()
    .replace(/^arn:.*?:oidc-provider\//i, '')
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

function providerDef(issuer: string): ProviderDef | undefined {
  const norm = normalizeOidcIssuer(issuer);
  return PROVIDERS.find((p) => p.matches(norm));
}

/**
 * Match an issuer given as the provider host+path (the part after `oidc-provider/`, e.g.
 * 'token.actions.githubusercontent.com', 'oidc.eks.eu-west-1.amazonaws.com/id/ABC123', 'gitlab.com',
 * 'app.terraform.io', 'token.actions.githubusercontent.com/my-enterprise') or a built-in Federated name
 * ('cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com').
 * A full provider ARN or an `https://` URL is accepted too. Unknown (custom, single-tenant) issuers
 * return undefined.
 */
export function oidcProviderForIssuer(issuer: string): OidcProviderInfo | undefined {
  return providerDef(issuer)?.info;
}

/**
 * Claim names usable as IAM condition keys after `<issuer>:` (§5.2): aud, sub, amr, azp for every issuer,
 * plus provider-specific ones (Google oaud; Facebook app_id, id; Login with Amazon app_id, user_id;
 * GitHub's V-obs keys of §5.3). Case-insensitive. A claim outside this set (an arbitrary custom claim)
 * is never present in the request context, so a condition on it never matches (§5.2).
 */
export function isKnownOidcClaim(issuer: string, claim: string): boolean {
  const c = claim.toLowerCase();
  if ((GENERIC_CLAIMS as readonly string[]).includes(c)) return true;
  return providerDef(issuer)?.extraClaims?.includes(c) ?? false;
}

const HOST_PATH = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^\s:/]+)*$/;
const CLAIM = /^[a-z0-9_]+$/;

/**
 * True when `key` (case-insensitive) has the shape `<oidc issuer>:<claim>` of a web-identity condition key —
 * including unknown issuers of custom OIDC providers (any host/path containing a dot, then `:`, then a known
 * claim). Returns {issuer, claim}, both lower-cased, or undefined. For a recognised issuer any claim-shaped
 * name is accepted (so a rule can report `token.actions.githubusercontent.com:event_name` as a claim STS
 * never evaluates, via isKnownOidcClaim); for an unknown issuer the claim must be one §5.2 documents.
 * Global and service keys (`aws:PrincipalArn`, `sts:ExternalId`, `saml:sub`) have no dot before the colon
 * and return undefined.
 */
export function parseOidcConditionKey(key: string): { issuer: string; claim: string } | undefined {
  const lower = key.trim().toLowerCase();
  const colon = lower.indexOf(':');
  if (colon <= 0 || lower.indexOf(':', colon + 1) !== -1) return undefined;
  const issuer = lower.slice(0, colon);
  const claim = lower.slice(colon + 1);
  if (!HOST_PATH.test(issuer) || !CLAIM.test(claim)) return undefined;
  if (providerDef(issuer)) return { issuer, claim };
  return ALL_DOCUMENTED_CLAIMS.has(claim) ? { issuer, claim } : undefined;
}
