import { describe, expect, it } from 'vitest';
import { oidcKeyParts } from '../../../src/rule-kit/federated-trust.js';
import { subjectScope } from '../../../src/rule-kit/oidc-subject-scope.js';

const reach = (provider: string, claim: string, value: string, like = true, scope = 'shared') => subjectScope(provider, scope, claim, value, like)?.reach;

describe('subjectScope', () => {
  it.each([
    ['repo:my-org/app:ref:refs/heads/main', 'one'],
    ['repo:my-org/app:*', 'one'],
    ['repo:my-org/app', 'one'],
    ['repo:my-org/app*', 'tenant'],
    ['repo:my-org/*', 'tenant'],
    ['repo:my-org/*:environment:prod', 'tenant'],
    ['repo:my-org*', 'any'],
    ['repo:*', 'any'],
    ['repo:*/*', 'any'],
    ['repo:*/app:*', 'any'],
    ['*', 'any'],
    ['*:ref:refs/heads/main', 'any'],
    ['environment:prod', 'any'],
    ['workflow:deploy', 'any'],
    ['repository_owner:my-org:environment:prod', 'tenant'],
    ['repository_id:892374651:environment:prod', 'one'],
    ['repository_id:8923*', 'any'],
    ['environment:prod:repository:my-org/app', 'one'],
    ['job_workflow_ref:my-org/shared/.github/workflows/deploy.yml@refs/heads/main', 'tenant'],
    ['repo:my-org${*}/app:*', 'one'],
  ])('GitHub sub %s → %s', (value, expected) => expect(reach('github-actions', 'sub', value)).toBe(expected));

  it('takes wildcards literally under StringEquals, but still judges custom templates', () => {
    expect(reach('github-actions', 'sub', 'repo:*', false)).toBe('one');
    expect(reach('github-actions', 'sub', 'environment:prod', false)).toBe('any');
  });

  it.each([
    ['repository', 'my-org/app', 'one'],
    ['repository', 'my-org/*', 'tenant'],
    ['repository', '*', 'any'],
    ['repository_owner_id', '1234567', 'tenant'],
    ['enterprise_id', '*', 'any'],
  ])('GitHub %s %s → %s', (claim, value, expected) => expect(reach('github-actions', claim, value)).toBe(expected));

  it.each([
    ['gitlab', 'project_path:grp/app:ref_type:branch:ref:main', 'one'],
    ['gitlab', 'project_path:grp/sub/*', 'tenant'],
    ['gitlab', 'project_path:grp*', 'any'],
    ['gitlab', 'project_path:*/app:*', 'any'],
    ['eks', 'system:serviceaccount:payments:api', 'one'],
    ['eks', 'system:serviceaccount:payments:*', 'tenant'],
    ['eks', 'system:serviceaccount:*', 'any'],
    ['eks', 'system:*', 'any'],
    ['terraform-cloud', 'organization:o:project:*:workspace:ws:run_phase:*', 'one'],
    ['terraform-cloud', 'organization:o:project:p:workspace:*:run_phase:apply', 'tenant'],
    ['terraform-cloud', 'organization:*:project:p:workspace:ws:run_phase:apply', 'any'],
    ['buildkite', 'organization:o:pipeline:deploy:ref:refs/heads/main:*', 'one'],
    ['buildkite', 'organization:o:*', 'tenant'],
    ['google', '1101694844743*', 'any'],
  ])('%s sub %s → %s', (provider, value, expected) => expect(reach(provider, 'sub', value)).toBe(expected));

  it('bounds wildcard-only subjects of per-customer issuers to the customer', () => {
    expect(reach('circleci', 'sub', '*', true, 'per-customer')).toBe('tenant');
    expect(reach('circleci', 'sub', 'org/abc/project/def/user/*', true, 'per-customer')).toBe('one');
  });

  it('does not judge unknown subject formats', () => {
    expect(subjectScope('codefresh', 'shared', 'sub', 'account:abc:*', true)).toBeUndefined();
  });
});

describe('oidcKeyParts', () => {
  it('splits issuer and claim, also around a symbolic region', () => {
    expect(oidcKeyParts('Token.Actions.GithubUserContent.com:SUB')).toEqual({ issuer: 'token.actions.githubusercontent.com', claim: 'sub' });
    expect(oidcKeyParts('oidc.eks.${AWS::Region}.amazonaws.com/id/ABC:aud')).toEqual({ issuer: 'oidc.eks.${aws::region}.amazonaws.com/id/abc', claim: 'aud' });
    expect(oidcKeyParts('saml:aud')).toBeUndefined();
    expect(oidcKeyParts('aws:PrincipalArn')).toBeUndefined();
  });
});
