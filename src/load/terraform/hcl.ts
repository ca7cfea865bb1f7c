import { type Model, SELF_ACCOUNT, type SourceRef } from '../../model/index.js';
import type { HclBlock, HclBody, HclFile } from '../../parse/hcl/index.js';
import { parseEmbeddedJson } from '../../parse/index.js';
import { Evaluator, type Loc, LocMap, type LV, parseJsonString, str, unknownLV } from './eval.js';
import { type Ctx, mapResources, type Res } from './plan.js';

/**
 * Terraform configuration (`*.tf`, HCL) → the model, through the same resource mapping as plan JSON
 * (src/load/terraform/plan.ts). All `.tf` files of a directory form one module: `variable` defaults, `locals`,
 * references between its resources and `aws_iam_policy_document` data sources (sts-semantics.md §8.3) are
 * evaluated, with variable values from the directory's `terraform.tfvars`/`*.auto.tfvars`; `module` calls and
 * `dynamic` blocks are not (their values are Unknown).
 * A resource with `count`/`for_each` is read as one instance, addressed without its key.
 */

export interface HclInput {
  rel: string;
  hcl: HclFile;
  text: string;
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

const dirOf = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '.');

export function loadTerraformModules(files: HclInput[], model: Model): void {
  const byDir = new Map<string, HclInput[]>();
  for (const f of files) byDir.set(dirOf(f.rel), [...(byDir.get(dirOf(f.rel)) ?? []), f]);
  for (const all of byDir.values()) {
    const group = all.filter((f) => !isTfvars(f.rel));
    // terraform.tfvars first, then *.auto.tfvars in name order: a later file wins (as Terraform loads them).
    const tfvars = all.filter((f) => isTfvars(f.rel)).sort((a, b) => tfvarsOrder(a.rel) - tfvarsOrder(b.rel) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    // Files that declare the same address cannot be one module (Terraform refuses it): a collection of separate
    // examples (test fixtures do this), each file read as a module of its own.
    if (group.length > 1 && declaresTwice(group)) for (const f of group) loadModule([f], tfvars, model);
    else if (group.length) loadModule(group, tfvars, model);
  }
}

const isTfvars = (rel: string): boolean => /\.tfvars$/i.test(rel);
const tfvarsOrder = (rel: string): number => (/(^|\/)terraform\.tfvars$/i.test(rel) ? 0 : 1);

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

function loadModule(files: HclInput[], tfvars: HclInput[], model: Model): void {
  const texts = new Map(files.map((f) => [f.rel, f.text]));
  const resources = new Map<string, Decl>();
  const data = new Map<string, Decl>();
  const variables = new Map<string, Decl>();
  const locals = new Map<string, { expr: HclBody['attributes'][number]; file: string }>();
  for (const f of files)
    for (const b of f.hcl.body.blocks) {
      if (b.type === 'resource' && b.labels.length === 2) resources.set(`${b.labels[0]}.${b.labels[1]}`, { block: b, file: f.rel });
      else if (b.type === 'data' && b.labels.length === 2) data.set(`${b.labels[0]}.${b.labels[1]}`, { block: b, file: f.rel });
      else if (b.type === 'variable' && b.labels.length === 1) variables.set(b.labels[0], { block: b, file: f.rel });
      else if (b.type === 'locals') for (const a of b.body.attributes) locals.set(a.name, { expr: a, file: f.rel });
    }

  // Variable values from .tfvars files: literals (they cannot refer to anything).
  const assigned = new Map<string, LV>();
  for (const f of tfvars) {
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
  const evaluator = (file: string) => new Evaluator(file, resolve);
  const attr = (d: Decl, name: string): LV | undefined => {
    const a = d.block.body.attributes.find((x) => x.name === name);
    return a ? memo(`${d.file}:${a.range.line}:${a.range.column}`, { file: d.file, range: a.range }, () => evaluator(d.file).eval(a.expr)) : undefined;
  };
  const knownString = (v: LV | undefined): string | undefined => (v?.kind === 'scalar' && typeof v.value === 'string' && !v.holes ? v.value : undefined);

  /** A resource's name as references see it: its `name`, else Unknown (Terraform picks one at apply). */
  const nameOf = (address: string, d: Decl, loc: Loc): LV => {
    const n = attr(d, 'name');
    if (n) return n;
    const prefix = knownString(attr(d, 'name_prefix'));
    return unknownLV(loc, `${address} has no name: Terraform chooses it at apply`, prefix !== undefined ? `${prefix}?` : undefined, 'computed');
  };

  const get = (v: LV, path: Array<string | number>, loc: Loc, what: string): LV => {
    let cur = v;
    for (const k of path) {
      if (cur.kind === 'object') {
        const hit = cur.entries.find((e) => e.key === String(k));
        if (!hit) return unknownLV(loc, `${what} has no ${String(k)}`);
        cur = hit.value;
      } else if (cur.kind === 'list' && typeof k === 'number') {
        if (k >= cur.items.length) return unknownLV(loc, `${what} has no element ${k}`);
        cur = cur.items[k];
      } else if (cur.kind === 'unknown') return cur;
      else return unknownLV(loc, `${what}.${String(k)} is not known`);
    }
    return cur;
  };

  function resourceAttribute(address: string, d: Decl, attribute: string, loc: Loc): LV {
    const type = d.block.labels[0];
    const withRef = (v: LV): LV => ({ ...v, ref: address });
    if (type === 'aws_iam_openid_connect_provider' && attribute === 'arn') {
      const url = attr(d, 'url');
      if (url?.kind === 'scalar' && typeof url.value === 'string' && !url.holes) return withRef(str(`arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/${url.value.replace(/^https:\/\//, '')}`, loc));
      return withRef(unknownLV(loc, `the url of ${address} is not known`, `arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/?`));
    }
    const kind = ARN_KIND[type];
    if (kind && (attribute === 'arn' || (type === 'aws_iam_policy' && attribute === 'id'))) {
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
        const def = memo(`var.${name}`, loc, () => assigned.get(name) ?? attr(d, 'default') ?? unknownLV(loc, `variable ${name} has no default`, undefined, 'parameter'));
        return get(def, path.slice(1), loc, `var.${name}`);
      }
      case 'local': {
        const name = String(path[0]);
        const l = locals.get(name);
        if (!l) return unknownLV(loc, `local ${name} is not declared`, undefined, 'missing-reference');
        const v = memo(`local.${name}`, loc, () => evaluator(l.file).eval(l.expr.expr));
        return get(v, path.slice(1), loc, `local.${name}`);
      }
      case 'data': {
        const address = `${String(path[0])}.${String(path[1])}`;
        const type = String(path[0]);
        const d0 = data.get(address);
        const rest = d0 ? instance(d0, path.slice(2)) : path.slice(2);
        if (type === 'aws_caller_identity' && rest[0] === 'account_id') return str(SELF_ACCOUNT, loc);
        if (type === 'aws_partition' && rest[0] === 'partition') return str('aws', loc);
        const d = data.get(address);
        if (type === 'aws_iam_policy_document' && d && (rest[0] === 'json' || rest[0] === 'minified_json')) return memo(`data.${address}`, loc, () => renderPolicyDocument(d));
        if (!d) return unknownLV(loc, `data.${address} is not declared in this module`, undefined, 'missing-reference');
        return unknownLV(loc, `${text} is read from AWS at plan time`, undefined, 'import');
      }
      case 'module':
        return unknownLV(loc, `${text}: module outputs are not evaluated`, undefined, 'import');
      case 'each':
      case 'count':
        return unknownLV(loc, `${text} differs per instance (one instance is read)`);
      case 'path':
      case 'terraform':
      case 'self':
        return unknownLV(loc, `${text} is not evaluated`);
      default: {
        const name = path[0];
        const address = `${root}.${String(name)}`;
        const d = resources.get(address);
        if (!d) return unknownLV(loc, `${text} refers to a resource that is not in this module`, undefined, 'missing-reference');
        // `aws_iam_role.r[0].arn`, `aws_iam_role.r["k"].arn`: one instance is read.
        const rest = instance(d, path.slice(1));
        const attribute = rest[0];
        if (typeof attribute !== 'string') return { ...unknownLV(loc, `${text} is a whole resource`), ref: address };
        return get(resourceAttribute(address, d, attribute, loc), rest.slice(1), loc, text);
      }
    }
  }

  /** `aws_iam_policy_document` → the JSON structure it renders (sts-semantics.md §8.3), located at its blocks. */
  function renderPolicyDocument(d: Decl): LV {
    const loc = { file: d.file, range: d.block.range };
    if (hasDynamic(d.block.body)) return unknownLV(loc, `data.${d.block.labels.join('.')} has dynamic blocks, which are not evaluated`);
    const ev = evaluator(d.file);
    const blockLoc = (b: HclBlock): Loc => ({ file: d.file, range: b.range });
    const keyLoc = (b: HclBlock): Loc => ({ file: d.file, range: b.typeRange });
    const a = (body: HclBody, name: string): { v: LV; keyLoc: Loc } | undefined => {
      const x = body.attributes.find((y) => y.name === name);
      return x ? { v: ev.eval(x.expr), keyLoc: { file: d.file, range: x.nameRange } } : undefined;
    };
    const entries: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
    const version = a(d.block.body, 'version');
    entries.push({ key: 'Version', keyLoc: version?.keyLoc ?? keyLoc(d.block), value: version?.v ?? str('2012-10-17', keyLoc(d.block)) });
    const id = a(d.block.body, 'policy_id');
    if (id) entries.push({ key: 'Id', keyLoc: id.keyLoc, value: id.v });
    const own: LV[] = d.block.body.blocks.filter((b) => b.type === 'statement').map((s) => renderStatement(s));
    const statements: LV[] = [];
    const sidOf = (s: LV): string | undefined => {
      if (s.kind !== 'object') return undefined;
      const sid = s.entries.find((e) => e.key === 'Sid')?.value;
      return sid?.kind === 'scalar' && typeof sid.value === 'string' && sid.value !== '' ? sid.value : undefined;
    };
    const merge = (into: LV[], add: LV[]) => {
      for (const s of add) {
        const sid = sidOf(s);
        const i = sid === undefined ? -1 : into.findIndex((x) => sidOf(x) === sid);
        if (i >= 0) into[i] = s;
        else into.push(s);
      }
    };
    const docsOf = (name: string): LV[] | LV | undefined => {
      const x = a(d.block.body, name);
      if (!x) return [];
      if (x.v.kind !== 'list') return unknownLV(x.v.loc, `${name} is not a known list`);
      const out: LV[] = [];
      for (const it of x.v.items) {
        const doc = it.kind === 'scalar' && typeof it.value === 'string' ? parseJsonString(it) : it;
        if ('error' in doc || doc.kind !== 'object') return unknownLV(it.loc, `an entry of ${name} is not a known policy`);
        const st = doc.entries.find((e) => e.key === 'Statement')?.value;
        if (st?.kind === 'list') out.push(...st.items);
        else if (st?.kind === 'object') out.push(st);
        else if (st) return unknownLV(it.loc, `an entry of ${name} has statements that are not known`);
      }
      return out;
    };
    const sources = docsOf('source_policy_documents');
    const overrides = docsOf('override_policy_documents');
    if (!Array.isArray(sources)) return sources ?? unknownLV(loc, 'source_policy_documents');
    if (!Array.isArray(overrides)) return overrides ?? unknownLV(loc, 'override_policy_documents');
    merge(statements, sources);
    merge(statements, own);
    merge(statements, overrides);
    const first = d.block.body.blocks.find((b) => b.type === 'statement');
    entries.push({ key: 'Statement', keyLoc: first ? keyLoc(first) : keyLoc(d.block), value: { kind: 'list', items: statements, loc: first ? blockLoc(first) : loc } });
    return policyVariables({ kind: 'object', entries, loc });

    function renderStatement(s: HclBlock): LV {
      const out: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
      const put = (key: string, name: string) => {
        const x = a(s.body, name);
        if (x) out.push({ key, keyLoc: x.keyLoc, value: x.v });
      };
      put('Sid', 'sid');
      const effect = a(s.body, 'effect');
      out.push({ key: 'Effect', keyLoc: effect?.keyLoc ?? keyLoc(s), value: effect?.v ?? str('Allow', keyLoc(s)) });
      put('Action', 'actions');
      put('NotAction', 'not_actions');
      put('Resource', 'resources');
      put('NotResource', 'not_resources');
      for (const [key, type] of [
        ['Principal', 'principals'],
        ['NotPrincipal', 'not_principals'],
      ] as const) {
        const blocks = s.body.blocks.filter((b) => b.type === type);
        if (!blocks.length) continue;
        const map: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
        let star: LV | undefined;
        let unknown: LV | undefined;
        for (const b of blocks) {
          const t = a(b.body, 'type');
          const ids = a(b.body, 'identifiers')?.v ?? unknownLV(blockLoc(b), `${type} without identifiers`);
          const tv = knownString(t?.v);
          if (tv === undefined) {
            unknown = unknownLV(t?.v.loc ?? blockLoc(b), t?.v.kind === 'unknown' ? t.v.value.reason : `${type} type is not known`, undefined, t?.v.kind === 'unknown' ? t.v.value.cause : 'computed');
            continue;
          }
          if (tv === '*') {
            const allStar = ids.kind === 'list' && ids.items.every((i) => i.kind === 'scalar' && i.value === '*');
            star = allStar ? str('*', ids.loc) : ids;
            continue;
          }
          const prev = map.find((m) => m.key === tv);
          if (prev && prev.value.kind === 'list' && ids.kind === 'list') prev.value = { ...prev.value, items: [...prev.value.items, ...ids.items] };
          else if (!prev) map.push({ key: tv, keyLoc: t?.keyLoc ?? keyLoc(b), value: ids });
        }
        const value: LV = star && !map.length ? star : unknown && !map.length ? unknown : { kind: 'object', entries: map, loc: blockLoc(blocks[0]) };
        out.push({ key, keyLoc: keyLoc(blocks[0]), value });
      }
      const conds = s.body.blocks.filter((b) => b.type === 'condition');
      if (conds.length) {
        const ops: Array<{ key: string; keyLoc: Loc; value: LV & { kind: 'object' } }> = [];
        for (const c of conds) {
          const test = a(c.body, 'test');
          const variable = a(c.body, 'variable');
          const values = a(c.body, 'values')?.v ?? unknownLV(blockLoc(c), 'condition without values');
          const op = knownString(test?.v);
          const key = knownString(variable?.v);
          if (op === undefined || key === undefined) {
            // Unknown operator or key: a condition that may restrict anything, kept as an unknown operator.
            ops.push({ key: op ?? '?', keyLoc: keyLoc(c), value: { kind: 'object', entries: [{ key: key ?? '?', keyLoc: keyLoc(c), value: unknownLV(blockLoc(c), 'condition test or variable is not known') }], loc: blockLoc(c) } });
            continue;
          }
          let o = ops.find((x) => x.key === op);
          if (!o) {
            o = { key: op, keyLoc: test?.keyLoc ?? keyLoc(c), value: { kind: 'object', entries: [], loc: blockLoc(c) } };
            ops.push(o);
          }
          const prev = o.value.entries.find((e) => e.key === key);
          if (prev && prev.value.kind === 'list' && values.kind === 'list') prev.value = { ...prev.value, items: [...prev.value.items, ...values.items] };
          else if (prev) prev.value = values;
          else o.value.entries.push({ key, keyLoc: variable?.keyLoc ?? keyLoc(c), value: values });
        }
        out.push({ key: 'Condition', keyLoc: keyLoc(conds[0]), value: { kind: 'object', entries: ops, loc: blockLoc(conds[0]) } });
      }
      return { kind: 'object', entries: out, loc: blockLoc(s) };
    }
  }

  // The resources, evaluated into plan-shaped values.
  const map = new LocMap();
  const res: Res[] = [];
  for (const [address, d] of resources) {
    const type = d.block.labels[0];
    const entries: Array<{ key: string; keyLoc: Loc; value: LV }> = [];
    const ev = evaluator(d.file);
    for (const x of d.block.body.attributes) {
      if (x.name === 'count' || x.name === 'for_each' || x.name === 'depends_on' || x.name === 'provider') continue;
      let v = attr(d, x.name) ?? ev.eval(x.expr);
      if (POLICY_PATHS[type]?.some((p) => p.length === 1 && p[0] === x.name)) v = policyValue(v, model);
      entries.push({ key: x.name, keyLoc: { file: d.file, range: x.nameRange }, value: v });
    }
    for (const bt of BLOCKS[type] ?? []) {
      const blocks = d.block.body.blocks.filter((b) => b.type === bt);
      if (!blocks.length) continue;
      const items: LV[] = blocks.map((b) => ({
        kind: 'object',
        entries: b.body.attributes.map((x) => {
          const v = ev.eval(x.expr);
          return { key: x.name, keyLoc: { file: d.file, range: x.nameRange }, value: x.name === 'policy' ? policyValue(v, model) : v };
        }),
        loc: { file: d.file, range: b.range },
      }));
      entries.push({ key: bt, keyLoc: { file: d.file, range: blocks[0].typeRange }, value: { kind: 'list', items, loc: { file: d.file, range: blocks[0].range } } });
    }
    const pointer = `/resources/${res.length}`;
    map.flatten({ kind: 'object', entries: [], loc: { file: d.file, range: d.block.range } }, pointer);
    const values = map.flatten({ kind: 'object', entries, loc: { file: d.file, range: d.block.range } }, `${pointer}/values`) as Record<string, unknown>;
    map.values.set(`${pointer}/address`, { file: d.file, range: d.block.typeRange });
    res.push({ address, type, file: d.file, pointer, values, afterUnknown: undefined, modulePrefix: '', configAddress: address });
  }
  const ctx: Ctx = {
    model,
    locate: (p) => map.locate(p),
    locateKey: (p) => map.locate(p, true),
    embedded: (_p, host: SourceRef, text) => parseEmbeddedJson(texts.get(host.file) ?? '', host, text),
    refersTo: (p) => map.refs.get(p),
    expressions: new Map(),
    byAddress: new Map(),
  };
  mapResources(ctx, res);
}

/** The path after `<type>.<name>` without the instance key of a `count`/`for_each` resource (one instance is read). */
function instance(d: Decl, rest: Array<string | number>): Array<string | number> {
  const out = [...rest];
  const counted = d.block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
  if (out.length && (typeof out[0] === 'number' || (counted && out.length >= 2))) out.shift();
  return out;
}

function hasDynamic(body: HclBody): boolean {
  return body.blocks.some((b) => b.type === 'dynamic' || hasDynamic(b.body));
}

/** `&{aws:username}` is how HCL writes the policy variable `${aws:username}`. */
function policyVariables(v: LV): LV {
  switch (v.kind) {
    case 'scalar':
      return typeof v.value === 'string' && v.value.includes('&{') ? { ...v, value: v.value.replace(/&\{/g, '${') } : v;
    case 'list':
      return { ...v, items: v.items.map(policyVariables) };
    case 'object':
      return { ...v, entries: v.entries.map((e) => ({ ...e, value: policyVariables(e.value) })) };
    default:
      return v;
  }
}

/** A policy attribute: a JSON string is parsed into its located structure; invalid JSON is an input error. */
function policyValue(v: LV, model: Model): LV {
  if (v.kind !== 'scalar' || typeof v.value !== 'string' || v.value.trim() === '') return v;
  const parsed = parseJsonString(v);
  if (!('error' in parsed)) return parsed;
  model.inputErrors.push({ file: parsed.loc.file, message: `policy is not valid JSON: ${parsed.error}`, source: { file: parsed.loc.file, pointer: '', range: parsed.loc.range } });
  return unknownLV(v.loc, 'policy is not valid JSON');
}
