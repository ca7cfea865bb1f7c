import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fedlint, tempDir } from '../helpers/cli.js';

const OPEN_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }, null, 2);

/** A CDK-synthesised template: JSON, logical IDs with hashes, aws:cdk:path metadata. */
const CDK_TEMPLATE = JSON.stringify(
  {
    Resources: {
      OpenRoleB2B1A3C4: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: '*' } }], Version: '2012-10-17' } },
        Metadata: { 'aws:cdk:path': 'App/OpenRole/Resource' },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' } },
    },
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
  },
  null,
  1,
);

function repo(): string {
  const dir = tempDir();
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  execFileSync('git', ['init', '-q'], { cwd: dir });
  write('.gitignore', 'cdk.out\nbuild/\n');
  write('infra/kept.json', OPEN_TRUST);
  write('infra/sub/.gitignore', 'local-*.json\n');
  write('infra/sub/local-scratch.json', OPEN_TRUST);
  write('build/generated.json', OPEN_TRUST);
  write('node_modules/pkg/trust.json', OPEN_TRUST);
  write('cdk.out/App.template.json', CDK_TEMPLATE);
  write('cdk.out/manifest.json', JSON.stringify({ version: '36.0.0', artifacts: {} }));
  write('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
  return dir;
}

function files(cwd: string, args: string[]): string[] {
  const r = fedlint(['scan', '--format', 'json', '--fail-on', 'none', ...args], cwd);
  expect(r.stderr).toBe('');
  return [...new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file))].sort() as string[];
}

describe('discovery', () => {
  it('walks the tree honouring .gitignore files at every level and never entering node_modules', () => {
    expect(files(repo(), [])).toEqual(['infra/kept.json']);
  });

  it('scans a directory named explicitly even when git ignores it (CDK cdk.out), and sniffs CDK templates', () => {
    const dir = repo();
    expect(files(dir, ['cdk.out'])).toEqual(['cdk.out/App.template.json']);
    const r = fedlint(['scan', 'cdk.out', '--format', 'json'], dir);
    const f = JSON.parse(r.stdout).findings[0];
    expect(f).toMatchObject({ ruleId: 'FL101', file: 'cdk.out/App.template.json' });
    expect(f.message).toContain('role OpenRoleB2B1A3C4');
  });

  it('scans files named explicitly, whatever git says about them', () => {
    expect(files(repo(), ['build/generated.json', 'infra/sub/local-scratch.json'])).toEqual(['build/generated.json', 'infra/sub/local-scratch.json']);
  });

  it('applies include and exclude globs from the config', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'infra/other.json'), OPEN_TRUST);
    writeFileSync(path.join(dir, '.fedlint.yml'), 'exclude: ["**/kept.json"]\n');
    expect(files(dir, [])).toEqual(['infra/other.json']);
    writeFileSync(path.join(dir, '.fedlint.yml'), 'include: ["**/kept.json"]\n');
    expect(files(dir, [])).toEqual(['infra/kept.json']);
  });
});
