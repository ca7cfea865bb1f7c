import { describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { buildTrustGraph, edgeAction, type TrustGraph } from '../../../src/graph/trust-graph.js';

const enc = (s: string) => new TextEncoder().encode(s);
const graphOf = (resources: string): TrustGraph => buildTrustGraph(scanInputs([{ rel: 'a.yaml', bytes: enc(`AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources}`) }], []).model);

/**
 * Escalation edges as `from -action-> to`, sorted (AssumeRole edges from trust policies left out); a principal → its
 * `passers` hub → role is written as the principal's edge to the role.
 */
const escalations = (g: TrustGraph) =>
  g.edges
    .filter((e) => e.action !== undefined && !e.from.startsWith('passers:'))
    .flatMap((e) => (e.to.startsWith('passers:') ? g.from(e.to).map((h) => ({ ...e, to: h.to })) : [e]))
    .map((e) => `${e.from} -${edgeAction(e)}-> ${e.to}`.replaceAll('self:a.yaml:', '').replaceAll(':self:a.yaml', ''))
    .sort();

const role = (id: string, name: string, principal: string, statements = '', extra = '') => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: ${principal}
            Action: sts:AssumeRole
${statements ? `      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n${statements}` : ''}${extra}`;

const allow = (actions: string[], resource: string, condition = '') =>
  `              - Effect: Allow\n                Action: [${actions.join(', ')}]\n                Resource: ${resource}\n${condition}`;
const deny = (actions: string[], resource: string) => `              - Effect: Deny\n                Action: [${actions.join(', ')}]\n                Resource: ${resource}\n`;
const arn = (kind: string, name: string) => `!Sub "arn:aws:iam::\${AWS::AccountId}:${kind}/${name}"`;

describe('escalation edges (src/graph/escalation.ts)', () => {
  it('iam:UpdateAssumeRolePolicy on one role is an edge to it; on every role, an edge to the account\'s rewriters hub, which reaches every role', () => {
    const one = graphOf(role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:UpdateAssumeRolePolicy'], arn('role', 'admin'))) + role('Admin', 'admin', '{ Service: ssm.amazonaws.com }') + role('Other', 'other', '{ Service: ssm.amazonaws.com }'));
    expect(escalations(one)).toEqual(['role:dev -iam:UpdateAssumeRolePolicy-> role:admin']);
    expect(one.from('role:self:a.yaml:dev')[0].identity[0].source.range.line).toBeGreaterThan(10);

    const all = graphOf(role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:UpdateAssumeRolePolicy'], '"*"')) + role('Admin', 'admin', '{ Service: ssm.amazonaws.com }'));
    expect(escalations(all)).toEqual([
      'rewriters -iam:UpdateAssumeRolePolicy-> role:admin',
      'rewriters -iam:UpdateAssumeRolePolicy-> role:dev',
      'role:dev -iam:UpdateAssumeRolePolicy-> rewriters',
    ]);
  });

  it('an unconditioned Deny removes the escalation; a conditioned one does not', () => {
    const denied = graphOf(role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:UpdateAssumeRolePolicy'], arn('role', 'admin')) + deny(['iam:*'], '"*"')) + role('Admin', 'admin', '{ Service: ssm.amazonaws.com }'));
    expect(escalations(denied)).toEqual([]);
    const conditioned = deny(['iam:*'], '"*"') + '                Condition:\n                  BoolIfExists:\n                    aws:MultiFactorAuthPresent: "false"\n';
    const kept = graphOf(role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:UpdateAssumeRolePolicy'], arn('role', 'admin')) + conditioned) + role('Admin', 'admin', '{ Service: ssm.amazonaws.com }'));
    expect(escalations(kept)).toEqual(['role:dev -iam:UpdateAssumeRolePolicy-> role:admin']);
  });

  it('iam:PassRole needs the service\'s launch actions, a role that trusts that service, and no iam:PassedToService pin to another service', () => {
    const lambdaRole = role('Admin', 'admin', '{ Service: lambda.amazonaws.com }');
    const ec2Role = role('Box', 'box', '{ Service: ec2.amazonaws.com }');
    const g = graphOf(role('Dev', 'dev', '{ Service: codebuild.amazonaws.com }', allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], '"*"')) + lambdaRole + ec2Role);
    expect(escalations(g)).toEqual(['role:dev -iam:PassRole to lambda.amazonaws.com-> role:admin']);
    // dev joins the hub of those who can pass `*` to Lambda (one statement grants PassRole and both Lambda actions);
    // the hub's edge to admin carries admin's trust of Lambda.
    const [join] = g.from('role:self:a.yaml:dev').filter((e) => e.api === 'PassRole');
    expect(join.to).toBe('passers:self:a.yaml:lambda.amazonaws.com:0');
    expect(join.identity).toHaveLength(1);
    expect(g.from(join.to).map((e) => [e.to, e.trust.length])).toEqual([['role:self:a.yaml:admin', 1]]);

    const noInvoke = graphOf(role('Dev', 'dev', '{ Service: codebuild.amazonaws.com }', allow(['iam:PassRole', 'lambda:CreateFunction'], '"*"')) + lambdaRole);
    expect(escalations(noInvoke)).toEqual([]);

    const pinned = graphOf(
      role('Dev', 'dev', '{ Service: codebuild.amazonaws.com }', allow(['iam:PassRole'], '"*"', '                Condition:\n                  StringEquals:\n                    iam:PassedToService: ec2.amazonaws.com\n') + allow(['lambda:*', 'ec2:RunInstances'], '"*"')) + lambdaRole + ec2Role,
    );
    expect(escalations(pinned)).toEqual(['role:dev -iam:PassRole to ec2.amazonaws.com-> role:box']);
  });

  it('writing one\'s own policy (or a new version of an attached customer policy) reaches every role of the account; writing another role\'s does not by itself', () => {
    const self = graphOf(role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:PutRolePolicy'], arn('role', 'dev'))) + role('Admin', 'admin', '{ Service: ssm.amazonaws.com }'));
    expect(escalations(self)).toContain('role:dev -iam:PutRolePolicy-> rewriters');
    expect(escalations(self)).toContain('rewriters -iam:UpdateAssumeRolePolicy-> role:admin');

    const other = graphOf(role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:PutRolePolicy'], arn('role', 'admin'))) + role('Admin', 'admin', '{ Service: ssm.amazonaws.com }'));
    expect(escalations(other)).toEqual([]);

    const version = graphOf(
      role('Dev', 'dev', '{ Service: ec2.amazonaws.com }', allow(['iam:CreatePolicyVersion'], arn('policy', 'dev-policy')), '      ManagedPolicyArns:\n        - !Sub "arn:aws:iam::${AWS::AccountId}:policy/dev-policy"\n') +
        role('Admin', 'admin', '{ Service: ssm.amazonaws.com }'),
    );
    expect(escalations(version)).toContain('role:dev -iam:CreatePolicyVersion-> rewriters');
  });

  it('iam:CreateAccessKey on a user is an edge to that user; sts:GetFederationToken from a user ends at its federated users, which assume nothing (R8)', () => {
    const g = graphOf(`  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [iam:CreateAccessKey, sts:GetFederationToken]
                Resource: "*"
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
`);
    expect(escalations(g)).toEqual(['user:alice -iam:CreateAccessKey-> user:bob', 'user:alice -sts:GetFederationToken-> federated-user']);
    expect(g.from('federated-user:self:a.yaml')).toEqual([]);
  });
});
