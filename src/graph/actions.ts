import { isUnknown, type Statement } from '../model/index.js';
import { globMatch, globsOverlap } from './glob.js';

/** Action strings of a statement's Action (or NotAction) list, unknown ones left out. */
export function actionStrings(stmt: Statement, which: 'actions' | 'notActions' = 'actions'): string[] {
  return (stmt[which] ?? []).flatMap((a) => (isUnknown(a.value) ? [] : [a.value]));
}

/** An action list grouped by service prefix (lower case); patterns whose prefix has a wildcard go under ''. */
type ActionIndex = Map<string, string[]>;
const indexes = new WeakMap<Statement, { actions?: ActionIndex; notActions?: ActionIndex }>();

function serviceOf(pattern: string): string {
  const colon = pattern.indexOf(':');
  const service = colon < 0 ? pattern : pattern.slice(0, colon);
  return /[*?]/.test(service) ? '' : service.toLowerCase();
}

/** The patterns of a statement's list that could match an action of `service` (large managed policies list thousands). */
function candidates(stmt: Statement, which: 'actions' | 'notActions', action: string): string[] {
  let entry = indexes.get(stmt);
  if (!entry) {
    entry = {};
    indexes.set(stmt, entry);
  }
  let index = entry[which];
  if (!index) {
    index = new Map();
    for (const p of actionStrings(stmt, which)) {
      const k = serviceOf(p);
      index.set(k, [...(index.get(k) ?? []), p]);
    }
    entry[which] = index;
  }
  const service = serviceOf(action);
  if (service === '') return [...index.values()].flat();
  return [...(index.get(service) ?? []), ...(index.get('') ?? [])];
}

/**
 * Whether an Allow/Deny statement applies to `action` (a concrete action or a pattern: any overlap counts).
 * `NotAction` applies to everything it does not list.
 */
export function statementCoversAction(stmt: Statement, action: string): boolean {
  const concrete = !/[*?]/.test(action);
  const hit = (p: string) => (concrete ? globMatch(p, action) : globsOverlap(p, action));
  if (stmt.actions) return candidates(stmt, 'actions', action).some(hit);
  if (stmt.notActions) return !candidates(stmt, 'notActions', action).some((p) => globMatch(p, action));
  return false;
}

/** The statement's resource list covers every resource of its kind (`*`, or a NotResource). */
export function onAllResources(stmt: Statement): boolean {
  if (stmt.notResources) return true;
  return (stmt.resources ?? []).some((r) => !isUnknown(r.value) && (r.value === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(r.value)));
}

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;
