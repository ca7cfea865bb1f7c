import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYamlText } from 'yaml';
import type { RuleOverrides } from '../engine/index.js';
import type { Severity } from '../model/index.js';
import { DEFAULT_LIMITS, type ParseLimits } from '../parse/index.js';
import { DEFAULT_SETTINGS, type RuleSettings } from '../rule-kit/index.js';
import { PACKAGE_ROOT } from './package-root.js';

export const CONFIG_NAMES = ['.fedlint.yml', '.fedlint.yaml', '.fedlint.json'];

import { UsageError } from './errors.js';

export { UsageError };

export interface Config {
  file?: string;
  settings: RuleSettings;
  overrides: RuleOverrides;
  include?: string[];
  exclude?: string[];
  failOn?: Severity | 'none';
  limits: ParseLimits;
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
}


let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown) {
  if (!validator) {
    const file = path.join(PACKAGE_ROOT, 'schemas', 'config.schema.json');
    validator = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(file, 'utf8')));
  }
  return { ok: validator(data) as boolean, errors: validator.errors ?? [] };
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
  if (!file) return { settings: DEFAULT_SETTINGS, overrides: {}, limits: DEFAULT_LIMITS };
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
  const { ok, errors } = validate(raw);
  if (!ok) {
    const msgs = errors.map((e) => {
      const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
      const extra = e.keyword === 'additionalProperties' ? `: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"` : e.keyword === 'enum' ? `: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : `: ${e.message}`;
      return `${at}${extra}`;
    });
    throw new UsageError(`invalid config ${file}:\n  ${[...new Set(msgs)].join('\n  ')}`);
  }
  const c = raw as RawConfig;
  for (const id of Object.keys(c.rules ?? {})) if (!knownRule(id)) throw new UsageError(`invalid config ${file}:\n  rules.${id}: no rule with this ID or name`);
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
    limits: {
      maxBytes: c.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxBytes,
      maxDepth: c.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
      maxAliases: c.limits?.maxAliases ?? DEFAULT_LIMITS.maxAliases,
    },
  };
}
