import { allValuesAre, isMfaPresentKey } from '../graph/mfa.js';
import { type ConditionEntry, isUnknown, type PolicyDocument, type PrincipalValue, SELF_ACCOUNT, type Statement } from '../model/index.js';
import { statementCoversAction } from './actions.js';
import { operatorParts } from './conditions.js';
import { parsePrincipal } from './principals.js';

export { isMfaAgeKey, isMfaKey, isMfaPresentKey, MFA_AGE, MFA_PRESENT, mfaRequirement } from '../graph/mfa.js';

/** The `Bool aws:MultiFactorAuthPresent "true"` entry of a statement (the documented trust pattern, §3.2), if any. */
export function mfaPresentTrue(stmt: Statement): ConditionEntry | undefined {
  return stmt.conditions.find((c) => {
    const op = operatorParts(c.operator);
    return isMfaPresentKey(c.key) && op.base === 'Bool' && !op.ifExists && !op.set && allValuesAre(c, 'true');
  });
}

/**
 * Whether a trust document holds the recommended MFA Deny for `sts:AssumeRole` that applies to every caller of
 * `allow`: `Deny` + `BoolIfExists {aws:MultiFactorAuthPresent: "false"}` as its only condition (it denies temporary
 * credentials without MFA and long-term keys alike, sts-semantics.md §3.2), principal `"*"`, and no Fn::If guard that
 * `allow` does not share.
 */
export function deniesWithoutMfa(doc: PolicyDocument, allow: Statement): boolean {
  return doc.statements.some(
    (s) => isMfaDeny(s) && s.when.every((g) => allow.when.some((h) => h.condition === g.condition && h.value === g.value)) && (s.principals ?? []).some((p) => parsePrincipal(p).kind === 'public'),
  );
}

/**
 * The recommended MFA Deny for `sts:AssumeRole`: `Deny` + `BoolIfExists {aws:MultiFactorAuthPresent: "false"}` as its
 * only condition, which refuses temporary credentials without MFA and long-term keys alike (sts-semantics.md §3.2).
 */
export function isMfaDeny(s: Statement): boolean {
  if (s.effect !== 'Deny' || s.conditions.length !== 1 || !statementCoversAction(s, 'sts:AssumeRole')) return false;
  const [c] = s.conditions;
  const op = operatorParts(c.operator);
  return isMfaPresentKey(c.key) && op.base === 'Bool' && op.ifExists && !op.set && allValuesAre(c, 'false');
}

export interface HumanPrincipal {
  principal: PrincipalValue;
  /** The principal as written (or its known part). */
  text: string;
  /** "IAM user alice of this account", "IAM users of account 444455556666" … */
  who: string;
}

/**
 * A trust principal through which IAM users (people with long-term keys or console passwords) can call
 * sts:AssumeRole: an IAM user ARN, an account (ID or `:root`, which delegates to the account's users,
 * sts-semantics.md §2.3–2.4) or `"*"` (every account). Role and session ARNs, services and federated principals are
 * not: their sessions are not IAM users. A fully unresolved principal is left to FL005.
 */
export function humanPrincipal(p: PrincipalValue, accountLabel: (account: string) => string): HumanPrincipal | undefined {
  if (p.type !== 'AWS' && p.type !== '*') return undefined;
  const parsed = parsePrincipal(p);
  let kind = parsed.kind;
  let account = parsed.account;
  let name = parsed.name;
  if (kind === 'unknown') {
    // `!Sub arn:aws:iam::${TrustedAccount}:root` with no default: the shape is known even if the account is not.
    const partial = parsed.unknown?.partial ?? '';
    const m = /^arn:[^:]*:iam::(\$\{AWS::AccountId\}|[^:]*):(root|user\/(?:.*\/)?([^/]*))$/.exec(partial);
    if (!m) return undefined;
    kind = m[2] === 'root' ? 'account' : 'user';
    account = m[1];
    name = m[3];
  }
  const acct = (a: string | undefined) => (a === undefined || a.includes('?') ? 'an unresolved account' : a === SELF_ACCOUNT ? 'this account' : `account ${accountLabel(a)}`);
  switch (kind) {
    case 'user':
      return { principal: p, text: parsed.text, who: `IAM user ${name ?? '?'} of ${acct(account)}` };
    case 'account':
      return { principal: p, text: parsed.text, who: `the IAM users of ${acct(account)}` };
    case 'public':
      return { principal: p, text: parsed.text, who: 'the IAM users of every account its conditions admit' };
    default:
      return undefined;
  }
}

/**
 * Whether the statement's `aws:PrincipalArn` conditions admit only roles (a common way to narrow an account
 * principal to machine callers; for role sessions aws:PrincipalArn is the role ARN, sts-semantics.md §2.3, §2.6).
 */
export function onlyRolesByPrincipalArn(stmt: Statement): boolean {
  return stmt.conditions.some((c) => {
    const op = operatorParts(c.operator);
    if (c.key.toLowerCase() !== 'aws:principalarn' || op.negated || op.ifExists || op.set === 'ForAllValues') return false;
    if (!/^(String|Arn)/.test(op.base) || c.values.length === 0) return false;
    return c.values.every((v) => {
      const text = isUnknown(v.value) ? (v.value.partial ?? '') : v.value;
      return /^arn:[^:]*:iam::[^:]*:role\//.test(text);
    });
  });
}
