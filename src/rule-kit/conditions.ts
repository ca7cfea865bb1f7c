import { operatorParts } from '../graph/conditions.js';
import type { ConditionEntry, Statement } from '../model/index.js';
import { isUnknown } from '../model/index.js';

export { type OperatorParts, operatorParts } from '../graph/conditions.js';

/** Entries of a statement's Condition whose key matches (condition keys are case-insensitive, sts-semantics.md §9.4). */
export function conditionsOn(stmt: Statement, key: string | RegExp): ConditionEntry[] {
  const test = typeof key === 'string' ? (k: string) => k.toLowerCase() === key.toLowerCase() : (k: string) => key.test(k);
  return stmt.conditions.filter((c) => test(c.key));
}

/** String values of a condition entry (unknown values left out). */
export function stringValues(c: ConditionEntry): string[] {
  return c.values.flatMap((v) => (isUnknown(v.value) ? [] : [v.value]));
}

/** A value that matches anything under a Like operator: only wildcards. */
export function isWildcardOnly(value: string): boolean {
  return /^[*?]+$/.test(value);
}

/**
 * Whether an entry constrains its key positively: a matching operator (not negated, not IfExists, not
 * ForAllValues, which is true when the key is absent — sts-semantics.md §9.2) with at least one value
 * that is not only wildcards.
 */
export function isPositivePin(c: ConditionEntry): boolean {
  const op = operatorParts(c.operator);
  if (op.negated || op.ifExists || op.set === 'ForAllValues') return false;
  if (!/^(String|Arn)/i.test(op.base) && op.base !== 'Bool') return false;
  if (c.values.length === 0) return false;
  // any unknown value counts as a pin to something (not a wildcard we can see)
  return c.values.every((v) => isUnknown(v.value) || !isWildcardOnly(v.value));
}

/** Condition keys that pin *who* the caller is (rules.md "Conditions count"). */
export const CALLER_PIN_KEYS = ['aws:PrincipalOrgID', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:SourceAccount', 'aws:SourceArn', 'aws:PrincipalOrgPaths', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:userid'];

/** The entries of a statement that pin the caller's organisation, account or ARN. */
export function callerPins(stmt: Statement): ConditionEntry[] {
  const keys = new Set(CALLER_PIN_KEYS.map((k) => k.toLowerCase()));
  return stmt.conditions.filter((c) => keys.has(c.key.toLowerCase()) && isPositivePin(c));
}
