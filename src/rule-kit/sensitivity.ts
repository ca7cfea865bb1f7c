import type { PolicyDocument, Role } from '../model/index.js';
import { onAllResources, statementCoversAction } from './actions.js';
import { globMatch } from './glob.js';
import { ADMIN_ACTIONS, type RuleSettings } from './settings.js';

export interface Sensitivity {
  sensitive: boolean;
  /** Human-readable reasons, most telling first: "grants iam:* on *", "AWS managed policy AdministratorAccess". */
  reasons: string[];
}

/** The identity-policy documents that give a role its permissions: inline, attached, customer and AWS managed. */
export function permissionDocuments(role: Role): Array<{ doc: PolicyDocument; label: string }> {
  return [
    ...role.policies.map((doc) => ({ doc, label: `policy ${doc.owner.policyName ?? doc.owner.id}` })),
    ...role.attached.map((a) => ({ doc: a.document, label: a.label })),
  ];
}

const cache = new WeakMap<Role, Sensitivity>();

/** rules.md "Sensitive role": admin-equivalent or destructive permissions, a config pattern, or a `fedlint:sensitive` tag. */
export function roleSensitivity(role: Role, settings: RuleSettings): Sensitivity {
  const hit = cache.get(role);
  if (hit) return hit;
  const reasons: string[] = [];
  if (String(role.tags['fedlint:sensitive']).toLowerCase() === 'true') reasons.push('tagged fedlint:sensitive');
  const names = [role.name, role.arn].filter((x): x is string => typeof x === 'string');
  const pattern = settings.sensitive.roles.find((p) => names.some((n) => globMatch(p, n, true)));
  if (pattern) reasons.push(`matches the sensitive pattern ${pattern}`);
  for (const { doc, label } of permissionDocuments(role)) {
    for (const stmt of doc.statements) {
      if (stmt.effect !== 'Allow') continue;
      const admin = ADMIN_ACTIONS.find((a) => statementCoversAction(stmt, a) && onAllResources(stmt));
      if (admin) {
        reasons.push(`${label} grants ${statementCoversAction(stmt, 'iam:*') && statementCoversAction(stmt, 'ec2:*') ? '*' : admin} on all resources`);
        continue;
      }
      const destructive = settings.sensitive.actions.find((a) => statementCoversAction(stmt, a));
      if (destructive) reasons.push(`${label} grants ${destructive}`);
    }
  }
  const result = { sensitive: reasons.length > 0, reasons: [...new Set(reasons)] };
  cache.set(role, result);
  return result;
}

/**
 * The permission part of the "Sensitive role" test (rules.md) over any identity-policy documents — a user's or
 * a group's: admin-equivalent grants on all resources, or destructive actions. The tag and name-pattern parts
 * apply to roles only. Added for FL219 (federation-b); `roleSensitivity` is unchanged.
 */
export function permissionSensitivity(docs: ReadonlyArray<{ doc: PolicyDocument; label: string }>, settings: RuleSettings): Sensitivity {
  const reasons: string[] = [];
  for (const { doc, label } of docs) {
    for (const stmt of doc.statements) {
      if (stmt.effect !== 'Allow') continue;
      const admin = ADMIN_ACTIONS.find((a) => statementCoversAction(stmt, a) && onAllResources(stmt));
      if (admin) {
        reasons.push(`${label} grants ${statementCoversAction(stmt, 'iam:*') && statementCoversAction(stmt, 'ec2:*') ? '*' : admin} on all resources`);
        continue;
      }
      const destructive = settings.sensitive.actions.find((a) => statementCoversAction(stmt, a));
      if (destructive) reasons.push(`${label} grants ${destructive}`);
    }
  }
  return { sensitive: reasons.length > 0, reasons: [...new Set(reasons)] };
}
