import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareRefs, type Model, type SourceRef } from '../model/index.js';
import { DEFAULT_LIMITS } from '../parse/index.js';
import { DEFAULT_SETTINGS } from '../rule-kit/index.js';
import { CONFIG_NAMES } from './config.js';
import { PACKAGE_ROOT } from './package-root.js';

/** The config file `fedlint init` writes, in the current directory. */
export const INIT_CONFIG = '.fedlint.yml';
/** The GitHub Actions workflow `fedlint init` writes, copied from the package's example when it ships one. */
export const INIT_WORKFLOW = '.github/workflows/fedlint.yml';
export const WORKFLOW_EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'github-workflow.yml');

/** An account ID found in the scanned files, with the first place (by file, line, column) it is written. */
export interface SeenAccount {
  id: string;
  at: SourceRef;
}

const ACCOUNT_ID = /^[0-9]{12}$/;
/** The account field of an ARN (sts-semantics.md §1.12): `arn:PARTITION:SERVICE:REGION:ACCOUNT:…`. */
const ARN_ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):/;

/** The 12-digit account ID a principal or ARN names: a bare ID (sts-semantics.md §2.4) or an ARN's account field. */
function accountOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (ACCOUNT_ID.test(value)) return value;
  return ARN_ACCOUNT.exec(value)?.[1];
}

/**
 * The 12-digit account IDs of the loaded model, sorted: the accounts entities are deployed to, the accounts in
 * their ARNs, and the accounts the principals of every policy document name. Values the loader could not resolve
 * are skipped.
 */
export function foundAccounts(model: Model): SeenAccount[] {
  const seen = new Map<string, SourceRef>();
  const note = (value: unknown, at: SourceRef) => {
    const id = accountOf(value);
    if (id === undefined) return;
    const before = seen.get(id);
    if (!before || compareRefs(at, before) < 0) seen.set(id, at);
  };
  for (const e of model.entities) {
    note(e.account, e.idSource);
    if ('arn' in e) note(e.arn, e.idSource);
  }
  for (const d of model.documents) {
    for (const s of d.statements) for (const p of [...(s.principals ?? []), ...(s.notPrincipals ?? [])]) note(p.value, p.source);
  }
  return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, at]) => ({ id, at }));
}

const list = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

/**
 * The text of `.fedlint.yml`, every key commented out: a setting is `#` then the YAML line (`#key: value`, `#  nested`),
 * an explanation `# text`. With the `#` of every setting removed the file is a valid config; the values shown are the
 * defaults (the organization is a placeholder).
 */
export function configText(accounts: readonly SeenAccount[], filesScanned: number): string {
  const d = DEFAULT_SETTINGS;
  const accountLines = accounts.length
    ? accounts.map((a) => `#  "${a.id}": { name: "", paths: [] }   # first seen at ${a.at.file}:${a.at.range.line}`)
    : ['#  "111122223333": { name: "", paths: [] }   # no account ID was found in the scanned files'];
  return [
    '# fedlint configuration (schema: https://github.com/fedlint/fedlint/blob/main/schemas/config.schema.json).',
    '# Written by `fedlint init`. Settings are commented out with their defaults: remove the `#` before a key to use it.',
    '',
    '# Your own AWS accounts: trust to them is not "external" (FL102 and the path rules). fedlint found these account',
    `# IDs in the ${filesScanned} scanned file${filesScanned === 1 ? '' : 's'}. Uncomment only the accounts that are yours — leave third parties`,
    '# (vendors, partners) out — give each a name, and map `paths` to globs of the files deployed to it (one account',
    '# in the trust graph), e.g. "444455556666": { name: audit, paths: ["infra/audit/**"] }.',
    '#accounts:',
    ...accountLines,
    '',
    '# aws:PrincipalOrgID of your AWS organisation (no default; this one is a placeholder).',
    '#organization: o-exampleorgid',
    '',
    '# Roles that are always sensitive (name or ARN patterns, * and ?), and the actions that make a role sensitive',
    '# (replaces this default destructive-action list).',
    '#sensitive:',
    `#  roles: ${list(d.sensitive.roles)}`,
    `#  actions: ${list(d.sensitive.actions)}`,
    '',
    '# Longest acceptable MaxSessionDuration of a sensitive role, in seconds (FL501).',
    `#maxSessionDuration: ${d.maxSessionDuration}`,
    '# Most roles one entry point (OIDC subject pattern, SAML provider, external account) may reach (FL605).',
    `#maxEntryRoles: ${d.maxEntryRoles}`,
    '# Most assumption paths (SARIF codeFlows) one graph finding (FL6xx) carries.',
    `#maxPaths: ${d.maxPaths}`,
    '# Whether MFA context passes through role chaining (unverified in AWS documentation; true hides no path).',
    `#mfaSurvivesChaining: ${d.mfaSurvivesChaining}`,
    '# SAML/OIDC provider ARNs defined outside the scanned files (FL005).',
    `#knownProviders: ${list(d.knownProviders)}`,
    '',
    '# Per rule, by ID or name: off, or a severity (critical, high, medium, low, info).',
    '#rules: {}',
    '# Globs of the files to scan inside the given directories (default: every .json/.yaml/.yml/.template/.tf/.tfvars),',
    '# and globs to skip.',
    '#include: ["**/*.{json,yaml,yml,template,tf,tfvars}"]',
    '#exclude: []',
    '# Exit 1 when a finding at or above this severity exists (critical, high, medium, low, info, none).',
    '#failOn: high',
    `#limits: { maxFileBytes: ${DEFAULT_LIMITS.maxBytes}, maxDepth: ${DEFAULT_LIMITS.maxDepth}, maxAliases: ${DEFAULT_LIMITS.maxAliases} }`,
    '',
    '# Suppressions for files that cannot carry them (policy JSON, Terraform plans, account exports): each entry',
    '# { rule, path, resource, reason }; see the README, "Suppressions".',
    '#ignore: []',
    '',
  ].join('\n');
}

/**
 * What `fedlint init` would write in `cwd`, and which files stand in its way: the two targets, and another config
 * file in `cwd` (`.fedlint.yml` is read before it, so it would be hidden).
 */
export function initTargets(cwd: string): { workflow?: string; existing: string[] } {
  const workflow = existsSync(WORKFLOW_EXAMPLE) ? readFileSync(WORKFLOW_EXAMPLE, 'utf8') : undefined;
  const candidates = [...CONFIG_NAMES, ...(workflow !== undefined ? [INIT_WORKFLOW] : [])];
  return { workflow, existing: candidates.filter((f) => existsSync(path.join(cwd, f))) };
}

/** Write each file under `cwd` with `write` (atomic), creating its directory first. */
export function writeFiles(cwd: string, files: ReadonlyArray<{ file: string; content: string }>, write: (file: string, content: string) => void): void {
  for (const f of files) {
    const abs = path.join(cwd, f.file);
    mkdirSync(path.dirname(abs), { recursive: true });
    write(abs, f.content);
  }
}
