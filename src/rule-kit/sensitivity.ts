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
/** Reasons per document and settings: documents are shared (AWS managed policies, a policy attached to many). */
const docCache = new WeakMap<PolicyDocument, WeakMap<RuleSettings, string[]>>();

/** Why one identity-policy document makes its holder sensitive (empty when it does not). */
function documentReasons(doc: PolicyDocument, label: string, settings: RuleSettings): string[] {
  let bySettings = docCache.get(doc);
  if (!bySettings) {
    bySettings = new WeakMap();
    docCache.set(doc, bySettings);
  }
  const hit = bySettings.get(settings);
  if (hit) return hit.map((r) => `${label} ${r}`);
  const reasons: string[] = [];
  for (const stmt of doc.statements) {
    if (stmt.effect !== 'Allow') continue;
    const admin = ADMIN_ACTIONS.find((a) => statementCoversAction(stmt, a) && onAllResources(stmt));
    if (admin) {
      reasons.push(`grants ${statementCoversAction(stmt, 'iam:*') && statementCoversAction(stmt, 'ec2:*') ? '*' : admin} on all resources`);
      continue;
    }
    const destructive = settings.sensitive.actions.find((a) => statementCoversAction(stmt, a));
    if (destructive) reasons.push(`grants ${destructive}`);
  }
  bySettings.set(settings, reasons);
  return reasons.map((r) => `${label} ${r}`);
}

/** rules.md "Sensitive role": admin-equivalent or destructive permissions, a config pattern, or a `fedlint:sensitive` tag. */
export function roleSensitivity(role: Role, settings: RuleSettings): Sensitivity {
  const hit = cache.get(role);
  if (hit) return hit;
  const reasons: string[] = [];
  if (String(role.tags['fedlint:sensitive']).toLowerCase() === 'true') reasons.push('tagged fedlint:sensitive');
  const names = [role.name, role.arn].filter((x): x is string => typeof x === 'string');
  const pattern = settings.sensitive.roles.find((p) => names.some((n) => globMatch(p, n, true)));
  if (pattern) reasons.push(`matches the sensitive pattern ${pattern}`);
  reasons.push(...permissionSensitivity(permissionDocuments(role), settings).reasons);
  const result = { sensitive: reasons.length > 0, reasons: [...new Set(reasons)] };
  cache.set(role, result);
  return result;
}

/**
 * The permission part of the "Sensitive role" test (rules.md) over any identity-policy documents — a role's,
 * a user's or a group's: admin-equivalent grants on all resources, or destructive actions. The tag and
 * name-pattern parts apply to roles only.
 */
export function permissionSensitivity(docs: ReadonlyArray<{ doc: PolicyDocument; label: string }>, settings: RuleSettings): Sensitivity {
  const reasons = docs.flatMap(({ doc, label }) => documentReasons(doc, label, settings));
  return { sensitive: reasons.length > 0, reasons: [...new Set(reasons)] };
}
