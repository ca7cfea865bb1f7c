import { joinPointer, type Model, type ModuleCall, type Range, SELF_ACCOUNT, type SourceRef, TERRAFORM_MODULE_MANIFEST } from '../../model/index.js';
import type { HclBlock, HclBody, HclExpr, HclFile } from '../../parse/hcl/index.js';
import { type ParsedDoc, parseEmbeddedJson } from '../../parse/index.js';
import { Evaluator, elements, type Loc, LocMap, type LV, knownString, parseJsonString, type ReadFile, select, str, unknownLV } from './eval.js';
import { blocksOf, renderPolicyDocument } from './policy-document.js';
import { type Ctx, loadTerraformPlan, mapResources, type PlanSource, planConfiguration, type Res } from './plan.js';

/**
 * Terraform configuration (`*.tf`, `*.tf.json`) → the model, through the same resource mapping as plan JSON
 * (src/load/terraform/plan.ts). All `.tf` files of a directory form one module; a directory another one calls as a
 * module (local, or installed under `.terraform/modules`) is read through each call, with the call's arguments, and
 * every other directory is a root module. Variables (defaults, `terraform.tfvars`/`*.auto.tfvars`, call
 * arguments), locals, outputs, references between resources, `aws_iam_policy_document` data sources
 * (src/load/terraform/policy-document.ts) and the expressions of src/load/terraform/eval.ts are evaluated; what is
 * not becomes Unknown with a reason. A resource with a known `count`/`for_each` is read per element, otherwise as
 * one instance. A plan made from a root module of the scan is loaded here, located at that module's lines.
 */

export interface HclInput {
  rel: string;
  hcl: HclFile;
  text: string;
}

/** The `.tf` inputs of a scan, with the module manifests `terraform init` wrote (root module directory → key → directory). */
export interface TerraformInputs {
  files: HclInput[];
  manifests: Map<string, Map<string, string>>;
  /** Reads a file of the scan root for `file()`/`templatefile()` (path relative to the root); absent: not read. */
  read?: (rel: string) => string | undefined;
  /** `terraform show -json` plans and states of the scan: loaded here, at the `.tf` lines of their configuration when it is in the scan. */
  plans: ParsedDoc[];
}

export const isModuleManifest = (rel: string): boolean => rel === TERRAFORM_MODULE_MANIFEST || rel.endsWith(`/${TERRAFORM_MODULE_MANIFEST}`);

/**
 * Read a `.terraform/modules/modules.json`: `{"Modules": [{"Key": "a.b", "Source": …, "Dir": ".terraform/modules/a.b"}]}`,
 * `Dir` relative to the root module. A manifest that is not of that shape is ignored (the modules stay unread).
 */
export function readModuleManifest(rel: string, text: string, into: TerraformInputs): void {
  const root = rel === TERRAFORM_MODULE_MANIFEST ? '.' : rel.slice(0, -TERRAFORM_MODULE_MANIFEST.length - 1);
  let modules: unknown;
  try {
    modules = (JSON.parse(text) as { Modules?: unknown }).Modules;
  } catch {
    return;
  }
  if (!Array.isArray(modules)) return;
  const keys = new Map<string, string>();
  for (const m of modules as Array<Record<string, unknown>>) {
    if (typeof m?.Key !== 'string' || typeof m.Dir !== 'string' || m.Key === '') continue;
    const dir = localSource(root, `./${m.Dir.replace(/\\/g, '/')}`);
    if (dir !== undefined) keys.set(m.Key, dir);
  }
  into.manifests.set(root, keys);
}

/** Attributes whose string value is a JSON policy, read as the document it holds. */
const POLICY_PATHS: Record<string, string[][]> = {
  aws_iam_role: [['assume_role_policy']],
  aws_iam_policy: [['policy']],
  aws_iam_role_policy: [['policy']],
  aws_iam_user_policy: [['policy']],
  aws_iam_group_policy: [['policy']],
};

/** Nested blocks the mapping reads, as lists of objects. */
const BLOCKS: Record<string, string[]> = { aws_iam_role: ['inline_policy'] };

/** What `<type>.<name>.arn` is, from the resource's own arguments. */
const ARN_KIND: Record<string, string> = {
  aws_iam_role: 'role',
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_policy: 'policy',
  aws_iam_saml_provider: 'saml-provider',
  aws_iam_instance_profile: 'instance-profile',
};

interface Decl {
  block: HclBlock;
  file: string;
}

/** The `.tf` files of one directory: a module. */
interface ModuleDir {
  dir: string;
  files: HclInput[];
  tfvars: HclInput[];
}

/** One instantiation of a module: the root module, or a module under a `module` call. */
interface Instance {
  /** `module.a.module.b.`: the prefix of its resources' addresses (empty in the root module). */
  prefix: string;
  /** The calls that led here, outermost first (empty in the root module). */
  via: ModuleCall[];
  /** The directories on the way here, to refuse a module that calls itself. */
  chain: string[];
  /** A variable's value as the call sets it (child modules), else undefined. */
  arg?: (name: string) => LV | undefined;
  /** The module names on the way here: the manifest key of a call is theirs and its own, joined with `.`. */
  keys: string[];
}

/** What the resources of one root module and all its module instances share: they are mapped together. */
interface Tree {
  model: Model;
  dirs: Map<string, ModuleDir>;
  map: LocMap;
  res: Res[];
  /** The root module's directory: `file()` paths and `path.module` are relative to it. */
  rootDir: string;
  /** Files read by `file()`/`templatefile()` (of any instance), relative to the scan root. */
  read: ReadFile;
  /** The root module's manifest of installed modules (key → directory), when `terraform init` wrote one. */
  manifest?: Map<string, string>;
  /** `output` blocks that write an access key's secret, by the key's address. */
  secretOutputs: Map<string, SourceRef[]>;
}

/** A module instance as its caller sees it: its outputs. */
interface Scope {
  output(name: string, loc: Loc): LV;
  /** Its resource addresses and module call names, as written (without instance keys). */
  declared: { resources: Set<string>; calls: Set<string> };
}

const MAX_MODULE_DEPTH = 16;
/** Arguments of a module call that are Terraform's, not the module's variables. */
const CALL_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
/** Resources with more instances than this are read as one instance with unknown `count.index`/`each`. */
const MAX_INSTANCES = 32;

const dirOf = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '.');

/** `./x`, `../x` relative to `dir`, normalised; undefined for sources that are not local paths. */
function localSource(dir: string, source: string): string | undefined {
  if (!/^\.\.?\//.test(source)) return undefined;
  const parts = dir === '.' ? [] : dir.split('/');
  for (const seg of source.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? parts.join('/') : '.';
}

/** `to` relative to `from` (both relative to the scan root), `.` when they are the same. */
function relativeDir(from: string, to: string): string {
  const a = from === '.' ? [] : from.split('/');
  const b = to === '.' ? [] : to.split('/');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

/** The literal `source` of a module call. */
function sourceOf(b: HclBlock): string | undefined {
  const e = b.body.attributes.find((a) => a.name === 'source')?.expr;
  if (e?.kind === 'literal' && typeof e.value === 'string') return e.value;
  if (e?.kind === 'template' && e.parts.length === 1 && e.parts[0].kind === 'literal' && typeof e.parts[0].value === 'string') return e.parts[0].value;
  return undefined;
}

/**
 * Every directory of `.tf` files is a module. A directory that another scanned directory calls as a local module
 * (`source = "./modules/x"`) is read through those calls, once per call, with the call's arguments; every other
 * directory is a root module.
 */
export function loadTerraformModules({ files, manifests, read, plans }: TerraformInputs, model: Model): Array<{ file: string; message: string }> {
  const byDir = new Map<string, HclInput[]>();
  for (const f of files) byDir.set(dirOf(f.rel), [...(byDir.get(dirOf(f.rel)) ?? []), f]);
  const dirs = new Map<string, ModuleDir>();
  for (const [dir, all] of byDir) {
    const group = all.filter((f) => !isTfvars(f.rel));
    // terraform.tfvars first, then *.auto.tfvars in name order: a later file wins (as Terraform loads them).
    const tfvars = all.filter((f) => isTfvars(f.rel)).sort((a, b) => tfvarsOrder(a.rel) - tfvarsOrder(b.rel) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    if (group.length) dirs.set(dir, { dir, files: group, tfvars });
  }
  const called = new Set<string>();
  for (const m of dirs.values())
    for (const f of m.files)
      for (const b of f.hcl.body.blocks) {
        const source = b.type === 'module' ? sourceOf(b) : undefined;
        const target = source === undefined ? undefined : localSource(m.dir, source);
        if (target !== undefined && target !== m.dir && dirs.has(target)) called.add(target);
      }
  const consumed = new Set<string>();
  const root = (m: ModuleDir) => {
    const readFile: ReadFile = (p) => {
      if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return { error: `file ${p} is an absolute path: only files inside the scan root are read` };
      const rel = localSource(m.dir, p.startsWith('.') ? p : `./${p}`);
      if (rel === undefined || rel === '..' || rel.startsWith('../')) return { error: `file ${p} is outside the scan root: not read` };
      const text = read?.(rel);
      if (text === undefined) return { error: `file ${rel} is not in the scan` };
      consumed.add(rel);
      return { rel, text };
    };
    const tree: Tree = { model, dirs, map: new LocMap(), res: [], rootDir: m.dir, read: readFile, manifest: manifests.get(m.dir), secretOutputs: new Map() };
    roots.push({ tree, declared: instantiate(tree, m, { prefix: '', via: [], chain: [m.dir], keys: [] }).declared, file: m.files[0].rel });
  };
  const roots: Array<{ tree: Tree; declared: Scope['declared']; file: string }> = [];
  for (const m of [...dirs.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))) {
    // Installed modules (and the examples and tests they ship with) are read only through the calls that use them.
    if (called.has(m.dir) || /(^|\/)\.terraform\//.test(m.dir)) continue;
    // Files that declare the same address cannot be one module (Terraform refuses it): a collection of separate
    // examples (test fixtures do this), each file read as a module of its own.
    if (m.files.length > 1 && declaresTwice(m.files)) for (const f of m.files) root({ ...m, files: [f] });
    else root(m);
  }
  // A plan of a configuration in the scan is the configuration evaluated by Terraform: its values, at the .tf lines.
  const errors: Array<{ file: string; message: string }> = [];
  const planned = new Set<Tree>();
  for (const plan of plans) {
    const tree = configurationOf(plan, roots);
    if (tree) planned.add(tree);
    try {
      loadTerraformPlan(plan, model, tree && planSource(tree));
    } catch (e) {
      errors.push({ file: plan.file, message: (e as Error).message });
    }
  }
  for (const { tree } of roots) if (!planned.has(tree)) mapTree(tree);
  // A policy file a module reads with file()/templatefile() is that resource's policy, not a loose policy file too.
  for (let i = model.documents.length - 1; i >= 0; i--) if (model.documents[i].owner.type === 'file' && consumed.has(model.documents[i].file)) model.documents.splice(i, 1);
  return errors;
}

/**
 * The root module a plan was made from: the one that declares every resource and module call of the plan's
 * `configuration` root module (the plan's own directory, or the nearest one above it, when several do).
 */
function configurationOf(plan: ParsedDoc, roots: Array<{ tree: Tree; declared: Scope['declared'] }>): Tree | undefined {
  const conf = planConfiguration(plan.value);
  if (!conf.resources.length && !conf.calls.length) return undefined;
  const fits = roots.filter(({ declared }) => conf.resources.every((r) => declared.resources.has(r)) && conf.calls.every((c) => declared.calls.has(c)));
  if (fits.length <= 1) return fits[0]?.tree;
  const dir = dirOf(plan.file);
  const above = fits.filter(({ tree }) => tree.rootDir === '.' || dir === tree.rootDir || dir.startsWith(`${tree.rootDir}/`));
  above.sort((a, b) => b.tree.rootDir.length - a.tree.rootDir.length);
  return above.length && (above.length === 1 || above[0].tree.rootDir !== above[1].tree.rootDir) ? above[0].tree : undefined;
}

/** Where a root module (and its module instances) writes each resource, for a plan made from it. */
function planSource(tree: Tree): PlanSource {
  const pointerOf = (address: string, key: string): string | undefined => {
    for (const p of [joinPointer('/resources', address + key), joinPointer('/resources', address)]) if (tree.map.values.has(p)) return p;
    return undefined;
  };
  const files = new Map(tree.res.map((r) => [r.configAddress, r.file]));
  return {
    locate(address, key, rest, keys) {
      const p = pointerOf(address, key);
      return p === undefined ? undefined : tree.map.locate(p + rest, keys);
    },
    file: (address) => files.get(address),
  };
}

/** Map a root module's resources, with those of every module instance under it, into the model. */
function mapTree(tree: Tree): void {
  const texts = new Map<string, string>();
  for (const d of tree.dirs.values()) for (const f of d.files) texts.set(f.rel, f.text);
  const ctx: Ctx = {
    model: tree.model,
    locate: (p) => tree.map.locate(p),
    locateKey: (p) => tree.map.locate(p, true),
    embedded: (_p, host: SourceRef, text) => parseEmbeddedJson(texts.get(host.file) ?? '', host, text),
    refersTo: (p) => tree.map.refs.get(p),
    expressions: new Map(),
    byAddress: new Map(),
  };
  mapResources(ctx, tree.res);
  for (const e of tree.model.entities) if (e.kind === 'access-key' && tree.secretOutputs.has(e.id)) e.secretExposedAt.push(...tree.secretOutputs.get(e.id)!);
}

/** The attributes of aws_iam_access_key that are the secret itself (`encrypted_secret` needs the PGP key). */
const SECRET_ATTRIBUTES = new Set(['secret', 'ses_smtp_password_v4']);

/** Where an expression reads an access key's secret (`aws_iam_access_key.ci.secret`, `…[0].secret`): key address → ranges. */
function secretReads(e: HclExpr, out: Array<{ address: string; range: Range }>): void {
  if (e.kind === 'traversal') {
    if (e.root === 'aws_iam_access_key' && typeof e.path[0] === 'string') {
      const rest = e.path.slice(1).filter((p) => typeof p === 'string');
      if (SECRET_ATTRIBUTES.has(String(rest[0])) || (rest.length > 1 && SECRET_ATTRIBUTES.has(String(rest[1])))) out.push({ address: `aws_iam_access_key.${e.path[0]}`, range: e.range });
    }
    for (const p of e.path) if (typeof p === 'object') secretReads(p, out);
    return;
  }
  if (e.kind === 'splat') return secretReads({ ...e.source, path: [...e.source.path, ...e.path], range: e.range }, out);
  const kids: HclExpr[] =
    e.kind === 'template' ? e.parts
    : e.kind === 'tuple' ? e.items
    : e.kind === 'object' ? e.items.flatMap((i) => (typeof i.key === 'string' ? [i.value] : [i.key, i.value]))
    : e.kind === 'call' ? e.args
    : e.kind === 'conditional' ? [e.cond, e.ifTrue, e.ifFalse]
    : e.kind === 'unary' ? [e.operand]
    : e.kind === 'binary' ? [e.left, e.right]
    : e.kind === 'for' ? [e.collection, e.value, ...(e.key ? [e.key] : []), ...(e.cond ? [e.cond] : [])]
    : [];
  for (const k of kids) secretReads(k, out);
}

const isTfvars = (rel: string): boolean => /\.tfvars(\.json)?$/i.test(rel);
/** terraform.tfvars, then terraform.tfvars.json, then the *.auto.tfvars(.json) files (by name, as the caller sorts). */
const tfvarsOrder = (rel: string): number => (/(^|\/)terraform\.tfvars$/i.test(rel) ? 0 : /(^|\/)terraform\.tfvars\.json$/i.test(rel) ? 1 : 2);

function declaresTwice(files: HclInput[]): boolean {
  const seen = new Set<string>();
  for (const f of files)
    for (const b of f.hcl.body.blocks) {
      if (!['resource', 'data', 'variable', 'locals', 'module', 'output'].includes(b.type)) continue;
      const keys = b.type === 'locals' ? b.body.attributes.map((a) => `local.${a.name}`) : [`${b.type}.${b.labels.join('.')}`];
      for (const k of keys) {
        if (seen.has(k)) return true;
        seen.add(k);
      }
    }
  return false;
}

/** Read one module instance: its resources go into the tree; its outputs are evaluated on demand. */
function instantiate(tree: Tree, mod: ModuleDir, inst: Instance): Scope {
  const { model } = tree;
  const files = mod.files;
  const resources = new Map<string, Decl>();
  const data = new Map<string, Decl>();
  const variables = new Map<string, Decl>();
  const outputs = new Map<string, Decl>();
  const calls = new Map<string, Decl>();
  const locals = new Map<string, { expr: HclBody['attributes'][number]; file: string }>();
  for (const f of files)
    for (const b of f.hcl.body.blocks) {
      if (b.type === 'resource' && b.labels.length === 2) resources.set(`${b.labels[0]}.${b.labels[1]}`, { block: b, file: f.rel });
      else if (b.type === 'data' && b.labels.length === 2) data.set(`${b.labels[0]}.${b.labels[1]}`, { block: b, file: f.rel });
      else if (b.type === 'variable' && b.labels.length === 1) variables.set(b.labels[0], { block: b, file: f.rel });
      else if (b.type === 'output' && b.labels.length === 1) outputs.set(b.labels[0], { block: b, file: f.rel });
      else if (b.type === 'module' && b.labels.length === 1) calls.set(b.labels[0], { block: b, file: f.rel });
      else if (b.type === 'locals') for (const a of b.body.attributes) locals.set(a.name, { expr: a, file: f.rel });
    }
  const via = inst.via.length ? inst.via : undefined;
  /** A location in this instance's code. */
  const L = (file: string, range: Range): Loc => (via ? { file, range, via } : { file, range });

  // Variable values from .tfvars files (root modules only): literals (they cannot refer to anything).
  const assigned = new Map<string, LV>();
  if (!inst.arg)
    for (const f of mod.tfvars) {
      const ev = new Evaluator(f.rel, (root, path, loc) => unknownLV(loc, `${[root, ...path].join('.')}: a .tfvars file holds only literal values`));
      for (const a of f.hcl.body.attributes) assigned.set(a.name, ev.eval(a.expr));
    }

  const busy = new Set<string>();
  const cache = new Map<string, LV>();
  /** Evaluate once, with a guard against reference cycles. */
  const memo = (key: string, loc: Loc, f: () => LV): LV => {
    const hit = cache.get(key);
    if (hit) return hit;
    if (busy.has(key)) return unknownLV(loc, `${key} refers to itself`);
    busy.add(key);
    try {
      const v = f();
      cache.set(key, v);
      return v;
    } finally {
      busy.delete(key);
    }
  };
  const evaluator = (file: string) => new Evaluator(file, resolve, via, tree.read);
  const attr = (d: Decl, name: string): LV | undefined => {
    const a = d.block.body.attributes.find((x) => x.name === name);
    return a ? memo(`${d.file}:${a.range.line}:${a.range.column}`, L(d.file, a.range), () => evaluator(d.file).eval(a.expr)) : undefined;
  };

  // Module calls: each local (or vendored) module is instantiated once per call, with the call's arguments.
  /** False for a resource or data source whose `count` is 0 or whose `for_each` is empty: it does not exist. */
  const exists = (d: Decl): boolean => {
    const count = attr(d, 'count');
    if (count?.kind === 'scalar' && count.value === 0) return false;
    const each = attr(d, 'for_each');
    return !((each?.kind === 'list' && !each.items.length) || (each?.kind === 'object' && !each.entries.length));
  };

  // Created on first use (a call's argument may read another module's output), and every call at the end.
  const children = new Map<string, Scope | string>();
  const childOf = (name: string): Scope | string | undefined => {
    const d = calls.get(name);
    if (!d) return undefined;
    const hit = children.get(name);
    if (hit !== undefined) return hit;
    children.set(name, `module.${name} depends on itself`);
    const c = child(name, d);
    children.set(name, c);
    return c;
  };

  function child(name: string, d: Decl): Scope | string {
    if (!exists(d)) return `module.${name} has no instance (count or for_each is empty)`;
    const source = sourceOf(d.block);
    if (source === undefined) return `the source of module.${name} is not a literal string`;
    const keys = [...inst.keys, name];
    const target = localSource(dirOf(d.file), source) ?? tree.manifest?.get(keys.join('.'));
    const mod = target === undefined ? undefined : tree.dirs.get(target);
    if (!mod)
      return target === undefined
        ? `module.${name} comes from ${source}, which is not installed (run \`terraform init\` to read it from .terraform/modules)`
        : `module.${name} comes from ${source}, which is not in the scan`;
    if (inst.chain.includes(mod.dir) || inst.chain.length >= MAX_MODULE_DEPTH) return `module.${name} calls a module that calls it`;
    return instantiate(tree, mod, {
      prefix: `${inst.prefix}module.${name}.`,
      via: [...inst.via, { module: `${inst.prefix}module.${name}`, file: d.file, range: d.block.typeRange }],
      chain: [...inst.chain, mod.dir],
      keys,
      arg: (v) => {
        const given = CALL_META.has(v) ? undefined : attr(d, v);
        return given && { ...given, pinned: true };
      },
    });
  }

  function output(name: string, loc: Loc): LV {
    const d = outputs.get(name);
    if (!d) return unknownLV(loc, `the module has no output ${name}`, undefined, 'missing-reference');
    return attr(d, 'value') ?? unknownLV(loc, `output ${name} has no value`);
  }

  /** A resource's name as references see it: its `name`, else Unknown (Terraform picks one at apply). */
  const nameOf = (address: string, d: Decl, loc: Loc): LV => {
    const n = attr(d, 'name');
    if (n) return n;
    const prefix = knownString(attr(d, 'name_prefix'));
    return unknownLV(loc, `${address} has no name: Terraform chooses it at apply`, prefix !== undefined ? `${prefix}?` : undefined, 'computed');
  };

  function resourceAttribute(address: string, d: Decl, attribute: string, loc: Loc): LV {
    const type = d.block.labels[0];
    const withRef = (v: LV): LV => ({ ...v, ref: inst.prefix + address });
    // The id of an OIDC or SAML provider (and of a policy) is its ARN.
    if (type === 'aws_iam_openid_connect_provider' && (attribute === 'arn' || attribute === 'id')) {
      const url = attr(d, 'url');
      if (url?.kind === 'scalar' && typeof url.value === 'string' && !url.holes) return withRef(str(`arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/${url.value.replace(/^https:\/\//, '')}`, loc));
      return withRef(unknownLV(loc, `the url of ${address} is not known`, `arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/?`));
    }
    const kind = ARN_KIND[type];
    if (kind && (attribute === 'arn' || ((type === 'aws_iam_policy' || type === 'aws_iam_saml_provider') && attribute === 'id'))) {
      const name = nameOf(address, d, loc);
      const path = kind === 'saml-provider' ? '/' : (knownString(attr(d, 'path')) ?? '/');
      const prefix = `arn:aws:iam::${SELF_ACCOUNT}:${kind}${path}`;
      if (name.kind === 'scalar' && typeof name.value === 'string' && !name.holes) return withRef(str(prefix + name.value, loc));
      return withRef(unknownLV(loc, name.kind === 'unknown' ? name.value.reason : `the name of ${address} is not known`, `${prefix}?`, name.kind === 'unknown' ? name.value.cause : 'computed'));
    }
    if (kind && (attribute === 'name' || attribute === 'id')) return withRef(nameOf(address, d, loc));
    const own = attr(d, attribute);
    if (own) return withRef(own);
    return withRef(unknownLV(loc, `${address}.${attribute} is known only after apply`, undefined, 'computed'));
  }

  function resolve(root: string, path: Array<string | number>, loc: Loc): LV {
    const text = [root, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : p))].join('.');
    switch (root) {
      case 'var': {
        const name = String(path[0]);
        const d = variables.get(name);
        if (!d) return unknownLV(loc, `variable ${name} is not declared`, undefined, 'missing-reference');
        const unset = inst.arg ? `${inst.prefix.slice(0, -1)} does not set variable ${name}, which has no default` : `variable ${name} has no default`;
        const def = memo(`var.${name}`, loc, () => inst.arg?.(name) ?? assigned.get(name) ?? attr(d, 'default') ?? unknownLV(loc, unset, undefined, 'parameter'));
        return select(def, path.slice(1), loc, `var.${name}`);
      }
      case 'local': {
        const name = String(path[0]);
        const l = locals.get(name);
        if (!l) return unknownLV(loc, `local ${name} is not declared`, undefined, 'missing-reference');
        const v = memo(`local.${name}`, loc, () => evaluator(l.file).eval(l.expr.expr));
        return select(v, path.slice(1), loc, `local.${name}`);
      }
      case 'data': {
        const address = `${String(path[0])}.${String(path[1])}`;
        const type = String(path[0]);
        const d0 = data.get(address);
        const rest = d0 ? instance(d0, path.slice(2)) : path.slice(2);
        if (type === 'aws_caller_identity' && rest[0] === 'account_id') return str(SELF_ACCOUNT, loc);
        if (type === 'aws_partition' && rest[0] === 'partition') return str('aws', loc);
        const d = data.get(address);
        if (d && !exists(d)) return { ...unknownLV(loc, `data.${address} has no instance (count or for_each is empty)`), error: true };
        if (type === 'aws_iam_policy_document' && d && (rest[0] === 'json' || rest[0] === 'minified_json')) return memo(`data.${address}`, loc, () => renderPolicyDocument(d.block, evaluator(d.file)));
        if (!d) return unknownLV(loc, `data.${address} is not declared in this module`, undefined, 'missing-reference');
        return unknownLV(loc, `${text} is read from AWS at plan time`, undefined, 'import');
      }
      case 'module': {
        const name = String(path[0]);
        const c = childOf(name);
        if (c === undefined) return unknownLV(loc, `module ${name} is not declared`, undefined, 'missing-reference');
        if (typeof c === 'string') return unknownLV(loc, `${text}: ${c}`, undefined, 'import');
        // `module.m[0].x`, `module.m["k"].x`: one instance is read.
        const rest = instance(calls.get(name)!, path.slice(1));
        if (typeof rest[0] !== 'string') return unknownLV(loc, `${text} is a whole module`);
        return select(c.output(rest[0], loc), rest.slice(1), loc, text);
      }
      case 'each':
      case 'count':
        return unknownLV(loc, `${text} differs per instance (one instance is read)`);
      case 'path':
        // Terraform gives paths relative to the root module's directory, where it runs.
        if (path[0] === 'root') return str('.', loc);
        if (path[0] === 'module') return str(relativeDir(tree.rootDir, mod.dir), loc);
        return unknownLV(loc, `${text} is not evaluated`);
      case 'terraform':
      case 'self':
        return unknownLV(loc, `${text} is not evaluated`);
      default: {
        const name = path[0];
        const address = `${root}.${String(name)}`;
        const d = resources.get(address);
        if (!d) return unknownLV(loc, `${text} refers to a resource that is not in this module`, undefined, 'missing-reference');
        if (!exists(d)) return { ...unknownLV(loc, `${address} has no instance (count or for_each is empty)`), error: true };
        // `aws_iam_role.r[0].arn`, `aws_iam_role.r["k"].arn`: one instance is read.
        const rest = instance(d, path.slice(1));
        const attribute = rest[0];
        if (typeof attribute !== 'string') return { ...unknownLV(loc, `${text} is a whole resource`), ref: address };
        return select(resourceAttribute(address, d, attribute, loc), rest.slice(1), loc, text);
      }
    }
  }

  for (const name of calls.keys()) childOf(name);

  // Outputs that write an access key's secret: into the state and to whoever reads the outputs (FL302).
  for (const [name, d] of outputs) {
    const value = d.block.body.attributes.find((a) => a.name === 'value');
    const reads: Array<{ address: string; range: Range }> = [];
    if (value) secretReads(value.expr, reads);
    for (const r of reads) {
      const key = inst.prefix + r.address;
      const at: SourceRef = { file: d.file, pointer: `/outputs/${name}/value`, range: r.range, ...(via ? { via } : {}) };
      tree.secretOutputs.set(key, [...(tree.secretOutputs.get(key) ?? []), at]);
    }
  }

  // The resources, evaluated into plan-shaped values.
  const { map, res } = tree;
  for (const [address, d] of resources) if (exists(d)) for (const one of instancesOf(d)) emit(address, d, one);
  return { output, declared: { resources: new Set(resources.keys()), calls: new Set(calls.keys()) } };

  /**
   * The instances of a resource: one per element of a known `count`/`for_each` (up to MAX_INSTANCES), with `count.index`
   * or `each.key`/`each.value` bound; a single instance keeps the address without a key. Otherwise one instance in
   * which they are unknown.
   */
  function instancesOf(d: Decl): Array<{ key: string; ev?: Evaluator }> {
    const ev = evaluator(d.file);
    const count = attr(d, 'count');
    const each = attr(d, 'for_each');
    let bound: Array<{ key: string; name: string; binding: LV }> | undefined;
    if (count?.kind === 'scalar' && typeof count.value === 'number' && Number.isInteger(count.value) && count.value > 0 && count.value <= MAX_INSTANCES) {
      bound = Array.from({ length: count.value }, (_, i) => ({ key: `[${i}]`, name: 'count', binding: { kind: 'object', entries: [{ key: 'index', keyLoc: count.loc, value: { kind: 'scalar', value: i, loc: count.loc } }], loc: count.loc } }));
    } else if (each && (each.kind === 'list' || each.kind === 'object')) {
      const pairs = each.kind === 'list' ? each.items.map((v): [LV, LV] => [v, v]) : elements(each);
      if (pairs && pairs.length <= MAX_INSTANCES && pairs.every(([k]) => k.kind === 'scalar' && typeof k.value === 'string' && !k.holes))
        bound = pairs.map(([k, v]) => ({ key: `[${JSON.stringify((k as LV & { kind: 'scalar' }).value)}]`, name: 'each', binding: { kind: 'object', entries: [{ key: 'key', keyLoc: k.loc, value: k }, { key: 'value', keyLoc: v.loc, value: v }], loc: v.loc } }));
    }
    if (!bound?.length) return [{ key: '' }];
    return bound.map((b) => ({ key: bound.length === 1 ? '' : b.key, ev: ev.with(new Map([[b.name, b.binding]])) }));
  }

  function emit(address: string, d: Decl, one: { key: string; ev?: Evaluator }): void {
    const type = d.block.labels[0];
    const entries: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
    const ev = one.ev ?? evaluator(d.file);
    for (const x of d.block.body.attributes) {
      if (x.name === 'count' || x.name === 'for_each' || x.name === 'depends_on' || x.name === 'provider') continue;
      let v = one.ev ? one.ev.eval(x.expr) : (attr(d, x.name) ?? ev.eval(x.expr));
      if (POLICY_PATHS[type]?.some((p) => p.length === 1 && p[0] === x.name)) v = policyValue(v, model);
      entries.push({ key: x.name, keyLoc: L(d.file, x.nameRange), value: v });
    }
    for (const bt of BLOCKS[type] ?? []) {
      const blocks = blocksOf({ block: d.block, ev }, bt);
      if (Array.isArray(blocks) && !blocks.length) continue;
      const items: LV | LV[] = !Array.isArray(blocks)
        ? blocks
        : blocks.map(({ block: b, ev: bev }) => ({
            kind: 'object',
            entries: b.body.attributes.map((x) => {
              const v = bev.eval(x.expr);
              return { key: x.name, keyLoc: L(d.file, x.nameRange), value: x.name === 'policy' ? policyValue(v, model) : v };
            }),
            loc: L(d.file, b.range),
          }));
      const first = d.block.body.blocks.find((b) => b.type === bt || (b.type === 'dynamic' && b.labels[0] === bt))!;
      entries.push({ key: bt, keyLoc: L(d.file, first.typeRange), value: Array.isArray(items) ? { kind: 'list', items, loc: L(d.file, first.range) } : items });
    }
    // Named by address, not position: pointers (and the fingerprints built from them) survive added resources.
    const full = inst.prefix + address;
    const pointer = joinPointer('/resources', full + one.key);
    map.flatten({ kind: 'object', entries: [], loc: L(d.file, d.block.range) }, pointer);
    const values = map.flatten({ kind: 'object', entries, loc: L(d.file, d.block.range) }, `${pointer}/values`) as Record<string, unknown>;
    map.values.set(`${pointer}/address`, L(d.file, d.block.typeRange));
    res.push({ address: full + one.key, type, file: d.file, pointer, values, afterUnknown: undefined, modulePrefix: inst.prefix, configAddress: full });
  }
}

/** The path after `<type>.<name>` without the instance key of a `count`/`for_each` resource (one instance is read). */
function instance(d: Decl, rest: Array<string | number>): Array<string | number> {
  const out = [...rest];
  const counted = d.block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
  if (out.length && (typeof out[0] === 'number' || (counted && out.length >= 2))) out.shift();
  return out;
}

/** A policy attribute: a JSON string is parsed into its located structure; invalid JSON is an input error. */
function policyValue(v: LV, model: Model): LV {
  if (v.kind !== 'scalar' || typeof v.value !== 'string' || v.value.trim() === '') return v;
  const parsed = parseJsonString(v);
  if (!('error' in parsed)) return parsed;
  model.inputErrors.push({ file: parsed.loc.file, message: `policy is not valid JSON: ${parsed.error}`, source: { file: parsed.loc.file, pointer: '', range: parsed.loc.range } });
  return unknownLV(v.loc, 'policy is not valid JSON');
}
