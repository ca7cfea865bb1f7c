/**
 * The GitHub Action: action.yml as GitHub reads it, and its scan step (scripts/action.mjs) run as the runner runs it —
 * `INPUT_*`, `GITHUB_WORKSPACE`, `GITHUB_BASE_REF`, `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` set — in a temporary git
 * repository whose `origin` is a bare clone, on a pull-request branch. Uses the built CLI (dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fedlint, REPO, tempDir } from '../helpers/cli.js';
import { sarifErrors } from '../helpers/sarif.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as ActionYml;

/** What a pull request might add: a role anyone in any AWS account can assume (FL101, critical). */
const PUBLIC_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: open
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
`;

/** A change with nothing to report: a Lambda execution role with no permissions. */
const LAMBDA_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** The checkout: examples/infra committed on main, pushed to a bare `origin`, and a branch `change` checked out. */
let root: string;
let work: string;
beforeEach(() => {
  root = tempDir('fedlint-action-');
  work = path.join(root, 'work');
  cpSync(path.join(REPO, 'examples/infra'), path.join(work, 'infra'), { recursive: true });
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'base');
  git(root, 'clone', '-q', '--bare', work, 'origin.git');
  git(work, 'remote', 'add', 'origin', path.join(root, 'origin.git'));
  git(work, 'fetch', '-q', 'origin');
  git(work, 'checkout', '-q', '-b', 'change');
});

interface Run {
  code: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Run the scan step with the environment the runner gives it (inputs mapped as action.yml maps them). */
function runStep(inputs: Record<string, string>, env: Record<string, string> = { GITHUB_BASE_REF: 'main' }): Run {
  const summaryFile = path.join(root, 'step-summary.md');
  const outputFile = path.join(root, 'github-output');
  writeFileSync(summaryFile, '## Earlier step\n\n');
  writeFileSync(outputFile, '');
  const mapped = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replaceAll('-', '_')}`, v]));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/action.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...clean, ...mapped, ...env, GITHUB_WORKSPACE: work, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: root },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r.status ?? -1, stdout: r.stdout, summary: readFileSync(summaryFile, 'utf8'), outputs };
}

/** Unsuppressed findings of a plain scan of the checkout: what `findings` must count. */
function openFindings(): number {
  const doc = JSON.parse(fedlint(['scan', '.', '--format', 'json'], work).stdout) as { findings: Array<{ suppressions: unknown[] }> };
  return doc.findings.filter((f) => f.suppressions.length === 0).length;
}

const DEFAULTS = { path: '.', 'fail-on': 'high', 'sarif-file': 'fedlint.sarif', 'diff-base': '', summary: 'true', config: '' };

describe('action.yml', () => {
  const steps = action.runs.steps;
  const scan = steps.find((s) => s.id === 'scan')!;

  it('is a composite action with the inputs and defaults of the README, and outputs read from the scan step', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual({ ...DEFAULTS, 'upload-sarif': 'true' });
    expect(action.outputs).toEqual({
      findings: expect.objectContaining({ value: '${{ steps.scan.outputs.findings }}' }),
      'new-findings': expect.objectContaining({ value: '${{ steps.scan.outputs.new-findings }}' }),
      'sarif-file': expect.objectContaining({ value: '${{ steps.scan.outputs.sarif-file }}' }),
      'exit-code': expect.objectContaining({ value: '${{ steps.scan.outputs.exit-code }}' }),
    });
  });

  it('sets up Node 24, builds fedlint at the action path, runs scripts/action.mjs with every input mapped, then uploads SARIF', () => {
    expect(steps.map((s) => s.uses ?? s.id ?? s.run)).toEqual(['actions/setup-node@v4', 'npm ci --no-audit --no-fund', 'scan', 'github/codeql-action/upload-sarif@v4']);
    expect(String(steps[0].with?.['node-version'])).toBe('24');
    expect(steps[1]['working-directory']).toBe('${{ github.action_path }}');
    expect(scan.run).toBe('node "$GITHUB_ACTION_PATH/scripts/action.mjs"');
    expect(existsSync(path.join(REPO, 'scripts/action.mjs'))).toBe(true);
    // Composite actions set no INPUT_ variables: each input the script reads is mapped by name.
    expect(scan.env).toEqual(Object.fromEntries(Object.keys(DEFAULTS).map((k) => [`INPUT_${k.toUpperCase().replaceAll('-', '_')}`, `\${{ inputs.${k} }}`])));
    for (const s of steps.filter((x) => x.run)) expect(s.shell).toBe('bash');
  });

  it('uploads even when the scan step failed (always()), only when upload-sarif is true and the SARIF was written', () => {
    const upload = steps[3];
    expect(upload.if).toBe("always() && inputs.upload-sarif == 'true' && steps.scan.outputs.sarif-file != ''");
    expect(upload.with).toEqual({ sarif_file: '${{ steps.scan.outputs.sarif-file }}' });
  });

  it('the example workflow runs on pull requests and pushes to main with the code-scanning permissions and full history', () => {
    const wf = parse(readFileSync(path.join(REPO, 'examples/github-workflow.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(wf.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const [checkout, fedlintStep] = wf.jobs.fedlint.steps;
    expect(checkout.uses).toMatch(/^actions\/checkout@v\d+$/);
    expect(checkout.with?.['fetch-depth']).toBe(0);
    expect(fedlintStep.uses).toMatch(/^fedlint\/fedlint@v\d+\.\d+\.\d+$/);
    for (const k of Object.keys(fedlintStep.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
  });
});

describe('scripts/action.mjs (the scan step)', () => {
  it('on a pull request adding a public role: annotation, summary appended with the new row and the trust-graph change, outputs, valid SARIF, exit 1', () => {
    writeFileSync(path.join(work, 'infra/open.yaml'), PUBLIC_ROLE);
    const all = openFindings();
    const r = runStep(DEFAULTS);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('fetching');
    expect(r.stdout).toContain('::error file=infra/open.yaml,line=11,col=24,endLine=11,endColumn=27,title=FL101 public-trust::role OpenRole can be assumed by any principal');
    // Only the new finding is annotated: the base's findings stay quiet.
    expect(r.stdout.match(/^::(error|warning|notice) /gm)).toHaveLength(1);

    expect(r.summary.startsWith('## Earlier step\n\n### fedlint: 1 finding (1 critical), 6 files scanned; ')).toBe(true);
    expect(r.summary).toContain('| critical | [FL101](https://github.com/fedlint/fedlint/blob/main/docs/rules/fl101-public-trust.md) public-trust | `infra/open.yaml:11` | role OpenRole can be assumed');
    expect(r.summary).not.toContain('infra/ci-deploy.yaml');
    expect(r.summary).toContain('#### Trust graph: 1 edge added, 0 removed');
    expect(r.summary).toContain('- added: any AWS principal → role open (sts:AssumeRole)');
    expect(r.summary).toContain('_Compared with origin/main: only what the change adds is listed._');

    const sarifFile = path.join(work, 'fedlint.sarif');
    expect(r.outputs).toEqual({ 'exit-code': '1', findings: String(all), 'new-findings': '1', 'sarif-file': sarifFile });
    expect(all).toBeGreaterThan(10);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarifErrors(sarif)).toEqual([]);
    const results = sarif.runs[0].results as Array<{ ruleId: string; baselineState: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    expect(results.filter((x) => x.baselineState === 'new').map((x) => `${x.ruleId} ${x.locations[0].physicalLocation.artifactLocation.uri}`)).toEqual(['FL101 infra/open.yaml']);
    expect(results.filter((x) => x.baselineState === 'unchanged')).toHaveLength(all - 1);
  });

  it('a safe change in a checkout without origin/main (fetch-depth 1): fetches it, exit 0, new-findings=0', () => {
    writeFileSync(path.join(work, 'infra/worker.yaml'), LAMBDA_ROLE);
    git(work, 'update-ref', '-d', 'refs/remotes/origin/main');
    const all = openFindings();
    const r = runStep(DEFAULTS);
    expect(r.stdout).toContain('fedlint: fetching origin/main (git fetch --no-tags --depth=1 origin +refs/heads/main:refs/remotes/origin/main)');
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ 'exit-code': '0', findings: String(all), 'new-findings': '0', 'sarif-file': path.join(work, 'fedlint.sarif') });
    expect(r.summary).toContain(`fedlint: no findings, 6 files scanned; ${all} baseline findings not shown.`);
    expect(r.summary).toContain('#### Trust graph: 1 edge added, 0 removed');
    expect(r.summary).toContain('- added: lambda.amazonaws.com → role worker (sts:AssumeRole)');
    expect(git(work, 'rev-parse', 'origin/main').trim()).toBe(git(work, 'rev-parse', 'main').trim());
  });

  it('without a pull-request base (push): a full scan where every finding is new; summary off leaves the job summary alone', () => {
    const all = openFindings();
    const r = runStep({ ...DEFAULTS, summary: 'false', 'sarif-file': 'reports/fedlint.sarif', 'fail-on': 'none' }, {});
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('--diff-base');
    expect(r.outputs).toEqual({ 'exit-code': '0', findings: String(all), 'new-findings': String(all), 'sarif-file': path.join(work, 'reports/fedlint.sarif') });
    expect(r.summary).toBe('## Earlier step\n\n');
    const sarif = JSON.parse(readFileSync(path.join(work, 'reports/fedlint.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(all);
    expect(sarif.runs[0].results[0].baselineState).toBeUndefined();
    // diff-base: none turns diff mode off on a pull request too.
    expect(runStep({ ...DEFAULTS, 'diff-base': 'none', 'fail-on': 'none' }).outputs['new-findings']).toBe(String(all));
  });

  it('a wrong input is exit 2 with no counts and no SARIF output (the upload step is then skipped)', () => {
    const r = runStep({ ...DEFAULTS, 'fail-on': 'severe' });
    expect(r.code).toBe(2);
    expect(r.outputs).toEqual({ 'exit-code': '2' });
    expect(r.summary).toBe('## Earlier step\n\n');
    const base = runStep({ ...DEFAULTS, 'diff-base': 'origin/no-such-branch' });
    expect(base.code).toBe(2);
    expect(base.stdout).toContain('fedlint: git fetch failed: ');
    expect(base.outputs).toEqual({ 'exit-code': '2' });
  });
});
