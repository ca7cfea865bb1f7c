import { type Guard, isUnknown, type Located, type Role } from '../model/index.js';

/** sts-semantics.md R7 / §1.1: a role's MaxSessionDuration must be a whole number of seconds in this range. */
export const MIN_MAX_SESSION_DURATION = 3600;
export const MAX_MAX_SESSION_DURATION = 43200;

export type DurationVariant = Located<number> & { when: Guard[]; text: string };

/**
 * Every value a role's MaxSessionDuration can take (one per Fn::If branch), with the guards that select it —
 * including the role's own resource Condition. Empty when the property is not set (AWS then uses 3600 s).
 */
export function durationVariants(role: Role): DurationVariant[] {
  const one = role.maxSessionDuration;
  const variants = role.maxSessionDurations ?? (one ? [{ ...one, when: [], text: isUnknown(one.value) ? one.value.toString() : String(one.value) }] : []);
  return variants.map((v) => ({ ...v, when: [...role.when, ...v.when] }));
}

/** Whether a known MaxSessionDuration is one IAM accepts: an integer from 3600 to 43200 (R7). */
export function isValidMaxSessionDuration(v: DurationVariant): boolean {
  if (isUnknown(v.value)) return true;
  return /^\s*\d+\s*$/.test(v.text) && v.value >= MIN_MAX_SESSION_DURATION && v.value <= MAX_MAX_SESSION_DURATION;
}

/** 43200 → "12 h", 5400 → "1 h 30 min", 900 → "15 min". */
export function humanDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', s || (!h && !m) ? `${s} s` : ''].filter(Boolean).join(' ');
}
