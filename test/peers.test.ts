/**
 * rules.md "What peers get wrong, and we must not": one `describe` per bullet. Every case runs the real pipeline
 * (parse → load → every rule in RULES) over an inline file and asserts the exact rule IDs and lines it reports —
 * including what must NOT be reported — and the facts the messages must carry.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { scanInputs } from '../src/cli/scan.js';
import type { Finding } from '../src/model/index.js';
import { DEFAULT_SETTINGS, type RuleSettings } from '../src/rule-kit/index.js';

interface File {
  file: string;
  text: string;
}

function scan(files: File | File[], settings: Partial<RuleSettings> = {}): Finding[] {
  const inputs = (Array.isArray(files) ? files : [files]).map((f) => ({ rel: f.file, bytes: new TextEncoder().encode(f.text) }));
  const r = scanInputs(inputs, RULES, { ...DEFAULT_SETTINGS, ...settings });
  expect(r.errors, 'a rule threw').toEqual([]);
  expect(r.model.inputErrors.map((e) => `${e.file}:${e.source.range.line}: ${e.message}`), 'the inline file does not load').toEqual([]);
  return r.findings;
}

/** `RULE line` of every finding, in report order: the exact set a case expects, nothing more. */
function ids(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.location.range.line}`);
}

function only(findings: Finding[], ruleId: string): Finding {
  const of = findings.filter((f) => f.ruleId === ruleId);
  expect(of, `exactly one ${ruleId}`).toHaveLength(1);
  return of[0];
}

const yaml = (text: string): File => ({ file: 'template.yaml', text });

describe('Conditions count', () => {
  /** `"*"` on line 11, the condition operator on line 14, its key and value on line 15. */
  const starWith = (operator: string, key: string, value: string) =>
    yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SharedRole:
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
              ${operator}:
                ${key}: ${value}
`);

  it.each([
    ['StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'],
    ['StringEquals', 'aws:SourceAccount', '"111122223333"'],
    ['ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:alerts'],
    ['StringEquals', 'AWS:principalorgid', 'o-a1b2c3d4e5'],
  ])('a "*" principal pinned by %s %s is not public trust', (operator, key, value) => {
    expect(ids(scan(starWith(operator, key, value)))).toEqual([]);
  });

  it('a "*" principal pinned by aws:PrincipalAccount is trust to that account: FL102 naming it at the condition value, never FL101', () => {
    const findings = scan(starWith('StringEquals', 'aws:PrincipalAccount', '"111122223333"'));
    expect(ids(findings)).toEqual(['FL102 15', 'FL103 15']);
    expect(only(findings, 'FL102').message).toContain('role SharedRole trusts external account 111122223333 ("*" with aws:PrincipalAccount 111122223333)');
    // Once the account is known, the pinned "*" is nothing to report at all.
    expect(ids(scan(starWith('StringEquals', 'aws:PrincipalAccount', '"111122223333"'), { accounts: { '111122223333': { name: 'ci' } } }))).toEqual([]);
  });

  it('a "*" principal pinned by aws:PrincipalArn is trust to the account in the ARN, not to everyone', () => {
    const findings = scan(starWith('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/ci-*'));
    expect(ids(findings)).toEqual(['FL102 15', 'FL103 15']);
    expect(only(findings, 'FL102').message).toContain('"*" with aws:PrincipalArn arn:aws:iam::111122223333:role/ci-*');
    expect(ids(scan(starWith('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/ci-*'), { accounts: { '111122223333': {} } }))).toEqual([]);
  });

  it('sts:ExternalId alone does not pin the caller: FL101 at the principal', () => {
    const findings = scan(starWith('StringEquals', 'sts:ExternalId', 'shared-secret'));
    expect(ids(findings)).toEqual(['FL101 11']);
    const f = only(findings, 'FL101');
    expect(f.message).toContain('role SharedRole can be assumed by any principal of any AWS account');
    expect(f.message).toContain("no condition that pins the caller's organisation, account or ARN");
    expect(f.location.range).toMatchObject({ line: 11, column: 20 });
  });

  it.each([
    ['a negated operator', 'StringNotEquals', 'aws:PrincipalAccount', '"111122223333"', ['FL101 11']],
    ['IfExists (passes when the key is absent)', 'StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', ['FL101 11']],
    ['a value that is only a wildcard', 'StringLike', 'aws:PrincipalOrgID', '"*"', ['FL101 11']],
    ['ForAllValues on a single-valued key', 'ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', ['FL101 11', 'FL220 15']],
  ])('a pin key under %s pins nothing: still FL101', (_what, operator, key, value, expected) => {
    expect(ids(scan(starWith(operator, key, value)))).toEqual(expected);
  });

  it('an external account narrowed to the configured organisation by aws:PrincipalOrgID is not external', () => {
    const text = yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AuditRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`);
    expect(ids(scan(text, { organization: 'o-a1b2c3d4e5' }))).toEqual([]);
    // Another organisation than the configured one is no excuse (and is itself external), and neither is having no organisation configured.
    expect(ids(scan(text, { organization: 'o-zzzzzzzzzz' }))).toEqual(['FL102 11', 'FL103 11', 'FL102 15']);
    expect(ids(scan(text))).toEqual(['FL102 11', 'FL103 11']);
  });
});

describe('Every statement, every value, every shape', () => {
  it('finds the problem in Statement[2], not only in Statement[0], and leaves the safe statements alone', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Lambda
            Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
          - Sid: OwnAccount
            Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"
            Action: sts:AssumeRole
          - Sid: Everyone
            Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL101 22']);
    expect(only(findings, 'FL101').location.pointer).toContain('/Statement/2/Principal/AWS');
  });

  it('Principal as a bare string "*"', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
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
`),
    );
    expect(ids(findings)).toEqual(['FL101 10']);
    expect(only(findings, 'FL101').message).toContain('the trust allows "*" with no condition');
  });

  it('Principal as a list: every value is judged at its own line, the safe first value is not reported', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ListRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !Sub "arn:aws:iam::\${AWS::AccountId}:role/ops"
                - arn:aws:iam::777788889999:root
                - "*"
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL102 13', 'FL103 13', 'FL101 14']);
    expect(only(findings, 'FL102').message).toContain('external account 777788889999 (arn:aws:iam::777788889999:root)');
  });

  it('Principal as a map of lists, and an Action list whose second value is a wildcard', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  MixedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - ec2.amazonaws.com
                - lambda.amazonaws.com
              AWS:
                - !Sub "arn:aws:iam::\${AWS::AccountId}:role/ops"
                - arn:aws:iam::222233334444:role/partner
            Action:
              - sts:AssumeRole
              - sts:*
`),
    );
    expect(ids(findings)).toEqual(['FL102 16', 'FL103 16', 'FL105 19']);
    expect(only(findings, 'FL102').message).toContain('external account 222233334444 (arn:aws:iam::222233334444:role/partner)');
    expect(only(findings, 'FL105').message).toContain('sts:*');
  });

  it('Statement as a single map, and a principal that is a bare account ID', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SingleRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          Effect: Allow
          Principal:
            AWS: "777788889999"
          Action: [sts:AssumeRole]
`),
    );
    expect(ids(findings)).toEqual(['FL102 11', 'FL103 11']);
    expect(only(findings, 'FL103').message).toContain('external account 777788889999');
  });

  it('a standalone JSON trust policy with a single Statement object and Principal "*"', () => {
    const findings = scan({
      file: 'trust.json',
      text: `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": "*",
    "Action": "sts:AssumeRole"
  }
}
`,
    });
    expect(ids(findings)).toEqual(['FL101 5']);
    expect(only(findings, 'FL101').location.file).toBe('trust.json');
  });

  const github = (subOperator: string, subs: string[]) =>
    yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  GitHubOidc:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://token.actions.githubusercontent.com
      ClientIdList: [sts.amazonaws.com]
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Ref GitHubOidc
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              ${subOperator}:
                token.actions.githubusercontent.com:sub:
${subs.map((s) => `                  - ${s}`).join('\n')}
`);

  it('a GitHub sub list where one value (not the first, not the last) is loose: FL213 on that value only', () => {
    // Values under one key are OR-ed: the loosest one decides.
    const findings = scan(github('StringLike', ['repo:acme/api:ref:refs/heads/main', 'repo:*/infra:*', 'repo:acme/web:environment:prod*']));
    expect(ids(findings)).toEqual(['FL213 24']);
    const f = only(findings, 'FL213');
    expect(f.message).toContain('value `repo:*/infra:*`');
    expect(f.message).toContain('role DeployRole');
    expect(f.location.pointer).toMatch(/\/token\.actions\.githubusercontent\.com:sub\/1$/);
  });

  it('a GitHub sub list whose every value stays inside one repository is not FL213', () => {
    expect(ids(scan(github('StringLike', ['repo:acme/api:ref:refs/heads/*', 'repo:acme/web:environment:production'])))).toEqual([]);
  });
});

describe('Both branches of Fn::If', () => {
  const HEADER = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
`;
  const withHeader = (resources: string) => yaml(HEADER + resources);

  it('an unsafe false branch is reported at that branch, saying which condition selects it', () => {
    const findings = scan(
      withHeader(`  SwitchRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !If
                - IsProd
                - !Sub "arn:aws:iam::\${AWS::AccountId}:role/ops"
                - "*"
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL101 20']);
    const f = only(findings, 'FL101');
    expect(f.when).toEqual([{ condition: 'IsProd', value: false }]);
    expect(f.message.endsWith('(when condition IsProd is false)')).toBe(true);
    expect(f.message).toContain('role SwitchRole can be assumed by any principal');
  });

  it('an unsafe true branch (short form on one line) is reported with its column and `when: true`', () => {
    const findings = scan(
      withHeader(`  SwitchRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !If [IsProd, "*", !Sub "arn:aws:iam::\${AWS::AccountId}:role/ops"]
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL101 17']);
    const f = only(findings, 'FL101');
    expect(f.location.range).toMatchObject({ line: 17, column: 33 });
    expect(f.when).toEqual([{ condition: 'IsProd', value: true }]);
    expect(f.message.endsWith('(when condition IsProd is true)')).toBe(true);
  });

  it('a Condition block that only one branch keeps: the branch without it is public', () => {
    const findings = scan(
      withHeader(`  OrgRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
            Condition: !If
              - IsProd
              - StringEquals:
                  aws:PrincipalOrgID: o-a1b2c3d4e5
              - !Ref AWS::NoValue
`),
    );
    expect(ids(findings)).toEqual(['FL101 17']);
    expect(only(findings, 'FL101').when).toEqual([{ condition: 'IsProd', value: false }]);
    expect(only(findings, 'FL101').message.endsWith('(when condition IsProd is false)')).toBe(true);
  });

  it('a whole statement under Fn::If: the external trust holds only when the condition is true', () => {
    const findings = scan(
      withHeader(`  PartnerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - !If
            - IsProd
            - Effect: Allow
              Principal:
                AWS: arn:aws:iam::777788889999:root
              Action: sts:AssumeRole
            - !Ref AWS::NoValue
`),
    );
    expect(ids(findings)).toEqual(['FL102 19', 'FL103 19']);
    for (const f of findings) {
      expect(f.when).toEqual([{ condition: 'IsProd', value: true }]);
      expect(f.message.endsWith('(when condition IsProd is true)')).toBe(true);
    }
  });

  it('unsafe in both branches: one finding, with no `when` (it holds whatever the condition)', () => {
    const findings = scan(
      withHeader(`  BothRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
            Condition: !If
              - IsProd
              - StringEquals:
                  sts:ExternalId: prod-id
              - !Ref AWS::NoValue
`),
    );
    expect(ids(findings)).toEqual(['FL101 17']);
    expect(only(findings, 'FL101').when).toEqual([]);
    expect(only(findings, 'FL101').message).not.toContain('(when');
  });

  it('safe in both branches: nothing', () => {
    const findings = scan(
      withHeader(`  ServiceRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: !If [IsProd, lambda.amazonaws.com, ecs-tasks.amazonaws.com]
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual([]);
  });

  it('a resource Condition and an Fn::If branch combine: the finding names both', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Shared: !Equals [!Ref Env, shared]
Resources:
  GuardedRole:
    Type: AWS::IAM::Role
    Condition: Shared
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !If [IsProd, !Sub "arn:aws:iam::\${AWS::AccountId}:root", "*"]
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL101 18']);
    const f = only(findings, 'FL101');
    expect(f.when).toHaveLength(2);
    expect(f.when).toEqual(expect.arrayContaining([{ condition: 'IsProd', value: false }, { condition: 'Shared', value: true }]));
    expect(f.message).toContain('condition IsProd is false');
    expect(f.message).toContain('condition Shared is true');
  });
});

describe('Unresolved is not safe', () => {
  it('a principal `!GetAtt Missing.Arn` is FL005, and is not judged as if it were a literal (no FL101/FL102/FL103)', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  MissingRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !GetAtt Missing.Arn
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL005 11']);
    const f = only(findings, 'FL005');
    expect(f.message).toContain('Role MissingRole trusts a principal the scan cannot resolve');
    expect(f.message).toContain('Fn::GetAtt Missing.Arn: no resource Missing in this template');
  });

  it('an unresolved principal next to "*" does not hide the "*": FL005 and FL101, each at its own value', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  MixedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !GetAtt Missing.Arn
                - "*"
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL005 12', 'FL101 13']);
  });

  it('a `Federated: !Ref` of a missing provider is FL005, not a pass and not an OIDC finding on a guessed provider', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  CiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Ref GitHubProvider
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
                token.actions.githubusercontent.com:sub: repo:acme/api:ref:refs/heads/main
`),
    );
    expect(ids(findings)).toEqual(['FL005 11']);
    expect(only(findings, 'FL005').message).toContain('Ref GitHubProvider: no parameter or resource GitHubProvider in this template');
  });

  it('a SAML provider ARN no scanned file defines is FL005 until knownProviders lists it (or a scanned file defines it)', () => {
    const text = yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SamlRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::111122223333:saml-provider/Okta
            Action: sts:AssumeRoleWithSAML
            Condition:
              StringEquals:
                SAML:aud: https://signin.aws.amazon.com/saml
`);
    const findings = scan(text);
    expect(ids(findings)).toEqual(['FL005 11']);
    expect(only(findings, 'FL005').message).toContain('SAML provider `arn:aws:iam::111122223333:saml-provider/Okta`, which no scanned file defines');
    expect(ids(scan(text, { knownProviders: ['arn:aws:iam::111122223333:saml-provider/Okta'] }))).toEqual([]);
    const provider = {
      file: 'idp.yaml',
      text: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Okta:
    Type: AWS::IAM::SAMLProvider
    Properties:
      Name: Okta
      SamlMetadataDocument: "<EntityDescriptor/>"
`,
    };
    expect(ids(scan([text, provider]))).toEqual([]);
  });

  it('a parameter without a default is decided at deployment: FL005 says so, and FL101/FL102 do not judge it as a literal', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TrustedPrincipal:
    Type: String
Resources:
  ParamRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref TrustedPrincipal
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL005 14']);
    expect(findings[0].message).toContain('decided only at deployment (parameter TrustedPrincipal has no default)');
  });

  it('a parameter default is the value the stack deploys with, and is judged as such', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  PartnerAccount:
    Type: String
    Default: "777788889999"
Resources:
  PartnerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::\${PartnerAccount}:root"
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL102 15', 'FL103 15']);
    expect(only(findings, 'FL102').message).toContain('external account 777788889999 (arn:aws:iam::777788889999:root)');
  });
});

describe('Deny is not a grant', () => {
  it('Deny statements with "*", an external account or a federated principal grant nothing in a trust policy', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
          - Sid: DenyEveryoneElse
            Effect: Deny
            Principal:
              AWS: "*"
            Action: sts:*
          - Sid: DenyPartner
            Effect: Deny
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: sts:AssumeRole
          - Sid: DenyGoogle
            Effect: Deny
            Principal:
              Federated: accounts.google.com
            Action: sts:AssumeRoleWithWebIdentity
`),
    );
    // No FL101 (public), FL102/FL103 (external), FL105 (sts:*), FL212/FL218 (web identity): a Deny only takes away.
    expect(ids(findings)).toEqual([]);
  });

  it('the same statements as Allow are reported: the Deny case is not silent for want of detection', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Everyone
            Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:*
          - Sid: Partner
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL101 12', 'FL105 13', 'FL102 17', 'FL103 17']);
  });

  it('an identity policy that denies sts:AssumeRole, iam:PassRole and iam:UpdateAssumeRolePolicy on "*" is not FL303/FL304/FL305', () => {
    const policy = (effect: string) =>
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Guardrail:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: ${effect}
            Action:
              - sts:AssumeRole
              - iam:PassRole
              - iam:UpdateAssumeRolePolicy
            Resource: "*"
`);
    expect(ids(scan(policy('Deny')))).toEqual([]);
    expect(ids(scan(policy('Allow')))).toEqual(['FL303 14', 'FL304 14', 'FL305 14']);
  });

  it('Deny with NotPrincipal is not FL104 (which is about Allow), though IAM still refuses NotPrincipal in a trust policy (FL002)', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
          - Effect: Deny
            NotPrincipal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
`),
    );
    expect(ids(findings)).toEqual(['FL002 14']);
    expect(only(findings, 'FL002').messageId).toBe('notPrincipalInTrust');
  });
});

describe('Trust policies are not identity policies', () => {
  it('a trust policy without Resource is well-formed: no FL002, while the role\'s identity policy needs and has one', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: "*"
`),
    );
    expect(ids(findings)).toEqual([]);
  });

  it('a trust policy WITH Resource is FL002, at the Resource key', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
            Resource: "*"
`),
    );
    expect(ids(findings)).toEqual(['FL002 13']);
    const f = only(findings, 'FL002');
    expect(f.messageId).toBe('resourceInTrust');
    expect(f.message).toContain('The trust policy of role WorkerRole: statement #1 has `Resource`');
  });

  it('a standalone JSON trust policy: no Resource is fine, a Resource is FL002', () => {
    const trust = (extra: string) => ({
      file: 'trust.json',
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ec2.amazonaws.com" },
      "Action": "sts:AssumeRole"${extra}
    }
  ]
}
`,
    });
    expect(ids(scan(trust('')))).toEqual([]);
    const findings = scan(trust(',\n      "Resource": "*"'));
    expect(ids(findings)).toEqual(['FL002 8']);
    expect(only(findings, 'FL002').messageId).toBe('resourceInTrust');
  });

  it('the other way round: an identity policy needs Resource and must not have Principal', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  NoResource:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
  WithPrincipal:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: s3:GetObject
            Resource: "*"
`),
    );
    expect(findings.map((f) => `${f.ruleId} ${f.location.range.line} ${f.messageId}`)).toEqual(['FL002 9 resourceMissing', 'FL002 18 principalInIdentity']);
  });
});

describe('ExternalId and MFA answer different threats', () => {
  it('an external account with MFA but no ExternalId is still FL103, and the message does not claim MFA solves it', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  PartnerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: "true"
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
`),
    );
    expect(ids(findings)).toEqual(['FL102 11', 'FL103 11']);
    const f = only(findings, 'FL103');
    expect(f.messageId).toBe('mfaIsNotExternalId');
    expect(f.message).toContain('role PartnerRole lets external account 777788889999');
    expect(f.message).toContain('with an MFA condition but no positive sts:ExternalId condition');
    expect(f.message).toContain('MFA stops stolen long-term keys, not a third party acting for the wrong customer (confused deputy)');
    expect(f.message).not.toMatch(/MFA (is|as) (enough|sufficient|a substitute)|MFA (prevents|stops) the confused deputy/i);
  });

  it('an external account with a positive ExternalId is not FL103 (only FL102, the account is still unknown)', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: acme-7f3c2a
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
`),
    );
    expect(ids(findings)).toEqual(['FL102 11']);
  });

  it('a sensitive role with ExternalId but no MFA for the users of its own account is FL401, and ExternalId is not offered as MFA', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: ops-2024
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
`),
    );
    // Own account: no FL102/FL103 (ExternalId is for third parties); FL306 is the low-severity root-trust note.
    expect(ids(findings)).toEqual(['FL306 11', 'FL401 11']);
    const f = only(findings, 'FL401');
    expect(f.messageId).toBe('noMfa');
    expect(f.message).toContain('role AdminRole is sensitive (AWS managed policy AdministratorAccess grants * on all resources)');
    expect(f.message).toContain('the IAM users of this account can assume it without MFA');
    expect(f.message).not.toContain('ExternalId');
  });

  it('the same role requiring MFA (Bool, with an age bound) is not FL401 nor FL403, and needs no ExternalId', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: "true"
              NumericLessThan:
                aws:MultiFactorAuthAge: "3600"
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
`),
    );
    expect(ids(findings)).toEqual(['FL306 11']);
  });

  it('a sensitive vendor role with only an IfExists ExternalId and no MFA: both threats reported, each by its own rule', () => {
    const findings = scan(
      yaml(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  VendorAdmin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::777788889999:root
            Action: sts:AssumeRole
            Condition:
              StringEqualsIfExists:
                sts:ExternalId: acme-7f3c2a
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
`),
    );
    // FL601 on the role itself: an account outside the configuration reaches a sensitive role (here directly).
    expect(ids(findings)).toEqual(['FL601 3', 'FL102 11', 'FL103 11', 'FL401 11']);
    expect(only(findings, 'FL601').message).toContain('account 777788889999 (directly)');
    expect(only(findings, 'FL103').messageId).toBe('missingExternalId');
    expect(only(findings, 'FL401').message).toContain('the IAM users of account 777788889999 can assume it without MFA');
    expect(only(findings, 'FL401').message).not.toContain('ExternalId');
  });
});
