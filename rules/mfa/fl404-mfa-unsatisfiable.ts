import { isUnknown, type PrincipalValue } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { mfaRequirement } from '../../src/rule-kit/mfa.js';

const text = (p: PrincipalValue) => (isUnknown(p.value) ? p.value.toString() : p.value);

export default defineRule({
  id: 'FL404',
  name: 'mfa-unsatisfiable',
  severity: 'medium',
  tags: ['mfa', 'trust', 'federation'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust statement requires MFA from principals that can never present it.',
  full:
    'AWS services assume roles with their own credentials, and SAML and web-identity (OIDC, Cognito) federation reach STS without any MFA claim: AWS cannot know whether the identity provider asked for MFA, so `aws:MultiFactorAuthPresent` is never true and `aws:MultiFactorAuthAge` never present for them. An Allow trust statement that names such a principal and requires MFA (`Bool aws:MultiFactorAuthPresent: true`, a numeric bound or `Null false` on `aws:MultiFactorAuthAge`) never matches for it: the trust is dead, or its author believed the MFA condition protects a path it does not. Require MFA at the identity provider instead, and pin the federated identity with its own claims.',
  help: [
    'Drop the MFA condition from statements for services and federated principals; enforce MFA in the identity provider and pin who may come in with the provider\'s claims. Keep MFA conditions for statements that name IAM principals:',
    '',
    '```yaml',
    'Statement:',
    '  - Effect: Allow',
    '    Principal:',
    '      Federated: !Sub arn:aws:iam::${AWS::AccountId}:saml-provider/okta',
    '    Action: sts:AssumeRoleWithSAML',
    '    Condition:',
    '      StringEquals:',
    '        SAML:aud: https://signin.aws.amazon.com/saml',
    '  - Effect: Allow',
    '    Principal:',
    '      AWS: !Sub arn:aws:iam::${AWS::AccountId}:root',
    '    Action: sts:AssumeRole',
    '    Condition:',
    '      Bool:',
    '        aws:MultiFactorAuthPresent: "true"',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS global condition context keys: aws:MultiFactorAuthPresent', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent' },
    { title: 'Configuring MFA-protected API access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html' },
    { title: 'Requesting temporary security credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html' },
  ],
  semantics: ['sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#10-facts-that-could-not-be-verified-keep-configurable'],
  messages: {
    serviceMfa:
      '{{owner}} requires MFA (`{{operator}}` `{{key}}`) from {{principals}}: AWS services assume roles with their own credentials and never carry MFA, so this statement never lets {{them}} in.',
    federatedMfa:
      '{{owner}} requires MFA (`{{operator}}` `{{key}}`) from {{principals}}: SAML and web-identity sign-ins reach STS without MFA context (AWS cannot know whether the identity provider used MFA), so this statement never lets {{them}} in.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (stmt.effect !== 'Allow') continue;
      const mfa = mfaRequirement(stmt);
      if (!mfa) continue;
      // sts-semantics.md §3.1: SAML / web-identity / service sessions never have aws:MultiFactorAuthPresent true [V];
      // whether the key is absent or false is [U] (§10 item 1), so only conditions that need it *true* (or need the
      // age key present, which is absent for them) are reported — never IfExists forms, whose outcome depends on it.
      // Role ARNs (chained sessions) are not reported: MFA propagation through role chaining is [U] (§10 item 1).
      const groups = {
        serviceMfa: (stmt.principals ?? []).filter((p) => p.type === 'Service'),
        federatedMfa: (stmt.principals ?? []).filter((p) => p.type === 'Federated'),
      };
      for (const [messageId, principals] of Object.entries(groups) as Array<[keyof typeof groups, PrincipalValue[]]>) {
        if (principals.length === 0) continue;
        const names = principals.map(text);
        ctx.report({
          messageId,
          data: { owner: ctx.ownerLabel(doc), operator: mfa.operator, key: mfa.key, principals: `${messageId === 'serviceMfa' ? 'service' : 'federated principal'}${names.length > 1 ? 's' : ''} ${names.join(', ')}`, them: principals.length > 1 ? 'them' : 'it' },
          at: mfa.values[0]?.source ?? mfa.source,
          when: stmt.when,
          key: [doc.owner.id, ...names],
        });
      }
    }
  },
});
