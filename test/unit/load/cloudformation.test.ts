import { describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { loadCloudFormation } from '../../../src/load/cloudformation/index.js';
import {
  type AccessKey,
  emptyModel,
  type Entity,
  type Group,
  type IdentityPool,
  type IdentityPoolRoleAttachment,
  isUnknown,
  type ManagedPolicy,
  type Model,
  type OidcProvider,
  type PolicyDocument,
  type Role,
  type SamlProvider,
  type Statement,
  type Unknown,
  type User,
} from '../../../src/model/index.js';
import { isParseFailure, parseBytes } from '../../../src/parse/index.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** The real pipeline up to the model (parse → sniff → load → link), with no rules. */
function load(text: string, file = 'template.yaml'): Model {
  const r = scanInputs([{ rel: file, bytes: enc(text) }], []);
  expect(r.errors).toEqual([]);
  expect(r.model.inputErrors.map((e) => `${e.source.range.line}: ${e.message}`)).toEqual([]);
  return r.model;
}

type Kind = Entity['kind'];
function entity<K extends Kind>(m: Model, kind: K, id: string): Extract<Entity, { kind: K }> {
  const e = m.entities.find((x) => x.kind === kind && x.id === id);
  if (!e) throw new Error(`no ${kind} ${id} among ${m.entities.map((x) => `${x.kind} ${x.id}`).join(', ')}`);
  return e as Extract<Entity, { kind: K }>;
}

/** A scalar for comparison: a string, or `unknown(<cause>): <reason>`. */
function show(v: string | Unknown | undefined): string | undefined {
  if (v === undefined) return undefined;
  return isUnknown(v) ? `unknown(${v.cause}): ${v.reason}` : v;
}

const at = (l: { source: { range: { line: number; column: number; endLine: number; endColumn: number } } }) => l.source.range;

function principalsOf(s: Statement): Array<{ type: string; value: string | undefined; line: number }> {
  return (s.principals ?? []).map((p) => ({ type: p.type, value: show(p.value), line: p.source.range.line }));
}

function trust(m: Model, id: string): PolicyDocument {
  const t = entity(m, 'role', id).trust;
  if (!t) throw new Error(`role ${id} has no trust policy`);
  return t;
}

describe('CloudFormation loader: Ref and parameters', () => {
  const text = [
    "AWSTemplateFormatVersion: '2010-09-09'", //                              1
    'Parameters:', //                                                         2
    '  TrustedArn:', //                                                       3
    '    Type: String', //                                                    4
    '    Default: arn:aws:iam::111122223333:root', //                         5
    '  ExternalAccount:', //                                                  6
    '    Type: String', //                                                    7
    '  Env:', //                                                              8
    '    Type: String', //                                                    9
    '    AllowedValues: [dev, prod]', //                                      10
    '  OnlyAccount:', //                                                      11
    '    Type: String', //                                                    12
    '    AllowedValues: [012345678901]', //                                   13
    'Resources:', //                                                          14
    '  Role:', //                                                             15
    '    Type: AWS::IAM::Role', //                                            16
    '    Properties:', //                                                     17
    '      AssumeRolePolicyDocument:', //                                     18
    '        Statement:', //                                                  19
    '          - Effect: Allow', //                                           20
    '            Action: sts:AssumeRole', //                                  21
    '            Principal:', //                                              22
    '              AWS:', //                                                  23
    '                - !Ref TrustedArn', //                                   24
    '                - !Ref ExternalAccount', //                              25
    '                - !Sub "arn:aws:iam::${OnlyAccount}:root"', //           26
    '                - !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"', // 27
    '                - !Sub "arn:aws:iam::${Env}:root"', //                   28
    '                - !Ref Nowhere', //                                      29
    '              Service: !Sub "ec2.${AWS::URLSuffix}"', //                 30
    '',
  ].join('\n');
  const m = load(text);
  const stmt = trust(m, 'Role').statements[0];

  it('resolves each principal to a value or a typed Unknown, located at its own line', () => {
    expect(principalsOf(stmt)).toEqual([
      { type: 'AWS', value: 'arn:aws:iam::111122223333:root', line: 24 },
      { type: 'AWS', value: 'unknown(parameter): parameter ExternalAccount has no default', line: 25 },
      { type: 'AWS', value: 'arn:aws:iam::012345678901:root', line: 26 },
      { type: 'AWS', value: 'arn:aws:iam::${AWS::AccountId}:root', line: 27 },
      { type: 'AWS', value: 'unknown(parameter): parameter Env has no default (allowed: dev, prod)', line: 28 },
      { type: 'AWS', value: 'unknown(missing-reference): Ref Nowhere: no parameter or resource Nowhere in this template', line: 29 },
      { type: 'Service', value: 'ec2.amazonaws.com', line: 30 },
    ]);
  });

  it('keeps the known text around an unresolved parameter as the partial value', () => {
    const env = stmt.principals![4].value as Unknown;
    expect(env.partial).toBe('arn:aws:iam::?:root');
    expect(env.toString()).toBe('arn:aws:iam::?:root');
  });

  it('locates a !Ref principal by its full tagged range', () => {
    expect(at(stmt.principals![0])).toEqual({ line: 24, column: 19, endLine: 24, endColumn: 34 });
    expect(at(stmt.principals![1])).toEqual({ line: 25, column: 19, endLine: 25, endColumn: 39 });
  });
});

describe('CloudFormation loader: references to IAM resources', () => {
  const text = [
    'Resources:', //                                                          1
    '  Target:', //                                                           2
    '    Type: AWS::IAM::Role', //                                            3
    '    Properties:', //                                                     4
    '      AssumeRolePolicyDocument:', //                                     5
    '        Statement:', //                                                  6
    '          - Effect: Allow', //                                           7
    '            Action: [sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity]', // 8
    '            Principal:', //                                              9
    '              AWS:', //                                                  10
    '                - !GetAtt Named.Arn', //                                 11
    '                - !GetAtt [Generated, Arn]', //                          12
    '                - !Ref Named', //                                        13
    '                - !GetAtt Alice.Arn', //                                 14
    '                - !Ref Alice', //                                        15
    '                - !Ref Policy', //                                       16
    '                - !GetAtt Missing.Arn', //                               17
    '                - !GetAtt Named.RoleId', //                              18
    '              Federated:', //                                            19
    '                - !Ref Saml', //                                         20
    '                - !Ref Oidc', //                                         21
    '                - !GetAtt Oidc.Arn', //                                  22
    '  Named:', //                                                            23
    '    Type: AWS::IAM::Role', //                                            24
    '    Properties:', //                                                     25
    '      RoleName: deployer', //                                            26
    '      Path: /ci/', //                                                    27
    '      AssumeRolePolicyDocument: {Statement: []}', //                     28
    '  Generated:', //                                                        29
    '    Type: AWS::IAM::Role', //                                            30
    '    Properties:', //                                                     31
    '      AssumeRolePolicyDocument: {Statement: []}', //                     32
    '  Alice:', //                                                            33
    '    Type: AWS::IAM::User', //                                            34
    '    Properties: {UserName: alice}', //                                   35
    '  Policy:', //                                                           36
    '    Type: AWS::IAM::ManagedPolicy', //                                   37
    '    Properties:', //                                                     38
    '      ManagedPolicyName: deploy', //                                     39
    '      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}', // 40
    '  Saml:', //                                                             41
    '    Type: AWS::IAM::SAMLProvider', //                                    42
    '    Properties: {Name: okta, SamlMetadataDocument: "<xml/>"}', //         43
    '  Oidc:', //                                                             44
    '    Type: AWS::IAM::OIDCProvider', //                                    45
    '    Properties:', //                                                     46
    '      Url: https://token.actions.githubusercontent.com', //              47
    '      ClientIdList: [sts.amazonaws.com]', //                             48
    '      ThumbprintList: [6938fd4d98bab03faadb97b34396831e3780aea1]', //    49
    '',
  ].join('\n');
  const m = load(text);

  it('gives roles, users and managed policies symbolic ARNs in this account, with their path and name', () => {
    expect(show(entity(m, 'role', 'Named').arn)).toBe('arn:aws:iam::${AWS::AccountId}:role/ci/deployer');
    expect(show(entity(m, 'role', 'Named').name)).toBe('deployer');
    expect(show(entity(m, 'role', 'Generated').arn)).toBe('arn:aws:iam::${AWS::AccountId}:role/${Generated}');
    expect(show(entity(m, 'role', 'Generated').name)).toBe('${Generated}');
    expect(show(entity(m, 'user', 'Alice').arn)).toBe('arn:aws:iam::${AWS::AccountId}:user/alice');
    expect(show(entity(m, 'managed-policy', 'Policy').arn)).toBe('arn:aws:iam::${AWS::AccountId}:policy/deploy');
    expect(show(entity(m, 'saml-provider', 'Saml').arn)).toBe('arn:aws:iam::${AWS::AccountId}:saml-provider/okta');
    expect(show(entity(m, 'oidc-provider', 'Oidc').arn)).toBe('arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com');
  });

  it('resolves Ref and GetAtt the way CloudFormation does for each type', () => {
    expect(principalsOf(trust(m, 'Target').statements[0])).toEqual([
      { type: 'AWS', value: 'arn:aws:iam::${AWS::AccountId}:role/ci/deployer', line: 11 },
      { type: 'AWS', value: 'arn:aws:iam::${AWS::AccountId}:role/${Generated}', line: 12 },
      // Ref of a role is its name
      { type: 'AWS', value: 'deployer', line: 13 },
      { type: 'AWS', value: 'arn:aws:iam::${AWS::AccountId}:user/alice', line: 14 },
      { type: 'AWS', value: 'alice', line: 15 },
      // Ref of a managed policy is its ARN
      { type: 'AWS', value: 'arn:aws:iam::${AWS::AccountId}:policy/deploy', line: 16 },
      { type: 'AWS', value: 'unknown(missing-reference): Fn::GetAtt Missing.Arn: no resource Missing in this template', line: 17 },
      { type: 'AWS', value: 'unknown(computed): Fn::GetAtt Named.RoleId', line: 18 },
      // Ref of SAML and OIDC providers is their ARN
      { type: 'Federated', value: 'arn:aws:iam::${AWS::AccountId}:saml-provider/okta', line: 20 },
      { type: 'Federated', value: 'arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com', line: 21 },
      { type: 'Federated', value: 'arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com', line: 22 },
    ]);
  });

  it('keeps the attribute text of an unresolved GetAtt as its partial value', () => {
    const roleId = trust(m, 'Target').statements[0].principals![7].value as Unknown;
    expect(roleId.partial).toBe('${Named.RoleId}');
  });

  it('loads an OIDC provider with its URL, client IDs and thumbprints, each located', () => {
    const o = entity(m, 'oidc-provider', 'Oidc') as OidcProvider;
    expect(o.url?.value).toBe('https://token.actions.githubusercontent.com');
    expect(at(o.url!)).toEqual({ line: 47, column: 12, endLine: 47, endColumn: 55 });
    expect(o.clientIds?.map((c) => [c.value, c.source.range.line, c.source.range.column])).toEqual([['sts.amazonaws.com', 48, 22]]);
    expect(o.clientIdSource?.range).toEqual({ line: 48, column: 21, endLine: 48, endColumn: 40 });
    expect(o.thumbprints?.map((t) => t.value)).toEqual(['6938fd4d98bab03faadb97b34396831e3780aea1']);
    expect(o.idSource.range).toEqual({ line: 44, column: 3, endLine: 44, endColumn: 7 });
  });

  it('loads a SAML provider with its name', () => {
    const s = entity(m, 'saml-provider', 'Saml') as SamlProvider;
    expect(s.name).toBe('okta');
    expect(s.source.range.line).toBe(42);
  });

  it('leaves an OIDC provider without ClientIdList with no client IDs (not an empty list)', () => {
    const o = entity(load('Resources:\n  O:\n    Type: AWS::IAM::OIDCProvider\n    Properties: {Url: !Ref IssuerUrl}\n'), 'oidc-provider', 'O');
    expect(o.clientIds).toBeUndefined();
    expect(show(o.url?.value as string | Unknown)).toBe('unknown(missing-reference): Ref IssuerUrl: no parameter or resource IssuerUrl in this template');
    expect(isUnknown(o.arn)).toBe(true);
    expect((o.arn as Unknown).partial).toBe('arn:aws:iam::${AWS::AccountId}:oidc-provider/?');
  });
});

describe('CloudFormation loader: Fn::Sub, Join, Select, Split, FindInMap, ImportValue', () => {
  const text = [
    'Mappings:', //                                                           1
    '  Accounts:', //                                                         2
    '    us-east-1: {Audit: "111111111111", Stage: prod}', //                 3
    '    eu-west-1: {Audit: "111111111111", Stage: dev}', //                  4
    'Resources:', //                                                          5
    '  Role:', //                                                             6
    '    Type: AWS::IAM::Role', //                                            7
    '    Properties:', //                                                     8
    '      RoleName: app', //                                                 9
    '      AssumeRolePolicyDocument:', //                                     10
    '        Statement:', //                                                  11
    '          - Effect: Allow', //                                           12
    '            Action: sts:AssumeRole', //                                  13
    '            Principal:', //                                              14
    '              AWS:', //                                                  15
    '                - !Sub ["arn:aws:iam::${Acct}:role/${Name}", {Acct: "222222222222", Name: !Ref Role}]', // 16
    '                - !Sub "${!Literal}/${Role.Arn}"', //                    17
    '                - !Join [":", [arn, !Ref "AWS::Partition", iam, "", "333333333333", root]]', // 18
    '                - !Select [1, [a, b, c]]', //                            19
    '                - !Select [0, !Split [",", "x,y"]]', //                  20
    '                - !Sub', //                                              21
    '                  - "arn:aws:iam::${A}:root"', //                        22
    '                  - A: !FindInMap [Accounts, us-east-1, Audit]', //      23
    '                - !FindInMap [Accounts, !Ref "AWS::Region", Audit]', //  24
    '                - !FindInMap [Accounts, !Ref "AWS::Region", Stage]', //  25
    '                - !ImportValue SharedAccountArn', //                     26
    '                - !ImportValue {"Fn::Sub": "${AWS::StackName}-Arn"}', // 27
    '                - !Join ["", ["arn:aws:iam::", !ImportValue Acct, ":root"]]', // 28
    '                - !Select [9, [a]]', //                                  29
    '                - !Base64 abc', //                                       30
    '',
  ].join('\n');
  const m = load(text);
  const ps = trust(m, 'Role').statements[0].principals!;

  it('resolves every function as far as the template allows', () => {
    expect(ps.map((p) => [p.source.range.line, show(p.value)])).toEqual([
      [16, 'arn:aws:iam::222222222222:role/app'],
      [17, '${Literal}/arn:aws:iam::${AWS::AccountId}:role/app'],
      [18, 'arn:aws:iam::333333333333:root'],
      [19, 'b'],
      [20, 'x'],
      [21, 'arn:aws:iam::111111111111:root'],
      [24, '111111111111'],
      [25, 'unknown(computed): Fn::FindInMap Accounts depends on ${AWS::Region}'],
      [26, 'unknown(import): Fn::ImportValue SharedAccountArn'],
      [27, 'unknown(import): Fn::ImportValue ${AWS::StackName}-Arn'],
      [28, 'unknown(import): Fn::ImportValue Acct'],
      [29, 'unknown(computed): Fn::Select out of range'],
      [30, 'unknown(unsupported): Fn::Base64 is not evaluated'],
    ]);
  });

  it('keeps the known parts of a Join around an ImportValue', () => {
    expect((ps[10].value as Unknown).partial).toBe('arn:aws:iam::?:root');
  });

  it('locates a multi-line !Sub list from its tag to its last line', () => {
    expect(at(ps[5])).toEqual({ line: 21, column: 19, endLine: 23, endColumn: 63 });
  });
});

describe('CloudFormation loader: Fn::If and AWS::NoValue', () => {
  const text = [
    'Conditions:', //                                                         1
    '  IsProd: !Equals [!Ref Env, prod]', //                                  2
    'Parameters:', //                                                         3
    '  Env: {Type: String, Default: dev}', //                                 4
    'Resources:', //                                                          5
    '  Role:', //                                                             6
    '    Type: AWS::IAM::Role', //                                            7
    '    Properties:', //                                                     8
    '      AssumeRolePolicyDocument:', //                                     9
    '        Statement:', //                                                  10
    '          - !If', //                                                     11
    '            - IsProd', //                                                12
    '            - Effect: Allow', //                                         13
    '              Action: sts:AssumeRole', //                                14
    '              Principal: {AWS: "arn:aws:iam::444444444444:root"}', //    15
    '            - !Ref AWS::NoValue', //                                     16
    '          - Effect: Allow', //                                           17
    '            Action: sts:AssumeRole', //                                  18
    '            Principal:', //                                              19
    '              AWS:', //                                                  20
    '                - !If [IsProd, !Ref AWS::NoValue, "arn:aws:iam::555555555555:root"]', // 21
    '                - arn:aws:iam::666666666666:root', //                    22
    '                - !If [IsProd, "arn:aws:iam::777777777777:root", "arn:aws:iam::888888888888:root"]', // 23
    '      ManagedPolicyArns:', //                                            24
    '        - !If [IsProd, !Ref AWS::NoValue, arn:aws:iam::aws:policy/ReadOnlyAccess]', // 25
    '        - arn:aws:iam::aws:policy/AdministratorAccess', //               26
    '',
  ].join('\n');
  const m = load(text);
  const t = trust(m, 'Role');

  const summary = (s: Statement) => ({
    line: s.source.range.line,
    when: s.when.map((g) => `${g.condition}=${g.value}`),
    principals: (s.principals ?? []).map((p) => `${p.source.range.line}:${p.source.range.column} ${show(p.value)}`),
  });

  it('expands both branches: each statement variant carries the guards that select it', () => {
    expect(t.statements.map(summary)).toEqual([
      { line: 13, when: ['IsProd=true'], principals: ['15:32 arn:aws:iam::444444444444:root'] },
      { line: 17, when: ['IsProd=true'], principals: ['22:19 arn:aws:iam::666666666666:root', '23:32 arn:aws:iam::777777777777:root'] },
      { line: 17, when: ['IsProd=false'], principals: ['21:51 arn:aws:iam::555555555555:root', '22:19 arn:aws:iam::666666666666:root', '23:66 arn:aws:iam::888888888888:root'] },
    ]);
  });

  it('keeps statement indexes of the expanded variant and statement-relative locate()', () => {
    const prodSecond = t.statements[1];
    expect(prodSecond.index).toBe(1);
    expect(prodSecond.locate('/Action').range.line).toBe(18);
    expect(prodSecond.effectSource?.range).toEqual({ line: 17, column: 21, endLine: 17, endColumn: 26 });
  });

  it('removes AWS::NoValue list elements and keeps the later elements at their own lines', () => {
    const arns = entity(m, 'role', 'Role').managedPolicyArns.map((a) => `${a.source.range.line} ${show(a.value)}`);
    // One entry per distinct element over both branches (IsProd=true lists only line 26, at index 0).
    expect(arns.sort()).toEqual(['25 arn:aws:iam::aws:policy/ReadOnlyAccess', '26 arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('guards a whole resource with its Condition', () => {
    const g = load('Resources:\n  R:\n    Type: AWS::IAM::Role\n    Condition: IsProd\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: "sts:AssumeRole", Principal: {AWS: "*"}}]}\n');
    const role = entity(g, 'role', 'R');
    expect(role.when).toEqual([{ condition: 'IsProd', value: true }]);
    expect(role.trust?.statements[0].when).toEqual([{ condition: 'IsProd', value: true }]);
  });
});

describe('CloudFormation loader: policy documents as JSON strings', () => {
  it('locates statements inside a JSON string in a JSON template (escaped quotes)', () => {
    const text = [
      '{',
      '  "Resources": {',
      '    "Role": {',
      '      "Type": "AWS::IAM::Role",',
      '      "Properties": {',
      '        "AssumeRolePolicyDocument": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"arn:aws:iam::999999999999:root\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}"',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const s = trust(load(text, 'template.json'), 'Role').statements[0];
    expect(principalsOf(s)).toEqual([{ type: 'AWS', value: 'arn:aws:iam::999999999999:root', line: 6 }]);
    expect(at(s.principals![0])).toEqual({ line: 6, column: 104, endLine: 6, endColumn: 138 });
    expect(s.actions?.map((a) => [a.value, a.source.range.column])).toEqual([['sts:AssumeRole', 153]]);
    expect(s.principals![0].source.approximate).toBeUndefined();
  });

  it('locates statements inside a `!Sub |` JSON block, also on the substituted line', () => {
    const text = [
      'Parameters:', //                                                       1
      '  Trusted: {Type: String, Default: "123456789012"}', //                2
      'Resources:', //                                                        3
      '  Role:', //                                                           4
      '    Type: AWS::IAM::Role', //                                          5
      '    Properties:', //                                                   6
      '      AssumeRolePolicyDocument: !Sub |', //                            7
      '        {', //                                                         8
      '          "Statement": [{', //                                         9
      '            "Effect": "Allow",', //                                    10
      '            "Principal": {"AWS": "arn:${AWS::Partition}:iam::${Trusted}:root"},', // 11
      '            "Action": "sts:AssumeRole"', //                            12
      '          }]', //                                                      13
      '        }', //                                                         14
      '',
    ].join('\n');
    const s = trust(load(text), 'Role').statements[0];
    expect(s.source.range).toEqual({ line: 9, column: 25, endLine: 13, endColumn: 12 });
    expect(principalsOf(s)).toEqual([{ type: 'AWS', value: 'arn:aws:iam::123456789012:root', line: 11 }]);
    expect(at(s.principals![0])).toEqual({ line: 11, column: 34, endLine: 11, endColumn: 78 });
    expect(s.effectSource?.range).toEqual({ line: 10, column: 23, endLine: 10, endColumn: 30 });
    expect(at(s.actions![0])).toEqual({ line: 12, column: 23, endLine: 12, endColumn: 39 });
  });

  it('locates statements inside a Fn::Sub JSON string in a JSON template', () => {
    const text = [
      '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {',
      '  "AssumeRolePolicyDocument": {"Fn::Sub": "{\\"Statement\\": {\\"Effect\\": \\"Allow\\", \\"Action\\": \\"sts:AssumeRole\\", \\"Principal\\": {\\"AWS\\": \\"${AWS::AccountId}\\"}}}"}',
      '}}}}',
    ].join('\n');
    const s = trust(load(text, 'template.json'), 'Role').statements[0];
    expect(principalsOf(s)).toEqual([{ type: 'AWS', value: '${AWS::AccountId}', line: 2 }]);
    expect(at(s.principals![0])).toEqual({ line: 2, column: 141, endLine: 2, endColumn: 162 });
  });

  it('locates inline policies given as single-quoted JSON in YAML', () => {
    const text = [
      'Resources:',
      '  User:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: s3',
      `          PolicyDocument: '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'`,
      '',
    ].join('\n');
    const p = entity(load(text), 'user', 'User').policies[0];
    expect(p.owner).toEqual({ type: 'user', id: 'User', policyName: 's3' });
    expect(at(p.statements[0].actions![0])).toEqual({ line: 7, column: 73, endLine: 7, endColumn: 79 });
  });

  it('reports a policy string that is not JSON as an input error at its line, and keeps loading', () => {
    const text = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: |\n        {"Statement": [\n          {"Effect": "Allow",,}\n        ]}\n  Other:\n    Type: AWS::IAM::User\n';
    const r = scanInputs([{ rel: 't.yaml', bytes: enc(text) }], []);
    expect(r.model.inputErrors.map((e) => [e.source.range.line, e.source.range.column, e.message.replace(/:.*/, '')])).toEqual([[7, 30, 'policy document of Role is not valid JSON']]);
    expect(r.model.entities.map((e) => e.id)).toEqual(['Role', 'Other']);
  });
});

describe('CloudFormation loader: attachments, groups, keys', () => {
  const text = [
    'Resources:', //                                                          1
    '  Admins:', //                                                           2
    '    Type: AWS::IAM::Group', //                                           3
    '    Properties:', //                                                     4
    '      GroupName: admins', //                                             5
    '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]', // 6
    '  Alice:', //                                                            7
    '    Type: AWS::IAM::User', //                                            8
    '    Properties:', //                                                     9
    '      UserName: alice', //                                               10
    '      Groups: [!Ref Admins]', //                                         11
    '      LoginProfile: {Password: x}', //                                   12
    '      Policies:', //                                                     13
    '        - PolicyName: own', //                                           14
    '          PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}', // 15
    '  Bob:', //                                                              16
    '    Type: AWS::IAM::User', //                                            17
    '    Properties: {UserName: bob}', //                                     18
    '  AddBob:', //                                                           19
    '    Type: AWS::IAM::UserToGroupAddition', //                             20
    '    Properties:', //                                                     21
    '      GroupName: !Ref Admins', //                                        22
    '      Users: [!Ref Bob]', //                                             23
    '  BobKey:', //                                                           24
    '    Type: AWS::IAM::AccessKey', //                                       25
    '    Properties:', //                                                     26
    '      UserName: !Ref Bob', //                                            27
    '  Deploy:', //                                                           28
    '    Type: AWS::IAM::Role', //                                            29
    '    Properties:', //                                                     30
    '      RoleName: deploy', //                                              31
    '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: "sts:AssumeRole", Principal: {Service: codebuild.amazonaws.com}}]}', // 32
    '      ManagedPolicyArns: [!Ref DeployPolicy]', //                        33
    '      MaxSessionDuration: 7200', //                                      34
    '  DeployPolicy:', //                                                     35
    '    Type: AWS::IAM::ManagedPolicy', //                                   36
    '    Properties:', //                                                     37
    '      ManagedPolicyName: deploy-policy', //                              38
    '      Users: [alice]', //                                                39
    '      PolicyDocument: {Statement: [{Effect: Allow, Action: "iam:PassRole", Resource: "*"}]}', // 40
    '  Standalone:', //                                                       41
    '    Type: AWS::IAM::Policy', //                                          42
    '    Properties:', //                                                     43
    '      PolicyName: standalone', //                                        44
    '      Roles: [!Ref Deploy]', //                                          45
    '      Groups: [admins]', //                                              46
    '      PolicyDocument: {Statement: [{Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}]}', // 47
    '  ForBob:', //                                                           48
    '    Type: AWS::IAM::UserPolicy', //                                      49
    '    Properties:', //                                                     50
    '      UserName: bob', //                                                 51
    '      PolicyName: bobs', //                                              52
    '      PolicyDocument: {Statement: [{Effect: Allow, Action: "ec2:*", Resource: "*"}]}', // 53
    'Outputs:', //                                                            54
    '  KeyId: {Value: !Ref BobKey}', //                                       55
    '  Secret: {Value: !GetAtt BobKey.SecretAccessKey}', //                   56
    '  Both:', //                                                             57
    '    Value: !Sub "${BobKey}:${BobKey.SecretAccessKey}"', //               58
    '',
  ].join('\n');
  const m = load(text);
  const names = (docs: PolicyDocument[]) => docs.map((d) => `${d.owner.type} ${d.owner.id}${d.owner.policyName ? ` (${d.owner.policyName})` : ''}`);

  it('attaches inline, standalone and managed policies to roles, users and groups by the names the template gives', () => {
    expect(names((entity(m, 'role', 'Deploy') as Role).policies)).toEqual(['policy Standalone (standalone)']);
    expect(names((entity(m, 'user', 'Alice') as User).policies)).toEqual(['user Alice (own)', 'managed-policy DeployPolicy']);
    expect(names((entity(m, 'user', 'Bob') as User).policies)).toEqual(['policy ForBob (bobs)']);
    expect(names((entity(m, 'group', 'Admins') as Group).policies)).toEqual(['policy Standalone (standalone)']);
  });

  it('resolves managed policy ARNs: an AWS managed one from the table, a template one from its resource', () => {
    const role = entity(m, 'role', 'Deploy') as Role;
    expect(role.managedPolicyArns.map((a) => [show(a.value), a.source.range.line])).toEqual([['arn:aws:iam::${AWS::AccountId}:policy/deploy-policy', 33]]);
    expect(role.attached.map((a) => a.label)).toEqual(['managed policy DeployPolicy']);
    expect(role.attached[0].document.statements[0].actions?.map((a) => a.value)).toEqual(['iam:PassRole']);
    const group = entity(m, 'group', 'Admins') as Group;
    expect(group.attached.map((a) => a.label)).toEqual(['AWS managed policy AdministratorAccess']);
    expect(group.attached[0].document.statements[0].actions?.map((a) => a.value)).toEqual(['*']);
    expect(group.attached[0].document.source.range.line).toBe(6);
  });

  it('records group memberships from Groups and from UserToGroupAddition', () => {
    expect((entity(m, 'user', 'Alice') as User).groups.map((g) => [g.value, g.source.range.line])).toEqual([['admins', 11]]);
    expect((entity(m, 'user', 'Bob') as User).groups.map((g) => [g.value, g.source.range.line])).toEqual([['admins', 22]]);
  });

  it('records the login profile, the session duration, and the managed policy targets', () => {
    expect((entity(m, 'user', 'Alice') as User).loginProfile?.range.line).toBe(12);
    expect((entity(m, 'user', 'Bob') as User).loginProfile).toBeUndefined();
    const role = entity(m, 'role', 'Deploy') as Role;
    expect(role.maxSessionDuration?.value).toBe(7200);
    expect(role.maxSessionDuration && at(role.maxSessionDuration)).toEqual({ line: 34, column: 27, endLine: 34, endColumn: 31 });
    const mp = entity(m, 'managed-policy', 'DeployPolicy') as ManagedPolicy;
    expect(mp.users.map((u) => u.value)).toEqual(['alice']);
    expect(mp.document?.statements).toHaveLength(1);
  });

  it('loads an access key with its user and every Output that exposes its secret', () => {
    const key = entity(m, 'access-key', 'BobKey') as AccessKey;
    expect(key.user.value).toBe('bob');
    expect(at(key.user)).toEqual({ line: 27, column: 17, endLine: 27, endColumn: 25 });
    expect(key.secretExposedAt.map((s) => [s.pointer, s.range.line])).toEqual([
      ['/Outputs/Secret/Value', 56],
      ['/Outputs/Both/Value/Fn::Sub', 58],
    ]);
  });
});

describe('CloudFormation loader: SAM and Cognito', () => {
  const text = [
    'Transform: AWS::Serverless-2016-10-31', //                               1
    'Resources:', //                                                          2
    '  Fn:', //                                                               3
    '    Type: AWS::Serverless::Function', //                                 4
    '    Properties:', //                                                     5
    '      Handler: index.handler', //                                        6
    '      Runtime: nodejs20.x', //                                           7
    '      Policies:', //                                                     8
    '        - AmazonS3ReadOnlyAccess', //                                    9
    '        - arn:aws:iam::aws:policy/AWSLambdaExecute', //                  10
    '        - Statement:', //                                                11
    '            - Effect: Allow', //                                         12
    '              Action: sts:AssumeRole', //                                13
    '              Resource: "*"', //                                         14
    '  WithRole:', //                                                         15
    '    Type: AWS::Serverless::Function', //                                 16
    '    Properties:', //                                                     17
    '      Role: arn:aws:iam::123456789012:role/x', //                        18
    '      Policies: [AmazonS3ReadOnlyAccess]', //                            19
    '  Pool:', //                                                             20
    '    Type: AWS::Cognito::IdentityPool', //                                21
    '    Properties:', //                                                     22
    '      AllowUnauthenticatedIdentities: true', //                          23
    '      AllowClassicFlow: false', //                                       24
    '  Attach:', //                                                           25
    '    Type: AWS::Cognito::IdentityPoolRoleAttachment', //                  26
    '    Properties:', //                                                     27
    '      IdentityPoolId: !Ref Pool', //                                     28
    '      Roles:', //                                                        29
    '        authenticated: !GetAtt AuthRole.Arn', //                         30
    '        unauthenticated: !GetAtt GuestRole.Arn', //                      31
    '  AuthRole:', //                                                         32
    '    Type: AWS::IAM::Role', //                                            33
    '    Properties:', //                                                     34
    '      AssumeRolePolicyDocument:', //                                     35
    '        Statement:', //                                                  36
    '          - Effect: Allow', //                                           37
    '            Action: sts:AssumeRoleWithWebIdentity', //                   38
    '            Principal: {Federated: cognito-identity.amazonaws.com}', //  39
    '            Condition:', //                                              40
    '              StringEquals: {"cognito-identity.amazonaws.com:aud": !Ref Pool}', // 41
    '',
  ].join('\n');
  const r = scanInputs([{ rel: 'sam.yaml', bytes: enc(text) }], []);
  const m = r.model;

  it('sniffs the template as SAM', () => {
    expect(m.files).toEqual([{ path: 'sam.yaml', kind: 'sam' }]);
  });

  it('gives a function without Role an implicit execution role holding its Policies', () => {
    const role = entity(m, 'role', 'FnRole') as Role;
    expect(role.name).toBe('${FnRole}');
    expect(role.arn).toBe('arn:aws:iam::${AWS::AccountId}:role/${FnRole}');
    expect(role.idSource.range.line).toBe(3);
    expect(role.managedPolicyArns.map((a) => [a.value, a.source.range.line])).toEqual([
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 9],
      ['arn:aws:iam::aws:policy/AWSLambdaExecute', 10],
    ]);
    expect(role.attached.map((a) => a.label)).toEqual(['AWS managed policy AmazonS3ReadOnlyAccess', 'AWS managed policy AWSLambdaExecute']);
    expect(role.policies).toHaveLength(1);
    expect(role.policies[0].owner).toMatchObject({ type: 'role', id: 'FnRole' });
    expect(role.policies[0].statements[0].actions?.map((a) => [a.value, a.source.range.line])).toEqual([['sts:AssumeRole', 13]]);
  });

  it('creates no implicit role for a function that names its Role', () => {
    expect(m.entities.find((e) => e.id === 'WithRoleRole')).toBeUndefined();
  });

  it('loads a Cognito identity pool and its role attachment, with role ARNs resolved', () => {
    const pool = entity(m, 'identity-pool', 'Pool') as IdentityPool;
    expect(pool.allowUnauthenticated?.value).toBe(true);
    expect(pool.allowUnauthenticated && at(pool.allowUnauthenticated).line).toBe(23);
    expect(pool.allowClassicFlow?.value).toBe(false);
    const att = entity(m, 'identity-pool-role-attachment', 'Attach') as IdentityPoolRoleAttachment;
    expect(att.pool.value).toBe('${Pool}');
    expect(show(att.authenticatedRole?.value as string)).toBe('arn:aws:iam::${AWS::AccountId}:role/${AuthRole}');
    expect(show(att.unauthenticatedRole?.value as string | Unknown)).toBe('unknown(missing-reference): Fn::GetAtt GuestRole.Arn: no resource GuestRole in this template');
    expect(att.unauthenticatedRole && at(att.unauthenticatedRole)).toEqual({ line: 31, column: 26, endLine: 31, endColumn: 47 });
  });

  it('resolves the pool ID in a Cognito trust condition', () => {
    const c = trust(m, 'AuthRole').statements[0].conditions;
    expect(c.map((e) => [e.operator, e.key, e.values.map((v) => v.value), e.values[0].source.range.line])).toEqual([['StringEquals', 'cognito-identity.amazonaws.com:aud', ['${Pool}'], 41]]);
  });
});

describe('loadCloudFormation directly', () => {
  it('adds entities and documents to an existing model without touching other files', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: {Effect: Allow, Action: "sts:AssumeRole", Principal: {AWS: "arn:aws:iam::111122223333:root"}}}\n  Unrelated:\n    Type: AWS::S3::Bucket\n';
    const parsed = parseBytes('one.yaml', enc(text));
    if (!parsed.doc || isParseFailure(parsed.doc)) throw new Error('does not parse');
    const model = emptyModel();
    loadCloudFormation(parsed.doc, model);
    expect(model.entities.map((e) => `${e.kind} ${e.id} ${e.file}`)).toEqual(['role R one.yaml']);
    expect(model.documents.map((d) => `${d.kind} ${d.owner.id}`)).toEqual(['trust R']);
    const s = model.documents[0].statements[0];
    // A single-object Statement is statement 0 at /Statement.
    expect(s.index).toBe(0);
    expect(s.source.pointer).toBe('/Resources/R/Properties/AssumeRolePolicyDocument/Statement');
    expect(s.principals?.map((p) => p.value)).toEqual(['arn:aws:iam::111122223333:root']);
  });

  it('survives a template whose sections have the wrong shapes', () => {
    const shapes = ['Resources: []\n', 'Resources:\n  R: 5\n', 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: 5\n', 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: [1, 2]\n      Policies: {PolicyName: x}\n      ManagedPolicyArns: 7\n'];
    for (const text of shapes) {
      const parsed = parseBytes('odd.yaml', enc(`AWSTemplateFormatVersion: '2010-09-09'\n${text}`));
      const model = emptyModel();
      expect(() => loadCloudFormation(parsed.doc!, model), text).not.toThrow();
    }
  });
});

