/**
 * How far an OIDC subject (or tenant claim) pattern reaches, per provider format (sts-semantics.md §5.3–5.5).
 * Used by FL213: `one` = one repository / project / workspace / service account; `tenant` = every one of an
 * organisation, group or namespace; `any` = past the organisation (other customers, or the whole cluster).
 */

export type SubjectReach = 'one' | 'tenant' | 'any';

export interface SubjectScope {
  reach: SubjectReach;
  /** Why, in words, completing "the value …": "matches every repository of `my-org`". */
  why: string;
}

export const REACH_RANK: Record<SubjectReach, number> = { one: 0, tenant: 1, any: 2 };

/** `${*}`, `${?}` and `${$}` are IAM escapes for literal characters, not wildcards: hide them from the analysis. */
const unescapeVariables = (v: string) => v.replace(/\$\{[*?$]\}/g, '_');
const firstWild = (v: string) => v.search(/[*?]/);
const ONE: SubjectScope = { reach: 'one', why: 'names one subject' };
const EVERYTHING: SubjectScope = { reach: 'any', why: 'is only wildcards and matches every subject' };

/**
 * `owner/name…` (GitHub `repo:`/`repository`, GitLab `project_path:`): a wildcard before the first `/` reaches
 * other owners (`repo:my-org*` also matches `my-org-evil`, §5.3 checklist); a wildcard in the name part reaches
 * every repository of the owner; a wildcard only after the `:` that ends the name stays inside one repository.
 */
function ownerAndName(rest: string, unit: string, units: string, owner: string): SubjectScope {
  const w = firstWild(rest);
  if (w < 0) return ONE;
  const slash = rest.indexOf('/');
  if (slash < 0 || w < slash) {
    const prefix = rest.slice(0, w);
    return {
      reach: 'any',
      why: prefix
        ? `has no \`/\` after \`${prefix}\` before the wildcard, so it matches every ${owner} whose name starts with \`${prefix}\``
        : `has a wildcard for the ${owner}, so it matches ${units} of every ${owner}`,
    };
  }
  const end = rest.indexOf(':', slash);
  if (end >= 0 && end < w) return ONE;
  const group = rest.slice(0, rest.lastIndexOf('/', w));
  return { reach: 'tenant', why: `matches every ${unit} of \`${group}\`` };
}

/** GitHub claims that name the repository or its owner inside a (possibly customised) `sub` (§5.3). */
const GITHUB_SUB_PIN = /(?:^|[:*?])(repository_owner_id|repository_owner|repository_id|repository|repo|job_workflow_ref):/g;

function githubSub(v: string): SubjectScope {
  let best: SubjectScope | undefined;
  for (const m of v.matchAll(GITHUB_SUB_PIN)) {
    const rest = v.slice((m.index ?? 0) + m[0].length);
    const value = rest.split(':')[0];
    let s: SubjectScope;
    if (m[1] === 'repo' || m[1] === 'repository') s = ownerAndName(rest, 'repository', 'repositories', 'owner');
    else if (m[1] === 'job_workflow_ref') s = githubPinClaim('job_workflow_ref', rest) ?? EVERYTHING;
    else if (m[1] === 'repository_id') s = firstWild(value) < 0 && value ? ONE : { reach: 'any', why: `has a wildcard in \`repository_id\`, so it matches repositories of every owner` };
    else s = firstWild(value) < 0 && value ? { reach: 'tenant', why: `pins only \`${m[1]}\`, so it matches every repository of that owner` } : { reach: 'any', why: `has a wildcard in \`${m[1]}\`, so it matches every owner` };
    if (!best || REACH_RANK[s.reach] < REACH_RANK[best.reach]) best = s;
  }
  if (best) return best;
  const first = v.split(':')[0];
  if (firstWild(v) === 0) return { reach: 'any', why: 'starts with a wildcard and names no repository, so it matches subjects of every repository' };
  // §5.3: a customised template (`include_claim_keys`) is chosen by each repository's owner: any owner can
  // produce `environment:prod…` — only the repository/owner claims carry values others cannot forge.
  return { reach: 'any', why: `starts with the claim \`${first}\` instead of \`repo:\` and names no repository or owner, so every owner who sets the same custom subject template produces it` };
}

/** GitHub provider-specific claim keys that pin the tenant (oidc-providers.ts GITHUB_PIN_CLAIMS, §5.3 V-obs). */
function githubPinClaim(claim: string, v: string): SubjectScope | undefined {
  const literal = firstWild(v) < 0 && v !== '';
  switch (claim) {
    case 'repository':
      return ownerAndName(v, 'repository', 'repositories', 'owner');
    case 'repository_id':
      return literal ? ONE : { reach: 'any', why: 'has a wildcard in a repository ID, so it matches repositories of every owner' };
    case 'repository_owner_id':
    case 'enterprise_id':
      return literal ? { reach: 'tenant', why: `pins only \`${claim}\`, so it matches every repository of that ${claim === 'enterprise_id' ? 'enterprise' : 'owner'}` } : { reach: 'any', why: `has a wildcard in \`${claim}\`` };
    case 'job_workflow_ref': {
      // A reusable workflow can be called from other repositories: at best the owner's (oidc-providers.ts note, [U]).
      const s = ownerAndName(v, 'workflow', 'workflows', 'owner');
      return s.reach === 'any' ? s : { reach: 'tenant', why: 'pins a reusable workflow, which every repository allowed to call it can run' };
    }
    default:
      return undefined;
  }
}

/** `<prefix><ns-or-org>:` then a unit segment: TFC `organization:o:…:workspace:w`, Buildkite `…:pipeline:p`, EKS `system:serviceaccount:ns:sa`. */
function segmented(v: string, tenantRe: RegExp, unitRe: RegExp, tenantWord: string, unitWord: string): SubjectScope {
  if (firstWild(v) < 0) return ONE;
  const tenant = tenantRe.exec(v);
  if (!tenant) return { reach: 'any', why: `has a wildcard in place of the ${tenantWord}, so it matches every ${tenantWord}` };
  if (unitRe.test(v)) return ONE;
  return { reach: 'tenant', why: `matches every ${unitWord} of the ${tenantWord} \`${tenant[1]}\`` };
}

/**
 * How far `value` of `claim` reaches for a provider (by `OidcProviderInfo.id`, `scope` its issuer scope), under a
 * Like operator or (`like` false) an Equals one. Undefined when the provider's subject format is not known.
 */
export function subjectScope(providerId: string, scope: string, claim: string, raw: string, like: boolean): SubjectScope | undefined {
  // Under the Equals forms `*` and `?` are literal characters (§9.2): analyse the value as plain text.
  const v = like ? unescapeVariables(raw) : raw.replace(/[*?]/g, '_');
  const perCustomer = scope === 'per-customer';
  if (/^[*?]+$/.test(v)) return perCustomer ? { reach: 'tenant', why: 'is only wildcards and matches every subject the issuer signs' } : EVERYTHING;
  if (providerId.startsWith('github-actions')) return claim === 'sub' ? githubSub(v) : githubPinClaim(claim, v);
  switch (providerId) {
    case 'gitlab': // §5.5: project_path:<group>/<project>:ref_type:…; the first component is always project_path.
      if (v.startsWith('project_path:')) return ownerAndName(v.slice('project_path:'.length), 'project', 'projects', 'group');
      return firstWild(v) === 0 ? { reach: 'any', why: 'starts with a wildcard instead of `project_path:`, so it matches projects of every group' } : ONE;
    case 'eks': // §5.5: system:serviceaccount:<namespace>:<serviceaccount>
      return segmented(v, /^system:serviceaccount:([^:*?]+):/, /^system:serviceaccount:[^:*?]+:[^:*?]+$/, 'namespace', 'service account');
    case 'terraform-cloud': // §5.5: organization:<ORG>:project:<P>:workspace:<WS>:run_phase:<phase>
      return segmented(v, /^organization:([^:*?]+):/, /:workspace:[^:*?]+(?::|$)/, 'organization', 'workspace');
    case 'buildkite': // §5.5 [U]: organization:<org>:pipeline:<pipeline>:ref:…
      return segmented(v, /^organization:([^:*?]+):/, /:pipeline:[^:*?]+(?::|$)/, 'organization', 'pipeline');
    case 'circleci': // §5.5 [U]: org/<org-id>/project/<project-id>/user/<user-id>; the issuer already names the organisation.
      return /\/project\/[^/*?]+(?:\/|$)/.test(v) ? ONE : { reach: 'tenant', why: 'does not pin a project, so it matches every project of the organisation' };
    case 'bitbucket': // §5.5 [V-obs]: {repoUuid}:{stepUuid}; the issuer already names the workspace.
      return /^\{[^}*?]+\}/.test(v) ? ONE : { reach: 'tenant', why: 'does not pin a repository UUID, so it matches every repository of the workspace' };
    case 'google':
    case 'facebook':
    case 'amazon': // account IDs: a wildcard anywhere matches other people's accounts.
      return firstWild(v) < 0 ? ONE : { reach: 'any', why: 'has a wildcard in an account ID, so it matches other accounts' };
    default:
      return undefined;
  }
}
