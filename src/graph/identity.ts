import { type Entity, isUnknown, type PolicyDocument, type Role, type User } from '../model/index.js';

/** The identity policies that apply to a user: its own (inline, attached by name, managed) and its groups'. */
export function userPolicyDocuments(user: User, entities: readonly Entity[]): PolicyDocument[] {
  const docs = [...user.policies, ...user.attached.map((a) => a.document)];
  for (const g of user.groups) {
    if (isUnknown(g.value)) continue;
    const group = entities.find((e) => e.kind === 'group' && e.file === user.file && e.name === g.value);
    if (group?.kind === 'group') docs.push(...group.policies, ...group.attached.map((a) => a.document));
  }
  return [...new Set(docs)];
}

/** The identity policies that give a role its permissions: inline and attached (customer and AWS managed). */
export function rolePolicyDocuments(role: Role): PolicyDocument[] {
  return [...role.policies, ...role.attached.map((a) => a.document)];
}
