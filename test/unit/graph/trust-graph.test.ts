import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { accountKey, buildTrustGraph, type TrustEdge, type TrustGraph } from '../../../src/graph/trust-graph.js';
import { initHcl } from '../../../src/parse/hcl/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const load = (files: Record<string, string>) => scanInputs(Object.entries(files).map(([rel, text]) => ({ rel, bytes: enc(text) })), []).model;

/**
 * Who can assume whom as `from -api-> to`, sorted, with the identity statements' count when the caller's side was
 * needed. A caller → `assumers` node → role pair is written as the caller's edge to the role (what it means).
 */
function edges(g: TrustGraph): string[] {
  const text = (from: string, e: TrustEdge, identity: number) => `${from} -${e.api}-> ${e.to}${identity ? ` (identity ${identity})` : ''}`;
  return g.edges
    .flatMap((e) => {
      if (g.nodes.get(e.to)?.kind === 'assumers') return [];
      if (g.nodes.get(e.from)?.kind !== 'assumers') return [text(e.from, e, e.identity.length)];
      return g.into(e.from).map((m) => text(m.from, e, m.identity.length));
    })
    .sort();
}

const template = (resources: string) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources}`;

const role = (id: string, name: string, principal: string, extra = '') => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: ${principal}
            Action: sts:AssumeRole
${extra}`;

const assumePolicy = (resource: string, effect = 'Allow') => `      Policies:
        - PolicyName: hop
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: ${effect}
                Action: sts:AssumeRole
                Resource: ${resource}
`;

describe('trust graph: edges with STS semantics (sts-semantics.md §0, §2.3)', () => {
  it('a same-account principal named by ARN needs no identity policy (R2); an account trust needs one per caller', () => {
    const m = load({
      'a.yaml': template(
        role('Admin', 'admin', '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:role/ops" }') +
          role('Audit', 'audit', '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }') +
          role('Ops', 'ops', '{ Service: ec2.amazonaws.com }', assumePolicy('!Sub "arn:aws:iam::${AWS::AccountId}:role/audit"')) +
          role('Idle', 'idle', '{ Service: ec2.amazonaws.com }'),
      ),
    });
    const g = buildTrustGraph(m);
    expect(edges(g)).toEqual([
      // Audit trusts the account: only ops, whose identity policy allows sts:AssumeRole on audit, gets an edge.
      'role:self:a.yaml:ops -AssumeRole-> role:self:a.yaml:audit (identity 1)',
      'role:self:a.yaml:ops -AssumeRole-> role:self:a.yaml:admin',
      'service:ec2.amazonaws.com -AssumeRole-> role:self:a.yaml:idle',
      'service:ec2.amazonaws.com -AssumeRole-> role:self:a.yaml:ops',
    ].sort());
    const audit = g.into('role:self:a.yaml:audit')[0];
    expect(audit.trust[0].source.range.line).toBeGreaterThan(1);
    expect(audit.identity[0].source.file).toBe('a.yaml');
  });

  it('each template is an account of its own unless the config maps both to one; literal accounts join across files (R3: both sides)', () => {
    const files = {
      'prod/roles.yaml': template(role('Deploy', 'deploy', '{ AWS: "arn:aws:iam::222222222222:role/ci" }')),
      'tools/ci.yaml': template(role('Ci', 'ci', '{ Service: codebuild.amazonaws.com }', assumePolicy('"arn:aws:iam::111111111111:role/deploy"'))),
    };
    const m = load(files);
    // Unmapped: the trust names an account (222222222222) that no scanned file is in.
    expect(edges(buildTrustGraph(m))).toContain('account:222222222222 -AssumeRole-> role:self:prod/roles.yaml:deploy');
    const accounts = { '111111111111': { paths: ['prod/**'] }, '222222222222': { paths: ['tools/**'] } };
    const g = buildTrustGraph(m, accounts);
    expect(edges(g)).toContain('role:222222222222:ci -AssumeRole-> role:111111111111:deploy (identity 1)');
    expect(accountKey(m.entities.find((e) => e.id === 'Ci')!, accounts)).toBe('222222222222');
    // Without the caller's identity allow, the cross-account trust alone is not an edge.
    const noPolicy = load({ ...files, 'tools/ci.yaml': template(role('Ci', 'ci', '{ Service: codebuild.amazonaws.com }')) });
    expect(edges(buildTrustGraph(noPolicy, accounts)).filter((e) => e.includes('deploy'))).toEqual([]);
  });

  it('entry points: the public, federated providers per API, services, and accounts that are not scanned', () => {
    const m = load({
      'e.yaml': template(`  Open:
    Type: AWS::IAM::Role
    Properties:
      RoleName: open
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
  Gh:
    Type: AWS::IAM::Role
    Properties:
      RoleName: gh
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
            Action: sts:AssumeRoleWithWebIdentity
            Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } }
  Sso:
    Type: AWS::IAM::Role
    Properties:
      RoleName: sso
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: "arn:aws:iam::333333333333:saml-provider/corp" }
            Action: [sts:AssumeRoleWithSAML, sts:TagSession]
  Vendor:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "444444444444" }
            Action: "sts:*"
`),
    });
    const g = buildTrustGraph(m);
    expect(edges(g)).toEqual([
      'account:444444444444 -AssumeRole-> role:self:e.yaml:vendor',
      'oidc:self:e.yaml:token.actions.githubusercontent.com -AssumeRoleWithWebIdentity-> role:self:e.yaml:gh',
      'public -AssumeRole-> role:self:e.yaml:open',
      'saml:333333333333:corp -AssumeRoleWithSAML-> role:self:e.yaml:sso',
    ]);
    // The conditions that must hold travel with the edge.
    expect(g.into('role:self:e.yaml:gh')[0].conditions.map((c) => `${c.operator} ${c.key}`)).toEqual(['StringLike token.actions.githubusercontent.com:sub']);
    expect(g.nodes.get('public')?.kind).toBe('public');
  });

  it('an unconditioned Deny (trust or identity side) removes the edge; a conditioned Deny does not', () => {
    const denyTrust = (cond: string) => `          - Effect: Deny
            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:role/ops" }
            Action: sts:AssumeRole
${cond}`;
    const build = (trustDeny: string, identityDeny: boolean) =>
      edges(
        buildTrustGraph(
          load({
            'd.yaml': template(
              role('Admin', 'admin', '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }', trustDeny) +
                role('Ops', 'ops', '{ Service: ec2.amazonaws.com }', identityDeny ? `${assumePolicy('"*"')}        - PolicyName: no\n          PolicyDocument:\n            Statement:\n              - Effect: Deny\n                Action: sts:AssumeRole\n                Resource: "*"\n` : assumePolicy('"*"')),
            ),
          }),
        ),
      ).filter((e) => e.endsWith('admin (identity 1)'));
    expect(build('', false)).toEqual(['role:self:d.yaml:ops -AssumeRole-> role:self:d.yaml:admin (identity 1)']);
    expect(build('', true)).toEqual([]);
    // The trust Deny names the role ARN, the Allow names the account: the Deny still refuses that caller.
    expect(build(denyTrust(''), false)).toEqual([]);
    expect(build(denyTrust('            Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } }\n'), false)).toEqual(['role:self:d.yaml:ops -AssumeRole-> role:self:d.yaml:admin (identity 1)']);
  });
});

describe('trust graph: Cognito identity pools (sts-semantics.md §5.6)', () => {
  it('a trust of cognito-identity.amazonaws.com is entered by the pool its aud names, for the users its amr admits', () => {
    const cognito = (id: string, name: string, conditions: string) => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
${conditions}`;
    const aud = '              StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:11111111-2222-3333-4444-555555555555" }\n';
    const g = buildTrustGraph(
      load({
        'a.yaml': template(
          cognito('Guest', 'guest', `${aud}              ForAnyValue:StringLike: { "cognito-identity.amazonaws.com:amr": unauthenticated }\n`) +
            cognito('Member', 'member', `${aud}              ForAnyValue:StringLike: { "cognito-identity.amazonaws.com:amr": authenticated }\n`) +
            cognito('Anyone', 'anyone', '              StringLike: { "cognito-identity.amazonaws.com:sub": "*" }\n'),
        ),
      }),
    );
    const pools = [...g.nodes.values()].filter((n) => n.kind === 'identity-pool').map((n) => [n.label, g.from(n.id).map((e) => e.to)]);
    expect(pools).toEqual([
      ['guests of Cognito identity pool us-east-1:11111111-2222-3333-4444-555555555555', ['role:self:a.yaml:guest']],
      ['authenticated users of Cognito identity pool us-east-1:11111111-2222-3333-4444-555555555555', ['role:self:a.yaml:member']],
      ['authenticated users and guests of Cognito identity pool (any pool)', ['role:self:a.yaml:anyone']],
    ]);
  });
});

describe('trust graph: permissions boundaries (sts-semantics.md §9.5)', () => {
  const boundary = (arn: string) => `      PermissionsBoundary: ${arn}\n`;
  it('where the caller\'s own permissions are needed, its boundary must allow the call too', () => {
    const files = (b: string) => ({
      'a.yaml': template(role('Audit', 'audit', '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }') + role('Ops', 'ops', '{ Service: ec2.amazonaws.com }', assumePolicy('"*"') + b)),
    });
    const into = (b: string) => edges(buildTrustGraph(load(files(b)))).filter((e) => e.endsWith(':audit (identity 1)'));
    expect(into('')).toEqual(['role:self:a.yaml:ops -AssumeRole-> role:self:a.yaml:audit (identity 1)']);
    // ReadOnlyAccess allows no sts:AssumeRole: the boundary's implicit deny removes the hop.
    expect(into(boundary('arn:aws:iam::aws:policy/ReadOnlyAccess'))).toEqual([]);
    // PowerUserAccess allows everything but IAM and Organizations: sts:AssumeRole stays.
    expect(into(boundary('arn:aws:iam::aws:policy/PowerUserAccess'))).toEqual(['role:self:a.yaml:ops -AssumeRole-> role:self:a.yaml:audit (identity 1)']);
  });

  it('a trust naming the caller by ARN needs no allow from its boundary; a boundary that is not known limits nothing', () => {
    const m = (b: string) => load({ 'a.yaml': template(role('Admin', 'admin', '{ AWS: !GetAtt Ops.Arn }') + role('Ops', 'ops', '{ Service: ec2.amazonaws.com }', b)) });
    const named = (b: string) => edges(buildTrustGraph(m(b))).filter((e) => e.includes('ops -AssumeRole-> role:self:a.yaml:admin'));
    expect(named(boundary('arn:aws:iam::aws:policy/ReadOnlyAccess'))).toHaveLength(1);
    expect(named(boundary('arn:aws:iam::111122223333:policy/not-scanned'))).toHaveLength(1);
  });

  it('caps escalations: a boundary without IAM refuses rewriting a trust', () => {
    const esc = (b: string) =>
      buildTrustGraph(
        load({
          'a.yaml': template(
            role('Admin', 'admin', '{ Service: ssm.amazonaws.com }') +
              role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', `      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: iam:UpdateAssumeRolePolicy\n                Resource: !Sub "arn:aws:iam::\${AWS::AccountId}:role/admin"\n${b}`),
          ),
        }),
      ).edges.filter((e) => e.api === 'UpdateAssumeRolePolicy').length;
    expect(esc('')).toBe(1);
    expect(esc(boundary('arn:aws:iam::aws:policy/PowerUserAccess'))).toBe(0);
  });
});

describe('trust graph: principals that may assume any role', () => {
  it('meet the roles trusting their account through one node: edges grow with principals plus roles, not their product', () => {
    const universal = ['u0', 'u1', 'u2'].map((n) => role(n.toUpperCase(), n, '{ Service: ec2.amazonaws.com }', assumePolicy('"*"'))).join('');
    const trusting = ['t0', 't1', 't2', 't3'].map((n) => role(n.toUpperCase(), n, '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }')).join('');
    const g = buildTrustGraph(load({ 'h.yaml': template(universal + trusting) }));
    const hub = 'assumers:self:h.yaml';
    expect(g.nodes.get(hub)?.label).toBe('principals of h.yaml allowed to assume any role');
    expect(g.into(hub).map((e) => e.from).sort()).toEqual(['role:self:h.yaml:u0', 'role:self:h.yaml:u1', 'role:self:h.yaml:u2']);
    expect(g.from(hub).map((e) => e.to).sort()).toEqual(['role:self:h.yaml:t0', 'role:self:h.yaml:t1', 'role:self:h.yaml:t2', 'role:self:h.yaml:t3']);
    expect(g.edges.filter((e) => e.from === hub || e.to === hub)).toHaveLength(7);
    // What it means: each of the three may assume each of the four.
    expect(edges(g).filter((e) => e.includes(':t'))).toHaveLength(12);
  });
});

describe('trust graph: CloudFormation and Terraform in one scan', () => {
  beforeAll(() => initHcl());

  it('a Terraform role trusted by a CloudFormation user meet by ARN when both files are mapped to the account', () => {
    const m = scanInputs(
      [
        {
          rel: 'tf/main.tf',
          bytes: enc('resource "aws_iam_role" "deploy" {\n  name = "deploy"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:user/alice" } }] })\n}\n'),
        },
        { rel: 'cfn/users.yaml', bytes: enc(template('  Alice:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: alice\n')) },
      ],
      [],
    ).model;
    const g = buildTrustGraph(m, { '111111111111': { paths: ['tf/**', 'cfn/**'] } });
    expect(edges(g)).toEqual(['user:111111111111:alice -AssumeRole-> role:111111111111:deploy']);
    // Unmapped, the module and the stack are two accounts: the trust names an account nothing is scanned in.
    expect(edges(buildTrustGraph(m))).toEqual(['account:111111111111 -AssumeRole-> role:self:tf:deploy']);
  });

  it('does not depend on the order of the files', () => {
    const files = {
      'a.yaml': template(role('A', 'a', '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }') + role('B', 'b', '{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:role/a" }', assumePolicy('"*"'))),
      'b.yaml': template(role('C', 'c', '{ Service: lambda.amazonaws.com }', assumePolicy('"*"'))),
    };
    const forward = edges(buildTrustGraph(load(files)));
    const backward = edges(buildTrustGraph(load(Object.fromEntries(Object.entries(files).reverse()))));
    expect(backward).toEqual(forward);
    expect(forward).toContain('role:self:a.yaml:b -AssumeRole-> role:self:a.yaml:a (identity 1)');
  });
});

describe('trust graph: properties', () => {
  // A small estate of roles in one template: trusts name the account, a role, or a service; some roles may
  // assume `*` or one role.
  const names = ['r0', 'r1', 'r2', 'r3'];
  const principal = fc.oneof(
    fc.constant('{ AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }'),
    fc.constantFrom(...names).map((n) => `{ AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:role/${n}" }`),
    fc.constant('{ Service: ec2.amazonaws.com }'),
  );
  const target = fc.oneof(fc.constant('"*"'), fc.constantFrom(...names).map((n) => `!Sub "arn:aws:iam::\${AWS::AccountId}:role/${n}"`));
  const estate = fc.array(fc.record({ trust: principal, assume: fc.option(target, { nil: undefined }) }), { minLength: names.length, maxLength: names.length });
  const yaml = (roles: Array<{ trust: string; assume?: string; deny?: string; extraAllow?: string }>) =>
    template(
      roles
        .map((r, i) => {
          const trustDeny = r.deny ? `          - Effect: Deny\n            Principal: ${r.deny}\n            Action: sts:AssumeRole\n` : '';
          const trustAllow = r.extraAllow ? `          - Effect: Allow\n            Principal: ${r.extraAllow}\n            Action: sts:AssumeRole\n` : '';
          return role(`R${i}`, names[i], r.trust, trustDeny + trustAllow + (r.assume ? assumePolicy(r.assume) : ''));
        })
        .join(''),
    );
  const edgesOf = (roles: Parameters<typeof yaml>[0]) => new Set(edges(buildTrustGraph(load({ 'p.yaml': yaml(roles) }))));

  it('adding a Deny never adds an edge; adding an Allow never removes one', () => {
    fc.assert(
      fc.property(estate, fc.nat(names.length - 1), principal, (roles, i, p) => {
        const before = edgesOf(roles);
        const denied = edgesOf(roles.map((r, j) => (j === i ? { ...r, deny: p } : r)));
        const allowed = edgesOf(roles.map((r, j) => (j === i ? { ...r, extraAllow: p } : r)));
        for (const e of denied) expect(before.has(e), e).toBe(true);
        for (const e of before) expect(allowed.has(e), e).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
