import { type ConditionEntry, isUnknown, type Located, type Statement, type Unknown } from '../model/index.js';
import { actionStrings } from './actions.js';
import { isPositivePin } from './conditions.js';
import { globMatch } from './glob.js';

/**
 * How an Allow statement grants `action` (a concrete action): the Action pattern that matches it (`sts:*`, `*` …),
 * or `NotAction [...]` when a NotAction list leaves it in (sts-semantics.md §9.1: NotAction with Allow grants everything
 * else). Undefined when the statement does not grant it, and always for Deny (a Deny never grants, §9.5).
 */
export function grantingAction(stmt: Statement, action: string): string | undefined {
  if (stmt.effect !== 'Allow') return undefined;
  if (stmt.actions) return actionStrings(stmt).find((p) => globMatch(p, action));
  if (stmt.notActions) {
    const listed = actionStrings(stmt, 'notActions');
    // An unresolved NotAction entry may be exactly this action: do not claim a grant we cannot see.
    if (stmt.notActions.some((a) => isUnknown(a.value)) || listed.some((p) => globMatch(p, action))) return undefined;
    return `NotAction [${listed.join(', ')}]`;
  }
  return undefined;
}

/** What a Resource value covers of IAM roles: every role of every account, every role of one account, or less. */
export interface RoleScope {
  /** `all`: any role anywhere; `account`: every role of `account`. */
  scope: 'all' | 'account';
  /** The account segment as written (12 digits, `${AWS::AccountId}`, a pattern like `1111*`), or the unresolved reason. */
  account?: string;
}

const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;
const wildcardOnly = (s: string) => /^\*+$/.test(s);
/** A pattern that matches `prefix` followed by anything (it ends in `*` and matches the prefix itself). */
const coversAllAfter = (pattern: string, prefix: string) => pattern.endsWith('*') && globMatch(pattern, prefix);

/**
 * Whether a Resource value matches every role ARN of some account (`*`, `arn:aws:iam::*:role/*`,
 * `arn:aws:iam::111122223333:role/*`, `arn:aws:iam::${AWS::AccountId}:*` …). Resource ARNs accept `*`/`?` in any
 * segment (sts-semantics.md §9.1). An unresolved value counts when only its account part is unknown
 * (`!Sub arn:aws:iam::${TargetAccount}:role/*`): whatever the account, it is every role of it.
 */
export function roleScope(value: string | Unknown): RoleScope | undefined {
  let text: string;
  let unknownAccount: string | undefined;
  if (isUnknown(value)) {
    const m = value.partial ? ARN.exec(value.partial) : null;
    if (m?.[4] !== '?' || [m[1], m[2], m[3], m[5]].some((p) => p.includes('?'))) return undefined;
    text = value.partial!.replace(/^((?:[^:]*:){4})\?/, '$1000000000000');
    unknownAccount = `<unresolved: ${value.reason}>`;
  } else text = value;
  if (wildcardOnly(text)) return { scope: 'all' };
  // `${AWS::AccountId}` (the template's own account) holds colons: hide such symbols while the ARN is split.
  const symbols: string[] = [];
  const masked = text.replace(/\$\{[^}]*\}/g, (sym) => `\u0000${symbols.push(sym) - 1}\u0000`);
  const m = ARN.exec(masked);
  if (!m) return coversAllAfter(text, 'arn:aws:iam::000000000000:role/') ? { scope: 'all' } : undefined;
  const [, , service, region, maskedAccount, resource] = m;
  if (!globMatch(service, 'iam') || !globMatch(region, '') || !coversAllAfter(resource, 'role/')) return undefined;
  if (unknownAccount) return { scope: 'account', account: unknownAccount };
  const account = maskedAccount.replace(/\u0000(\d+)\u0000/g, (_, i: string) => symbols[Number(i)]);
  return wildcardOnly(account) ? { scope: 'all' } : { scope: 'account', account };
}

/** Resource values (or the NotResource list) through which an Allow statement reaches every role of an account. */
export interface BroadRoleResource {
  at: Located['source'];
  /** For messages: `Resource *`, `Resource arn:aws:iam::*:role/*`, `NotResource [arn:…]`. */
  text: string;
  scope: RoleScope;
}

export function broadRoleResources(stmt: Statement): BroadRoleResource[] {
  if (stmt.resources) {
    return stmt.resources.flatMap((r) => {
      const scope = roleScope(r.value);
      return scope ? [{ at: r.source, text: `Resource ${isUnknown(r.value) ? r.value.toString() : r.value}`, scope }] : [];
    });
  }
  if (stmt.notResources) {
    // Allow + NotResource is every resource except the listed ones (sts-semantics.md §9.1): still every role
    // unless a listed value excludes all roles. An unresolved entry might, so it is given the benefit of the doubt.
    if (stmt.notResources.some((r) => isUnknown(r.value) || roleScope(r.value)?.scope === 'all')) return [];
    const listed = stmt.notResources.map((r) => r.value as string);
    return [{ at: stmt.locate('/NotResource'), text: `NotResource [${listed.join(', ')}]`, scope: { scope: 'all' } }];
  }
  return [];
}

/**
 * Conditions that narrow *which* roles a statement reaches: a positive pin on the role's tags
 * (`aws:ResourceTag/…`, `iam:ResourceTag/…`), the documented ABAC way to scope role assumption and passing.
 */
export function roleNarrowingConditions(stmt: Statement): ConditionEntry[] {
  return stmt.conditions.filter((c) => /^(aws|iam):ResourceTag\//i.test(c.key) && isPositivePin(c));
}

/** "every role in every account", "every role of account 111122223333", for messages. */
export function roleScopeText(scope: RoleScope, accountLabel: (a: string) => string, all = 'every role in every account'): string {
  if (scope.scope === 'all') return all;
  const a = scope.account ?? '';
  if (a.startsWith('<unresolved')) return `every role of an account the scan cannot resolve (${a})`;
  return /[*?]/.test(a) ? `every role of every account matching ${a}` : `every role of ${accountLabel(a)}`;
}

// userPolicyDocuments lives with the trust graph, which needs it too.
export { userPolicyDocuments } from '../graph/identity.js';
