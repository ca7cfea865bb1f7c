import {
  type DuplicateKey,
  type Group,
  type InstanceProfile,
  joinPointer,
  type Located,
  type ManagedPolicy,
  type Model,
  type PolicyDocument,
  type PolicyKind,
  type PolicyOwner,
  type Role,
  SELF_ACCOUNT,
  type SourceRef,
  type User,
} from '../../model/index.js';
import type { ParsedDoc } from '../../parse/index.js';
import { parseJson } from '../../parse/json.js';
import { isObject, plainDocument } from '../policy/normalize.js';

/**
 * `aws iam get-account-authorization-details` output (GetAccountAuthorizationDetails) → the provider-neutral
 * model: what is deployed in one account. `RoleDetailList`, `UserDetailList`, `GroupDetailList` and `Policies`
 * become roles, users, groups and managed policies; attachments are by ARN (linked in src/load/link.ts, where the
 * exported document of a policy wins over fedlint's bundled copy). Accounts are real: each entity's comes from its
 * ARN (sts-semantics.md §1.12). Not in the export, so absent from the model: MaxSessionDuration, login profiles,
 * access keys, identity providers.
 *
 * Policy documents come URL-encoded (RFC 3986) from the API and decoded (JSON objects) from the AWS CLI. Decoded
 * documents are located value by value; an encoded one is located, as a whole, at its string (approximate).
 */

type Obj = Record<string, unknown>;

const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:iam::(\d{12}):/;
const AWS_MANAGED_ARN = /^arn:aws[\w-]*:iam::aws:policy\//;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function accountOfArn(arn: unknown): string | undefined {
  const m = typeof arn === 'string' ? ACCOUNT_OF_ARN.exec(arn) : null;
  return m ? m[1] : undefined;
}

/** The items of a top-level or nested list that are objects, with their pointers. */
function items(v: unknown, pointer: string): Array<{ item: Obj; pointer: string }> {
  if (!Array.isArray(v)) return [];
  return v.flatMap((item, i) => (isObject(item) ? [{ item, pointer: joinPointer(pointer, i) }] : []));
}

/** The account the export was taken in: the first account an ARN of a role, user, group or customer policy names. */
function exportAccount(root: Obj): string {
  for (const key of ['RoleDetailList', 'UserDetailList', 'GroupDetailList', 'Policies']) {
    for (const { item } of items(root[key], '/' + key)) {
      const a = accountOfArn(item.Arn);
      if (a) return a;
    }
  }
  return SELF_ACCOUNT;
}

interface Ctx {
  doc: ParsedDoc;
  model: Model;
  /** The export's account, for entities whose ARN does not name one. */
  account: string;
}

function at(ctx: Ctx, pointer: string, resource: string): SourceRef {
  return { ...ctx.doc.map.locate(pointer), resource };
}

/**
 * The policy document at `pointer`: a JSON object (AWS CLI output), or a URL-encoded JSON string (the API's own
 * form). A string that does not decode, or is not JSON once decoded, is an input error (FL001) at the string.
 */
function policyDocument(ctx: Ctx, pointer: string, kind: PolicyKind, owner: PolicyOwner, account: string, resource: string, listed = true): PolicyDocument | undefined {
  const { doc, model } = ctx;
  const v = valueAt(doc.value, pointer);
  const host = at(ctx, pointer, resource);
  let init: Omit<Parameters<typeof plainDocument>[0], 'kind' | 'owner' | 'file' | 'source' | 'account'>;
  if (isObject(v)) {
    const prefix = pointer + '/';
    init = {
      raw: v,
      locate: (p) => at(ctx, pointer + p, resource),
      locateKey: (p) => ({ ...doc.map.locateKey(pointer + p), resource }),
      duplicateKeys: doc.duplicateKeys.filter((p) => p.startsWith(prefix)).map((p): DuplicateKey => ({ pointer: p.slice(pointer.length), source: { ...doc.map.locateKey(p), resource } })),
    };
  } else if (typeof v === 'string') {
    const label = `${owner.type === 'managed-policy' ? 'managed policy' : owner.type} ${owner.id}${owner.policyName && owner.type !== 'managed-policy' ? ` (policy ${owner.policyName})` : ''}`;
    let text: string;
    try {
      text = decodeURIComponent(v);
    } catch {
      model.inputErrors.push({ file: doc.file, message: `policy document of ${label} is not valid URL encoding (RFC 3986)`, source: host });
      return undefined;
    }
    const parsed = parseJson(doc.file, text);
    if (!('map' in parsed)) {
      model.inputErrors.push({ file: doc.file, message: `policy document of ${label} is not valid JSON once URL-decoded: ${parsed.message}`, source: host });
      return undefined;
    }
    // Positions inside the decoded text have no counterpart in the file: every element is at the string.
    const inside = (p: string): SourceRef => ({ ...host, pointer: pointer + p, approximate: true });
    init = { raw: parsed.value, locate: inside, locateKey: inside, duplicateKeys: parsed.duplicateKeys.map((p) => ({ pointer: p, source: inside(p) })) };
  } else return undefined;
  const d = plainDocument({ ...init, kind, owner, file: doc.file, source: host, account });
  if (listed) model.documents.push(d);
  return d;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** `{PolicyName, PolicyDocument}` items: inline policies of a role, user or group, each attached to its owner. */
function inlinePolicies(ctx: Ctx, list: unknown, pointer: string, type: 'role' | 'user' | 'group', name: string, account: string): PolicyDocument[] {
  return items(list, pointer).flatMap(({ item, pointer: p }) => {
    const policyName = str(item.PolicyName);
    const d = policyDocument(ctx, p + '/PolicyDocument', 'identity', { type, id: name, policyName }, account, name);
    if (!d) return [];
    d.attachedTo = [{ type, target: { value: name, source: at(ctx, policyName ? p + '/PolicyName' : p, name) }, when: [] }];
    return [d];
  });
}

/** `AttachedManagedPolicies` ARNs, located at each `PolicyArn`. */
function attachedArns(ctx: Ctx, list: unknown, pointer: string, resource: string): Located[] {
  return items(list, pointer).flatMap(({ item, pointer: p }) => (str(item.PolicyArn) ? [{ value: item.PolicyArn as string, source: at(ctx, p + '/PolicyArn', resource) }] : []));
}

function boundary(ctx: Ctx, item: Obj, pointer: string, resource: string): Located | undefined {
  const b = item.PermissionsBoundary;
  if (!isObject(b) || !str(b.PermissionsBoundaryArn)) return undefined;
  return { value: b.PermissionsBoundaryArn as string, source: at(ctx, pointer + '/PermissionsBoundary/PermissionsBoundaryArn', resource) };
}

function tags(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) for (const t of v) if (isObject(t) && typeof t.Key === 'string' && typeof t.Value === 'string') out[t.Key] = t.Value;
  return out;
}

function base(ctx: Ctx, pointer: string, nameKey: string, name: string, arn: unknown) {
  return {
    id: name,
    file: ctx.doc.file,
    source: at(ctx, pointer, name),
    idSource: at(ctx, pointer + '/' + nameKey, name),
    when: [],
    account: accountOfArn(arn) ?? ctx.account,
  };
}

function arnOf(arn: unknown, account: string, kind: string, path: unknown, name: string): string {
  return str(arn) ?? `arn:aws:iam::${account}:${kind}${str(path) ?? '/'}${name}`;
}

function loadRole(ctx: Ctx, item: Obj, pointer: string): Array<Role | InstanceProfile> {
  const name = str(item.RoleName);
  if (!name) return [];
  const b = base(ctx, pointer, 'RoleName', name, item.Arn);
  const role: Role = {
    ...b,
    kind: 'role',
    name,
    arn: arnOf(item.Arn, b.account, 'role', item.Path, name),
    path: str(item.Path) ?? '/',
    trust: policyDocument(ctx, pointer + '/AssumeRolePolicyDocument', 'trust', { type: 'role', id: name }, b.account, name),
    policies: inlinePolicies(ctx, item.RolePolicyList, pointer + '/RolePolicyList', 'role', name, b.account),
    managedPolicyArns: attachedArns(ctx, item.AttachedManagedPolicies, pointer + '/AttachedManagedPolicies', name),
    attached: [],
    // MaxSessionDuration is not part of GetAccountAuthorizationDetails: left unset, never assumed.
    permissionsBoundary: boundary(ctx, item, pointer, name),
    tags: tags(item.Tags),
  };
  // sts-semantics.md §7.3: an instance profile holds one role; the export lists each profile under its role.
  const profiles = items(item.InstanceProfileList, pointer + '/InstanceProfileList').flatMap(({ item: ip, pointer: p }): InstanceProfile[] => {
    const ipName = str(ip.InstanceProfileName);
    if (!ipName) return [];
    return [{ ...base(ctx, p, 'InstanceProfileName', ipName, ip.Arn), kind: 'instance-profile', roles: [{ value: name, source: at(ctx, p + '/InstanceProfileName', ipName) }] }];
  });
  return [role, ...profiles];
}

function loadUser(ctx: Ctx, item: Obj, pointer: string): User | undefined {
  const name = str(item.UserName);
  if (!name) return undefined;
  const b = base(ctx, pointer, 'UserName', name, item.Arn);
  const groups = Array.isArray(item.GroupList)
    ? item.GroupList.flatMap((g, i): Located[] => (typeof g === 'string' ? [{ value: g, source: at(ctx, joinPointer(pointer, 'GroupList', i), name) }] : []))
    : [];
  return {
    ...b,
    kind: 'user',
    name,
    arn: arnOf(item.Arn, b.account, 'user', item.Path, name),
    policies: inlinePolicies(ctx, item.UserPolicyList, pointer + '/UserPolicyList', 'user', name, b.account),
    managedPolicyArns: attachedArns(ctx, item.AttachedManagedPolicies, pointer + '/AttachedManagedPolicies', name),
    attached: [],
    groups,
    permissionsBoundary: boundary(ctx, item, pointer, name),
  };
}

function loadGroup(ctx: Ctx, item: Obj, pointer: string): Group | undefined {
  const name = str(item.GroupName);
  if (!name) return undefined;
  const b = base(ctx, pointer, 'GroupName', name, item.Arn);
  return {
    ...b,
    kind: 'group',
    name,
    arn: arnOf(item.Arn, b.account, 'group', item.Path, name),
    policies: inlinePolicies(ctx, item.GroupPolicyList, pointer + '/GroupPolicyList', 'group', name, b.account),
    managedPolicyArns: attachedArns(ctx, item.AttachedManagedPolicies, pointer + '/AttachedManagedPolicies', name),
    attached: [],
  };
}

/**
 * A managed policy with the document of its default version only: the other stored versions are inactive. AWS
 * managed policies keep their document out of `model.documents` (as the bundled copies in link.ts): they are
 * checked through the roles, users and groups they are attached to, not as a policy of this account.
 */
function loadPolicy(ctx: Ctx, item: Obj, pointer: string): ManagedPolicy | undefined {
  const name = str(item.PolicyName);
  if (!name) return undefined;
  const b = base(ctx, pointer, 'PolicyName', name, item.Arn);
  const arn = arnOf(item.Arn, b.account, 'policy', item.Path, name);
  const versions = items(item.PolicyVersionList, pointer + '/PolicyVersionList');
  const def = versions.find((v) => v.item.IsDefaultVersion === true) ?? versions.find((v) => str(item.DefaultVersionId) !== undefined && v.item.VersionId === item.DefaultVersionId);
  const document = def ? policyDocument(ctx, def.pointer + '/Document', 'identity', { type: 'managed-policy', id: name, policyName: name }, b.account, name, !AWS_MANAGED_ARN.test(arn)) : undefined;
  return { ...b, kind: 'managed-policy', name, arn, document, roles: [], users: [], groups: [] };
}

/** Load one `aws iam get-account-authorization-details` export into the model. */
export function loadAuthorizationDetails(doc: ParsedDoc, model: Model): void {
  const root = isObject(doc.value) ? doc.value : {};
  const ctx: Ctx = { doc, model, account: exportAccount(root) };
  const policies = items(root.Policies, '/Policies').flatMap(({ item, pointer }) => loadPolicy(ctx, item, pointer) ?? []);
  const roles = items(root.RoleDetailList, '/RoleDetailList').flatMap(({ item, pointer }) => loadRole(ctx, item, pointer));
  const users = items(root.UserDetailList, '/UserDetailList').flatMap(({ item, pointer }) => loadUser(ctx, item, pointer) ?? []);
  const groups = items(root.GroupDetailList, '/GroupDetailList').flatMap(({ item, pointer }) => loadGroup(ctx, item, pointer) ?? []);
  // Which roles, users and groups each managed policy is attached to, at their AttachedManagedPolicies entries.
  const byArn = new Map(policies.map((p) => [p.arn, p]));
  for (const e of [...roles, ...users, ...groups]) {
    if (e.kind === 'instance-profile') continue;
    for (const a of e.managedPolicyArns) {
      const p = typeof a.value === 'string' ? byArn.get(a.value) : undefined;
      if (p) (e.kind === 'role' ? p.roles : e.kind === 'user' ? p.users : p.groups).push({ value: e.id, source: a.source });
    }
  }
  // A paginated API response saved without its other pages: what is missing cannot be checked.
  if (root.IsTruncated === true)
    model.inputErrors.push({ file: doc.file, message: 'the export is truncated (IsTruncated: true): roles, users, groups or policies of later pages are missing; export with the AWS CLI, which fetches every page', source: doc.map.locateKey('/IsTruncated') });
  model.entities.push(...policies, ...roles, ...users, ...groups);
}
