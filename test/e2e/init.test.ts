import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, fedlint, REPO, tempDir } from '../helpers/cli.js';

const WORKFLOW_EXAMPLE = path.join(REPO, 'examples/github-workflow.yml');

/** The config with every setting uncommented (`#key`, `#  nested`), explanations (`# text`) left as they are. */
const uncomment = (text: string) => text.replace(/^#(?=\S| {2})/gm, '');
const accountLines = (text: string) => text.split('\n').filter((l) => /^#? *"\d{12}"/.test(l));

interface JsonOut {
  findings: Array<{ ruleId: string; file: string; range: { line: number }; fingerprint: string }>;
}
const findings = (stdout: string) => (JSON.parse(stdout) as JsonOut).findings.map((f) => `${f.ruleId} ${f.file}:${f.range.line} ${f.fingerprint}`);

/** The example infrastructure copied to a temporary directory, where `fedlint init` then runs. */
let dir: string;
beforeEach(() => {
  dir = tempDir('fedlint-init-');
  cpSync(path.join(REPO, 'examples/infra'), path.join(dir, 'infra'), { recursive: true });
});

describe('fedlint init', () => {
  it('writes .fedlint.yml with the account IDs found, each with the first file:line it is written at', () => {
    const r = fedlint(['init'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'wrote .fedlint.yml: 3 account IDs found in 5 files, commented out (uncomment and name the accounts that are yours)\n' +
        (existsSync(WORKFLOW_EXAMPLE) ? 'wrote .github/workflows/fedlint.yml\n' : 'no GitHub workflow written: this fedlint package has no examples/github-workflow.yml\n'),
    );
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, '.fedlint.yml'), 'utf8');
    // Sorted by ID; 777788889999 is also in infra/vendor-trust.json:7, later in file order.
    expect(accountLines(text)).toEqual([
      '#  "222233334444": { name: "", paths: [] }   # first seen at infra/vendor-access.yaml:35',
      '#  "444455556666": { name: "", paths: [] }   # first seen at infra/ci-deploy.yaml:68',
      '#  "777788889999": { name: "", paths: [] }   # first seen at infra/vendor-access.yaml:18',
    ]);
    expect(text).toContain('\n#accounts:\n#  "222233334444"');
    expect(text).toContain('#maxSessionDuration: 3600\n');
    expect(text).toContain('#limits: { maxFileBytes: 5242880, maxDepth: 128, maxAliases: 100 }\n');
  });

  it('the written config loads: `scan -c .fedlint.yml` finds what a scan without config finds (exit 1)', () => {
    expect(fedlint(['init'], dir).code).toBe(0);
    const plain = fedlint(['scan', '--no-config', '--format', 'json'], dir);
    const withConfig = fedlint(['scan', '-c', '.fedlint.yml', '--format', 'json'], dir);
    expect(withConfig.stderr).toBe('');
    expect(withConfig.code).toBe(1);
    expect(plain.code).toBe(1);
    expect(findings(withConfig.stdout)).toEqual(findings(plain.stdout));
  });

  it('uncommented, the settings validate and are the defaults; the uncommented accounts are known accounts', () => {
    expect(fedlint(['init'], dir).code).toBe(0);
    const text = uncomment(readFileSync(path.join(dir, '.fedlint.yml'), 'utf8'));
    // Without the accounts (and the placeholder organization): the same findings as no config at all.
    const defaults = text
      .split('\n')
      .filter((l) => !/^accounts:|^ {2}"\d{12}"|^organization:/.test(l))
      .join('\n');
    writeFileSync(path.join(dir, 'defaults.yml'), defaults);
    const plain = fedlint(['scan', '--no-config', '--format', 'json'], dir);
    const r = fedlint(['scan', '-c', 'defaults.yml', '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(findings(r.stdout)).toEqual(findings(plain.stdout));
    // Everything uncommented is valid too, and the vendor account is then no longer external (FL102).
    writeFileSync(path.join(dir, 'all.yml'), text);
    const all = fedlint(['scan', '-c', 'all.yml', '--format', 'json'], dir);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(1);
    expect(findings(plain.stdout).filter((f) => f.startsWith('FL102 infra/vendor-access.yaml:18 '))).toHaveLength(1);
    expect(findings(all.stdout).filter((f) => f.startsWith('FL102 infra/vendor-access.yaml:18 '))).toEqual([]);
  });

  it('only the given paths are scanned; without any account ID the entry is an example', () => {
    const r = fedlint(['init', 'infra/vendor-access.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \.fedlint\.yml: 2 account IDs found in 1 file, commented out/);
    expect(accountLines(readFileSync(path.join(dir, '.fedlint.yml'), 'utf8'))).toEqual([
      '#  "222233334444": { name: "", paths: [] }   # first seen at infra/vendor-access.yaml:35',
      '#  "777788889999": { name: "", paths: [] }   # first seen at infra/vendor-access.yaml:18',
    ]);
    const none = fedlint(['init', '--force', 'infra/people.yaml'], dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^wrote \.fedlint\.yml: 0 account IDs found in 1 file,/);
    expect(accountLines(readFileSync(path.join(dir, '.fedlint.yml'), 'utf8'))).toEqual(['#  "111122223333": { name: "", paths: [] }   # no account ID was found in the scanned files']);
  });

  it('never overwrites: a second run is exit 2 naming the files; --force writes them again', () => {
    expect(fedlint(['init'], dir).code).toBe(0);
    const written = readFileSync(path.join(dir, '.fedlint.yml'), 'utf8');
    writeFileSync(path.join(dir, '.fedlint.yml'), 'failOn: none\n');
    const again = fedlint(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      existsSync(WORKFLOW_EXAMPLE)
        ? 'fedlint: .fedlint.yml, .github/workflows/fedlint.yml already exist: init never overwrites a file (--force to write .fedlint.yml and .github/workflows/fedlint.yml anyway)\n'
        : 'fedlint: .fedlint.yml already exists: init never overwrites a file (--force to write .fedlint.yml anyway)\n',
    );
    expect(readFileSync(path.join(dir, '.fedlint.yml'), 'utf8')).toBe('failOn: none\n');
    const forced = fedlint(['init', '--force'], dir);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, '.fedlint.yml'), 'utf8')).toBe(written);
    // No temporary file is left behind.
    expect(spawnSync('find', ['.', '-name', '.fedlint-tmp-*'], { cwd: dir, encoding: 'utf8' }).stdout).toBe('');
  });

  it('another config file in the directory (which .fedlint.yml would hide) is exit 2 too', () => {
    writeFileSync(path.join(dir, '.fedlint.json'), '{}\n');
    const r = fedlint(['init'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fedlint: \.fedlint\.json already exists: init never overwrites a file \(--force to write \.fedlint\.yml/);
    expect(existsSync(path.join(dir, '.fedlint.yml'))).toBe(false);
  });

  it.runIf(existsSync(WORKFLOW_EXAMPLE))('writes .github/workflows/fedlint.yml from the package example', () => {
    expect(fedlint(['init'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, '.github/workflows/fedlint.yml'), 'utf8')).toBe(readFileSync(WORKFLOW_EXAMPLE, 'utf8'));
  });

  it('a package without the workflow example writes the config alone, with a note', () => {
    // The built CLI copied without examples/ (as `npm pack` ships it), its dependencies linked.
    const pkg = tempDir('fedlint-pkg-');
    for (const f of ['package.json', 'bin', 'dist', 'schemas']) cpSync(path.join(REPO, f), path.join(pkg, f), { recursive: true });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(pkg, 'node_modules'));
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, '.github/workflows/fedlint.yml'), 'name: mine\n');
    const r = spawnSync(process.execPath, [path.join(pkg, path.relative(REPO, BIN)), 'init'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    rmSync(pkg, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'wrote .fedlint.yml: 3 account IDs found in 5 files, commented out (uncomment and name the accounts that are yours)\n' +
        'no GitHub workflow written: this fedlint package has no examples/github-workflow.yml\n',
    );
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, '.github/workflows/fedlint.yml'), 'utf8')).toBe('name: mine\n');
  });
});
