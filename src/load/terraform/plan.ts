import {
  type AccessKey,
  type DuplicateKey,
  type Entity,
  type Group,
  type IdentityPool,
  type IdentityPoolRoleAttachment,
  type InstanceProfile,
  isUnknown,
  joinPointer,
  type Located,
  type ManagedPolicy,
  type Model,
  type OidcProvider,
  type PolicyAttachment,
  type PolicyDocument,
  type PolicyKind,
  type PolicyOwner,
  type Role,
  type SamlProvider,
  SELF_ACCOUNT,
  type SourceRef,
  type Statement,
  Unknown,
  type User,
} from '../../model/index.js';
import { isParseFailure, type ParseFailure, type ParsedDoc, parseEmbeddedJson } from '../../parse/index.js';
import { parseJson } from '../../parse/json.js';
import { buildDocument, buildStatement, isObject, statementSources } from '../policy/normalize.js';
import { expandIfs, guardsFor, originalPointer } from '../policy/variants.js';

/**
 * `terraform show -json` of a saved plan or of the state (sts-semantics.md §8.2, §8.4) → the provider-neutral
 * model. Plans: `planned_values` (the future state); resources whose only action is `delete` are skipped, values
 * that `after_unknown` marks are Unknown ("known after apply"), and `configuration` references connect an
 * attachment to its role when the name itself is unknown. State: `values`, with real ARNs (and accounts).
 * A resource whose ARN names no account is in the account of the input's `aws_caller_identity` (`callerAccount`).
 */

const AFTER_APPLY = 'known after apply';
type Path = Array<string | number>;

export interface Res {
  address: string;
  type: string;
  /** The file the resource is read from (its entities' `file`). */
  file: string;
  /** Pointer of the resource object in the plan JSON. */
  pointer: string;
  values: Record<string, unknown>;
  /** `after_unknown` of its resource change, when the plan has one. */
  afterUnknown: unknown;
  /** `module.a.module.b.` (instance keys removed): the prefix of configuration addresses inside its module. */
  modulePrefix: string;
  /** Address without instance keys, as `configuration` names it. */
  configAddress: string;
}

/**
 * What the resource mapping needs from its input: plan JSON and evaluated HCL (src/load/terraform/hcl.ts)
 * both present resources as `values` under `Res.pointer` and locate any pointer into them.
 */
export interface Ctx {
  model: Model;
  /** Location of a pointer (`<res.pointer>/values/…`, `<res.pointer>/address`). */
  locate(pointer: string): SourceRef;
  /** Location of the key naming a pointer, else the value's. */
  locateKey(pointer: string): SourceRef;
  /** A JSON policy held in the string at `pointer` (located at `host`), parsed and mapped into its file. */
  embedded(pointer: string, host: SourceRef, text: string): ParsedDoc | ParseFailure;
  /** The resource address the value at a pointer refers to (HCL `aws_iam_role.r.name`), when known. */
  refersTo?(pointer: string): string | undefined;
  /** True when the resource's values are located in its `.tf` configuration: a JSON policy string is then located
   * as the structure the configuration writes, not inside the plan's string. */
  configured?(res: Res): boolean;
  /** Configuration expressions by configuration address. */
  expressions: Map<string, Record<string, unknown>>;
  byAddress: Map<string, { res: Res; entity?: Entity }>;
  /** The account the configuration deploys to, when the input names it (a plan's `aws_caller_identity`); else SELF_ACCOUNT is used. */
  account?: string;
}

const stripKeys = (address: string) => address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');

const valuesPointer = (res: Res, path: Path): string => joinPointer(res.pointer, ...(path.length ? ['values', ...path] : []));

function at(ctx: Ctx, res: Res, path: Path = []): SourceRef {
  return { ...ctx.locate(valuesPointer(res, path)), resource: res.address };
}

function getPath(v: unknown, path: Path): unknown {
  let cur = v;
  for (const k of path) {
    if (Array.isArray(cur) && typeof k === 'number') cur = cur[k];
    else if (isObject(cur) && typeof k === 'string') cur = cur[k];
    else return undefined;
  }
  return cur;
}

/** True when `after_unknown` marks the value at `path` (or an ancestor) unknown until apply. */
function unknownAt(res: Res, path: Path): boolean {
  let cur = res.afterUnknown;
  for (const k of path) {
    if (cur === true) return true;
    if (Array.isArray(cur) && typeof k === 'number') cur = cur[k];
    else if (isObject(cur) && typeof k === 'string') cur = cur[k];
    else return false;
  }
  return cur === true;
}

/** The value at `path`: the literal, Unknown when only known after apply, undefined when absent or null. */
function value(res: Res, path: Path): unknown {
  const v = getPath(res.values, path);
  // A conditional on an unknown value (HCL), kept as Fn::If for policies: any other attribute is simply unknown.
  const cond = conditionOf(v);
  if (cond !== undefined) return new Unknown(`depends on ${cond}, which is not known`);
  if (v !== undefined && v !== null) return v;
  return unknownAt(res, path) ? new Unknown(AFTER_APPLY) : undefined;
}

/** Resources a configuration expression of `res` refers to (`aws_iam_role.r.name` → the role's resource). */
function references(ctx: Ctx, res: Res, attr: string): Array<{ target: { res: Res; entity?: Entity }; attribute?: string }> {
  const expr = ctx.expressions.get(res.configAddress)?.[attr];
  const refs = isObject(expr) && Array.isArray(expr.references) ? expr.references : [];
  const out: Array<{ target: { res: Res; entity?: Entity }; attribute?: string }> = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (typeof ref !== 'string') continue;
    const m = /^([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)((?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?)(?:\.([A-Za-z0-9_]+))?/.exec(ref);
    if (!m || /^(var|local|data|module|each|count|path|terraform|self)\./.test(m[1])) continue;
    const config = res.modulePrefix + m[1];
    const candidates = [...ctx.byAddress.values()].filter((t) => t.res.configAddress === config && (!m[2] || t.res.address === config + m[2]));
    if (candidates.length !== 1) continue;
    const key = candidates[0].res.address;
    if (seen.has(key)) {
      // `aws_iam_role.r.name` comes with its implied prefix `aws_iam_role.r`: keep the one naming an attribute.
      const prev = out.find((o) => o.target.res.address === key);
      if (prev && !prev.attribute && m[3]) prev.attribute = m[3];
      continue;
    }
    seen.add(key);
    out.push({ target: candidates[0], attribute: m[3] });
  }
  return out;
}

/** An entity attribute as other resources see it (`aws_iam_role.r.arn`). */
function entityAttribute(e: Entity | undefined, attribute: string | undefined): string | Unknown | undefined {
  if (!e) return undefined;
  if ((attribute === 'name' || attribute === 'id') && 'name' in e) return e.name;
  if (attribute === 'arn' && 'arn' in e) return e.arn;
  return undefined;
}

interface Scalar extends Located {
  /** The entity the value refers to, through a configuration reference or by name. */
  entity?: Entity;
}

/** A string attribute with its location; numbers and booleans become text. Unknown values follow configuration references. */
function scalar(ctx: Ctx, res: Res, path: Path): Scalar | undefined {
  const v = value(res, path);
  if (v === undefined) return undefined;
  const source = at(ctx, res, path);
  const ref = ctx.refersTo?.(valuesPointer(res, path));
  const entity = ref === undefined ? undefined : ctx.byAddress.get(ref)?.entity;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: String(v), source, entity };
  if (entity) return { value: isUnknown(v) ? v : new Unknown('a list or map where a string belongs'), source, entity };
  if (isUnknown(v)) {
    const refs = typeof path[0] === 'string' ? references(ctx, res, path[0]) : [];
    // Resolved only when the attribute refers to exactly one resource (a list or map of several cannot be told apart).
    if (refs.length === 1) {
      const known = entityAttribute(refs[0].target.entity, refs[0].attribute);
      return { value: known ?? new Unknown(`${AFTER_APPLY} (${refs[0].target.res.address}${refs[0].attribute ? '.' + refs[0].attribute : ''})`), source, entity: refs[0].target.entity };
    }
    return { value: v, source };
  }
  return { value: new Unknown('a list or map where a string belongs'), source };
}

function scalars(ctx: Ctx, res: Res, attr: string): Scalar[] {
  const v = value(res, [attr]);
  if (Array.isArray(v)) return v.flatMap((_, i) => scalar(ctx, res, [attr, i]) ?? []);
  if (isUnknown(v)) {
    // The whole list is unknown: one unknown item per referenced resource, or one unknown item.
    const refs = references(ctx, res, attr);
    const source = at(ctx, res, [attr]);
    if (refs.length) return refs.map((r) => ({ value: entityAttribute(r.target.entity, r.attribute) ?? new Unknown(AFTER_APPLY), source, entity: r.target.entity }));
    return [{ value: v, source }];
  }
  return [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:iam::(\d{12}):/;

/**
 * The account a resource is deployed to: the one its (state) ARN names, else the account of the plan or state
 * (`callerAccount`), else the symbolic SELF_ACCOUNT.
 */
function accountOf(ctx: Ctx, arn: unknown): string {
  const m = typeof arn === 'string' ? ACCOUNT_OF_ARN.exec(arn) : null;
  return m ? m[1] : (ctx.account ?? SELF_ACCOUNT);
}

/**
 * The account a plan or state is made in: the `account_id` of its `aws_caller_identity` data resources
 * (sts-semantics.md §8.4: the `<values>` of `prior_state`, a state's `values` and `planned_values` hold the
 * resources of the root and child modules, data sources with `mode: "data"`). Undefined when none names one, or
 * when they name different accounts (several providers): the account then stays symbolic.
 */
function callerAccount(root: Record<string, unknown>): string | undefined {
  const found = new Set<string>();
  const walk = (mod: unknown, depth: number): void => {
    if (!isObject(mod) || depth > 64) return;
    if (Array.isArray(mod.resources))
      for (const r of mod.resources)
        if (isObject(r) && r.mode === 'data' && r.type === 'aws_caller_identity' && isObject(r.values) && typeof r.values.account_id === 'string' && /^\d{12}$/.test(r.values.account_id)) found.add(r.values.account_id);
    if (Array.isArray(mod.child_modules)) for (const m of mod.child_modules) walk(m, depth + 1);
  };
  for (const values of [getPath(root, ['prior_state', 'values']), root.values, root.planned_values]) if (isObject(values)) walk(values.root_module, 0);
  return found.size === 1 ? [...found][0] : undefined;
}

/** A policy attribute (JSON string) as a document located inside the plan's string. */
function policyDocument(ctx: Ctx, res: Res, path: Path, kind: PolicyKind, owner: PolicyOwner, account: string): PolicyDocument | undefined {
  const given = getPath(res.values, path);
  const v = conditionOf(given) !== undefined ? given : value(res, path);
  // Terraform before 0.12 wrote an unknown policy as "": nothing to check.
  if (v === undefined || (typeof v === 'string' && v.trim() === '')) return undefined;
  const host = at(ctx, res, path);
  const tag = (r: SourceRef): SourceRef => ({ ...r, resource: res.address });
  let raw: unknown;
  let locate = (_p: string): SourceRef => host;
  let locateKey: ((p: string) => SourceRef) | undefined;
  const duplicateKeys: DuplicateKey[] = [];
  if (isUnknown(v)) raw = v;
  else if (typeof v === 'string' && ctx.configured?.(res)) {
    // Located in the configuration, which writes the policy as a structure (jsonencode, a policy document) or as
    // JSON in a string that its own loader already mapped.
    const parsed = parseJson(host.file, v);
    if (!('value' in parsed)) return undefined;
    raw = parsed.value;
    locate = (p) => tag(ctx.locate(valuesPointer(res, path) + p));
    locateKey = (p) => tag(ctx.locateKey(valuesPointer(res, path) + p));
  } else if (typeof v === 'string') {
    const parsed = ctx.embedded(valuesPointer(res, path), host, v);
    if (isParseFailure(parsed)) {
      ctx.model.inputErrors.push({ file: host.file, message: `policy document of ${owner.id} is not valid JSON: ${parsed.message}`, source: { ...host, range: { line: parsed.line, column: parsed.column, endLine: parsed.line, endColumn: parsed.column + 1 } } });
      return undefined;
    }
    raw = parsed.value;
    locate = (p) => tag(parsed.map.locate(p));
    locateKey = (p) => tag(parsed.map.locateKey(p));
    for (const p of parsed.duplicateKeys) duplicateKeys.push({ pointer: p, source: locateKey(p) });
  } else if (isObject(v)) {
    // A policy given as a structure (HCL `jsonencode(…)`, a rendered aws_iam_policy_document): located inside it.
    raw = v;
    locate = (p) => tag(ctx.locate(valuesPointer(res, path) + p));
    locateKey = (p) => tag(ctx.locateKey(valuesPointer(res, path) + p));
  } else return undefined;
  // A policy with conditionals on unknown values is checked per branch: each statement carries the branches that
  // select it (as CloudFormation's Fn::If), and the first variant stands for the document as a whole.
  const statements: Statement[] = [];
  const seen = new Set<string>();
  let whole = raw;
  if (!isUnknown(raw))
    for (const [i, variant] of expandIfs(raw).entries()) {
      if (i === 0) whole = variant.value;
      const loc = (p: string) => locate(originalPointer(variant, p));
      const locKey = locateKey && ((p: string) => locateKey!(originalPointer(variant, p)));
      for (const src of statementSources(variant.value, loc, [], locKey)) {
        const op = originalPointer(variant, src.pointer);
        const when = guardsFor(variant, op);
        const key = op + JSON.stringify(when);
        if (seen.has(key)) continue;
        seen.add(key);
        statements.push(buildStatement({ ...src, when }));
      }
    }
  const doc = buildDocument({ kind, owner, file: res.file, source: host, raw: whole, locate, locateKey, duplicateKeys, statements, account });
  ctx.model.documents.push(doc);
  return doc;
}

/** The condition of an `{"Fn::If": [condition, a, b]}` value (an HCL conditional on an unknown value). */
function conditionOf(v: unknown): string | undefined {
  if (!isObject(v) || Object.keys(v).length !== 1) return undefined;
  const f = v['Fn::If'];
  return Array.isArray(f) && f.length === 3 && typeof f[0] === 'string' ? f[0] : undefined;
}

/** `name`, or Unknown when it is only known after apply (`name_prefix`, computed). */
function nameOf(res: Res): string | Unknown {
  const n = value(res, ['name']);
  return typeof n === 'string' ? n : isUnknown(n) ? n : new Unknown(AFTER_APPLY);
}

/** `arn` from the state, else built from the name the plan gives (in `account`), else unknown. */
function arnOf(res: Res, kind: string, name: string | Unknown, account: string): string | Unknown {
  const a = value(res, ['arn']);
  if (typeof a === 'string') return a;
  if (isUnknown(name)) return new Unknown(AFTER_APPLY, `arn:aws:iam::${account}:${kind}/?`);
  const path = kind === 'saml-provider' ? '/' : (str(value(res, ['path'])) ?? '/');
  return `arn:aws:iam::${account}:${kind}${path}${name}`;
}

function collect(root: Record<string, unknown>, file: string): Res[] {
  const base = isObject(root.planned_values) ? '/planned_values' : isObject(root.values) ? '/values' : isObject(root.prior_state) && isObject(root.prior_state.values) ? '/prior_state/values' : undefined;
  if (!base) return [];
  const changes = new Map<string, Record<string, unknown>>();
  if (Array.isArray(root.resource_changes)) for (const c of root.resource_changes) if (isObject(c) && typeof c.address === 'string' && isObject(c.change)) changes.set(c.address, c.change);
  const out: Res[] = [];
  const walk = (mod: unknown, pointer: string, depth: number): void => {
    if (!isObject(mod) || depth > 64) return;
    if (Array.isArray(mod.resources))
      mod.resources.forEach((r, i) => {
        if (!isObject(r) || r.mode === 'data' || typeof r.address !== 'string' || typeof r.type !== 'string') return;
        const change = changes.get(r.address);
        const actions = change && Array.isArray(change.actions) ? change.actions : undefined;
        // Only in the prior state: not part of what the plan builds.
        if (actions && actions.length === 1 && actions[0] === 'delete') return;
        const configAddress = stripKeys(r.address);
        const modulePrefix = configAddress.slice(0, configAddress.length - `${r.type}.${String(r.name ?? '')}`.length);
        out.push({ address: r.address, type: r.type, file, pointer: joinPointer(pointer, 'resources', i), values: isObject(r.values) ? r.values : {}, afterUnknown: change?.after_unknown, modulePrefix, configAddress });
      });
    if (Array.isArray(mod.child_modules)) mod.child_modules.forEach((m, i) => walk(m, joinPointer(pointer, 'child_modules', i), depth + 1));
  };
  walk(getPath(root, [...base.slice(1).split('/'), 'root_module']), base + '/root_module', 0);
  return out;
}

function configExpressions(root: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (mod: unknown, prefix: string, depth: number): void => {
    if (!isObject(mod) || depth > 64) return;
    if (Array.isArray(mod.resources)) for (const r of mod.resources) if (isObject(r) && typeof r.address === 'string' && isObject(r.expressions)) out.set(prefix + r.address, r.expressions);
    if (isObject(mod.module_calls)) for (const [name, call] of Object.entries(mod.module_calls)) if (isObject(call)) walk(call.module, `${prefix}module.${name}.`, depth + 1);
  };
  if (isObject(root.configuration)) walk(root.configuration.root_module, '', 0);
  return out;
}

/**
 * The `.tf` configuration a plan was made from, when it is in the scan (src/load/terraform/hcl.ts): where each
 * resource and each of its values is written.
 */
export interface PlanSource {
  /** The `.tf` location of `rest` ('', '/address', '/values/…') of the resource at configuration `address` with
   * instance `key`, or undefined when the configuration does not write that resource. */
  locate(address: string, key: string, rest: string, keys: boolean): SourceRef | undefined;
  /** The `.tf` file that declares the resource. */
  file(address: string): string | undefined;
}

/** The resource addresses and module call names of a plan's `configuration` root module. */
export function planConfiguration(value: unknown): { resources: string[]; calls: string[] } {
  const conf = isObject(value) && isObject(value.configuration) && isObject(value.configuration.root_module) ? value.configuration.root_module : {};
  const resources = Array.isArray(conf.resources) ? conf.resources.flatMap((r) => (isObject(r) && typeof r.address === 'string' ? [r.address] : [])) : [];
  return { resources, calls: isObject(conf.module_calls) ? Object.keys(conf.module_calls) : [] };
}

/**
 * Load one `terraform show -json` plan or state into the model. With the `.tf` configuration it was made from
 * (`source`), values are located at the `.tf` lines that write them (the plan's own line where the configuration
 * does not write a value) and entities belong to their `.tf` files.
 */
export function loadTerraformPlan(doc: ParsedDoc, model: Model, source?: PlanSource): void {
  const root = isObject(doc.value) ? doc.value : {};
  const resources = collect(root, doc.file);
  const byPointer = new Map<string, Res>();
  if (source)
    for (const r of resources) {
      const file = source.file(r.configAddress);
      if (file === undefined) continue;
      r.file = file;
      byPointer.set(r.pointer, r);
    }
  /** A pointer into the plan → the .tf location of the same value, when the configuration writes it. */
  const configured = (p: string, keys: boolean): SourceRef | undefined => {
    const m = /^(.*?\/resources\/\d+)((?:\/.*)?)$/.exec(p);
    const r = m ? byPointer.get(m[1]) : undefined;
    if (!r || !m || !source) return undefined;
    const at = source.locate(r.configAddress, r.address.slice(r.configAddress.length), m[2], keys);
    return at && at.file !== '' ? at : undefined;
  };
  const ctx: Ctx = {
    model,
    locate: (p) => configured(p, false) ?? doc.map.locate(p),
    locateKey: (p) => configured(p, true) ?? doc.map.locateKey(p),
    embedded: (_p, host, text) => parseEmbeddedJson(doc.text, host, text),
    configured: (res) => byPointer.has(res.pointer),
    expressions: configExpressions(root),
    byAddress: new Map(),
    account: callerAccount(root),
  };
  mapResources(ctx, resources);
}

/** Resources (plan values or evaluated HCL) → model entities, attachments joined to their roles/users/groups. */
export function mapResources(ctx: Ctx, resources: Res[]): void {
  const { model } = ctx;
  for (const res of resources) ctx.byAddress.set(res.address, { res });

  // Pass 1: the entities other resources attach to.
  for (const res of resources) {
    const entity = primary(ctx, res);
    if (entity) ctx.byAddress.get(res.address)!.entity = entity;
  }
  // Pass 2: attachments, memberships and the entities that point at others.
  const entities = [...ctx.byAddress.values()].flatMap((t) => (t.entity ? [t.entity] : []));
  for (const res of resources) {
    const e = secondary(ctx, res, entities);
    if (e) entities.push(e);
  }
  model.entities.push(...entities);
}

function baseOf(ctx: Ctx, res: Res, account: string) {
  return { id: res.address, file: res.file, source: at(ctx, res), idSource: { ...ctx.locate(joinPointer(res.pointer, 'address')), resource: res.address }, when: [], account };
}

function tagsOf(res: Res): Record<string, string> {
  const t = value(res, ['tags']);
  const out: Record<string, string> = {};
  if (isObject(t)) for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  return out;
}

function primary(ctx: Ctx, res: Res): Entity | undefined {
  const v = res.values;
  const account = accountOf(ctx, v.arn);
  const base = baseOf(ctx, res, account);
  const owner = (type: PolicyOwner['type']): PolicyOwner => ({ type, id: res.address });
  switch (res.type) {
    case 'aws_iam_role': {
      const name = nameOf(res);
      const policies: PolicyDocument[] = [];
      const inline = value(res, ['inline_policy']);
      if (Array.isArray(inline))
        inline.forEach((p, i) => {
          const pname = isObject(p) ? str(p.name) : undefined;
          const d = policyDocument(ctx, res, ['inline_policy', i, 'policy'], 'identity', { ...owner('role'), policyName: pname }, account);
          if (!d) return;
          d.attachedTo = [{ type: 'role', target: { value: name, source: at(ctx, res, pname ? ['inline_policy', i, 'name'] : ['inline_policy', i]) }, when: [] }];
          policies.push(d);
        });
      const msd = scalar(ctx, res, ['max_session_duration']);
      const msdNum = msd ? { value: isUnknown(msd.value) ? msd.value : Number(msd.value), source: msd.source } : undefined;
      const role: Role = {
        ...base,
        kind: 'role',
        name,
        arn: arnOf(res, 'role', name, account),
        path: str(v.path) ?? '/',
        trust: policyDocument(ctx, res, ['assume_role_policy'], 'trust', owner('role'), account),
        policies,
        managedPolicyArns: scalars(ctx, res, 'managed_policy_arns').map(located),
        attached: [],
        maxSessionDuration: msdNum,
        maxSessionDurations: msd && msdNum ? [{ ...msdNum, when: [], text: String(msd.value) }] : undefined,
        permissionsBoundary: nonEmpty(scalar(ctx, res, ['permissions_boundary'])),
        tags: tagsOf(res),
      };
      return role;
    }
    case 'aws_iam_user': {
      const name = nameOf(res);
      const user: User = { ...base, kind: 'user', name, arn: arnOf(res, 'user', name, account), policies: [], managedPolicyArns: [], attached: [], groups: [], permissionsBoundary: nonEmpty(scalar(ctx, res, ['permissions_boundary'])) };
      return user;
    }
    case 'aws_iam_group': {
      const name = nameOf(res);
      const group: Group = { ...base, kind: 'group', name, arn: arnOf(res, 'group', name, account), policies: [], managedPolicyArns: [], attached: [] };
      return group;
    }
    case 'aws_iam_policy': {
      const name = nameOf(res);
      const mp: ManagedPolicy = { ...base, kind: 'managed-policy', name, arn: arnOf(res, 'policy', name, account), document: policyDocument(ctx, res, ['policy'], 'identity', owner('managed-policy'), account), roles: [], users: [], groups: [] };
      return mp;
    }
    case 'aws_iam_saml_provider': {
      const name = nameOf(res);
      const saml: SamlProvider = { ...base, kind: 'saml-provider', name, arn: arnOf(res, 'saml-provider', name, account) };
      return saml;
    }
    case 'aws_iam_openid_connect_provider': {
      const url = scalar(ctx, res, ['url']);
      const arn = value(res, ['arn']);
      const clientIds = value(res, ['client_id_list']);
      const thumbprints = value(res, ['thumbprint_list']);
      const oidc: OidcProvider = {
        ...base,
        kind: 'oidc-provider',
        url: url ? located(url) : undefined,
        arn: typeof arn === 'string' ? arn : url && typeof url.value === 'string' ? `arn:aws:iam::${account}:oidc-provider/${url.value.replace(/^https:\/\//, '')}` : new Unknown(AFTER_APPLY, `arn:aws:iam::${account}:oidc-provider/?`),
        clientIds: clientIds === undefined ? undefined : scalars(ctx, res, 'client_id_list').map(located),
        clientIdSource: clientIds === undefined ? undefined : at(ctx, res, ['client_id_list']),
        thumbprints: thumbprints === undefined || (Array.isArray(thumbprints) && thumbprints.length === 0) ? undefined : scalars(ctx, res, 'thumbprint_list').map(located),
      };
      return oidc;
    }
    case 'aws_cognito_identity_pool': {
      const pool: IdentityPool = { ...base, kind: 'identity-pool', allowUnauthenticated: bool(scalar(ctx, res, ['allow_unauthenticated_identities'])), allowClassicFlow: bool(scalar(ctx, res, ['allow_classic_flow'])) };
      return pool;
    }
    default:
      return undefined;
  }
}

function located(s: Scalar): Located {
  return { value: s.value, source: s.source };
}

function nonEmpty(s: Scalar | undefined): Located | undefined {
  return s && s.value !== '' ? located(s) : undefined;
}

function bool(s: Scalar | undefined): Located<boolean> | undefined {
  return s ? { value: isUnknown(s.value) ? s.value : s.value.toLowerCase() === 'true', source: s.source } : undefined;
}

type Principal = Role | User | Group;

/** The role/user/group an attribute names: through a configuration reference, else by its name. */
function target<K extends Principal['kind']>(s: Scalar | undefined, kind: K, entities: Entity[]): Extract<Principal, { kind: K }> | undefined {
  if (!s) return undefined;
  if (s.entity?.kind === kind) return s.entity as Extract<Principal, { kind: K }>;
  if (isUnknown(s.value)) return undefined;
  const name = s.value.includes(':') ? s.value.replace(/^.*[:/]/, '') : s.value;
  return entities.find((e) => e.kind === kind && e.name === name) as Extract<Principal, { kind: K }> | undefined;
}

function secondary(ctx: Ctx, res: Res, entities: Entity[]): Entity | undefined {
  const account = accountOf(ctx, res.values.arn);
  const base = baseOf(ctx, res, account);
  const kinds: Record<string, [Principal['kind'], PolicyAttachment['type'], string]> = {
    aws_iam_role_policy: ['role', 'role', 'role'],
    aws_iam_user_policy: ['user', 'user', 'user'],
    aws_iam_group_policy: ['group', 'group', 'group'],
    aws_iam_role_policy_attachment: ['role', 'role', 'role'],
    aws_iam_user_policy_attachment: ['user', 'user', 'user'],
    aws_iam_group_policy_attachment: ['group', 'group', 'group'],
  };
  switch (res.type) {
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy': {
      const [kind, type, attr] = kinds[res.type];
      const to = scalar(ctx, res, [attr]);
      const e = target(to, kind, entities);
      const d = policyDocument(ctx, res, ['policy'], 'identity', { type: 'policy', id: res.address, policyName: str(res.values.name) }, e?.account ?? account);
      if (!d) return undefined;
      if (to) d.attachedTo = [{ type, target: { value: e && !isUnknown(e.name) ? e.name : to.value, source: to.source }, when: [] }];
      e?.policies.push(d);
      return undefined;
    }
    case 'aws_iam_role_policy_attachment':
    case 'aws_iam_user_policy_attachment':
    case 'aws_iam_group_policy_attachment': {
      const [kind, , attr] = kinds[res.type];
      const e = target(scalar(ctx, res, [attr]), kind, entities);
      const arn = scalar(ctx, res, ['policy_arn']);
      if (e && arn) e.managedPolicyArns.push(located(arn));
      return undefined;
    }
    case 'aws_iam_policy_attachment': {
      const arn = scalar(ctx, res, ['policy_arn']);
      const mp = arn?.entity?.kind === 'managed-policy' ? arn.entity : entities.find((m): m is ManagedPolicy => m.kind === 'managed-policy' && arn !== undefined && !isUnknown(arn.value) && m.arn === arn.value);
      const attachedTo: PolicyAttachment[] = [];
      for (const [kind, attr] of [['role', 'roles'], ['user', 'users'], ['group', 'groups']] as const) {
        for (const s of scalars(ctx, res, attr)) {
          const e = target(s, kind, entities);
          const l: Located = { value: e && !isUnknown(e.name) ? e.name : s.value, source: s.source };
          if (mp) {
            // A policy of this file: attached like a CloudFormation ManagedPolicy's Roles/Users/Groups.
            (kind === 'role' ? mp.roles : kind === 'user' ? mp.users : mp.groups).push(l);
            attachedTo.push({ type: kind, target: l, when: [] });
            if (e && mp.document && !e.policies.includes(mp.document)) e.policies.push(mp.document);
          } else if (e && arn) e.managedPolicyArns.push(located(arn));
        }
      }
      if (mp?.document) mp.document.attachedTo = [...(mp.document.attachedTo ?? []), ...attachedTo];
      return undefined;
    }
    case 'aws_iam_user_group_membership': {
      const u = target(scalar(ctx, res, ['user']), 'user', entities);
      if (u) for (const g of scalars(ctx, res, 'groups')) u.groups.push({ value: g.entity?.kind === 'group' && !isUnknown(g.entity.name) ? g.entity.name : g.value, source: g.source });
      return undefined;
    }
    case 'aws_iam_group_membership': {
      const g = scalar(ctx, res, ['group']);
      if (!g) return undefined;
      const group = target(g, 'group', entities);
      for (const s of scalars(ctx, res, 'users')) target(s, 'user', entities)?.groups.push({ value: group && !isUnknown(group.name) ? group.name : g.value, source: g.source });
      return undefined;
    }
    case 'aws_iam_user_login_profile': {
      const u = target(scalar(ctx, res, ['user']), 'user', entities);
      if (u) u.loginProfile = base.source;
      return undefined;
    }
    case 'aws_iam_access_key': {
      const s = scalar(ctx, res, ['user']);
      const u = target(s, 'user', entities);
      const key: AccessKey = { ...base, account: u?.account ?? account, kind: 'access-key', user: s ? { value: u && !isUnknown(u.name) ? u.name : s.value, source: s.source } : { value: new Unknown('no user'), source: base.source }, secretExposedAt: [] };
      return key;
    }
    case 'aws_iam_instance_profile': {
      const s = scalar(ctx, res, ['role']);
      const r = target(s, 'role', entities);
      const ip: InstanceProfile = { ...base, account: r?.account ?? account, kind: 'instance-profile', roles: s ? [{ value: r && !isUnknown(r.name) ? r.name : s.value, source: s.source }] : [] };
      return ip;
    }
    case 'aws_cognito_identity_pool_roles_attachment': {
      const pool = scalar(ctx, res, ['identity_pool_id']);
      const role = (key: string): Located | undefined => {
        const s = scalar(ctx, res, ['roles', key]);
        return s ? located(s) : undefined;
      };
      const att: IdentityPoolRoleAttachment = {
        ...base,
        kind: 'identity-pool-role-attachment',
        pool: pool ? located(pool) : { value: new Unknown('no identity_pool_id'), source: base.source },
        authenticatedRole: role('authenticated'),
        unauthenticatedRole: role('unauthenticated'),
      };
      return att;
    }
    default:
      return undefined;
  }
}
