import { isUnknown, SELF_ACCOUNT, type Statement } from '../model/index.js';
import { statementCoversAction } from './actions.js';
import { wildcardMatch } from './conditions.js';
import { IAM_ARN } from './principals.js';

/**
 * The identity side of a call, as the trust graph needs it: whether a principal's own statements allow an action
 * on a resource (sts-semantics.md §9.5: an explicit Deny wins; a Deny on a condition the call may not meet does not
 * decide).
 */

/** An ARN with the symbolic account replaced by the account key it stands for. */
export function canonical(arn: string, account: string): string {
  return arn.split(SELF_ACCOUNT).join(account);
}

/**
 * True when a statement covers `action` through Action or NotAction (sts-semantics.md §9.1), with the service index
 * of src/graph/actions.ts; a NotAction list with an unresolved entry is not taken to cover anything.
 */
export function allowsAction(stmt: Statement, action: string): boolean {
  return !stmt.notActions?.some((a) => isUnknown(a.value)) && statementCoversAction(stmt, action);
}

/** Whether a statement's Resource (or NotResource) list covers an IAM ARN; unresolved entries are left out. */
export function coversResource(s: Statement, arn: string, account: string): boolean {
  const values = (list: Statement['resources']) => (list ?? []).flatMap((r) => (isUnknown(r.value) ? [] : [canonical(r.value, account)]));
  if (s.resources) return values(s.resources).some((r) => r === '*' || (IAM_ARN.test(r) && wildcardMatch(r, arn)));
  if (s.notResources) return !values(s.notResources).some((r) => r === '*' || wildcardMatch(r, arn));
  return false;
}

/**
 * Of a principal's statements, the Allow statements that grant `action` on `arn`; undefined when none does or an
 * unconditioned Deny refuses it. `keep` narrows which Allow statements count (e.g. an `iam:PassedToService` pin).
 */
export function identityAllows(statements: readonly Statement[], action: string, arn: string, callerAccount: string, keep: (s: Statement) => boolean = () => true): Statement[] | undefined {
  const allow: Statement[] = [];
  for (const s of statements) {
    if (!allowsAction(s, action) || !coversResource(s, arn, callerAccount)) continue;
    if (s.effect === 'Deny' && s.conditions.length === 0) return undefined;
    if (s.effect === 'Allow' && keep(s)) allow.push(s);
  }
  return allow.length ? allow : undefined;
}

/**
 * Whether a principal's statements allow `action` on every resource of the account (Resource `*`, or a pattern ending
 * in `/*` after the resource type) with no Deny on it at all: the principal can do it to anything, now or later.
 */
export function allowsEverywhere(statements: readonly Statement[], action: string): Statement[] | undefined {
  const relevant = statements.filter((s) => allowsAction(s, action));
  if (relevant.some((s) => s.effect !== 'Allow')) return undefined;
  const all = relevant.filter((s) => (s.resources ?? []).some((r) => !isUnknown(r.value) && (r.value === '*' || /^arn:[^:]*:iam::[^:]*:[a-z-]+\/\*$/.test(r.value))));
  return all.length ? all : undefined;
}

/** Whether a principal's statements allow `action` on some resource (any) with no unconditioned Deny on `*`. */
export function allowsSomewhere(statements: readonly Statement[], action: string): Statement[] | undefined {
  const relevant = statements.filter((s) => allowsAction(s, action));
  if (relevant.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && (s.resources ?? []).some((r) => r.value === '*'))) return undefined;
  const allow = relevant.filter((s) => s.effect === 'Allow');
  return allow.length ? allow : undefined;
}

/**
 * Whether a principal's permissions boundary lets it call `action` on `arn` (sts-semantics.md §9.5): an
 * unconditioned Deny in it refuses; where STS asks for the principal's own permissions (`needAllow`), the boundary
 * must allow too (its implicit deny otherwise). No boundary, or one whose document is not known, limits nothing.
 */
export function boundaryPermits(boundary: readonly Statement[] | undefined, action: string, arn: string, account: string, needAllow: boolean): boolean {
  if (!boundary) return true;
  const relevant = boundary.filter((s) => allowsAction(s, action) && coversResource(s, arn, account));
  if (relevant.some((s) => s.effect === 'Deny' && s.conditions.length === 0)) return false;
  return !needAllow || relevant.some((s) => s.effect === 'Allow');
}
