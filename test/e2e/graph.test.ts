import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fedlint, tempDir } from '../helpers/cli.js';

interface GraphJson {
  nodes: Array<{ id: string; kind: string; label: string; account?: string; file?: string; line?: number; sensitive: boolean }>;
  edges: Array<{ from: string; to: string; api: string; conditions: Array<{ operator: string; key: string; values: string[] }>; trust: Array<{ file: string; line: number }>; identity: Array<{ file: string; line: number }> }>;
}

describe('fedlint graph', () => {
  it('draws the example infrastructure as Mermaid: entry points, roles, APIs and conditions; sensitive roles marked', () => {
    const r = fedlint(['graph', 'examples/infra']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const id = (label: string) => lines.find((l) => l.includes(`"${label}`))?.trim().match(/^(n\d+)/)?.[1];
    const gh = id('OIDC provider token.actions.githubusercontent.com');
    const deploy = id('role github-deploy');
    const admin = id('role break-glass-admin');
    // github-deploy may assume any role: it reaches the roles that trust its account through the account's node.
    const any = id('principals of examples/infra/ci-deploy.yaml allowed to assume any role');
    expect(lines).toContain(`  ${gh} -- "WebIdentity · token.actions.githubusercontent.com:aud" --> ${deploy}`);
    expect(lines).toContain(`  ${deploy} -- "AssumeRole" --> ${any}`);
    expect(lines).toContain(`  ${any} -- "AssumeRole" --> ${admin}`);
    expect(lines.find((l) => l.startsWith('  class '))).toContain(admin);
  });

  it('JSON: every edge with its API, conditions and the statements that grant it, at their lines', () => {
    const r = fedlint(['graph', 'examples/infra', '--format', 'json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout) as GraphJson;
    const deploy = g.nodes.find((n) => n.label === 'github-deploy')!;
    expect(deploy).toMatchObject({ kind: 'role', file: 'examples/infra/ci-deploy.yaml', sensitive: true });
    const into = g.edges.filter((e) => e.to === deploy.id);
    // From GitHub, and from the principals that can rewrite any role's trust (github-deploy and break-glass-admin hold
    // `*`: iam:UpdateAssumeRolePolicy on every role).
    expect(into.map((e) => e.api)).toEqual(['sts:AssumeRoleWithWebIdentity', 'iam:UpdateAssumeRolePolicy']);
    expect(into[0].conditions.map((c) => c.key)).toEqual(['token.actions.githubusercontent.com:aud']);
    expect(into[0].trust[0].file).toBe('examples/infra/ci-deploy.yaml');
    expect(into[0].trust[0].line).toBeGreaterThan(1);
    // Same bytes twice.
    expect(fedlint(['graph', 'examples/infra', '--format', 'json']).stdout).toBe(r.stdout);
  });

  it('--focus keeps a role and what can reach it; --sensitive-only keeps sensitive roles and their upstream; DOT output', () => {
    const focus = JSON.parse(fedlint(['graph', 'examples/infra', '--format', 'json', '--focus', 'break-glass-admin']).stdout) as GraphJson;
    expect(focus.nodes.map((n) => n.label).sort()).toEqual(
      ['any AWS principal', 'break-glass-admin', 'github-deploy', 'OIDC provider token.actions.githubusercontent.com', 'principals of examples/infra/ci-deploy.yaml allowed to assume any role', "principals of examples/infra/ci-deploy.yaml that can rewrite any role's trust"].sort(),
    );
    const sensitive = JSON.parse(fedlint(['graph', 'examples/infra', '--format', 'json', '--sensitive-only']).stdout) as GraphJson;
    expect(sensitive.nodes.filter((n) => n.kind === 'role').every((n) => n.sensitive || sensitive.edges.some((e) => e.from === n.id))).toBe(true);
    expect(sensitive.nodes.some((n) => n.label === 'partner-delivery')).toBe(false);
    const dot = fedlint(['graph', 'examples/infra', '--format', 'dot', '--focus', 'github-deploy']).stdout;
    expect(dot.startsWith('digraph trust {')).toBe(true);
    expect(dot).toContain('[label="WebIdentity · token.actions.githubusercontent.com:aud"]');
  });

  it('an unknown --focus role is exit 2 with the reason; --output writes the file', () => {
    const bad = fedlint(['graph', 'examples/infra', '--focus', 'no-such-role']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--focus no-such-role: no role with that name');
    const dir = tempDir();
    const out = path.join(dir, 'graph.mmd');
    expect(fedlint(['graph', 'examples/infra', '--output', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('flowchart LR')).toBe(true);
  });

  it('templates mapped to one account by the config share it: a role of one stack reaches a role trusting the account in another', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Admin:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: admin\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }\n            Action: sts:AssumeRole\n');
    writeFileSync(path.join(dir, 'b.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Ci:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: ci\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: codebuild.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: hop\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: sts:AssumeRole\n                Resource: "*"\n');
    const edgesOf = (extra: string[]) => (JSON.parse(fedlint(['graph', '.', '--format', 'json', ...extra], dir).stdout) as GraphJson).edges.map((e) => `${e.from} -> ${e.to}`);
    // Two stacks are two accounts unless the config says otherwise: no edge from ci to admin.
    expect(edgesOf(['--no-config']).filter((e) => e.endsWith(':admin') && !e.startsWith('service:'))).toEqual([]);
    writeFileSync(path.join(dir, '.fedlint.yml'), 'accounts:\n  "111122223333":\n    name: prod\n    paths: ["*.yaml"]\n');
    expect(edgesOf([])).toEqual(expect.arrayContaining(['role:111122223333:ci -> assumers:111122223333', 'assumers:111122223333 -> role:111122223333:admin']));
  });
});

describe('fedlint explain', () => {
  it('says who can assume a role, under which conditions, by which paths and for how long', () => {
    const r = fedlint(['explain', 'break-glass-admin', 'examples/infra']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('role break-glass-admin (examples/infra/ci-deploy.yaml:31) — sensitive: policy everything grants * on all resources');
    expect(lines[1]).toBe('  longest session: 12 h when assumed directly, 1 h when chained');
    expect(lines).toContain('  - any AWS principal  sts:AssumeRole  if ExternalId = audit-2024  (trust examples/infra/ci-deploy.yaml:43)');
    expect(lines).toContain('  - role github-deploy  iam:UpdateAssumeRolePolicy  (identity examples/infra/ci-deploy.yaml:29)');
    expect(lines).toContain('  2. OIDC provider token.actions.githubusercontent.com → role github-deploy → role break-glass-admin  (2 hops, chained: sessions of at most 1 h)');
  });

  it('JSON has the callers with their statements and every path with its hops; a role by logical ID; an unknown role is exit 2', () => {
    const [x] = JSON.parse(fedlint(['explain', 'AdminRole', 'examples/infra', '--format', 'json']).stdout) as Array<{
      role: string;
      maxSessionSeconds: number;
      callers: Array<{ from: string; api: string; identity: string[] }>;
      paths: Array<{ entry: string; chained: boolean; maxSessionSeconds: number; hops: Array<{ at: string }> }>;
    }>;
    expect(x.role).toBe('break-glass-admin');
    expect(x.maxSessionSeconds).toBe(43200);
    expect(x.callers.find((c) => c.from === 'role github-deploy')).toMatchObject({ api: 'sts:AssumeRole', identity: ['examples/infra/ci-deploy.yaml:29'] });
    const gh = x.paths.find((p) => p.entry.startsWith('OIDC provider'))!;
    expect(gh).toMatchObject({ chained: true, maxSessionSeconds: 3600 });
    expect(gh.hops.map((h) => h.at)).toEqual(['examples/infra/ci-deploy.yaml:21', 'examples/infra/ci-deploy.yaml:39']);
    const bad = fedlint(['explain', 'nope', 'examples/infra']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('nope: no role with that name');
  });
});
