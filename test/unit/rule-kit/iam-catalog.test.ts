import { describe, expect, it } from 'vitest';
import { conditionPrefixKnown, editDistance, findConditionKey, nearest, serviceActions, serviceExists, serviceName } from '../../../src/rule-kit/iam-catalog.js';

describe('iam-catalog: the service authorization reference, read synchronously', () => {
  it('knows services and their actions, case-insensitively', () => {
    expect(serviceExists('STS')).toBe(true);
    expect(serviceExists('lamda')).toBe(false);
    expect(serviceActions('sts')).toEqual(expect.arrayContaining(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'TagSession', 'SetSourceIdentity']));
    expect(serviceActions('no-such-service')).toBeUndefined();
    expect(serviceActions('../etc')).toBeUndefined();
    expect(serviceName('sts')).toBe('AWS Security Token Service');
  });
  it('finds global keys, service keys, keys with a variable part, SAML and provider keys', () => {
    expect(findConditionKey('AWS:multifactorauthpresent')).toEqual({ key: 'aws:MultiFactorAuthPresent', type: 'Bool' });
    expect(findConditionKey('aws:PrincipalTag/team')?.key).toBe('aws:PrincipalTag/tag-key');
    expect(findConditionKey('aws:PrincipalTag/')).toBeUndefined();
    expect(findConditionKey('s3:ExistingObjectTag/owner')?.key).toBe('s3:ExistingObjectTag/<key>');
    expect(findConditionKey('sts:ExternalId')?.type).toBe('String');
    expect(findConditionKey('SAML:aud')?.key).toBe('saml:aud');
    expect(findConditionKey('saml:edupersonaffiliation')).toBeDefined();
    expect(findConditionKey('cognito-identity.amazonaws.com:amr')).toBeDefined();
    expect(findConditionKey('token.actions.githubusercontent.com/my-enterprise:repository')?.key).toBe('token.actions.githubusercontent.com/${SubPath}:repository');
    expect(findConditionKey('aws:MultifactorAuthPresnt')).toBeUndefined();
    expect(conditionPrefixKnown('saml:groups')).toBe(true);
    expect(conditionPrefixKnown('foo:bar')).toBe(false);
  });
  it('suggests only an unambiguous near miss', () => {
    expect(editDistance('AssumeRoles', 'assumerole')).toBe(1);
    expect(nearest('AssumeRoles', serviceActions('sts')!)).toBe('AssumeRole');
    expect(nearest('assumerole', ['AssumeRole'])).toBeUndefined(); // case alone is no typo
    expect(nearest('ab', ['ac', 'ad'])).toBeUndefined(); // a tie is no obvious fix
    expect(nearest('Completely', ['Different'])).toBeUndefined();
  });
});
