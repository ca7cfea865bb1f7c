/**
 * The `fedlint` hook of .pre-commit-hooks.yaml run by the real pre-commit in a temporary git repository.
 *
 * pre-commit installs a `language: node` hook by cloning the hook repository at the configured rev,
 * `npm install` there (devDependencies included, so `prepare` builds dist/), `npm pack`, and
 * `npm install -g` of that tarball into its own environment; the hook then runs the package's `fedlint` bin.
 * The hook repository here is a commit of this working tree (tracked files and new, unignored ones), so the
 * test checks the hook as it will be committed, without touching this repository's git state.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/cli.js';

const PUBLIC_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
`;

const PUBLIC_TF = `resource "aws_iam_role" "open" {
  name = "open-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
}
`;

const ORG_PINNED_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrgRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`;

const PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const MISSING = PRE_COMMIT.error ? 'pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it): the hook is not checked' : undefined;
if (MISSING) console.warn(`SKIPPED test/e2e/pre-commit.test.ts: ${MISSING}`);

const dirs: string[] = [];

/** git and pre-commit with this test's store, identity and no configuration from the machine. */
function env(store: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith('GIT_') || k.startsWith('PRE_COMMIT')) delete e[k];
  return {
    ...e,
    NO_COLOR: '1',
    PRE_COMMIT_HOME: store,
    PRE_COMMIT_COLOR: 'never',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'fedlint test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'fedlint test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    // pre-commit's `npm install` of the hook repository: take packages from the npm cache when they are there.
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
  };
}

function git(args: string[], cwd: string, e: NodeJS.ProcessEnv): string {
  return execFileSync('git', args, { cwd, env: e, encoding: 'utf8' });
}

/** A git repository holding one commit of this working tree as `git add -A` would record it. */
function hookRepository(e: NodeJS.ProcessEnv): { dir: string; rev: string } {
  const dir = tempDir('fedlint-hook-repo-');
  dirs.push(dir);
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO, e).split('\0').filter(Boolean);
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    try {
      copyFileSync(path.join(REPO, f), path.join(dir, f));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // deleted in the working tree
    }
  }
  git(['init', '-q', '-b', 'main'], dir, e);
  git(['add', '-A'], dir, e);
  git(['commit', '-q', '-m', 'fedlint working tree'], dir, e);
  return { dir, rev: git(['rev-parse', 'HEAD'], dir, e).trim() };
}

function commit(cwd: string, e: NodeJS.ProcessEnv, message: string): { code: number; output: string } {
  const r = spawnSync('git', ['commit', '-m', message], { cwd, env: e, encoding: 'utf8', timeout: 150_000 });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('pre-commit hook', () => {
  it('lets a commit of a safe trust through and rejects one adding a public trust, printing FL101 at its lines', (ctx) => {
    if (MISSING) ctx.skip(MISSING);
    const store = tempDir('fedlint-pre-commit-home-');
    dirs.push(store);
    const e = env(store);
    const hook = hookRepository(e);

    const user = tempDir('fedlint-pre-commit-user-');
    dirs.push(user);
    git(['init', '-q', '-b', 'main'], user, e);
    writeFileSync(path.join(user, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hook.dir}\n    rev: ${hook.rev}\n    hooks:\n      - id: fedlint\n`);
    git(['add', '.pre-commit-config.yaml'], user, e);
    git(['commit', '-q', '--no-verify', '-m', 'pre-commit config'], user, e);
    expect(spawnSync('pre-commit', ['install'], { cwd: user, env: e, encoding: 'utf8' }).status).toBe(0);

    // A safe role, plus a YAML file that is no IAM configuration at all: the hook passes.
    mkdirSync(path.join(user, 'infra'));
    writeFileSync(path.join(user, 'infra/org-role.yaml'), ORG_PINNED_ROLE);
    writeFileSync(path.join(user, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx\n');
    git(['add', '-A'], user, e);
    const safe = commit(user, e, 'org-pinned role');
    expect(safe.output).toMatch(/fedlint \(AWS IAM trust\)\.+Passed/);
    expect(safe.code).toBe(0);

    // A public trust in CloudFormation and in Terraform: the commit is rejected with both findings.
    writeFileSync(path.join(user, 'infra/open-role.yaml'), PUBLIC_ROLE);
    mkdirSync(path.join(user, 'tf'));
    writeFileSync(path.join(user, 'tf/main.tf'), PUBLIC_TF);
    git(['add', '-A'], user, e);
    const bad = commit(user, e, 'public roles');
    expect(bad.output).toMatch(/fedlint \(AWS IAM trust\)\.+Failed/);
    expect(bad.output).toContain('- exit code: 1');
    expect(bad.output).toContain('infra/open-role.yaml');
    expect(bad.output).toMatch(/10:24\s+critical\s+role OpenRole can be assumed by any principal.*FL101 public-trust/);
    expect(bad.output).toContain('tf/main.tf');
    expect(bad.output).toMatch(/7:27\s+critical\s+role aws_iam_role\.open can be assumed by any principal.*FL101 public-trust/);
    // The hook loads the whole repository as context (`--context .`: path rules see every role), so the committed
    // safe role is read too, but only findings that concern the staged files are reported.
    expect(bad.output).toMatch(/✖ 2 findings \(2 critical\), 3 files scanned/);
    expect(bad.code).toBe(1);
    expect(git(['rev-list', '--count', 'HEAD'], user, e).trim()).toBe('2');
  }, 180_000);
});
