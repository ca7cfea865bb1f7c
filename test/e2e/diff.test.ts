import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fedlint, REPO, tempDir } from '../helpers/cli.js';
import { sarifErrors } from '../helpers/sarif.js';

/** A role that GitHub Actions of any repository of acme can assume: what a pull request might add. */
const CI_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  GitHubOidc:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://token.actions.githubusercontent.com
      ClientIdList: [sts.amazonaws.com]
  ReleaseRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: release
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Federated: !Ref GitHubOidc }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
              StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;

interface JsonOut {
  findings: Array<{ ruleId: string; file: string; range: { line: number }; baselineState?: string }>;
  absent?: Array<{ ruleId: string; file: string }>;
  graphChanges?: { added: Array<{ from: string; to: string; call: string }>; removed: Array<{ from: string; to: string; call: string }> };
}

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** A git repository with the example infrastructure committed on `main`, and a branch `change` checked out. */
let dir: string;
beforeEach(() => {
  dir = tempDir('fedlint-diff-');
  cpSync(path.join(REPO, 'examples/infra'), path.join(dir, 'infra'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'change');
});

describe('fedlint scan --diff-base', () => {
  it('reports only what the working tree adds, with the trust-graph edges it adds; the working tree and index are untouched', () => {
    writeFileSync(path.join(dir, 'infra/release.yaml'), CI_ROLE);
    const status = git(dir, 'status', '--porcelain');
    const r = fedlint(['scan', '--diff-base', 'main', '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonOut;
    const added = out.findings.filter((f) => f.baselineState === 'new');
    // The broad GitHub subject (FL213, at the pattern) and the outside path to an admin role (FL601, at the role).
    expect(added.map((f) => `${f.ruleId} ${f.file}:${f.range.line}`).sort()).toEqual(['FL213 infra/release.yaml:20', 'FL601 infra/release.yaml:8']);
    expect(out.findings.filter((f) => f.baselineState === 'unchanged').length).toBeGreaterThan(10);
    expect(out.absent).toEqual([]);
    // GitHub's door to the new role; the role (AdministratorAccess) also joins those that can rewrite any trust.
    expect(out.graphChanges?.added).toEqual([
      { from: 'OIDC provider token.actions.githubusercontent.com', to: 'role release', call: 'sts:AssumeRoleWithWebIdentity' },
      { from: "principals of infra/release.yaml that can rewrite any role's trust", to: 'role release', call: 'iam:UpdateAssumeRolePolicy' },
      { from: 'role release', to: "principals of infra/release.yaml that can rewrite any role's trust", call: 'iam:UpdateAssumeRolePolicy' },
    ]);
    expect(out.graphChanges?.removed).toEqual([]);
    expect(git(dir, 'status', '--porcelain')).toBe(status);
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('stylish shows the new findings, the hidden count, what the change fixed and the graph change; SARIF marks baselineState and validates', () => {
    writeFileSync(path.join(dir, 'infra/release.yaml'), CI_ROLE);
    // The change also fixes something: the loose vendor trust policy is gone.
    rmSync(path.join(dir, 'infra/vendor-trust.json'));
    const r = fedlint(['scan', '--diff-base', 'main', '--no-color'], dir);
    expect(r.stdout).toContain('infra/release.yaml');
    expect(r.stdout).not.toContain('infra/ci-deploy.yaml');
    expect(r.stdout).toMatch(/\d+ findings also in main hidden, 1 finding of main gone:/);
    expect(r.stdout).toContain('infra/vendor-trust.json: FL102');
    expect(r.stdout).toContain('+ OIDC provider token.actions.githubusercontent.com → role release (sts:AssumeRoleWithWebIdentity)');
    const sarif = JSON.parse(fedlint(['scan', '--diff-base', 'main', '--format', 'sarif'], dir).stdout);
    expect(sarifErrors(sarif)).toEqual([]);
    const states = sarif.runs[0].results.map((x: { baselineState: string }) => x.baselineState);
    expect(states).toContain('new');
    expect(states).toContain('unchanged');
  });

  it('no change is exit 0 whatever the base holds; an unknown revision or a directory outside git is exit 2 with the reason', () => {
    const same = fedlint(['scan', '--diff-base', 'main', '--no-color'], dir);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('✔ no new findings');
    expect(same.stdout).toContain('trust graph: 0 edges added, 0 removed');
    const bad = fedlint(['scan', '--diff-base', 'no-such-branch'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--diff-base no-such-branch: no such commit in this repository');
    const outside = tempDir('fedlint-nogit-');
    const r = fedlint(['scan', '--diff-base', 'main'], outside);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not inside a git repository');
    expect(fedlint(['scan', '--diff-base', 'main', '--baseline', 'x.json'], dir).stderr).toContain('cannot be used together');
  });
});
