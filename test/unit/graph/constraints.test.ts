import { describe, expect, it } from 'vitest';
import { describeConstraint, edgeConstraint, statementConstraint } from '../../../src/graph/constraints.js';
import { type ConditionEntry, type Statement, Unknown } from '../../../src/model/index.js';

const ref = { file: 'trust.json', pointer: '', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } };
const cond = (operator: string, key: string, ...values: Array<string | Unknown>): ConditionEntry => ({
  operator,
  key,
  values: values.map((value) => ({ value, rawType: 'string', source: ref })),
  source: ref,
  keySource: ref,
});
const stmt = (...conditions: ConditionEntry[]): Statement => ({ index: 0, raw: {}, locate: () => ref, source: ref, when: [], effect: 'Allow', conditions });
const one = (...conditions: ConditionEntry[]) => edgeConstraint([stmt(...conditions)]);

describe('edgeConstraint: MFA (sts-semantics.md §3)', () => {
  it('Bool true with an age bound gives the bound; both entries are stated by `mfa`', () => {
    const c = one(cond('Bool', 'aws:MultiFactorAuthPresent', 'true'), cond('NumericLessThan', 'aws:MultiFactorAuthAge', '3600'));
    expect(c).toEqual({ mfa: { maxAgeSeconds: 3600 } });
    expect(describeConstraint(c)).toEqual(['MFA (at most 3600 s old)']);
  });

  it('takes the largest value of an entry (OR) and the smallest entry (AND)', () => {
    const c = one(cond('NumericLessThanEquals', 'aws:multifactorauthage', '900', '1800'), cond('NumericLessThan', 'aws:MultiFactorAuthAge', '3600'));
    expect(c.mfa).toEqual({ maxAgeSeconds: 1800 });
  });

  it('BoolIfExists true is no MFA requirement: long-term keys pass (§3.2)', () => {
    const c = one(cond('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'));
    expect(c).toEqual({ other: ['BoolIfExists aws:MultiFactorAuthPresent'] });
    expect(describeConstraint(c)).toEqual(['BoolIfExists aws:MultiFactorAuthPresent']);
  });

  it('an IfExists age bound neither requires MFA nor bounds its age', () => {
    expect(one(cond('Bool', 'aws:MultiFactorAuthPresent', 'true'), cond('NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '600'))).toEqual({
      mfa: {},
      other: ['NumericLessThanIfExists aws:MultiFactorAuthAge'],
    });
  });

  it('an unresolved MFA value is no requirement; an unresolved age bound requires MFA but bounds nothing', () => {
    expect(one(cond('Bool', 'aws:MultiFactorAuthPresent', new Unknown('parameter RequireMfa')))).toEqual({ other: ['Bool aws:MultiFactorAuthPresent'] });
    expect(one(cond('NumericLessThan', 'aws:MultiFactorAuthAge', new Unknown('parameter MaxAge')))).toEqual({
      mfa: {},
      other: ['NumericLessThan aws:MultiFactorAuthAge'],
    });
  });

  it('Null age false requires MFA with no bound', () => {
    const c = one(cond('Null', 'aws:MultiFactorAuthAge', 'false'));
    expect(c).toEqual({ mfa: {} });
    expect(describeConstraint(c)).toEqual(['MFA']);
  });
});

describe('edgeConstraint: caller pins (§2.6, §2.7)', () => {
  it('ExternalId', () => {
    const c = one(cond('StringEquals', 'sts:ExternalId', 'abc'));
    expect(c).toEqual({ externalId: ['abc'] });
    expect(describeConstraint(c)).toEqual(['ExternalId = abc']);
  });

  it('a negated or IfExists ExternalId pins nothing', () => {
    expect(one(cond('StringNotEquals', 'sts:ExternalId', 'abc'))).toEqual({ other: ['StringNotEquals sts:ExternalId'] });
    expect(one(cond('StringEqualsIfExists', 'sts:ExternalId', 'abc'))).toEqual({ other: ['StringEqualsIfExists sts:ExternalId'] });
  });

  it('organisation and organisation paths, principal and source forms', () => {
    const c = one(
      cond('StringEquals', 'aws:PrincipalOrgID', 'o-123'),
      cond('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-123/r-ab12/ou-ab12-11111111/*'),
      cond('StringEquals', 'aws:SourceOrgID', 'o-456'),
    );
    expect(c).toEqual({ organizations: ['o-123', 'o-456'], orgPaths: ['o-123/r-ab12/ou-ab12-11111111/*'] });
    expect(describeConstraint(c)).toEqual(['org o-123 or o-456', 'org path o-123/r-ab12/ou-ab12-11111111/*']);
  });

  it('ForAllValues on org paths is true when the key is absent (§9.2): not a pin', () => {
    expect(one(cond('ForAllValues:StringLike', 'aws:PrincipalOrgPaths', 'o-123/*'))).toEqual({ other: ['ForAllValues:StringLike aws:PrincipalOrgPaths'] });
  });

  it('accounts from aws:PrincipalAccount and aws:SourceAccount, keys in any case', () => {
    const c = one(cond('StringEquals', 'aws:principalaccount', '111122223333'), cond('StringEquals', 'aws:SourceAccount', '444455556666'));
    expect(c).toEqual({ accounts: ['111122223333', '444455556666'] });
    expect(describeConstraint(c)).toEqual(['account 111122223333 or 444455556666']);
  });

  it('principal and source ARNs', () => {
    const c = one(cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/ci-*'), cond('ArnEquals', 'aws:SourceArn', 'arn:aws:s3:::logs'));
    expect(c).toEqual({ principalArns: ['arn:aws:iam::111122223333:role/ci-*'], sourceArns: ['arn:aws:s3:::logs'] });
    expect(describeConstraint(c)).toEqual(['principal arn:aws:iam::111122223333:role/ci-*', 'source arn:aws:s3:::logs']);
  });

  it('an ArnNotLike principal ARN excludes, it does not pin', () => {
    expect(one(cond('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/evil'))).toEqual({ other: ['ArnNotLike aws:PrincipalArn'] });
  });

  it('unknown values show their known part, or ?', () => {
    const c = one(
      cond('StringEquals', 'aws:PrincipalAccount', new Unknown('Fn::ImportValue PartnerAccount')),
      cond('ArnEquals', 'aws:PrincipalArn', new Unknown('parameter Env', 'arn:aws:iam::111122223333:role/deploy-?')),
    );
    expect(c).toEqual({ accounts: ['?'], principalArns: ['arn:aws:iam::111122223333:role/deploy-?'] });
    expect(describeConstraint(c)).toEqual(['account ?', 'principal arn:aws:iam::111122223333:role/deploy-?']);
  });
});

describe('edgeConstraint: federation (§4.3, §5.2)', () => {
  it('SAML audience, also under IfExists: every assertion has a Recipient', () => {
    const c = one(cond('StringEquals', 'SAML:aud', 'https://signin.aws.amazon.com/saml'));
    expect(c).toEqual({ samlAudience: ['https://signin.aws.amazon.com/saml'] });
    expect(describeConstraint(c)).toEqual(['SAML:aud https://signin.aws.amazon.com/saml']);
    expect(one(cond('StringEqualsIfExists', 'saml:aud', 'https://signin.aws.amazon.com/saml'))).toEqual({ samlAudience: ['https://signin.aws.amazon.com/saml'] });
  });

  it('OIDC audience and subject with provider, claim and operator', () => {
    const c = one(
      cond('StringEquals', 'token.actions.githubusercontent.com:aud', 'sts.amazonaws.com'),
      cond('StringLike', 'token.actions.githubusercontent.com:sub', 'repo:acme/app:ref:refs/heads/main'),
    );
    expect(c).toEqual({
      oidc: [
        { provider: 'token.actions.githubusercontent.com', claim: 'aud', operator: 'StringEquals', values: ['sts.amazonaws.com'] },
        { provider: 'token.actions.githubusercontent.com', claim: 'sub', operator: 'StringLike', values: ['repo:acme/app:ref:refs/heads/main'] },
      ],
    });
    expect(describeConstraint(c)).toEqual(['aud sts.amazonaws.com', 'sub repo:acme/app:ref:refs/heads/main']);
  });

  it('keeps set-qualified and negated claim operators, shown with the operator', () => {
    const c = one(
      cond('StringEquals', 'cognito-identity.amazonaws.com:aud', 'us-east-1:11111111-2222-3333-4444-555555555555'),
      cond('ForAnyValue:StringLike', 'cognito-identity.amazonaws.com:AMR', 'authenticated'),
      cond('StringNotLike', 'token.actions.githubusercontent.com:sub', 'repo:acme/*:pull_request'),
    );
    expect(c.oidc?.map((o) => [o.provider, o.claim, o.operator])).toEqual([
      ['cognito-identity.amazonaws.com', 'aud', 'StringEquals'],
      ['cognito-identity.amazonaws.com', 'amr', 'ForAnyValue:StringLike'],
      ['token.actions.githubusercontent.com', 'sub', 'StringNotLike'],
    ]);
    expect(describeConstraint(c)).toEqual([
      'aud us-east-1:11111111-2222-3333-4444-555555555555',
      'amr ForAnyValue:StringLike authenticated',
      'sub StringNotLike repo:acme/*:pull_request',
    ]);
  });

  it('an unresolved subject keeps its known part', () => {
    const c = one(cond('StringLike', 'token.actions.githubusercontent.com:sub', new Unknown('parameter Repo', 'repo:acme/?:*')));
    expect(c.oidc?.[0].values).toEqual(['repo:acme/?:*']);
  });
});

describe('edgeConstraint: source identity, tags, other (§1.8, §1.9)', () => {
  it('source identity from sts:SourceIdentity and aws:SourceIdentity', () => {
    const c = one(cond('StringLike', 'sts:SourceIdentity', 'alice@example.com'), cond('StringEquals', 'aws:SourceIdentity', 'bob@example.com'));
    expect(c).toEqual({ sourceIdentity: ['alice@example.com', 'bob@example.com'] });
    expect(describeConstraint(c)).toEqual(['source identity alice@example.com or bob@example.com']);
  });

  it('principal and request tags with their operators', () => {
    const c = one(cond('StringEquals', 'aws:PrincipalTag/team', 'platform'), cond('StringNotEqualsIfExists', 'aws:RequestTag/env', 'prod'));
    expect(c).toEqual({
      tags: [
        { key: 'aws:PrincipalTag/team', operator: 'StringEquals', values: ['platform'] },
        { key: 'aws:RequestTag/env', operator: 'StringNotEqualsIfExists', values: ['prod'] },
      ],
    });
    expect(describeConstraint(c)).toEqual(['PrincipalTag/team = platform', 'RequestTag/env StringNotEqualsIfExists prod']);
  });

  it('anything else as "Operator key", once', () => {
    const c = one(cond('IpAddress', 'aws:SourceIp', '203.0.113.0/24'), cond('StringLike', 'sts:RoleSessionName', '${aws:username}'), cond('Null', 'aws:PrincipalOrgID', 'false'));
    expect(c).toEqual({ other: ['IpAddress aws:SourceIp', 'StringLike sts:RoleSessionName', 'Null aws:PrincipalOrgID'] });
  });

  it('no condition, no statement: an empty constraint; the session length alone', () => {
    expect(one()).toEqual({});
    expect(edgeConstraint([])).toEqual({});
    const c = edgeConstraint([], 5400);
    expect(c).toEqual({ maxSessionSeconds: 5400 });
    expect(describeConstraint(c)).toEqual(['session ≤ 1 h 30 min']);
    expect(describeConstraint(edgeConstraint([stmt(cond('StringEquals', 'sts:ExternalId', 'abc'))], 3600))).toEqual(['ExternalId = abc', 'session ≤ 1 h']);
  });
});

describe('edgeConstraint over several statements (alternatives, §9.5)', () => {
  it('keeps what every statement asks, with the union of pinned values and the loosest MFA age', () => {
    const a = stmt(cond('Bool', 'aws:MultiFactorAuthPresent', 'true'), cond('NumericLessThan', 'aws:MultiFactorAuthAge', '900'), cond('StringEquals', 'sts:ExternalId', 'a'), cond('StringEquals', 'aws:PrincipalOrgID', 'o-1'));
    const b = stmt(cond('NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600'), cond('StringEquals', 'sts:ExternalId', 'b'));
    const c = edgeConstraint([a, b], 3600);
    expect(c).toEqual({
      mfa: { maxAgeSeconds: 3600 },
      externalId: ['a', 'b'],
      maxSessionSeconds: 3600,
      alternatives: [statementConstraint(a), statementConstraint(b)],
    });
    expect(c.alternatives).toEqual([{ mfa: { maxAgeSeconds: 900 }, externalId: ['a'], organizations: ['o-1'] }, { mfa: { maxAgeSeconds: 3600 }, externalId: ['b'] }]);
    expect(describeConstraint(c)).toEqual([
      'MFA (at most 3600 s old)',
      'ExternalId = a or b',
      'any of: (MFA (at most 900 s old), ExternalId = a, org o-1) | (ExternalId = b)',
      'session ≤ 1 h',
    ]);
  });

  it('a statement without MFA makes the edge need none; BoolIfExists MFA in one statement is no requirement', () => {
    const c = edgeConstraint([stmt(cond('Bool', 'aws:MultiFactorAuthPresent', 'true')), stmt(cond('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'))]);
    expect(c.mfa).toBeUndefined();
    expect(describeConstraint(c)).toEqual(['any of: (MFA) | (BoolIfExists aws:MultiFactorAuthPresent)']);
  });

  it('OIDC entries: union under a positive operator, intersection under a negated one, dropped when not in every statement', () => {
    const sub = 'token.actions.githubusercontent.com:sub';
    const aud = 'token.actions.githubusercontent.com:aud';
    const c = edgeConstraint([
      stmt(cond('StringEquals', aud, 'sts.amazonaws.com'), cond('StringLike', sub, 'repo:acme/app:*'), cond('StringNotLike', sub, 'repo:acme/app:pull_request', 'repo:acme/app:environment:dev')),
      stmt(cond('StringLike', 'TOKEN.actions.githubusercontent.com:SUB', 'repo:acme/lib:*'), cond('StringNotLike', sub, 'repo:acme/app:pull_request')),
    ]);
    expect(c.oidc).toEqual([
      { provider: 'token.actions.githubusercontent.com', claim: 'sub', operator: 'StringLike', values: ['repo:acme/app:*', 'repo:acme/lib:*'] },
      { provider: 'token.actions.githubusercontent.com', claim: 'sub', operator: 'StringNotLike', values: ['repo:acme/app:pull_request'] },
    ]);
  });

  it('tags and other entries are kept only when every statement has them', () => {
    const c = edgeConstraint([
      stmt(cond('StringEquals', 'aws:PrincipalTag/team', 'a'), cond('IpAddress', 'aws:SourceIp', '10.0.0.0/8')),
      stmt(cond('StringEquals', 'aws:principaltag/TEAM', 'b'), cond('IpAddress', 'aws:SourceIp', '192.0.2.0/24'), cond('Bool', 'aws:SecureTransport', 'true')),
    ]);
    expect(c.tags).toEqual([{ key: 'aws:PrincipalTag/team', operator: 'StringEquals', values: ['a', 'b'] }]);
    expect(c.other).toEqual(['IpAddress aws:SourceIp']);
  });

  it('a statement with no condition makes the whole edge unconstrained', () => {
    const c = edgeConstraint([stmt(cond('StringEquals', 'sts:ExternalId', 'abc')), stmt()]);
    expect(c).toEqual({ alternatives: [{ externalId: ['abc'] }, {}] });
    expect(describeConstraint(c)).toEqual(['any of: (ExternalId = abc) | (nothing more)']);
  });
});
