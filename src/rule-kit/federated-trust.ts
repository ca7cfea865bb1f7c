/**
 * Federated (SAML / OIDC web-identity) trust statements: which provider a statement trusts, which condition
 * entries pin one of its claims, and how to name both in messages. Used by the FL2xx rules.
 */
import { normalizeOidcIssuer, oidcProviderForIssuer, type OidcProviderInfo } from '../data/oidc-providers.js';
import { type ConditionEntry, type Guard, isUnknown, type PolicyDocument, type PrincipalValue, type Statement, type Unknown } from '../model/index.js';
import { statementCoversAction } from './actions.js';
import { isWildcardOnly, operatorParts } from './conditions.js';
import { globMatch } from './glob.js';
import { parsePrincipal } from './principals.js';

export const SAML_ACTION = 'sts:AssumeRoleWithSAML';
export const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity';

export interface FederatedTrust {
  principal: PrincipalValue;
  protocol: 'saml' | 'oidc';
  /** OIDC: the issuer host/path, normalised (lower case, no scheme); SAML: the provider name. Undefined when unresolved. */
  issuer?: string;
  /** The issuer as written (scheme stripped), for messages. */
  issuerText?: string;
  /** Where the issuer was learnt: the principal itself, or (unresolved principal) the statement's condition keys. */
  issuerFrom?: 'principal' | 'condition-keys';
  /** Known OIDC provider (GitHub Actions, EKS …) for the issuer. */
  provider?: OidcProviderInfo;
  /** A built-in web-identity provider named by host (`accounts.google.com` …): no IAM provider resource, no client ID list. */
  builtIn: boolean;
  /** "GitHub Actions (token.actions.githubusercontent.com)", "SAML provider Okta" … for messages. */
  label: string;
  /** Stable text of the principal for fingerprints. */
  text: string;
  unknown?: Unknown;
}

/** `<issuer>:<claim>` of a web-identity condition key (sts-semantics.md §5.2), issuer normalised; undefined for `aws:`, `sts:`, `saml:` … keys. */
export function oidcKeyParts(key: string): { issuer: string; claim: string } | undefined {
  const k = key.trim().toLowerCase();
  // The issuer never holds a colon of its own (no port, §5.1) — except a symbolic `${AWS::Region}`: split at the last one.
  const i = k.lastIndexOf(':');
  if (i <= 0) return undefined;
  const issuer = k.slice(0, i);
  const claim = k.slice(i + 1);
  if (!/^[a-z0-9_]+$/.test(claim) || !issuer.includes('.') || /\s/.test(issuer)) return undefined;
  return { issuer: normalizeOidcIssuer(issuer), claim };
}

/** Provider knowledge for an issuer; a symbolic `${AWS::Region}` (EKS issuers built with `!Sub`) stands for any region. */
export function providerForIssuer(issuer: string): OidcProviderInfo | undefined {
  return oidcProviderForIssuer(issuer.replace(/\$\{aws::region\}/gi, 'us-east-1'));
}

const plainName = (name: string) => name.replace(/^\$\{([^}]+)\}$/, '$1');

function issuersInConditions(stmt: Statement): string[] {
  return [...new Set(stmt.conditions.flatMap((c) => oidcKeyParts(c.key)?.issuer ?? []))];
}

/** SAML or OIDC for a Federated principal the scan could not resolve: its known part, its condition keys, then its actions. */
function unknownProtocol(stmt: Statement, u: Unknown): 'saml' | 'oidc' | undefined {
  if (u.partial?.includes(':saml-provider/')) return 'saml';
  if (u.partial?.includes(':oidc-provider/')) return 'oidc';
  if (stmt.conditions.some((c) => /^saml:/i.test(c.key))) return 'saml';
  if (stmt.conditions.some((c) => oidcKeyParts(c.key))) return 'oidc';
  const saml = statementCoversAction(stmt, SAML_ACTION);
  const oidc = statementCoversAction(stmt, WEB_IDENTITY_ACTION);
  return saml && !oidc ? 'saml' : oidc && !saml ? 'oidc' : undefined;
}

function oidcTrust(stmt: Statement, p: PrincipalValue): FederatedTrust | undefined {
  const parsed = parsePrincipal(p);
  if ((parsed.kind === 'oidc-provider' || parsed.kind === 'web-identity') && parsed.name) {
    const issuer = normalizeOidcIssuer(parsed.name);
    const provider = providerForIssuer(issuer);
    const builtIn = parsed.kind === 'web-identity';
    const shown = parsed.name.replace(/^https:\/\//, '');
    const label = provider ? `${provider.displayName} (${shown})` : `${builtIn ? 'web identity provider' : 'OIDC provider'} ${shown}`;
    return { principal: p, protocol: 'oidc', issuer, issuerText: shown, issuerFrom: 'principal', provider, builtIn, label, text: parsed.text };
  }
  if (parsed.kind !== 'unknown' || !parsed.unknown || unknownProtocol(stmt, parsed.unknown) !== 'oidc') return undefined;
  const u = parsed.unknown;
  // A partly known ARN (`…:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/?`) narrows the condition keys that can be its own.
  const known = /:oidc-provider\/(.+)$/.exec(u.partial ?? '')?.[1];
  const pattern = known ? normalizeOidcIssuer(known).replace(/\?/g, '*') : '*';
  const candidates = issuersInConditions(stmt).filter((i) => globMatch(pattern, i, true));
  const issuer = candidates.length === 1 ? candidates[0] : undefined;
  const provider = issuer ? providerForIssuer(issuer) : undefined;
  const what = `an unresolved OIDC provider (${u.reason})`;
  const label = issuer ? `${what} whose condition keys name ${provider ? `${provider.displayName} (${issuer})` : issuer}` : what;
  return { principal: p, protocol: 'oidc', issuer, issuerFrom: issuer ? 'condition-keys' : undefined, provider, builtIn: false, label, text: u.toString(), unknown: u };
}

function samlTrust(stmt: Statement, p: PrincipalValue): FederatedTrust | undefined {
  const parsed = parsePrincipal(p);
  if (parsed.kind === 'saml-provider' && parsed.name !== undefined)
    return { principal: p, protocol: 'saml', issuer: parsed.name, issuerFrom: 'principal', builtIn: false, label: `SAML provider ${plainName(parsed.name)}`, text: parsed.text };
  if (parsed.kind !== 'unknown' || !parsed.unknown || unknownProtocol(stmt, parsed.unknown) !== 'saml') return undefined;
  return { principal: p, protocol: 'saml', builtIn: false, label: `an unresolved SAML provider (${parsed.unknown.reason})`, text: parsed.unknown.toString(), unknown: parsed.unknown };
}

/**
 * The federated principals an `Allow` trust statement lets assume the role through SAML or web identity:
 * `Federated` principals of the matching kind, in statements whose actions cover the API (sts-semantics.md §2.2;
 * a SAML provider under plain `sts:AssumeRole` is FL106's dead trust, not a federation). A `Federated` principal
 * the scan cannot resolve is included when its known part, its condition keys or its actions say which protocol.
 */
export function federatedTrusts(stmt: Statement, protocol: 'saml' | 'oidc'): FederatedTrust[] {
  if (stmt.effect !== 'Allow') return [];
  if (!statementCoversAction(stmt, protocol === 'saml' ? SAML_ACTION : WEB_IDENTITY_ACTION)) return [];
  const trusts = (stmt.principals ?? []).flatMap((p) => (p.type === 'Federated' ? ((protocol === 'saml' ? samlTrust(stmt, p) : oidcTrust(stmt, p)) ?? []) : []));
  return trusts.filter((t) => !blockedByForeignClaim(stmt, t));
}

/**
 * A statement naming several OIDC issuers, with a matching condition on a claim of *another* issuer: this issuer's
 * tokens never carry that key, and a missing key makes the operator false (sts-semantics.md §9.2) — the statement
 * never lets this issuer in. Dead, not open: leave it to other rules.
 */
function blockedByForeignClaim(stmt: Statement, t: FederatedTrust): boolean {
  if (t.protocol !== 'oidc' || t.issuer === undefined) return false;
  return stmt.conditions.some((c) => {
    const parts = oidcKeyParts(c.key);
    const op = operatorParts(c.operator);
    return parts !== undefined && parts.issuer !== t.issuer && !op.negated && !op.ifExists && op.set !== 'ForAllValues' && op.base !== 'Null';
  });
}

/** The condition key that carries `claim` for this OIDC trust (`token.actions.githubusercontent.com:sub`), or the claim itself when it is a global key. */
export function claimKey(t: FederatedTrust, claim: string): string | undefined {
  if (claim.includes(':')) return claim;
  const issuer = t.issuerText ?? t.issuer;
  return issuer ? `${issuer}:${claim}` : undefined;
}

/** Whether a condition key is `<this trust's issuer>:<one of claims>` (case-insensitive; global keys such as `sts:RoleSessionName` compared whole). */
export function keyMatcher(t: FederatedTrust, claims: string[]): (key: string) => boolean {
  const wanted = new Set(claims.map((c) => c.toLowerCase()));
  return (key) => {
    if (wanted.has(key.toLowerCase())) return true;
    const parts = oidcKeyParts(key);
    if (!parts || !wanted.has(parts.claim)) return false;
    // An unresolved issuer: any issuer's claim of that name is taken as its own.
    return t.issuer === undefined ? true : parts.issuer === t.issuer;
  };
}

/**
 * Whether an operator makes its key match one of the entry's values: `StringEquals`, `StringLike`, the ARN forms,
 * `ForAnyValue:` (false when the key is absent). Not negated operators, not `ForAllValues:` and not `…IfExists`
 * (both are true when the key is absent, sts-semantics.md §9.2) — except for claims every token carries (`aud`,
 * `sub`; `saml:aud` is the Recipient every assertion has, §4.4), where `IfExists` changes nothing.
 */
export function isMatchingOperator(operator: string, alwaysPresent = false): boolean {
  const op = operatorParts(operator);
  if (op.negated || op.set === 'ForAllValues' || (op.ifExists && !alwaysPresent)) return false;
  return /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i.test(op.base);
}

/** `StringLike`/`ArnLike` and their set forms: `*` and `?` are wildcards (§9.2); in the Equals forms they are literal. */
export function isLikeOperator(operator: string): boolean {
  return /Like$/i.test(operatorParts(operator).base);
}

/** A value that matches every string under its operator (`*` under StringLike; never under StringEquals, where `*` is literal). */
export function matchesAnything(entry: ConditionEntry, value: string): boolean {
  return isLikeOperator(entry.operator) && isWildcardOnly(value);
}

export interface ClaimPin {
  entry: ConditionEntry;
  /** The statement holding the entry: the Allow itself, or a Deny that refuses every value but these. */
  stmt: Statement;
  viaDeny: boolean;
}

export interface ClaimConstraints {
  /** Entries, AND-ed, that each require the key to match one of their values (values OR-ed). */
  pins: ClaimPin[];
  /** Entries on the key in the Allow that do not require a match (negated, ForAllValues, IfExists, Null …). */
  loose: ConditionEntry[];
}

const subset = (a: Guard[], b: Guard[]) => a.every((g) => b.some((h) => h.condition === g.condition && h.value === g.value));

function denyCovers(deny: Statement, p: PrincipalValue): boolean {
  return (deny.principals ?? []).some(
    (d) => d.type === '*' || ((d.type === 'AWS' || d.type === 'Federated') && d.value === '*') || (d.type === p.type && (isUnknown(d.value) && isUnknown(p.value) ? d.value.reason === p.value.reason : d.value === p.value)),
  );
}

/**
 * What constrains the keys `matches` accepts for one principal of an Allow statement (sts-semantics.md §9.2):
 * the Allow's own matching entries, plus `Deny` statements of the same document for the same principal and
 * action whose only condition is a negated string test on the key (`StringNotLike sub …`): such a Deny refuses
 * every value but its own, which pins the key as the Allow would. A Deny under other Fn::If branches than the
 * Allow's, or with more conditions, is not counted.
 */
export function claimConstraints(
  doc: PolicyDocument,
  stmt: Statement,
  principal: PrincipalValue,
  action: string,
  matches: (key: string) => boolean,
  alwaysPresent: boolean | ((key: string) => boolean) = false,
): ClaimConstraints {
  const pins: ClaimPin[] = [];
  const loose: ConditionEntry[] = [];
  const present = typeof alwaysPresent === 'function' ? alwaysPresent : () => alwaysPresent;
  for (const c of stmt.conditions) {
    if (!matches(c.key)) continue;
    if (isMatchingOperator(c.operator, present(c.key)) && c.values.length > 0) pins.push({ entry: c, stmt, viaDeny: false });
    else loose.push(c);
  }
  for (const deny of doc.statements) {
    if (deny.effect !== 'Deny' || deny.conditions.length !== 1 || !subset(deny.when, stmt.when)) continue;
    if (!statementCoversAction(deny, action) || !denyCovers(deny, principal)) continue;
    const c = deny.conditions[0];
    const op = operatorParts(c.operator);
    if (matches(c.key) && op.negated && !op.set && /^String/i.test(op.base) && c.values.length > 0) pins.push({ entry: c, stmt: deny, viaDeny: true });
  }
  return { pins, loose };
}

/** `sub` and `aud` are required in every OIDC ID token (§1.5: STS returns both for every call): an IfExists form still pins them. */
export const isRequiredOidcClaim = (key: string): boolean => /:(sub|aud)$/i.test(key.trim());

/** Who can get a token from a shared issuer, for messages: "any GitHub Actions workflow in any repository". */
export function anyoneOf(provider: OidcProviderInfo): string {
  const who: Record<string, string> = {
    'github-actions': 'any GitHub Actions workflow in any repository',
    'github-actions-vstoken': 'any GitHub Actions workflow in any repository',
    'github-actions-enterprise': 'any GitHub Actions workflow in any repository of the enterprise',
    'github-actions-ghe-com': 'any GitHub Actions workflow in any repository of the GHE.com enterprise',
    'github-audit-log': 'the audit-log stream of any GitHub organisation',
    gitlab: 'any GitLab.com CI/CD job in any project',
    'terraform-cloud': 'any HCP Terraform run of any organisation',
    buildkite: 'any Buildkite pipeline of any organisation',
    circleci: 'any CircleCI job in any project of the organisation',
    bitbucket: 'any Bitbucket Pipelines step in any repository of the workspace',
    eks: 'any pod running under any service account of the EKS cluster',
    google: 'any Google account',
    facebook: 'any Facebook user',
    amazon: 'any Login with Amazon user',
  };
  return who[provider.id] ?? `any ${provider.displayName} customer`;
}
