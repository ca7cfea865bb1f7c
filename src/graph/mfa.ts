/**
 * MFA condition keys and what makes a statement require MFA (sts-semantics.md §3). The trust graph's edge
 * constraints and the FL4xx rules read MFA through these.
 */
import { type ConditionEntry, isUnknown, type Statement } from '../model/index.js';
import { operatorParts } from './conditions.js';

export const MFA_PRESENT = 'aws:MultiFactorAuthPresent';
export const MFA_AGE = 'aws:MultiFactorAuthAge';

export const isMfaPresentKey = (key: string): boolean => key.toLowerCase() === MFA_PRESENT.toLowerCase();
export const isMfaAgeKey = (key: string): boolean => key.toLowerCase() === MFA_AGE.toLowerCase();
export const isMfaKey = (key: string): boolean => isMfaPresentKey(key) || isMfaAgeKey(key);

/** Known values of a condition entry, lower-cased (`true`, `3600`); unknown values left out. */
function known(c: ConditionEntry): string[] {
  return c.values.flatMap((v) => (isUnknown(v.value) ? [] : [v.value.toLowerCase()]));
}

/** Every value is known and equals `want`, any case (values under one key are OR-ed, so one other value loosens it). */
export function allValuesAre(c: ConditionEntry, want: string): boolean {
  return c.values.length > 0 && known(c).length === c.values.length && known(c).every((v) => v === want);
}

/**
 * The condition entry of an Allow statement that makes it match only requests authenticated with MFA, if any:
 * - `Bool aws:MultiFactorAuthPresent "true"` — not `BoolIfExists`, which passes long-term keys where the key is
 *   absent (sts-semantics.md §3.2);
 * - a non-negated, non-IfExists numeric operator on `aws:MultiFactorAuthAge`, or `Null aws:MultiFactorAuthAge "false"`:
 *   the age key is present only when the caller authenticated with MFA, and a missing key makes the operator false
 *   (sts-semantics.md §3.1, §9.2).
 */
export function mfaRequirement(stmt: Statement): ConditionEntry | undefined {
  return stmt.conditions.find((c) => {
    const op = operatorParts(c.operator);
    if (op.set || op.ifExists) return false;
    if (isMfaPresentKey(c.key)) return op.base === 'Bool' && allValuesAre(c, 'true');
    if (isMfaAgeKey(c.key)) return (/^Numeric/.test(op.base) && !op.negated) || (op.base === 'Null' && allValuesAre(c, 'false'));
    return false;
  });
}
