#!/usr/bin/env node
// @ts-check
/**
 * The scan step of the GitHub Action (action.yml): runs the fedlint CLI of this checkout once, the way a workflow
 * needs it, and exits with fedlint's exit code (0 clean, 1 new findings at or above `fail-on` or an internal error,
 * 2 wrong invocation).
 *
 * - Diff mode by default on pull requests: the base is `origin/$GITHUB_BASE_REF`, fetched (one commit deep) when the
 *   checkout lacks it. `fedlint scan --diff-base` compares with the tree at the base revision, not with a merge base,
 *   and a pull_request checkout is the merge of the pull request into that base, so its tip is all that is needed.
 * - Workflow-command annotations on stdout (`--format github`), SARIF to `sarif-file`, Markdown appended to
 *   `$GITHUB_STEP_SUMMARY`, JSON (read here for the counts) in a temporary directory.
 * - Outputs in `$GITHUB_OUTPUT`: `findings` (unsuppressed), `new-findings` (unsuppressed and new in diff mode, else
 *   the same as `findings`), `sarif-file` (absolute path, only when the file was written), `exit-code`.
 *
 * Inputs arrive as `INPUT_<NAME>` variables with `-` as `_` (action.yml maps them: composite actions set none).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = path.join(import.meta.dirname, '../bin/fedlint.js');

/** @param {string} name */
const input = (name) => (process.env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`] ?? '').trim();

/** @param {string} name @param {boolean} fallback */
function flag(name, fallback) {
  const v = input(name).toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new Error(`input ${name}: "${input(name)}" is not true or false`);
}

/** @param {string} cwd @param {string[]} args */
const git = (cwd, args) => spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The revision to compare with: the `diff-base` input, else the pull request's base; `none` turns diff mode off. */
function diffBase() {
  const v = input('diff-base');
  if (v.toLowerCase() === 'none') return undefined;
  if (v) return v;
  const base = process.env.GITHUB_BASE_REF;
  return base ? `origin/${base}` : undefined;
}

/**
 * Make `ref` resolvable in the repository at `cwd`: nothing when it already is; `origin/X` is fetched into
 * refs/remotes/origin/X, anything else (a commit SHA such as `github.event.before`) is fetched as named. One commit
 * deep: fedlint reads only the tree of the base revision (`git archive`).
 * @param {string} cwd @param {string} ref
 */
function ensureRevision(cwd, ref) {
  if (git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status === 0) return;
  const m = /^origin\/(.+)$/.exec(ref);
  const refspec = m ? `+refs/heads/${m[1]}:refs/remotes/origin/${m[1]}` : ref;
  console.log(`fedlint: fetching ${ref} (git fetch --no-tags --depth=1 origin ${refspec})`);
  const r = git(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', refspec]);
  // A failed fetch is left to fedlint, whose --diff-base check names the revision (exit 2).
  if (r.status !== 0) console.log(`fedlint: git fetch failed: ${(r.stderr || '').trim().split('\n').pop()}`);
}

/** @param {string} file @param {Record<string, string>} values */
function writeOutputs(file, values) {
  // Single-line values only, so the `name=value` form is enough (no heredoc delimiter needed).
  appendFileSync(file, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
}

function run() {
  const cwd = process.env.GITHUB_WORKSPACE || process.cwd();
  const scanPath = input('path') || '.';
  const config = input('config');
  const failOn = input('fail-on') || 'high';
  const sarifFile = path.resolve(cwd, input('sarif-file') || 'fedlint.sarif');
  const summary = flag('summary', true);
  const base = diffBase();
  if (base) ensureRevision(cwd, base);
  // fedlint writes reports atomically into an existing directory; `sarif-file: reports/fedlint.sarif` needs it made.
  mkdirSync(path.dirname(sarifFile), { recursive: true });

  const tmp = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'fedlint-action-'));
  try {
    const markdown = path.join(tmp, 'summary.md');
    const json = path.join(tmp, 'fedlint.json');
    const args = ['scan', scanPath, '--format', 'github', '--fail-on', failOn, '--report', `sarif=${sarifFile}`, '--report', `markdown=${markdown}`, '--report', `json=${json}`];
    if (base) args.push('--diff-base', base);
    if (config) args.push('--config', config);
    console.log(`fedlint ${args.map((a) => (/^[\w./=:@-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
    const code = r.status ?? 1;

    /** @type {Record<string, string>} */
    const outputs = { 'exit-code': String(code) };
    if (existsSync(json)) {
      /** @type {{ findings: Array<{ baselineState?: string; suppressions: unknown[] }> }} */
      const doc = JSON.parse(readFileSync(json, 'utf8'));
      const open = doc.findings.filter((f) => f.suppressions.length === 0);
      outputs.findings = String(open.length);
      outputs['new-findings'] = String(base ? open.filter((f) => f.baselineState === 'new').length : open.length);
    }
    if (existsSync(sarifFile)) outputs['sarif-file'] = sarifFile;
    if (process.env.GITHUB_OUTPUT) writeOutputs(process.env.GITHUB_OUTPUT, outputs);
    if (summary && process.env.GITHUB_STEP_SUMMARY && existsSync(markdown)) {
      const note = base ? `\n_Compared with ${base}: only what the change adds is listed._\n` : '';
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${readFileSync(markdown, 'utf8')}${note}\n`);
    }
    return code;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  process.exitCode = run();
} catch (e) {
  console.log(`::error title=fedlint::${String(e instanceof Error ? e.message : e).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  process.exitCode = 2;
}
