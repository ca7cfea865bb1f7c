import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../src/model/index.js';
import { actionAccessLevel } from '../../../src/rule-kit/iam-catalog.js';
import { DEFAULT_SETTINGS, permissionSensitivity } from '../../../src/rule-kit/index.js';
import { builtInWebIdentity, mayAllowWebIdentity } from '../../../src/rule-kit/web-identity.js';

const at = { file: 'f', pointer: '', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } };
const stmt = (effect: 'Allow' | 'Deny', actions: string[], resources = ['*']) => ({
  index: 0,
  raw: {},
  locate: () => at,
  source: at,
  when: [],
  effect,
  actions: actions.map((value) => ({ value, source: at })),
  resources: resources.map((value) => ({ value, source: at })),
  conditions: [],
});
const doc = (...statements: ReturnType<typeof stmt>[]) => ({ statements }) as unknown as PolicyDocument;

describe('actionAccessLevel', () => {
  it('reads the access level of the IAM service reference, case-insensitively', () => {
    expect(actionAccessLevel('s3', 'GetObject')).toBe('Read');
    expect(actionAccessLevel('S3', 'putobject')).toBe('Write');
    expect(actionAccessLevel('s3', 'ListBucket')).toBe('List');
  });
  it('is undefined for unknown services and actions', () => {
    expect(actionAccessLevel('nosuchservice', 'GetObject')).toBeUndefined();
    expect(actionAccessLevel('s3', 'NoSuchAction')).toBeUndefined();
  });
});

describe('permissionSensitivity', () => {
  it('finds admin-equivalent and destructive grants, not Deny', () => {
    expect(permissionSensitivity([{ doc: doc(stmt('Allow', ['iam:PassRole'])), label: 'policy p' }], DEFAULT_SETTINGS).reasons).toEqual(['policy p grants iam:PassRole on all resources']);
    expect(permissionSensitivity([{ doc: doc(stmt('Allow', ['s3:DeleteBucket'], ['arn:aws:s3:::b'])), label: 'policy p' }], DEFAULT_SETTINGS).sensitive).toBe(true);
    expect(permissionSensitivity([{ doc: doc(stmt('Deny', ['*'])), label: 'policy p' }], DEFAULT_SETTINGS).sensitive).toBe(false);
    expect(permissionSensitivity([{ doc: doc(stmt('Allow', ['s3:GetObject'])), label: 'policy p' }], DEFAULT_SETTINGS).sensitive).toBe(false);
  });
});

describe('web identity helpers', () => {
  it('recognises built-in web identity principals only', () => {
    expect(builtInWebIdentity({ type: 'Federated', value: 'Cognito-Identity.amazonaws.com', source: at })).toBe('cognito-identity.amazonaws.com');
    expect(builtInWebIdentity({ type: 'Federated', value: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com', source: at })).toBeUndefined();
    expect(builtInWebIdentity({ type: 'Service', value: 'cognito-identity.amazonaws.com', source: at })).toBeUndefined();
  });
  it('treats sts:* and AssumeRoleWithWebIdentity as web identity grants, TagSession alone not', () => {
    expect(mayAllowWebIdentity(stmt('Allow', ['sts:*']) as never)).toBe(true);
    expect(mayAllowWebIdentity(stmt('Allow', ['sts:TagSession']) as never)).toBe(false);
  });
});
