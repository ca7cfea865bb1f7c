import { isUnknown, type PrincipalValue } from '../../src/model/index.js';
import { ASSUME_ACTIONS, defineRule, globMatch, parsePrincipal, type ParsedPrincipal } from '../../src/rule-kit/index.js';

type AssumeApi = (typeof ASSUME_ACTIONS)[number];

/**
 * The only assume API a principal type can call (sts-semantics.md §2.2, §2.4, R9): AWS principals and services call
 * AssumeRole; SAML providers are used by AssumeRoleWithSAML; OIDC providers and the built-in web identity issuers
 * (cognito-identity.amazonaws.com, accounts.google.com …) by AssumeRoleWithWebIdentity.
 */
function apiFor(p: PrincipalValue): { api: AssumeApi; label: string } | undefined {
  let parsed: ParsedPrincipal = parsePrincipal(p);
  // An unresolved provider ARN still tells its type: `arn:aws:iam::${AWS::AccountId}:saml-provider/?`.
  if (parsed.kind === 'unknown' && isUnknown(p.value) && p.value.partial) parsed = { ...parsePrincipal({ ...p, value: p.value.partial }), text: parsed.text };
  switch (parsed.kind) {
    case 'saml-provider':
      return { api: 'sts:AssumeRoleWithSAML', label: `SAML provider ${parsed.text}` };
    case 'oidc-provider':
      return { api: 'sts:AssumeRoleWithWebIdentity', label: `OIDC provider ${parsed.text}` };
    case 'web-identity':
      return { api: 'sts:AssumeRoleWithWebIdentity', label: `web identity provider ${parsed.text}` };
    case 'service':
      return { api: 'sts:AssumeRole', label: `service ${parsed.text}` };
    case 'public':
      // `"Principal": "*"` covers federated callers too; only `{"AWS": "*"}` is an AWS principal.
      return p.type === 'AWS' ? { api: 'sts:AssumeRole', label: `AWS principal ${parsed.text}` } : undefined;
    case 'account':
    case 'user':
    case 'role':
    case 'assumed-role':
    case 'federated-user':
    case 'unique-id':
      return { api: 'sts:AssumeRole', label: `AWS principal ${parsed.text}` };
    case 'unknown':
      return p.type === 'AWS' ? { api: 'sts:AssumeRole', label: `AWS principal ${parsed.text}` } : undefined;
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'FL106',
  name: 'principal-action-mismatch',
  severity: 'medium',
  tags: ['trust', 'federation'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust statement pairs a principal with an assume action that principal can never call.',
  full:
    'Each principal type reaches a role through exactly one STS API: IAM principals and AWS services call AssumeRole, a SAML provider is used with AssumeRoleWithSAML, an OIDC provider or a built-in web identity issuer (Cognito, Google, Facebook, Login with Amazon) with AssumeRoleWithWebIdentity. A statement that pairs a principal only with another API grants nothing to it: the trust is dead, and whoever wrote it probably believes a federation or cross-account path works, or is protected by conditions, when it is not. `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext` next to the right assume action are fine.',
  help: [
    'Use the assume action that matches the principal (or split mixed principals into one statement per type):',
    '',
    '```yaml',
    'Statement:',
    '  - Effect: Allow',
    '    Principal:',
    '      Federated: !Ref CorporateSamlProvider',
    '    Action:',
    '      - sts:AssumeRoleWithSAML',
    '      - sts:TagSession',
    '    Condition:',
    '      StringEquals:',
    '        SAML:aud: https://signin.aws.amazon.com/saml',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
    { title: 'Create a role for SAML 2.0 federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html' },
    { title: 'Create a role for OpenID Connect federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html' },
  ],
  semantics: ['sts-semantics.md#22-actions-valid-in-trust-policies-and-principal-pairing', 'sts-semantics.md#24-principal-element-forms', 'sts-semantics.md#0-quick-rules-for-the-simulator'],
  messages: {
    actionMismatch: '{{owner}} allows {{principal}} only {{actions}}, but that principal can assume a role only with {{needed}}: this trust can never be used, so the access it was written for does not exist.',
    principalMismatch: '{{owner}} lists {{principal}} in a statement that allows only {{actions}}, but that principal can assume a role only with {{needed}}: the trust given to that principal can never be used.',
  },
  check(ctx) {
    // One finding per place, whichever Fn::If variants of the statement share it.
    for (const { doc, stmt } of ctx.trustStatements()) {
      // Deny is not a grant; NotAction statements are FL105's business.
      if (stmt.effect !== 'Allow' || !stmt.actions || stmt.actions.some((a) => isUnknown(a.value))) continue;
      // Which assume APIs each action value allows (a wildcard may allow several; sts:TagSession etc. allow none).
      const actions = stmt.actions.map((a) => ({ a, apis: ASSUME_ACTIONS.filter((x) => globMatch(a.value as string, x)) }));
      const allowed = new Set(actions.flatMap((x) => x.apis));
      if (allowed.size === 0) continue; // a tag-/source-identity-only statement pairs with another statement
      const principals = (stmt.principals ?? []).flatMap((p) => {
        const f = apiFor(p);
        return f ? [{ p, ...f }] : [];
      });
      const dead = principals.filter((x) => !allowed.has(x.api));
      if (dead.length === 0) continue;
      const owner = ctx.ownerLabel(doc);
      const list = actions.filter((x) => x.apis.length > 0).map((x) => String(x.a.value));
      // Every principal mismatched: the action is what is wrong, report at it. Otherwise the odd principal out is.
      const atAction = dead.length === principals.length ? actions.find((x) => x.apis.length > 0)?.a.source : undefined;
      for (const x of dead) {
        ctx.report({
          messageId: atAction ? 'actionMismatch' : 'principalMismatch',
          data: { owner, principal: x.label, actions: list.join(', '), needed: x.api },
          at: atAction ?? x.p.source,
          when: stmt.when,
          key: [doc.owner.id, x.label, ...list],
        });
      }
    }
  },
});
