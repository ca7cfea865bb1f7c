import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/model/index.js';
import { roleScope } from '../../../src/rule-kit/identity.js';

describe('roleScope: Resource values that reach every role of an account', () => {
  it.each([
    ['*', { scope: 'all' }],
    ['arn:aws:iam::*:role/*', { scope: 'all' }],
    ['arn:aws:iam::*:*', { scope: 'all' }],
    ['arn:*:iam:*:*:role*', { scope: 'all' }],
    ['arn:aws:*', { scope: 'all' }],
    ['arn:aws:iam::111122223333:role/*', { scope: 'account', account: '111122223333' }],
    ['arn:aws:iam::${AWS::AccountId}:role/*', { scope: 'account', account: '${AWS::AccountId}' }],
    ['arn:aws:iam::1111*:role/*', { scope: 'account', account: '1111*' }],
  ])('%s covers every role', (value, expected) => {
    expect(roleScope(value)).toEqual(expected);
  });

  it.each(['arn:aws:iam::111122223333:role/deploy/*', 'arn:aws:iam::111122223333:role/ci-deployer', 'arn:aws:iam::*:user/*', 'arn:aws:s3:::bucket/*', 'arn:aws:iam::111122223333:role/a*b'])(
    '%s does not',
    (value) => {
      expect(roleScope(value)).toBeUndefined();
    },
  );

  it('counts an unresolved account when the rest of the ARN is every role', () => {
    expect(roleScope(new Unknown('parameter Target has no default', 'arn:aws:iam::?:role/*', 'parameter'))).toEqual({ scope: 'account', account: '<unresolved: parameter Target has no default>' });
    expect(roleScope(new Unknown('parameter Name has no default', 'arn:aws:iam::111122223333:role/?', 'parameter'))).toBeUndefined();
    expect(roleScope(new Unknown('Fn::ImportValue x', undefined, 'import'))).toBeUndefined();
  });
});
