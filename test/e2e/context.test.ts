import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fedlint, tempDir } from '../helpers/cli.js';

const ADMIN = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: platform-admin
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::111122223333:role/github-ci" }
            Action: sts:AssumeRole
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;

/** A CI role for GitHub Actions of one repository that may assume the admin role of another template. */
const CI = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  CiRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: github-ci
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
                token.actions.githubusercontent.com:sub: repo:acme/app:ref:refs/heads/main
`;

interface JsonOut {
  findings: Array<{ ruleId: string; file: string; range: { line: number } }>;
}

describe('fedlint scan --context DIR FILE…', () => {
  it('sees the roles of the whole directory but reports only findings that concern the given files', () => {
    const dir = tempDir('fedlint-context-');
    writeFileSync(path.join(dir, 'admin.yaml'), ADMIN);
    writeFileSync(path.join(dir, 'ci.yaml'), CI);
    // An unrelated problem elsewhere in the repository.
    writeFileSync(path.join(dir, 'other.yaml'), ADMIN.replace('platform-admin', 'open').replace('{ AWS: "arn:aws:iam::111122223333:role/github-ci" }', '"*"'));
    writeFileSync(path.join(dir, '.fedlint.yml'), 'accounts:\n  "111122223333": { name: prod, paths: ["*.yaml"] }\nknownProviders: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]\n');
    const rules = (r: { stdout: string }) => (JSON.parse(r.stdout) as JsonOut).findings.map((f) => `${f.ruleId} ${f.file}:${f.range.line}`);
    // Alone, ci.yaml has no path to anything sensitive.
    expect(rules(fedlint(['scan', 'ci.yaml', '--format', 'json'], dir))).not.toContain('FL601 admin.yaml:3');
    // With the directory as context, the path GitHub → github-ci (ci.yaml) → platform-admin (admin.yaml) is reported,
    // located at the admin role, because its first hop is in ci.yaml.
    const r = fedlint(['scan', '--context', '.', 'ci.yaml', '--format', 'json'], dir);
    expect(rules(r)).toEqual(['FL601 admin.yaml:3']);
    expect(r.code).toBe(1);
    // The whole directory has other.yaml's findings too; they do not concern ci.yaml.
    const whole = rules(fedlint(['scan', '.', '--format', 'json'], dir));
    expect(whole).toContain('FL601 admin.yaml:3');
    expect(whole.some((f) => f.includes('other.yaml'))).toBe(true);
  });
});
