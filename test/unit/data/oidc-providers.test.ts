import { describe, expect, it } from 'vitest';
import {
  OIDC_PROVIDERS,
  isKnownOidcClaim,
  normalizeOidcIssuer,
  oidcProviderForIssuer,
  parseOidcConditionKey,
} from '../../../src/data/oidc-providers.js';

const idOf = (issuer: string): string | undefined => oidcProviderForIssuer(issuer)?.id;

describe('oidcProviderForIssuer', () => {
  it.each([
    ['token.actions.githubusercontent.com', 'github-actions'],
    ['token.actions.githubusercontent.com/my-enterprise', 'github-actions-enterprise'],
    ['token.actions.octocorp.ghe.com', 'github-actions-ghe-com'],
    ['github.example.com/_services/token', 'github-enterprise-server'],
    ['vstoken.actions.githubusercontent.com', 'github-actions-vstoken'],
    ['oidc-configuration.audit-log.githubusercontent.com', 'github-audit-log'],
    ['gitlab.com', 'gitlab'],
    ['app.terraform.io', 'terraform-cloud'],
    ['oidc.eks.eu-west-1.amazonaws.com/id/ABC123', 'eks'],
    ['oidc.eks.us-gov-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF', 'eks'],
    ['agent.buildkite.com', 'buildkite'],
    ['oidc.circleci.com/org/01234567-89ab-cdef-0123-456789abcdef', 'circleci'],
    ['api.bitbucket.org/2.0/workspaces/my-workspace/pipelines-config/identity/oidc', 'bitbucket'],
    ['oidc.codefresh.io', 'codefresh'],
    ['studio.datachain.ai/api', 'datachain'],
    ['scalr.io', 'scalr'],
    ['tokens.cloud.shisho.dev', 'shisho-cloud'],
    ['proidc.upbound.io', 'upbound'],
    ['api.pulumi.com/oidc', 'pulumi'],
    ['sandboxes.cloud', 'sandboxes-cloud'],
    ['oidc.vercel.com', 'vercel'],
    ['sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d', 'microsoft-sentinel'],
    ['cognito-identity.amazonaws.com', 'cognito'],
    ['accounts.google.com', 'google'],
    ['graph.facebook.com', 'facebook'],
    ['www.amazon.com', 'amazon'],
  ])('%s -> %s', (issuer, id) => {
    expect(idOf(issuer)).toBe(id);
  });

  it('accepts a URL, a trailing slash, an ARN and a different case', () => {
    expect(idOf('https://token.actions.githubusercontent.com')).toBe('github-actions');
    expect(idOf('https://gitlab.com/')).toBe('gitlab');
    expect(idOf('arn:aws:iam::123456789012:oidc-provider/app.terraform.io')).toBe('terraform-cloud');
    expect(idOf('arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF'))
      .toBe('eks');
    expect(idOf('Token.Actions.GitHubUserContent.com')).toBe('github-actions');
    expect(normalizeOidcIssuer('https://OIDC.EKS.eu-west-1.amazonaws.com/id/ABC/')).toBe('oidc.eks.eu-west-1.amazonaws.com/id/abc');
  });

  it('returns undefined for unknown and look-alike issuers', () => {
    for (const issuer of [
      'login.example.com',
      'gitlab.example.com', // self-managed GitLab: the customer's own issuer
      'sts.windows.net/11111111-2222-3333-4444-555555555555', // a customer's own Entra tenant
      'token.actions.githubusercontent.com.evil.com',
      'evil.com/token.actions.githubusercontent.com',
      'token.actions.githubusercontent.com/a/b',
      'oidc.eks.eu-west-1.amazonaws.com', // no cluster ID
      'oidc.eks.eu-west-1.amazonaws.com.evil.io/id/ABC',
      'oidc.circleci.com',
      'api.bitbucket.org/2.0/workspaces/ws/other',
      'gitlab.com.evil.com',
      '',
    ]) {
      expect(oidcProviderForIssuer(issuer), issuer).toBeUndefined();
    }
  });

  it('carries the §5.4/§5.5 facts', () => {
    const gh = oidcProviderForIssuer('token.actions.githubusercontent.com')!;
    expect(gh).toMatchObject({ multiTenant: true, scope: 'shared', tenantClaim: 'sub', audiences: ['sts.amazonaws.com'] });
    expect(gh.pinClaims).toEqual(expect.arrayContaining(['repository', 'repository_id', 'repository_owner_id']));
    expect(gh.subjectExample).toMatch(/^repo:[^/*]+\/[^*]+:/);
    expect(oidcProviderForIssuer('app.terraform.io')!.audiences).toEqual(['aws.workload.identity']);
    const eks = oidcProviderForIssuer('oidc.eks.eu-west-1.amazonaws.com/id/ABC123')!;
    expect(eks).toMatchObject({ multiTenant: true, scope: 'per-cluster', tenantClaim: 'sub', audiences: ['sts.amazonaws.com'] });
    expect(eks.subjectExample).toMatch(/^system:serviceaccount:[^:*]+:[^:*]+$/);
    expect(oidcProviderForIssuer('api.pulumi.com/oidc')!.tenantClaim).toBe('aud');
    expect(oidcProviderForIssuer('oidc.vercel.com')!.tenantClaim).toBe('aud');
    expect(oidcProviderForIssuer('cognito-identity.amazonaws.com')!.tenantClaim).toBe('aud');
    expect(oidcProviderForIssuer('sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d')!.tenantClaim)
      .toBe('sts:RoleSessionName');
    expect(oidcProviderForIssuer('graph.facebook.com')).toMatchObject({ tenantClaim: 'id', audienceClaims: ['app_id'] });
    expect(oidcProviderForIssuer('www.amazon.com')).toMatchObject({ tenantClaim: 'user_id', audienceClaims: ['app_id'] });
    expect(oidcProviderForIssuer('github.example.com/_services/token')!.multiTenant).toBe(false);
  });

  it('has unique ids and a tenant claim for every provider', () => {
    const ids = OIDC_PROVIDERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of OIDC_PROVIDERS) expect(p.tenantClaim.length, p.id).toBeGreaterThan(0);
  });
});

describe('isKnownOidcClaim', () => {
  it('knows the generic claims for any issuer, case-insensitively', () => {
    for (const c of ['aud', 'sub', 'amr', 'azp', 'SUB']) {
      expect(isKnownOidcClaim('token.actions.githubusercontent.com', c), c).toBe(true);
      expect(isKnownOidcClaim('idp.example.com', c), c).toBe(true);
    }
  });

  it('knows provider-specific claims only for their provider', () => {
    expect(isKnownOidcClaim('accounts.google.com', 'oaud')).toBe(true);
    expect(isKnownOidcClaim('gitlab.com', 'oaud')).toBe(false);
    expect(isKnownOidcClaim('graph.facebook.com', 'app_id')).toBe(true);
    expect(isKnownOidcClaim('graph.facebook.com', 'id')).toBe(true);
    expect(isKnownOidcClaim('www.amazon.com', 'user_id')).toBe(true);
    expect(isKnownOidcClaim('graph.facebook.com', 'user_id')).toBe(false);
    expect(isKnownOidcClaim('token.actions.githubusercontent.com', 'repository_id')).toBe(true);
    expect(isKnownOidcClaim('token.actions.githubusercontent.com/my-enterprise', 'job_workflow_ref')).toBe(true);
    expect(isKnownOidcClaim('app.terraform.io', 'repository')).toBe(false);
  });

  it('rejects claims STS never evaluates', () => {
    expect(isKnownOidcClaim('token.actions.githubusercontent.com', 'event_name')).toBe(false);
    expect(isKnownOidcClaim('token.actions.githubusercontent.com', 'repository_owner')).toBe(false);
    expect(isKnownOidcClaim('gitlab.com', 'project_path')).toBe(false);
    expect(isKnownOidcClaim('idp.example.com', 'email')).toBe(false);
  });
});

describe('parseOidcConditionKey', () => {
  it('parses web-identity keys of known issuers', () => {
    expect(parseOidcConditionKey('token.actions.githubusercontent.com:sub'))
      .toEqual({ issuer: 'token.actions.githubusercontent.com', claim: 'sub' });
    expect(parseOidcConditionKey('oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud'))
      .toEqual({ issuer: 'oidc.eks.eu-west-1.amazonaws.com/id/abc123', claim: 'aud' });
    expect(parseOidcConditionKey('cognito-identity.amazonaws.com:amr'))
      .toEqual({ issuer: 'cognito-identity.amazonaws.com', claim: 'amr' });
    expect(parseOidcConditionKey('graph.facebook.com:app_id')).toEqual({ issuer: 'graph.facebook.com', claim: 'app_id' });
    expect(parseOidcConditionKey('api.pulumi.com/oidc:aud')).toEqual({ issuer: 'api.pulumi.com/oidc', claim: 'aud' });
  });

  it('is case-insensitive', () => {
    expect(parseOidcConditionKey('Token.Actions.GitHubUserContent.com:SUB'))
      .toEqual({ issuer: 'token.actions.githubusercontent.com', claim: 'sub' });
  });

  it('parses custom issuers with a documented claim, and known issuers with any claim-shaped name', () => {
    expect(parseOidcConditionKey('idp.example.com/realms/main:sub'))
      .toEqual({ issuer: 'idp.example.com/realms/main', claim: 'sub' });
    expect(parseOidcConditionKey('idp.example.com:email')).toBeUndefined();
    expect(parseOidcConditionKey('token.actions.githubusercontent.com:event_name'))
      .toEqual({ issuer: 'token.actions.githubusercontent.com', claim: 'event_name' });
  });

  it('returns undefined for global, service and SAML keys', () => {
    for (const key of [
      'aws:PrincipalArn',
      'aws:PrincipalOrgID',
      'sts:ExternalId',
      'sts:RoleSessionName',
      'saml:sub',
      'SAML:aud',
      'aws:RequestTag/team.name',
      'aws:RequestTag/a.b:sub',
      'token.actions.githubusercontent.com',
      ':sub',
      'token.actions.githubusercontent.com:',
      'example.com:8443:sub',
    ]) {
      expect(parseOidcConditionKey(key), key).toBeUndefined();
    }
  });
});
