import { describe, expect, it } from 'vitest';
import { SELF_ACCOUNT, type ConditionEntry, type PrincipalValue, type Role, type Statement, Unknown } from '../../../src/model/index.js';
import { parsePrincipal } from '../../../src/rule-kit/index.js';
import { humanPrincipal, mfaPresentTrue, mfaRequirement, onlyRolesByPrincipalArn } from '../../../src/rule-kit/mfa.js';
import { durationVariants, humanDuration, isValidMaxSessionDuration } from '../../../src/rule-kit/session.js';

const ref = { file: 'f', pointer: '', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } };
const cond = (operator: string, key: string, ...values: Array<string | Unknown>): ConditionEntry => ({
  operator,
  key,
  values: values.map((value) => ({ value, rawType: 'string', source: ref })),
  source: ref,
  keySource: ref,
});
const stmt = (...conditions: ConditionEntry[]): Statement => ({ index: 0, raw: {}, locate: () => ref, source: ref, when: [], effect: 'Allow', conditions });
const aws = (value: string | Unknown): PrincipalValue => ({ type: 'AWS', value, source: ref });
const label = (a: string) => a;

describe('parsePrincipal with the symbolic account', () => {
  it('reads ARNs whose account is ${AWS::AccountId}', () => {
    expect(parsePrincipal(aws(`arn:aws:iam::${SELF_ACCOUNT}:root`))).toMatchObject({ kind: 'account', account: SELF_ACCOUNT });
    expect(parsePrincipal(aws(`arn:aws:iam::${SELF_ACCOUNT}:role/ci`))).toMatchObject({ kind: 'role', account: SELF_ACCOUNT, name: 'ci' });
  });
});

describe('mfaRequirement', () => {
  it('accepts Bool true (any case) and age bounds, never IfExists', () => {
    expect(mfaRequirement(stmt(cond('Bool', 'aws:multifactorauthpresent', 'TRUE')))).toBeDefined();
    expect(mfaRequirement(stmt(cond('NumericLessThan', 'aws:MultiFactorAuthAge', '3600')))).toBeDefined();
    expect(mfaRequirement(stmt(cond('Null', 'aws:MultiFactorAuthAge', 'false')))).toBeDefined();
    expect(mfaRequirement(stmt(cond('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true')))).toBeUndefined();
    expect(mfaRequirement(stmt(cond('NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '3600')))).toBeUndefined();
    expect(mfaRequirement(stmt(cond('NumericNotEquals', 'aws:MultiFactorAuthAge', '0')))).toBeUndefined();
    expect(mfaRequirement(stmt(cond('Null', 'aws:MultiFactorAuthPresent', 'false')))).toBeUndefined();
  });
  it('needs every value to be true (values are OR-ed) and known', () => {
    expect(mfaPresentTrue(stmt(cond('Bool', 'aws:MultiFactorAuthPresent', 'true', 'false')))).toBeUndefined();
    expect(mfaPresentTrue(stmt(cond('Bool', 'aws:MultiFactorAuthPresent', new Unknown('parameter RequireMfa'))))).toBeUndefined();
  });
});

describe('humanPrincipal', () => {
  it('lets in users, accounts and "*", not roles, sessions or services', () => {
    expect(humanPrincipal(aws('arn:aws:iam::111122223333:user/ops/alice'), label)?.who).toBe('IAM user alice of account 111122223333');
    expect(humanPrincipal(aws('111122223333'), label)?.who).toBe('the IAM users of account 111122223333');
    expect(humanPrincipal(aws(`arn:aws:iam::${SELF_ACCOUNT}:root`), label)?.who).toBe('the IAM users of this account');
    expect(humanPrincipal({ type: '*', value: '*', source: ref }, label)).toBeDefined();
    expect(humanPrincipal(aws('arn:aws:iam::111122223333:role/ci'), label)).toBeUndefined();
    expect(humanPrincipal(aws('arn:aws:sts::111122223333:assumed-role/ci/s'), label)).toBeUndefined();
    expect(humanPrincipal({ type: 'Service', value: 'ec2.amazonaws.com', source: ref }, label)).toBeUndefined();
  });
  it('reads the shape of a partly unresolved ARN and leaves a fully unresolved one to FL005', () => {
    expect(humanPrincipal(aws(new Unknown('parameter A', 'arn:aws:iam::?:root')), label)?.who).toBe('the IAM users of an unresolved account');
    expect(humanPrincipal(aws(new Unknown('parameter A', 'arn:aws:iam::?:user/bob')), label)?.who).toBe('IAM user bob of an unresolved account');
    expect(humanPrincipal(aws(new Unknown('parameter P')), label)).toBeUndefined();
  });
});

describe('onlyRolesByPrincipalArn', () => {
  it('is true only when every aws:PrincipalArn value is a role ARN', () => {
    expect(onlyRolesByPrincipalArn(stmt(cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::1:role/ci-*')))).toBe(true);
    expect(onlyRolesByPrincipalArn(stmt(cond('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::1:role/ci-*', 'arn:aws:iam::1:user/*')))).toBe(false);
    expect(onlyRolesByPrincipalArn(stmt(cond('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::1:role/ci-*')))).toBe(false);
  });
});

describe('session durations', () => {
  const role = (extra: Partial<Role>): Role => ({ kind: 'role', id: 'R', file: 'f', source: ref, idSource: ref, when: [{ condition: 'C', value: true }], account: SELF_ACCOUNT, name: 'r', arn: 'a', path: '/', policies: [], managedPolicyArns: [], attached: [], tags: {}, ...extra });
  it('falls back to maxSessionDuration and adds the role guard', () => {
    expect(durationVariants(role({ maxSessionDuration: { value: 7200, source: ref } }))).toEqual([{ value: 7200, source: ref, text: '7200', when: [{ condition: 'C', value: true }] }]);
    expect(durationVariants(role({}))).toEqual([]);
  });
  it('validates the 3600..43200 integer range', () => {
    const v = (value: number, text = String(value)) => ({ value, text, source: ref, when: [] });
    expect(isValidMaxSessionDuration(v(3600))).toBe(true);
    expect(isValidMaxSessionDuration(v(43200))).toBe(true);
    expect(isValidMaxSessionDuration(v(3599))).toBe(false);
    expect(isValidMaxSessionDuration(v(43201))).toBe(false);
    expect(isValidMaxSessionDuration(v(3600.5))).toBe(false);
    expect(isValidMaxSessionDuration(v(NaN, '1h'))).toBe(false);
    expect(isValidMaxSessionDuration(v(4096, '0x1000'))).toBe(false);
  });
  it('renders durations for people', () => {
    expect(humanDuration(43200)).toBe('12 h');
    expect(humanDuration(5400)).toBe('1 h 30 min');
    expect(humanDuration(900)).toBe('15 min');
  });
});
