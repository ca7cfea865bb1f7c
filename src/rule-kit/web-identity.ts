import { isUnknown, type PrincipalValue, type Statement } from '../model/index.js';
import { statementCoversAction } from './actions.js';
import { parsePrincipal } from './principals.js';

/** The built-in web identity provider of Cognito identity pools (sts-semantics.md §2.4, §5.6). */
export const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/**
 * The host of a built-in web identity principal (`Federated: cognito-identity.amazonaws.com`,
 * `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`), lower-cased; undefined for provider
 * ARNs, other principal types and unresolved values.
 */
export function builtInWebIdentity(p: PrincipalValue): string | undefined {
  const parsed = parsePrincipal(p);
  return parsed.kind === 'web-identity' && parsed.name ? parsed.name.toLowerCase() : undefined;
}

/**
 * Whether the statement may allow AssumeRoleWithWebIdentity: its actions cover it (`sts:*`, `*`, a
 * NotAction that leaves it in) or one of them is unresolved (unresolved is not safe).
 */
export function mayAllowWebIdentity(stmt: Statement): boolean {
  if (statementCoversAction(stmt, 'sts:AssumeRoleWithWebIdentity')) return true;
  return (stmt.actions ?? []).some((a) => isUnknown(a.value));
}
