import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnMatch, evaluateConditions, evaluateEntry, wildcardMatch, type PolicyVariables, type RequestContext } from '../../../src/graph/conditions.js';
import { Unknown, type ConditionEntry } from '../../../src/model/index.js';

const ref = { file: 'f', pointer: '', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } };
const cond = (operator: string, key: string, ...values: Array<string | Unknown>): ConditionEntry => ({
  operator,
  key,
  values: values.map((value) => ({ value, rawType: 'string', source: ref })),
  source: ref,
  keySource: ref,
});
const V2012: PolicyVariables = { version2012: true };
const KEY = 'test:Key';

/**
 * Every operator (sts-semantics.md §9.2): `hit` is a request value the positive form of the operator matches,
 * `miss` one it does not. Negated operators flip both; an absent key is false for positive and true for
 * negated operators; `…IfExists` is true on an absent key and otherwise behaves like the base operator.
 */
const OPERATORS: Array<{ op: string; negated?: true; policy: string[]; hit: string; miss: string }> = [
  { op: 'StringEquals', policy: ['prod'], hit: 'prod', miss: 'Prod' },
  { op: 'StringNotEquals', negated: true, policy: ['prod', 'stage'], hit: 'stage', miss: 'dev' },
  { op: 'StringEqualsIgnoreCase', policy: ['PROD'], hit: 'pRoD', miss: 'prod2' },
  { op: 'StringNotEqualsIgnoreCase', negated: true, policy: ['PROD'], hit: 'prod', miss: 'dev' },
  { op: 'StringLike', policy: ['repo:org/*:ref:refs/heads/main'], hit: 'repo:org/app:ref:refs/heads/main', miss: 'repo:evil/app:ref:refs/heads/main' },
  { op: 'StringNotLike', negated: true, policy: ['repo:org/?pp:*'], hit: 'repo:org/app:pull_request', miss: 'repo:org/apps:x' },
  { op: 'NumericEquals', policy: ['3600'], hit: '3600.0', miss: '3599' },
  { op: 'NumericNotEquals', negated: true, policy: ['0'], hit: '0', miss: '1' },
  { op: 'NumericLessThan', policy: ['3600'], hit: '-5', miss: '3600' },
  { op: 'NumericLessThanEquals', policy: ['3600'], hit: '3600', miss: '3600.5' },
  { op: 'NumericGreaterThan', policy: ['10'], hit: '10.01', miss: '10' },
  { op: 'NumericGreaterThanEquals', policy: ['10'], hit: '10', miss: '9' },
  { op: 'DateEquals', policy: ['2020-01-01T00:00:00Z'], hit: '1577836800', miss: '2020-01-01T00:00:01Z' },
  { op: 'DateNotEquals', negated: true, policy: ['2020-01-01T00:00:00Z'], hit: '2020-01-01T01:00:00+01:00', miss: '2020-01-02' },
  { op: 'DateLessThan', policy: ['2020-01-01T00:00:00Z'], hit: '2019-12-31T23:59:59Z', miss: '2020-01-01T00:00:00Z' },
  { op: 'DateLessThanEquals', policy: ['2020-01-01'], hit: '2020-01-01T00:00:00Z', miss: '2020-01-01T00:00:00.001Z' },
  { op: 'DateGreaterThan', policy: ['2020-01-01T00:00:00Z'], hit: '2020-01-01T01:00:00+00:30', miss: '2019-06-01' },
  { op: 'DateGreaterThanEquals', policy: ['1577836800'], hit: '2020-01-01T00:00:00Z', miss: '1577836799' },
  { op: 'Bool', policy: ['true'], hit: 'true', miss: 'false' },
  { op: 'BinaryEquals', policy: ['QmluYXJ5VmFsdWVJbkJhc2U2NA=='], hit: 'QmluYXJ5VmFsdWVJbkJhc2U2NA', miss: 'QmluYXJ5' },
  { op: 'IpAddress', policy: ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], hit: '2001:db8:1234:5678:abcd::1', miss: '203.0.114.1' },
  { op: 'NotIpAddress', negated: true, policy: ['203.0.113.0/24'], hit: '203.0.113.77', miss: '198.51.100.1' },
  { op: 'ArnEquals', policy: ['arn:aws:iam::111122223333:role/*'], hit: 'arn:aws:iam::111122223333:role/ci', miss: 'arn:aws:iam::444455556666:role/ci' },
  { op: 'ArnLike', policy: ['arn:aws:iam::*:role/ci'], hit: 'arn:aws:iam::444455556666:role/ci', miss: 'arn:aws:iam::444455556666:role/CI' },
  { op: 'ArnNotEquals', negated: true, policy: ['arn:aws:sns:*:111122223333:topic'], hit: 'arn:aws:sns:us-east-1:111122223333:topic', miss: 'arn:aws:sns:us-east-1:111122223333:other' },
  { op: 'ArnNotLike', negated: true, policy: ['arn:aws:iam::111122223333:role/ci-?'], hit: 'arn:aws:iam::111122223333:role/ci-1', miss: 'arn:aws:iam::111122223333:role/ci-12' },
];

describe('every operator: match, non-match, absent key, IfExists (§9.2)', () => {
  for (const { op, negated, policy, hit, miss } of OPERATORS) {
    const entry = (operator: string) => cond(operator, KEY, ...policy);
    it(op, () => {
      expect(evaluateEntry(entry(op), { [KEY]: hit })).toBe(!negated);
      expect(evaluateEntry(entry(op), { [KEY]: miss })).toBe(!!negated);
      expect(evaluateEntry(entry(op), {})).toBe(!!negated);
      expect(evaluateEntry(entry(op), { 'other:Key': hit })).toBe(!!negated);
      expect(evaluateEntry(entry(`${op}IfExists`), {})).toBe(true);
      expect(evaluateEntry(entry(`${op}IfExists`), { [KEY]: hit })).toBe(!negated);
      expect(evaluateEntry(entry(`${op}IfExists`), { [KEY]: miss })).toBe(!!negated);
    });
  }

  it('Null: "true" = key absent, "false" = key present; no IfExists form', () => {
    expect(evaluateEntry(cond('Null', KEY, 'true'), {})).toBe(true);
    expect(evaluateEntry(cond('Null', KEY, 'true'), { [KEY]: 'x' })).toBe(false);
    expect(evaluateEntry(cond('Null', KEY, 'false'), { [KEY]: 'x' })).toBe(true);
    expect(evaluateEntry(cond('Null', KEY, 'false'), {})).toBe(false);
    expect(evaluateEntry(cond('Null', KEY, 'false'), { [KEY]: [] })).toBe(false);
    expect(evaluateEntry(cond('NullIfExists', KEY, 'true'), {})).toBe('unknown');
  });

  it('an unknown operator is unknown, even on an absent key', () => {
    expect(evaluateEntry(cond('StringEqualz', KEY, 'x'), { [KEY]: 'x' })).toBe('unknown');
    expect(evaluateEntry(cond('StringEqualz', KEY, 'x'), {})).toBe('unknown');
    expect(evaluateEntry(cond('ForAnyValue:Null', KEY, 'true'), {})).toBe('unknown');
  });
});

describe('multiple values and set qualifiers (§9.2)', () => {
  const TAGS = 'aws:TagKeys';
  it('policy values are OR-ed for positive operators and NOR-ed for negated ones', () => {
    expect(evaluateEntry(cond('StringEquals', KEY, 'a', 'b'), { [KEY]: 'b' })).toBe(true);
    expect(evaluateEntry(cond('StringNotEquals', KEY, 'a', 'b'), { [KEY]: 'b' })).toBe(false);
    expect(evaluateEntry(cond('StringNotEquals', KEY, 'a', 'b'), { [KEY]: 'c' })).toBe(true);
  });

  it('ForAllValues: every request value matches some policy value; true on an absent key or empty set', () => {
    const e = cond('ForAllValues:StringEquals', TAGS, 'team', 'env');
    expect(evaluateEntry(e, { [TAGS]: ['team'] })).toBe(true);
    expect(evaluateEntry(e, { [TAGS]: ['team', 'env'] })).toBe(true);
    expect(evaluateEntry(e, { [TAGS]: ['team', 'owner'] })).toBe(false);
    expect(evaluateEntry(e, {})).toBe(true);
    expect(evaluateEntry(e, { [TAGS]: [] })).toBe(true);
    expect(evaluateEntry(e, new Map([[TAGS, []]]))).toBe(true);
  });

  it('ForAnyValue: some request value matches; false on an absent key or empty set', () => {
    const e = cond('ForAnyValue:StringLike', TAGS, 'team', 'env*');
    expect(evaluateEntry(e, { [TAGS]: ['owner', 'environment'] })).toBe(true);
    expect(evaluateEntry(e, { [TAGS]: ['owner'] })).toBe(false);
    expect(evaluateEntry(e, {})).toBe(false);
    expect(evaluateEntry(e, { [TAGS]: [] })).toBe(false);
    // the qualifier decides on an absent key, also for negated operators
    expect(evaluateEntry(cond('ForAnyValue:StringNotEquals', TAGS, 'team'), {})).toBe(false);
    expect(evaluateEntry(cond('ForAnyValue:StringNotEquals', TAGS, 'team'), { [TAGS]: ['team', 'x'] })).toBe(true);
    expect(evaluateEntry(cond('ForAnyValue:StringEqualsIfExists', TAGS, 'team'), {})).toBe(true);
  });

  it('ForAllValues:StringNotLike — the AWS multi-valued example table', () => {
    const e = cond('ForAllValues:StringNotLike', TAGS, 'key1*');
    expect(evaluateEntry(e, { [TAGS]: ['key1:legal'] })).toBe(false);
    expect(evaluateEntry(e, { [TAGS]: ['key1:hr', 'key1:personnel'] })).toBe(false);
    expect(evaluateEntry(e, { [TAGS]: ['key2:audit'] })).toBe(true);
    expect(evaluateEntry(e, {})).toBe(true);
  });

  it('qualifiers are matched in any case', () => {
    expect(evaluateEntry(cond('forallvalues:stringequals', TAGS, 'a'), { [TAGS]: ['b'] })).toBe(false);
    expect(evaluateEntry(cond('FORANYVALUE:StringEquals', TAGS, 'a'), { [TAGS]: ['b', 'a'] })).toBe(true);
  });

  it('a multi-valued key without a qualifier: positive needs any request value, negated needs none to match', () => {
    expect(evaluateEntry(cond('StringEquals', KEY, 'a'), { [KEY]: ['x', 'a'] })).toBe(true);
    expect(evaluateEntry(cond('StringNotEquals', KEY, 'a'), { [KEY]: ['x', 'a'] })).toBe(false);
    expect(evaluateEntry(cond('StringNotEquals', KEY, 'a'), { [KEY]: ['x', 'y'] })).toBe(true);
  });
});

describe('negated operators on a missing key are true (§9.2)', () => {
  for (const op of ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike']) {
    it(op, () => {
      expect(evaluateEntry(cond(op, 'aws:PrincipalOrgID', 'o-abc'), { 'aws:PrincipalAccount': '111122223333' })).toBe(true);
      expect(evaluateEntry(cond(`${op}IfExists`, 'aws:PrincipalOrgID', 'o-abc'), {})).toBe(true);
    });
  }
});

describe('case rules (§9.4)', () => {
  it('condition keys are case-insensitive, in the policy and in the context', () => {
    expect(evaluateEntry(cond('IpAddress', 'AWS:SourceIP', '10.0.0.0/8'), { 'aws:sourceip': '10.1.2.3' })).toBe(true);
    expect(evaluateEntry(cond('StringEquals', 'aws:PrincipalTag/Team', 'ops'), new Map([['AWS:PRINCIPALTAG/TEAM', ['ops']]]))).toBe(true);
    expect(evaluateEntry(cond('Null', 'aws:principaltag/team', 'true'), { 'AWS:PrincipalTag/Team': 'ops' })).toBe(false);
  });

  it('StringEquals and Like are case-sensitive; IgnoreCase is not; StringEquals treats * literally', () => {
    expect(evaluateEntry(cond('StringEquals', KEY, 'Admin'), { [KEY]: 'admin' })).toBe(false);
    expect(evaluateEntry(cond('StringLike', KEY, 'Adm*'), { [KEY]: 'admin' })).toBe(false);
    expect(evaluateEntry(cond('StringEqualsIgnoreCase', KEY, 'Admin'), { [KEY]: 'ADMIN' })).toBe(true);
    expect(evaluateEntry(cond('StringNotEqualsIgnoreCase', KEY, 'Admin'), { [KEY]: 'ADMIN' })).toBe(false);
    expect(evaluateEntry(cond('StringEquals', KEY, '*'), { [KEY]: 'anything' })).toBe(false);
    expect(evaluateEntry(cond('StringEquals', KEY, '*'), { [KEY]: '*' })).toBe(true);
    expect(evaluateEntry(cond('StringEqualsIgnoreCase', KEY, 'a?c'), { [KEY]: 'abc' })).toBe(false);
    expect(evaluateEntry(cond('StringLike', KEY, '*'), { [KEY]: '' })).toBe(true);
  });

  it('ARN operators are case-sensitive', () => {
    expect(evaluateEntry(cond('ArnEquals', KEY, 'arn:aws:iam::111122223333:role/CI'), { [KEY]: 'arn:aws:iam::111122223333:role/ci' })).toBe(false);
  });
});

describe('Bool with "true"/"false" strings', () => {
  it('compares the boolean strings', () => {
    expect(evaluateEntry(cond('Bool', 'aws:SecureTransport', 'false'), { 'aws:SecureTransport': 'false' })).toBe(true);
    expect(evaluateEntry(cond('Bool', 'aws:SecureTransport', 'false'), { 'aws:SecureTransport': 'true' })).toBe(false);
    expect(evaluateEntry(cond('Bool', 'aws:SecureTransport', 'TRUE'), { 'aws:SecureTransport': 'true' })).toBe(true);
    expect(evaluateEntry(cond('Bool', 'aws:SecureTransport', 'yes'), { 'aws:SecureTransport': 'true' })).toBe(false);
    expect(evaluateEntry(cond('Bool', 'aws:SecureTransport', 'true', 'false'), { 'aws:SecureTransport': 'false' })).toBe(true);
  });
});

describe('MFA operator pitfalls (§3.2)', () => {
  const MFA = 'aws:MultiFactorAuthPresent';
  const longTermKeys: RequestContext = {}; // §3.1: the key is absent
  const tempNoMfa: RequestContext = { [MFA]: 'false' };
  const mfaSession: RequestContext = { [MFA]: 'true', 'aws:MultiFactorAuthAge': '120' };

  it('Deny + Bool false does not match long-term keys (key absent → false); BoolIfExists does', () => {
    expect(evaluateEntry(cond('Bool', MFA, 'false'), longTermKeys)).toBe(false);
    expect(evaluateEntry(cond('BoolIfExists', MFA, 'false'), longTermKeys)).toBe(true);
    expect(evaluateEntry(cond('Bool', MFA, 'false'), tempNoMfa)).toBe(true);
    expect(evaluateEntry(cond('BoolIfExists', MFA, 'false'), tempNoMfa)).toBe(true);
    expect(evaluateEntry(cond('BoolIfExists', MFA, 'false'), mfaSession)).toBe(false);
  });

  it('Deny + Null true matches long-term keys but not temporary credentials without MFA', () => {
    expect(evaluateEntry(cond('Null', MFA, 'true'), longTermKeys)).toBe(true);
    expect(evaluateEntry(cond('Null', MFA, 'true'), tempNoMfa)).toBe(false);
  });

  it('Allow + BoolIfExists true lets long-term keys through; Bool true does not', () => {
    expect(evaluateEntry(cond('BoolIfExists', MFA, 'true'), longTermKeys)).toBe(true);
    expect(evaluateEntry(cond('Bool', MFA, 'true'), longTermKeys)).toBe(false);
    expect(evaluateEntry(cond('Bool', MFA, 'true'), mfaSession)).toBe(true);
  });

  it('Allow + Null false allows any temporary credentials regardless of MFA', () => {
    expect(evaluateEntry(cond('Null', MFA, 'false'), tempNoMfa)).toBe(true);
    expect(evaluateEntry(cond('Null', MFA, 'false'), longTermKeys)).toBe(false);
  });

  it('the recommended trust pattern: Bool true AND MultiFactorAuthAge < 3600', () => {
    const block = [cond('Bool', MFA, 'true'), cond('NumericLessThan', 'aws:MultiFactorAuthAge', '3600')];
    expect(evaluateConditions(block, mfaSession)).toBe(true);
    expect(evaluateConditions(block, { ...mfaSession, 'aws:MultiFactorAuthAge': '4000' })).toBe(false);
    expect(evaluateConditions(block, { [MFA]: 'true' })).toBe(false);
    expect(evaluateConditions(block, longTermKeys)).toBe(false);
  });
});

describe('ARN part matching (§9.2)', () => {
  it('a * does not cross the colon between parts (the AWS ArnLike vs StringLike example)', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(arnMatch(pattern, value)).toBe(false);
    expect(wildcardMatch(pattern, value)).toBe(true);
    expect(evaluateEntry(cond('ArnLike', 'aws:SourceArn', pattern), { 'aws:SourceArn': value })).toBe(false);
    expect(evaluateEntry(cond('StringLike', 'aws:SourceArn', pattern), { 'aws:SourceArn': value })).toBe(true);
  });

  it('matches each of the six parts, the resource part being the rest (colons included)', () => {
    expect(arnMatch('arn:aws:iam::*:role/ci', 'arn:aws:iam::111122223333:role/ci')).toBe(true);
    expect(arnMatch('arn:aws:iam::11112222333?:root', 'arn:aws:iam::111122223333:root')).toBe(true);
    expect(arnMatch('arn:aws:iam::*:*', 'arn:aws:iam::111122223333:role/a:b')).toBe(true);
    expect(arnMatch('arn:aws:logs:us-east-1:1:log-group:app:*', 'arn:aws:logs:us-east-1:1:log-group:app:log-stream:x')).toBe(true);
    expect(arnMatch('arn:aws:iam::*', 'arn:aws:iam::111122223333:root')).toBe(false); // five parts: never an ARN pattern
    expect(arnMatch('*', 'arn:aws:iam::111122223333:root')).toBe(false);
    expect(arnMatch('arn:aws:iam::*:root', 'not-an-arn')).toBe(false);
    expect(arnMatch('arn:*:iam::*:root', 'arn:aws-cn:iam::111122223333:root')).toBe(true);
    expect(arnMatch('arn:aws:iam::*:root', 'arn:aws:sts::111122223333:root')).toBe(false);
  });
});

describe('IP addresses', () => {
  const ip = (policy: string, request: string) => evaluateEntry(cond('IpAddress', 'aws:SourceIp', policy), { 'aws:SourceIp': request });
  it('IPv6 CIDR, compressed and mixed-case forms, embedded IPv4', () => {
    expect(ip('2001:DB8:1234:5678::/64', '2001:0db8:1234:5678:0000:0000:0000:0001')).toBe(true);
    expect(ip('2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1')).toBe(false);
    expect(ip('2001:db8::/32', '2001:db8:ffff::')).toBe(true);
    expect(ip('::/0', '2001:db8::1')).toBe(true);
    expect(ip('::/0', '192.0.2.1')).toBe(false); // address families never mix
    expect(ip('::ffff:0:0/96', '::ffff:192.0.2.1')).toBe(true);
    expect(ip('2001:db8::1', '2001:db8::1')).toBe(true); // no prefix = /128
    expect(ip('2001:db8::1', '2001:db8::2')).toBe(false);
    expect(ip('fe80::/10', 'fe80::1%eth0')).toBe(false);
    expect(ip('2001:db8::/129', '2001:db8::1')).toBe(false);
    expect(ip('1:2:3:4:5:6:7:8:9/64', '1:2:3:4::')).toBe(false);
  });
  it('IPv4 CIDR', () => {
    expect(ip('0.0.0.0/0', '198.51.100.7')).toBe(true);
    expect(ip('10.0.0.1/8', '10.200.0.1')).toBe(true); // host bits in the policy are masked
    expect(ip('192.0.2.1', '192.0.2.1')).toBe(true); // no prefix = /32
    expect(ip('192.0.2.1', '192.0.2.2')).toBe(false);
    expect(ip('192.0.2.0/24', '192.0.2.256')).toBe(false);
    expect(ip('192.0.2.0/24', '192.0.2.0/24')).toBe(false); // the request is an address, not a range
    expect(evaluateEntry(cond('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8'), { 'aws:SourceIp': '2001:db8::1' })).toBe(true);
  });
});

describe('dates (ISO 8601 and epoch seconds)', () => {
  const date = (op: string, policy: string, request: string) => evaluateEntry(cond(op, 'aws:CurrentTime', policy), { 'aws:CurrentTime': request });
  it('compares instants across formats and zones', () => {
    expect(date('DateEquals', '2020-01-01T00:00:00Z', '2020-01-01')).toBe(true);
    expect(date('DateEquals', '2020-01-01T00:00:00Z', '2019-12-31T19:00:00-05:00')).toBe(true);
    expect(date('DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T05:30:00+0530')).toBe(true);
    expect(date('DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00')).toBe(true);
    expect(date('DateEquals', '2020-01-01T00:00:00.250Z', '1577836800')).toBe(false);
    expect(date('DateLessThan', '2020-01-01T00:00:00.250Z', '1577836800')).toBe(true);
    expect(date('DateEquals', '2020-02', '2020-02-01T00:00:00Z')).toBe(true);
    expect(date('DateGreaterThan', '1577836800', '1577836801')).toBe(true);
  });
  it('a value that is not a date never matches', () => {
    expect(date('DateLessThan', '2020-01-01T00:00:00Z', 'yesterday')).toBe(false);
    expect(date('DateLessThan', 'January 1, 2030', '2020-01-01T00:00:00Z')).toBe(false);
    expect(date('DateEquals', '2020-13-01', '2020-13-01')).toBe(false);
    expect(date('DateNotEquals', '2020-01-01', 'garbage')).toBe(true);
  });
  it('numbers that do not parse never match', () => {
    expect(evaluateEntry(cond('NumericLessThan', KEY, '10'), { [KEY]: 'ten' })).toBe(false);
    expect(evaluateEntry(cond('NumericLessThan', KEY, '1e3'), { [KEY]: '5' })).toBe(false);
  });
});

describe('policy variables (§9.1, §2.6)', () => {
  const PREFIX = 's3:prefix';
  it('substitutes ${aws:username} from the request context in Version 2012-10-17', () => {
    const e = cond('StringLike', PREFIX, 'home/${aws:username}/*');
    expect(evaluateEntry(e, { 'aws:username': 'alice', [PREFIX]: 'home/alice/docs' }, V2012)).toBe(true);
    expect(evaluateEntry(e, { 'aws:username': 'alice', [PREFIX]: 'home/bob/docs' }, V2012)).toBe(false);
  });

  it('takes variable values from vars first, keys in any case', () => {
    const e = cond('StringEquals', 'aws:RequestTag/team', '${AWS:PrincipalTag/Team}');
    const vars: PolicyVariables = { version2012: true, values: { 'aws:principaltag/team': 'ops' } };
    expect(evaluateEntry(e, { 'aws:RequestTag/team': 'ops', 'aws:PrincipalTag/team': 'dev' }, vars)).toBe(true);
    expect(evaluateEntry(e, { 'aws:RequestTag/team': 'dev', 'aws:PrincipalTag/team': 'dev' }, vars)).toBe(false);
  });

  it('leaves variables as literal text without Version 2012-10-17', () => {
    const e = cond('StringEquals', KEY, '${aws:username}');
    const v2008: PolicyVariables = { version2012: false };
    expect(evaluateEntry(e, { [KEY]: '${aws:username}', 'aws:username': 'alice' }, v2008)).toBe(true);
    expect(evaluateEntry(e, { [KEY]: 'alice', 'aws:username': 'alice' }, v2008)).toBe(false);
    // …where `*` in `${*}` is then a wildcard under StringLike
    expect(evaluateEntry(cond('StringLike', KEY, 'a${*}'), { [KEY]: 'a${xyz}' }, v2008)).toBe(true);
  });

  it('is unknown when the policy Version was not given (unless decided anyway)', () => {
    const e = cond('StringEquals', KEY, '${aws:username}');
    expect(evaluateEntry(e, { [KEY]: 'alice', 'aws:username': 'alice' })).toBe('unknown');
    expect(evaluateEntry(e, {})).toBe(false);
    expect(evaluateEntry(cond('StringEquals', KEY, '${aws:username}', 'bob'), { [KEY]: 'bob' })).toBe(true);
  });

  it('escapes ${*}, ${?}, ${$} stand for literal characters', () => {
    const like = (policy: string, value: string) => evaluateEntry(cond('StringLike', KEY, policy), { [KEY]: value }, V2012);
    expect(like('a${*}b', 'a*b')).toBe(true);
    expect(like('a${*}b', 'axxb')).toBe(false);
    expect(like('a${?}b', 'a?b')).toBe(true);
    expect(like('a${?}b', 'axb')).toBe(false);
    expect(like('${$}*', '$100')).toBe(true);
    expect(evaluateEntry(cond('StringEquals', KEY, 'cost${$}${*}'), { [KEY]: 'cost$*' }, V2012)).toBe(true);
    expect(arnMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x')).toBe(true);
    expect(evaluateEntry(cond('ArnLike', KEY, 'arn:aws:s3:::b/${*}'), { [KEY]: 'arn:aws:s3:::b/x' }, V2012)).toBe(false);
    expect(evaluateEntry(cond('ArnLike', KEY, 'arn:aws:s3:::b/${*}'), { [KEY]: 'arn:aws:s3:::b/*' }, V2012)).toBe(true);
  });

  it('substituted text is literal, never a wildcard', () => {
    const e = cond('StringLike', KEY, '${aws:PrincipalTag/prefix}');
    expect(evaluateEntry(e, { [KEY]: 'abc', 'aws:PrincipalTag/prefix': 'a*' }, V2012)).toBe(false);
    expect(evaluateEntry(e, { [KEY]: 'a*', 'aws:PrincipalTag/prefix': 'a*' }, V2012)).toBe(true);
  });

  it('an absent (or multi-valued) variable uses its default, or never makes the entry true', () => {
    const ctx = { [KEY]: 'anonymous' };
    expect(evaluateEntry(cond('StringEquals', KEY, "${aws:userid, 'anonymous'}"), ctx, V2012)).toBe(true);
    expect(evaluateEntry(cond('StringEquals', KEY, "${aws:userid,'it''s'}"), { [KEY]: "it's" }, V2012)).toBe(true);
    expect(evaluateEntry(cond('StringEquals', KEY, '${aws:userid}'), ctx, V2012)).toBe(false);
    expect(evaluateEntry(cond('StringNotEquals', KEY, '${aws:userid}'), ctx, V2012)).toBe(false);
    expect(evaluateEntry(cond('StringEquals', KEY, '${aws:userid}', 'anonymous'), ctx, V2012)).toBe(true);
    expect(evaluateEntry(cond('StringEquals', KEY, '${aws:TagKeys}'), { [KEY]: 'a', 'aws:TagKeys': ['a', 'b'] }, V2012)).toBe(false);
  });

  it('§2.6: StringLike sts:RoleSessionName ${aws:username} — only IAM users can match', () => {
    const e = cond('StringLike', 'sts:RoleSessionName', '${aws:username}');
    expect(evaluateEntry(e, { 'sts:RoleSessionName': 'alice', 'aws:username': 'alice' }, V2012)).toBe(true);
    expect(evaluateEntry(e, { 'sts:RoleSessionName': 'alice' }, V2012)).toBe(false); // a role session has no aws:username
  });

  it('substitutes in ARN operators; not in Numeric, Date, IP, Binary or Null', () => {
    const arnEntry = cond('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:user/${aws:username}');
    expect(evaluateEntry(arnEntry, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice', 'aws:username': 'alice' }, V2012)).toBe(true);
    expect(evaluateEntry(cond('NumericEquals', KEY, '${aws:n}'), { [KEY]: '5', 'aws:n': '5' }, V2012)).toBe(false);
    expect(evaluateEntry(cond('NumericEquals', KEY, '${aws:n}'), { [KEY]: '5', 'aws:n': '5' })).toBe(false);
    expect(evaluateEntry(cond('IpAddress', KEY, '${aws:n}'), { [KEY]: '10.0.0.1', 'aws:n': '10.0.0.1' }, V2012)).toBe(false);
    expect(evaluateEntry(cond('Null', KEY, '${aws:n}'), {}, V2012)).toBe(false);
  });
});

describe('unknown policy values', () => {
  const unknown = new Unknown('parameter OrgId', undefined, 'parameter');
  it('are unknown unless the result is decided anyway', () => {
    expect(evaluateEntry(cond('StringEquals', 'aws:PrincipalOrgID', unknown), { 'aws:PrincipalOrgID': 'o-1' })).toBe('unknown');
    expect(evaluateEntry(cond('StringEquals', 'aws:PrincipalOrgID', unknown), {})).toBe(false);
    expect(evaluateEntry(cond('StringEqualsIfExists', 'aws:PrincipalOrgID', unknown), {})).toBe(true);
    expect(evaluateEntry(cond('StringNotEquals', 'aws:PrincipalOrgID', unknown), {})).toBe(true);
    expect(evaluateEntry(cond('StringEquals', 'aws:PrincipalOrgID', unknown, 'o-1'), { 'aws:PrincipalOrgID': 'o-1' })).toBe(true);
    expect(evaluateEntry(cond('StringEquals', 'aws:PrincipalOrgID', unknown, 'o-1'), { 'aws:PrincipalOrgID': 'o-2' })).toBe('unknown');
    expect(evaluateEntry(cond('StringNotEquals', 'aws:PrincipalOrgID', unknown, 'o-1'), { 'aws:PrincipalOrgID': 'o-1' })).toBe(false);
    expect(evaluateEntry(cond('StringNotEquals', 'aws:PrincipalOrgID', unknown, 'o-1'), { 'aws:PrincipalOrgID': 'o-2' })).toBe('unknown');
    expect(evaluateEntry(cond('ForAllValues:StringEquals', 'aws:TagKeys', unknown), { 'aws:TagKeys': [] })).toBe(true);
    expect(evaluateEntry(cond('Null', KEY, unknown), {})).toBe('unknown');
    expect(evaluateEntry(cond('Null', KEY, unknown, 'true'), {})).toBe(true);
  });

  it('a Condition block is AND across entries in three-valued logic', () => {
    const yes = cond('StringEquals', KEY, 'a');
    const no = cond('StringEquals', KEY, 'b');
    const maybe = cond('StringEquals', KEY, unknown);
    const ctx = { [KEY]: 'a' };
    expect(evaluateConditions([], ctx)).toBe(true);
    expect(evaluateConditions([yes, yes], ctx)).toBe(true);
    expect(evaluateConditions([yes, maybe], ctx)).toBe('unknown');
    expect(evaluateConditions([maybe, no], ctx)).toBe(false);
    expect(evaluateConditions([yes, cond('Foo', KEY, 'a')], ctx)).toBe('unknown');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

/** Reference implementation for the tests only: an escaped RegExp (`*` → any run, `?` → one unit). */
function referenceMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const body = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '').test(value);
}

const patternArb = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '.', '\n', ':', '*', '?'), maxLength: 10 });
const valueArb = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '.', '\n', ':', '*', '?'), maxLength: 12 });

describe('wildcardMatch properties', () => {
  it('agrees with an escaped-RegExp reference on random short patterns and values', () => {
    fc.assert(
      fc.property(patternArb, valueArb, fc.boolean(), (p, v, ignoreCase) => {
        expect(wildcardMatch(p, v, { ignoreCase })).toBe(referenceMatch(p, v, ignoreCase));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference when the value is built to match the pattern', () => {
    // random patterns rarely match random values; instantiate the pattern instead
    const fill = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 3 });
    fc.assert(
      fc.property(patternArb, fc.array(fill, { minLength: 20, maxLength: 20 }), (p, fills) => {
        let i = 0;
        const v = [...p].map((c) => (c === '*' ? fills[i++ % 20] : c === '?' ? fills[i++ % 20].slice(0, 1) || 'x' : c)).join('');
        expect(wildcardMatch(p, v)).toBe(true);
        expect(referenceMatch(p, v)).toBe(true);
      }),
    );
  });

  it('returns the right answer on adversarial inputs (no backtracking blow-up)', () => {
    const as = 'a'.repeat(50_000);
    const stars = '*a'.repeat(2_499) + '*b'; // `*a*a*a*…b`, 5,000 characters
    expect(stars).toHaveLength(5_000);
    expect(wildcardMatch(stars, as)).toBe(false);
    expect(wildcardMatch(stars, as + 'b')).toBe(true);
    const longPiece = '*' + 'a'.repeat(4_998) + 'b'; // one star before a long literal
    expect(wildcardMatch(longPiece, as)).toBe(false);
    expect(wildcardMatch(longPiece, as + 'b')).toBe(true);
    const manyPieces = ('*' + 'a'.repeat(9) + 'b').repeat(500); // 5,500 characters of repeated near-misses
    expect(wildcardMatch(manyPieces, as)).toBe(false);
    expect(arnMatch(`arn:aws:iam::1:${stars}`, `arn:aws:iam::1:${as}`)).toBe(false);
  });
});

describe('condition properties', () => {
  it('negation law: for a present single-valued key, StringNotLike = !StringLike', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 3 }), valueArb, (patterns, v) => {
        const like = evaluateEntry(cond('StringLike', KEY, ...patterns), { [KEY]: v });
        const notLike = evaluateEntry(cond('StringNotLike', KEY, ...patterns), { [KEY]: v });
        expect(typeof like).toBe('boolean');
        expect(notLike).toBe(!like);
        expect(like).toBe(patterns.some((p) => wildcardMatch(p, v)));
      }),
      { numRuns: 1000 },
    );
  });

  it('set duality: ForAllValues:StringNotLike = !ForAnyValue:StringLike, also on empty sets', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 3 }), fc.array(valueArb, { maxLength: 3 }), (patterns, values) => {
        const any = evaluateEntry(cond('ForAnyValue:StringLike', KEY, ...patterns), { [KEY]: values });
        expect(evaluateEntry(cond('ForAllValues:StringNotLike', KEY, ...patterns), { [KEY]: values })).toBe(!any);
      }),
      { numRuns: 500 },
    );
  });
});
