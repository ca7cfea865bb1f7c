import { isUnknown, type Statement } from '../model/index.js';
import { globMatch, globsOverlap } from './glob.js';

/** Action strings of a statement's Action (or NotAction) list, unknown ones left out. */
export function actionStrings(stmt: Statement, which: 'actions' | 'notActions' = 'actions'): string[] {
  return (stmt[which] ?? []).flatMap((a) => (isUnknown(a.value) ? [] : [a.value]));
}

/**
 * Whether an Allow/Deny statement applies to `action` (a concrete action or a pattern: any overlap counts).
 * `NotAction` applies to everything it does not list.
 */
export function statementCoversAction(stmt: Statement, action: string): boolean {
  const concrete = !/[*?]/.test(action);
  const hit = (p: string) => (concrete ? globMatch(p, action) : globsOverlap(p, action));
  if (stmt.actions) return actionStrings(stmt).some(hit);
  if (stmt.notActions) return !actionStrings(stmt, 'notActions').some((p) => globMatch(p, action));
  return false;
}

/** The statement's resource list covers every resource of its kind (`*`, or a NotResource). */
export function onAllResources(stmt: Statement): boolean {
  if (stmt.notResources) return true;
  return (stmt.resources ?? []).some((r) => !isUnknown(r.value) && (r.value === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(r.value)));
}

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;
