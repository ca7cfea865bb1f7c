import { isUnknown, type Guard, type PolicyDocument, type SourceRef, type Statement } from '../model/index.js';
import { conditionsOn, isPositivePin, operatorParts } from './conditions.js';
import { parsePrincipal } from './principals.js';
import type { RuleSettings } from './settings.js';

/** One place where a trust statement grants to (principals of) an account. */
export interface AccountGrant {
  /** 12-digit account ID, SELF_ACCOUNT, or whatever literal the principal names. */
  account: string;
  /** How the grant is written, for messages: `arn:aws:iam::111122223333:root`, `"*" with aws:PrincipalAccount 111122223333`. */
  text: string;
  at: SourceRef;
}

const ACCOUNT_KINDS = new Set(['account', 'user', 'role', 'assumed-role', 'unknown']);
const ARN_ACCOUNT = /^arn:[^:]*:(?:iam|sts)::(\d{12}):/;

/**
 * Whether the statement only lets in principals of the configured organisation: a positive `aws:PrincipalOrgID`
 * pin whose every value is `settings.organization` (sts-semantics.md §2.6: the key is present only for org members,
 * so a principal outside the organisation never matches). Unknown values are not the organisation.
 */
export function pinnedToOwnOrganization(stmt: Statement, settings: RuleSettings): boolean {
  const org = settings.organization;
  if (!org) return false;
  return conditionsOn(stmt, 'aws:PrincipalOrgID').some((c) => {
    if (!isPositivePin(c) || !/^String/i.test(operatorParts(c.operator).base)) return false;
    return c.values.length > 0 && c.values.every((v) => !isUnknown(v.value) && v.value === org);
  });
}

/**
 * Organisations other than the configured one that an Allow statement lets in by `aws:PrincipalOrgID`
 * (sts-semantics.md §2.6). Without a configured organisation nothing can be called foreign.
 */
export function foreignOrganizationPins(stmt: Statement, settings: RuleSettings): Array<{ org: string; at: SourceRef }> {
  const org = settings.organization;
  if (!org || stmt.effect !== 'Allow') return [];
  return conditionsOn(stmt, 'aws:PrincipalOrgID')
    .filter((c) => isPositivePin(c))
    .flatMap((c) => c.values.flatMap((v) => (!isUnknown(v.value) && v.value !== org ? [{ org: v.value, at: v.source }] : [])));
}

/**
 * The accounts an Allow trust statement grants to (sts-semantics.md §2.4): `AWS` principals that are an account
 * (ID or `:root`), or a user / role / assumed-role ARN in it; and `"*"` narrowed by `aws:PrincipalAccount` (or, without
 * it, `aws:PrincipalArn`) to literal accounts (sts-semantics.md §2.6). Deny statements grant nothing (R1). An account
 * that comes from an unresolved value is left out: it is not a literal (FL005 reports it).
 */
export function accountGrants(stmt: Statement): AccountGrant[] {
  if (stmt.effect !== 'Allow') return [];
  const out: AccountGrant[] = [];
  let publicPrincipal = false;
  for (const p of stmt.principals ?? []) {
    if (p.type !== 'AWS' && p.type !== '*') continue;
    const parsed = parsePrincipal(p);
    if (parsed.kind === 'public') publicPrincipal = true;
    else if (ACCOUNT_KINDS.has(parsed.kind) && parsed.account && parsed.account !== '*') out.push({ account: parsed.account, text: parsed.text, at: p.source });
  }
  if (publicPrincipal) out.push(...pinnedCallerAccounts(stmt));
  return out;
}

/** `"*"` pinned to accounts by condition: each literal account of `aws:PrincipalAccount`, else of `aws:PrincipalArn`. */
function pinnedCallerAccounts(stmt: Statement): AccountGrant[] {
  const from = (key: string, accountOf: (v: string) => string | undefined): AccountGrant[] =>
    conditionsOn(stmt, key)
      .filter((c) => isPositivePin(c) && /^(String|Arn)(Equals|Like)$/i.test(operatorParts(c.operator).base))
      .flatMap((c) =>
        c.values.flatMap((v) => {
          const account = isUnknown(v.value) ? undefined : accountOf(v.value);
          return account ? [{ account, text: `"*" with ${c.key} ${String(v.value)}`, at: v.source }] : [];
        }),
      );
  const byAccount = from('aws:PrincipalAccount', (v) => (/^\d{12}$/.test(v) ? v : undefined));
  if (conditionsOn(stmt, 'aws:PrincipalAccount').some(isPositivePin)) return byAccount;
  return from('aws:PrincipalArn', (v) => ARN_ACCOUNT.exec(v)?.[1]);
}

/** The account grants of a statement to accounts that are external to `doc` (rules.md "External account"). */
export function externalGrants(
  stmt: Statement,
  doc: PolicyDocument,
  settings: RuleSettings,
  isExternalAccount: (account: string, doc: PolicyDocument) => boolean,
): AccountGrant[] {
  if (pinnedToOwnOrganization(stmt, settings)) return [];
  return accountGrants(stmt).filter((g) => isExternalAccount(g.account, doc));
}

/** Guards common to every entry: what must hold for at least one of several guarded occurrences to exist. */
export function commonGuards(whens: Guard[][]): Guard[] {
  if (whens.length === 0) return [];
  return whens[0].filter((g) => whens.every((w) => w.some((h) => h.condition === g.condition && h.value === g.value)));
}
