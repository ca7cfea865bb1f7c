import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import type { RuleOverrides } from '../engine/index.js';
import type { Range, Severity, SuppressionRecord } from '../model/index.js';
import { DEFAULT_LIMITS, type ParseLimits, parseBytes } from '../parse/index.js';
import { DEFAULT_SETTINGS, type RuleSettings } from '../rule-kit/index.js';

export const CONFIG_NAMES = ['.fedlint.yml', '.fedlint.yaml', '.fedlint.json'];

import { UsageError } from './errors.js';
import { schemaProblems } from './schema.js';

export { UsageError };

export interface Config {
  file?: string;
  settings: RuleSettings;
  overrides: RuleOverrides;
  include?: string[];
  exclude?: string[];
  failOn?: Severity | 'none';
  limits: ParseLimits;
  /** `ignore:` entries, each with the range of the entry in the config file. */
  ignore: IgnoreEntry[];
  /** The config file's text (FL007/FL008 findings of `ignore:` entries are located in it). */
  text?: string;
}

/** A config `ignore:` entry: suppresses `rule` for findings in files matching `path` (and resources matching `resource`). */
export interface IgnoreEntry {
  rule: string;
  path: string;
  resource?: string;
  reason?: string;
  range: Range;
}

interface RawConfig {
  accounts?: Record<string, string | { name?: string; paths?: string[] }>;
  organization?: string;
  sensitive?: { roles?: string[]; actions?: string[] };
  maxSessionDuration?: number;
  maxEntryRoles?: number;
  maxPaths?: number;
  mfaSurvivesChaining?: boolean;
  knownProviders?: string[];
  rules?: Record<string, 'off' | Severity>;
  include?: string[];
  exclude?: string[];
  failOn?: Severity | 'none';
  limits?: { maxFileBytes?: number; maxDepth?: number; maxAliases?: number };
  ignore?: Array<Omit<IgnoreEntry, 'range'>>;
}


/** The nearest config file, looking upward from `start` (a file or directory). */
export function findConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  if (existsSync(dir) && statSync(dir).isFile()) dir = path.dirname(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = path.join(dir, name);
      if (existsSync(p)) return p;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Read and validate a config file; every problem is a UsageError naming the file, the key and the reason. */
export function loadConfig(file: string | undefined, knownRule: (idOrName: string) => boolean): Config {
  if (!file) return { settings: DEFAULT_SETTINGS, overrides: {}, limits: DEFAULT_LIMITS, ignore: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`config file ${file} cannot be read`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYamlText(text);
  } catch (e) {
    throw new UsageError(`config file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  raw ??= {};
  const problems = schemaProblems('config.schema.json', raw);
  if (problems.length) throw new UsageError(`invalid config ${file}:\n  ${problems.join('\n  ')}`);
  const c = raw as RawConfig;
  for (const id of Object.keys(c.rules ?? {})) if (!knownRule(id)) throw new UsageError(`invalid config ${file}:\n  rules.${id}: no rule with this ID or name`);
  (c.ignore ?? []).forEach((e, i) => {
    if (!knownRule(e.rule)) throw new UsageError(`invalid config ${file}:\n  ignore.${i}.rule: no rule with ID or name "${e.rule}"`);
  });
  const accounts: RuleSettings['accounts'] = {};
  for (const [id, v] of Object.entries(c.accounts ?? {})) accounts[id] = typeof v === 'string' ? { name: v } : { name: v.name, ...(v.paths ? { paths: v.paths } : {}) };
  return {
    file,
    settings: {
      accounts,
      organization: c.organization,
      sensitive: { roles: c.sensitive?.roles ?? [], actions: c.sensitive?.actions ?? DEFAULT_SETTINGS.sensitive.actions },
      maxSessionDuration: c.maxSessionDuration ?? DEFAULT_SETTINGS.maxSessionDuration,
      knownProviders: c.knownProviders ?? [],
      maxEntryRoles: c.maxEntryRoles ?? DEFAULT_SETTINGS.maxEntryRoles,
      maxPaths: c.maxPaths ?? DEFAULT_SETTINGS.maxPaths,
      mfaSurvivesChaining: c.mfaSurvivesChaining ?? DEFAULT_SETTINGS.mfaSurvivesChaining,
    },
    overrides: c.rules ?? {},
    include: c.include,
    exclude: c.exclude,
    failOn: c.failOn,
    ignore: ignoreEntries(file, text, c.ignore ?? []),
    text,
    limits: {
      maxBytes: c.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxBytes,
      maxDepth: c.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
      maxAliases: c.limits?.maxAliases ?? DEFAULT_LIMITS.maxAliases,
    },
  };
}

/**
 * `ignore:` entries with the range each has in the config text: from the YAML/JSON source map, else the line
 * where the entry's rule is written (the n-th time for the n-th entry naming it).
 */
function ignoreEntries(file: string, text: string, raw: Array<Omit<IgnoreEntry, 'range'>>): IgnoreEntry[] {
  if (!raw.length) return [];
  const { doc } = parseBytes(path.basename(file), new TextEncoder().encode(text));
  const seen = new Map<string, number>();
  return raw.map((e, i) => {
    const at = doc?.map.locate(`/ignore/${i}`);
    const n = seen.get(e.rule) ?? 0;
    seen.set(e.rule, n + 1);
    const range = at && !at.approximate ? at.range : textRange(text, e.rule, n);
    return { rule: e.rule, path: e.path, ...(e.resource !== undefined ? { resource: e.resource } : {}), ...(e.reason !== undefined ? { reason: e.reason } : {}), range };
  });
}

function textRange(text: string, needle: string, nth: number): Range {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    const next = text.indexOf(needle, at + 1);
    if (next < 0) break;
    at = next;
  }
  if (at < 0) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  return { line, column, endLine: line, endColumn: column + needle.length };
}

/** The config's `ignore:` entries as suppressions; `file` is the config path relative to the scan root. */
export function configSuppressions(config: Config, root: string): { file: string; text: string; records: SuppressionRecord[] } | undefined {
  if (!config.file || config.text === undefined || !config.ignore.length) return undefined;
  const file = path.relative(root, config.file).split(path.sep).join('/');
  const records = config.ignore.map(
    (e): SuppressionRecord => ({
      kind: 'external',
      rule: e.rule,
      reason: (e.reason ?? '').trim(),
      source: { file, pointer: '', range: e.range },
      scope: { kind: 'glob', path: e.path, ...(e.resource !== undefined ? { resource: e.resource } : {}) },
    }),
  );
  return { file, text: config.text, records };
}
