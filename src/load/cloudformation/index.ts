import {
  type AccessKey,
  type DuplicateKey,
  type Entity,
  type Group,
  type Guard,
  isUnknown,
  type Located,
  type ManagedPolicy,
  type Model,
  type PolicyAttachment,
  type PolicyDocument,
  type PolicyKind,
  type PolicyOwner,
  type Role,
  SELF_ACCOUNT,
  type SourceRef,
  type Statement,
  type User,
  joinPointer,
  Unknown,
} from '../../model/index.js';
import { type ParsedDoc, isParseFailure, parseEmbeddedJson } from '../../parse/index.js';
import { buildDocument, buildStatement, isObject, statementSources } from '../policy/normalize.js';
import { entityArn, entityName, resolve, type Template } from './intrinsics.js';
import { expandIfs, guardsFor, originalPointer } from '../policy/variants.js';
import { cloudFormationSuppressions } from './suppressions.js';

interface Ctx {
  doc: ParsedDoc;
  t: Template;
  model: Model;
  file: string;
}

/** The logical ID of the resource a template pointer is inside. */
function resourceOf(pointer: string): string | undefined {
  const m = /^\/Resources\/([^/]+)/.exec(pointer);
  return m ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function tag(ref: SourceRef, pointer: string): SourceRef {
  const resource = resourceOf(pointer);
  return resource ? { ...ref, resource } : ref;
}

function at(ctx: Ctx, pointer: string): SourceRef {
  return tag(ctx.doc.map.locate(pointer), pointer);
}

function keyAt(ctx: Ctx, pointer: string): SourceRef {
  return tag(ctx.doc.map.locateKey(pointer), pointer);
}

function getAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let v = root;
  for (const seg of pointer.slice(1).split('/')) {
    const k = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v)) v = v[Number(k)];
    else if (isObject(v)) v = v[k];
    else return undefined;
  }
  return v;
}

/** Elements of a list property that may hold Fn::If / AWS::NoValue: each distinct element with its original pointer and guards. */
function listItems(ctx: Ctx, pointer: string): Array<{ raw: unknown; pointer: string; when: Guard[] }> {
  const raw = getAt(ctx.doc.value, pointer);
  if (raw === undefined) return [];
  const seen = new Map<string, { raw: unknown; pointer: string; when: Guard[] }>();
  for (const variant of expandIfs(raw)) {
    const list = Array.isArray(variant.value) ? variant.value : variant.value === null ? [] : [variant.value];
    list.forEach((_, i) => {
      const vp = Array.isArray(variant.value) ? `/${i}` : '';
      const op = originalPointer(variant, vp);
      // Only the Fn::If nodes on the path to the item decide whether it exists. Those nested inside it are expanded
      // with the item later (policyDocument): counting them here made one duplicate item per nested branch, each
      // carrying that branch's guard on top of the statement's own (contradictory `C=true and C=false` guards).
      const onPath = new Map(variant.ifs.filter((f) => op.startsWith(f.pointer + '/')).map((f) => [f.guard.condition, f.guard]));
      const when = [...onPath.values()].sort((a, b) => (a.condition < b.condition ? -1 : a.condition > b.condition ? 1 : 0));
      const key = op + JSON.stringify(when);
      if (!seen.has(key)) seen.set(key, { raw: getAt(raw, op), pointer: pointer + op, when });
    });
  }
  return [...seen.values()];
}

/** A scalar property resolved, with its location (first variant when it depends on conditions). */
function scalar(ctx: Ctx, pointer: string): Located | undefined {
  const items = listItems(ctx, pointer);
  const first = items[0];
  if (!first) return undefined;
  const v = resolve(ctx.t, expandIfs(first.raw)[0].value);
  const value = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : isUnknown(v) ? v : new Unknown('a list or map where a string belongs');
  return { value, source: at(ctx, first.pointer) };
}

function scalars(ctx: Ctx, pointer: string): Located[] {
  const raw = getAt(ctx.doc.value, pointer);
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    const one = scalar(ctx, pointer);
    return one ? [one] : [];
  }
  return listItems(ctx, pointer).flatMap((item) => scalar(ctx, item.pointer) ?? []);
}

/**
 * A policy document property (object, JSON string, or intrinsics producing either), with every Fn::If
 * expanded: statements carry the branch guards that select them.
 */
function policyDocument(ctx: Ctx, pointer: string, kind: PolicyKind, owner: PolicyOwner, when: Guard[]): PolicyDocument | undefined {
  const raw = getAt(ctx.doc.value, pointer);
  if (raw === undefined || raw === null) return undefined;
  const statements = new Map<string, Statement>();
  let first: { raw: unknown; locate: (p: string) => SourceRef; locateKey: (p: string) => SourceRef } | undefined;
  // Duplicate JSON keys inside the document: of a JSON template itself, or of an embedded JSON string (below).
  const duplicates = new Map<string, DuplicateKey>();
  for (const p of ctx.doc.duplicateKeys) {
    if (p.startsWith(pointer + '/')) duplicates.set(p, { pointer: p.slice(pointer.length), source: keyAt(ctx, p) });
  }
  for (const variant of expandIfs(raw)) {
    let value = resolve(ctx.t, variant.value);
    let locate = (p: string) => at(ctx, pointer + originalPointer(variant, p));
    let locateKey = (p: string) => keyAt(ctx, pointer + originalPointer(variant, p));
    let unresolved: Unknown | undefined;
    if (typeof value === 'string' || isUnknown(value)) {
      if (isUnknown(value)) {
        // A document that is itself unresolved (Fn::ImportValue …) has no statements to check; raw keeps the Unknown.
        unresolved = value;
        value = {};
      } else {
        // A `Fn::Sub` of a JSON string: map into the string itself, not the `{"Fn::Sub": …}` object around it.
        const subArg = isObject(variant.value) ? variant.value['Fn::Sub'] : undefined;
        const host = at(ctx, pointer + originalPointer(variant, typeof subArg === 'string' ? '/Fn::Sub' : Array.isArray(subArg) ? '/Fn::Sub/0' : ''));
        const parsed = parseEmbeddedJson(ctx.doc.text, host, value);
        if (isParseFailure(parsed)) {
          ctx.model.inputErrors.push({ file: ctx.file, message: `policy document of ${owner.id} is not valid JSON: ${parsed.message}`, source: { ...host, range: { line: parsed.line, column: parsed.column, endLine: parsed.line, endColumn: parsed.column + 1 } } });
          return undefined;
        }
        value = parsed.value;
        const inner = parsed.map;
        locate = (p: string) => tag(inner.locate(p), pointer);
        locateKey = (p: string) => tag(inner.locateKey(p), pointer);
        for (const p of parsed.duplicateKeys) {
          const source = tag(inner.locateKey(p), pointer);
          duplicates.set(`${source.range.line}:${source.range.column}`, { pointer: p, source });
        }
      }
    }
    first ??= { raw: unresolved ?? value, locate, locateKey };
    for (const src of statementSources(value, locate, [], locateKey)) {
      const op = originalPointer(variant, src.pointer);
      const guards = [...when, ...guardsFor(variant, op)];
      const key = op + JSON.stringify(guards);
      if (!statements.has(key)) statements.set(key, buildStatement({ ...src, when: guards }));
    }
  }
  if (!first) return undefined;
  const doc = buildDocument({ kind, owner, file: ctx.file, source: at(ctx, pointer), raw: first.raw, locate: first.locate, locateKey: first.locateKey, duplicateKeys: [...duplicates.values()], statements: [...statements.values()], account: SELF_ACCOUNT });
  ctx.model.documents.push(doc);
  return doc;
}

function inlinePolicies(ctx: Ctx, pointer: string, owner: PolicyOwner, when: Guard[]): PolicyDocument[] {
  return listItems(ctx, pointer).flatMap((item) => {
    const name = isObject(item.raw) ? resolve(ctx.t, item.raw.PolicyName) : undefined;
    const d = policyDocument(ctx, item.pointer + '/PolicyDocument', 'identity', { ...owner, policyName: typeof name === 'string' ? name : undefined }, [...when, ...item.when]);
    if (d && (owner.type === 'role' || owner.type === 'user' || owner.type === 'group')) {
      const nameAt = isObject(item.raw) && 'PolicyName' in item.raw ? '/PolicyName' : '';
      d.attachedTo = [{ type: owner.type, target: { value: entityName(ctx.t, owner.id), source: at(ctx, item.pointer + nameAt) }, when: [...when, ...item.when] }];
    }
    return d ? [d] : [];
  });
}

/** Record where a standalone policy resource attaches its document (`Users: [...]`, `UserName: …`), per Fn::If branch. */
function attachTargets(ctx: Ctx, d: PolicyDocument, pp: string, when: Guard[], props: Array<[PolicyAttachment['type'], string]>): void {
  d.attachedTo = props.flatMap(([type, prop]) =>
    listItems(ctx, `${pp}/${prop}`).flatMap((item) => {
      const target = scalar(ctx, item.pointer);
      // The resource's own Condition and the item's Fn::If may name the same condition: keep it once, and drop
      // an item whose branch contradicts the resource condition (it never exists).
      const guards = new Map(when.map((g) => [g.condition, g]));
      if (item.when.some((g) => guards.has(g.condition) && guards.get(g.condition)!.value !== g.value)) return [];
      for (const g of item.when) guards.set(g.condition, g);
      return target ? [{ type, target, when: [...guards.values()] }] : [];
    }),
  );
}

function tags(ctx: Ctx, pointer: string): Record<string, string> {
  const v = resolve(ctx.t, getAt(ctx.doc.value, pointer));
  const out: Record<string, string> = {};
  if (Array.isArray(v)) for (const tag of v) if (isObject(tag) && typeof tag.Key === 'string') out[tag.Key] = typeof tag.Value === 'string' ? tag.Value : String(tag.Value);
  return out;
}

function num(l: Located | undefined): Located<number> | undefined {
  if (!l) return undefined;
  return { value: isUnknown(l.value) ? l.value : Number(l.value), source: l.source };
}

/** Every Fn::If branch of a numeric scalar property, with the guards that select it and its text. */
function numberVariants(ctx: Ctx, pointer: string): Array<Located<number> & { when: Guard[]; text: string }> {
  return listItems(ctx, pointer).flatMap((item) => {
    const l = scalar(ctx, item.pointer);
    const n = num(l);
    return l && n ? [{ ...n, when: item.when, text: isUnknown(l.value) ? l.value.toString() : l.value }] : [];
  });
}

function bool(l: Located | undefined): Located<boolean> | undefined {
  if (!l) return undefined;
  return { value: isUnknown(l.value) ? l.value : String(l.value).toLowerCase() === 'true', source: l.source };
}

/** Load one CloudFormation / SAM template into the model. */
export function loadCloudFormation(doc: ParsedDoc, model: Model): void {
  const root = isObject(doc.value) ? doc.value : {};
  const t: Template = {
    parameters: isObject(root.Parameters) ? root.Parameters : {},
    resources: isObject(root.Resources) ? root.Resources : {},
    mappings: isObject(root.Mappings) ? root.Mappings : {},
  };
  const ctx: Ctx = { doc, t, model, file: doc.file };
  model.suppressions.push(...cloudFormationSuppressions(doc));
  const attachments: Array<{ doc: PolicyDocument; roles: Located[]; users: Located[]; groups: Located[] }> = [];
  const entities: Entity[] = [];
  const pendingGroups: Array<{ user: Located; group: Located | undefined }> = [];

  for (const [id, res] of Object.entries(t.resources)) {
    if (!isObject(res)) continue;
    const rp = joinPointer('/Resources', id);
    const pp = rp + '/Properties';
    const props = isObject(res.Properties) ? res.Properties : {};
    const when: Guard[] = typeof res.Condition === 'string' ? [{ condition: res.Condition, value: true }] : [];
    const base = { id, file: doc.file, source: at(ctx, rp), idSource: keyAt(ctx, rp), when, account: SELF_ACCOUNT };
    const owner = (type: PolicyOwner['type']): PolicyOwner => ({ type, id });
    let entity: Entity | undefined;
    switch (res.Type) {
      case 'AWS::IAM::Role': {
        const role: Role = {
          ...base,
          kind: 'role',
          name: entityName(t, id),
          arn: entityArn(t, id),
          path: typeof props.Path === 'string' ? props.Path : '/',
          trust: policyDocument(ctx, pp + '/AssumeRolePolicyDocument', 'trust', owner('role'), when),
          policies: inlinePolicies(ctx, pp + '/Policies', owner('role'), when),
          managedPolicyArns: scalars(ctx, pp + '/ManagedPolicyArns'),
          attached: [],
          maxSessionDuration: num(scalar(ctx, pp + '/MaxSessionDuration')),
          maxSessionDurations: props.MaxSessionDuration === undefined ? undefined : numberVariants(ctx, pp + '/MaxSessionDuration'),
          permissionsBoundary: scalar(ctx, pp + '/PermissionsBoundary'),
          tags: tags(ctx, pp + '/Tags'),
        };
        entity = role;
        break;
      }
      case 'AWS::IAM::User': {
        const user: User = {
          ...base,
          kind: 'user',
          name: entityName(t, id),
          arn: entityArn(t, id),
          policies: inlinePolicies(ctx, pp + '/Policies', owner('user'), when),
          managedPolicyArns: scalars(ctx, pp + '/ManagedPolicyArns'),
          attached: [],
          groups: scalars(ctx, pp + '/Groups'),
          loginProfile: props.LoginProfile !== undefined ? at(ctx, pp + '/LoginProfile') : undefined,
          permissionsBoundary: scalar(ctx, pp + '/PermissionsBoundary'),
        };
        entity = user;
        break;
      }
      case 'AWS::IAM::Group': {
        const group: Group = {
          ...base,
          kind: 'group',
          name: entityName(t, id),
          arn: entityArn(t, id),
          policies: inlinePolicies(ctx, pp + '/Policies', owner('group'), when),
          managedPolicyArns: scalars(ctx, pp + '/ManagedPolicyArns'),
          attached: [],
        };
        entity = group;
        break;
      }
      case 'AWS::IAM::ManagedPolicy': {
        const d = policyDocument(ctx, pp + '/PolicyDocument', 'identity', owner('managed-policy'), when);
        const mp: ManagedPolicy = {
          ...base,
          kind: 'managed-policy',
          name: entityName(t, id),
          arn: entityArn(t, id),
          document: d,
          roles: scalars(ctx, pp + '/Roles'),
          users: scalars(ctx, pp + '/Users'),
          groups: scalars(ctx, pp + '/Groups'),
        };
        if (d) attachments.push({ doc: d, roles: mp.roles, users: mp.users, groups: mp.groups });
        if (d) attachTargets(ctx, d, pp, when, [['role', 'Roles'], ['user', 'Users'], ['group', 'Groups']]);
        entity = mp;
        break;
      }
      case 'AWS::IAM::Policy': {
        const name = scalar(ctx, pp + '/PolicyName');
        const d = policyDocument(ctx, pp + '/PolicyDocument', 'identity', { type: 'policy', id, policyName: typeof name?.value === 'string' ? name.value : undefined }, when);
        if (d) attachments.push({ doc: d, roles: scalars(ctx, pp + '/Roles'), users: scalars(ctx, pp + '/Users'), groups: scalars(ctx, pp + '/Groups') });
        if (d) attachTargets(ctx, d, pp, when, [['role', 'Roles'], ['user', 'Users'], ['group', 'Groups']]);
        break;
      }
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const target = res.Type === 'AWS::IAM::RolePolicy' ? 'RoleName' : res.Type === 'AWS::IAM::UserPolicy' ? 'UserName' : 'GroupName';
        const name = scalar(ctx, pp + '/PolicyName');
        const d = policyDocument(ctx, pp + '/PolicyDocument', 'identity', { type: 'policy', id, policyName: typeof name?.value === 'string' ? name.value : undefined }, when);
        const ref = scalars(ctx, `${pp}/${target}`);
        if (d) attachments.push({ doc: d, roles: target === 'RoleName' ? ref : [], users: target === 'UserName' ? ref : [], groups: target === 'GroupName' ? ref : [] });
        if (d) attachTargets(ctx, d, pp, when, [[target === 'RoleName' ? 'role' : target === 'UserName' ? 'user' : 'group', target]]);
        break;
      }
      case 'AWS::IAM::UserToGroupAddition': {
        const group = scalar(ctx, pp + '/GroupName');
        for (const u of scalars(ctx, pp + '/Users')) pendingGroups.push({ user: u, group });
        break;
      }
      case 'AWS::IAM::AccessKey': {
        const key: AccessKey = { ...base, kind: 'access-key', user: scalar(ctx, pp + '/UserName') ?? { value: new Unknown('no UserName'), source: base.source }, secretExposedAt: secretOutputs(ctx, id) };
        entity = key;
        break;
      }
      case 'AWS::IAM::SAMLProvider':
        entity = { ...base, kind: 'saml-provider', name: entityName(t, id), arn: entityArn(t, id) };
        break;
      case 'AWS::IAM::OIDCProvider':
        entity = {
          ...base,
          kind: 'oidc-provider',
          url: scalar(ctx, pp + '/Url'),
          arn: entityArn(t, id),
          clientIds: props.ClientIdList === undefined ? undefined : scalars(ctx, pp + '/ClientIdList'),
          clientIdSource: props.ClientIdList === undefined ? undefined : at(ctx, pp + '/ClientIdList'),
          thumbprints: props.ThumbprintList === undefined ? undefined : scalars(ctx, pp + '/ThumbprintList'),
        };
        break;
      case 'AWS::IAM::InstanceProfile':
        entity = { ...base, kind: 'instance-profile', roles: scalars(ctx, pp + '/Roles') };
        break;
      case 'AWS::Cognito::IdentityPool':
        entity = {
          ...base,
          kind: 'identity-pool',
          allowUnauthenticated: bool(scalar(ctx, pp + '/AllowUnauthenticatedIdentities')),
          allowClassicFlow: bool(scalar(ctx, pp + '/AllowClassicFlow')),
        };
        break;
      case 'AWS::Cognito::IdentityPoolRoleAttachment':
        entity = {
          ...base,
          kind: 'identity-pool-role-attachment',
          pool: scalar(ctx, pp + '/IdentityPoolId') ?? { value: new Unknown('no IdentityPoolId'), source: base.source },
          authenticatedRole: scalar(ctx, pp + '/Roles/authenticated'),
          unauthenticatedRole: scalar(ctx, pp + '/Roles/unauthenticated'),
        };
        break;
      case 'AWS::Serverless::Function':
        if (props.Role === undefined && props.Policies !== undefined) entity = samFunctionRole(ctx, id, pp, base);
        break;
      default:
        break;
    }
    if (entity) entities.push(entity);
  }

  // Attach standalone policies and group memberships by the names the template gives.
  const named = (kind: Entity['kind'], l: Located) => entities.find((e) => e.kind === kind && 'name' in e && typeof l.value === 'string' && e.name === l.value);
  for (const a of attachments) {
    for (const r of a.roles) (named('role', r) as Role | undefined)?.policies.push(a.doc);
    for (const u of a.users) (named('user', u) as User | undefined)?.policies.push(a.doc);
    for (const g of a.groups) (named('group', g) as Group | undefined)?.policies.push(a.doc);
  }
  for (const { user, group } of pendingGroups) {
    const u = named('user', user) as User | undefined;
    if (u && group) u.groups.push(group);
  }
  model.entities.push(...entities);
}

/** Outputs that expose an access key's secret (Fn::GetAtt Key.SecretAccessKey). */
function secretOutputs(ctx: Ctx, id: string): SourceRef[] {
  const outputs = isObject(ctx.doc.value) && isObject(ctx.doc.value.Outputs) ? ctx.doc.value.Outputs : {};
  const out: SourceRef[] = [];
  const find = (v: unknown, p: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => find(x, `${p}/${i}`));
    else if (isObject(v)) {
      const g = v['Fn::GetAtt'];
      const target = Array.isArray(g) ? g.join('.') : g;
      if (target === `${id}.SecretAccessKey`) out.push(at(ctx, p));
      else for (const [k, x] of Object.entries(v)) find(x, joinPointer(p, k));
    } else if (typeof v === 'string' && v.includes(`\${${id}.SecretAccessKey}`)) out.push(at(ctx, p));
  };
  find(outputs, '/Outputs');
  return out;
}

/** A SAM function without `Role` gets a generated execution role holding its `Policies`. */
function samFunctionRole(ctx: Ctx, id: string, pp: string, base: Omit<Role, 'kind' | 'name' | 'arn' | 'path' | 'policies' | 'managedPolicyArns' | 'attached' | 'tags'>): Role {
  const roleId = `${id}Role`;
  const owner: PolicyOwner = { type: 'role', id: roleId };
  const policies: PolicyDocument[] = [];
  const managed: Located[] = [];
  for (const item of listItems(ctx, pp + '/Policies')) {
    if (isObject(item.raw) && 'Statement' in item.raw) {
      const d = policyDocument(ctx, item.pointer, 'identity', owner, item.when);
      if (d) policies.push(d);
    } else if (typeof item.raw === 'string' || (isObject(item.raw) && ('Ref' in item.raw || 'Fn::Sub' in item.raw))) {
      const l = scalar(ctx, item.pointer);
      if (l) managed.push(typeof l.value === 'string' && !l.value.startsWith('arn:') ? { ...l, value: `arn:aws:iam::aws:policy/${l.value}` } : l);
    }
  }
  return { ...base, id: roleId, kind: 'role', name: '${' + roleId + '}', arn: `arn:aws:iam::${SELF_ACCOUNT}:role/\${${roleId}}`, path: '/', policies, managedPolicyArns: managed, attached: [], tags: {} };
}
