import { defineRule, operatorParts, statementCoversAction } from '../../src/rule-kit/index.js';
import { deniesWithoutMfa, humanPrincipal, isMfaPresentKey, mfaRequirement, onlyRolesByPrincipalArn } from '../../src/rule-kit/mfa.js';

export default defineRule({
  id: 'FL401',
  name: 'sensitive-role-without-mfa',
  severity: 'high',
  tags: ['mfa', 'trust'],
  scope: 'document',
  since: '0.1.0',
  short: 'IAM users can assume a sensitive role without MFA.',
  full:
    'A sensitive role whose trust lets IAM users in — by user ARN, through an account principal (ID or `:root`), which delegates to every user of that account, or through `"*"` narrowed to an organisation — without a `Bool` `aws:MultiFactorAuthPresent: true` condition can be assumed with a leaked access key or a phished password alone. `BoolIfExists` does not count: long-term access keys carry no MFA key, and IfExists treats the missing key as a match. Role and session ARNs, services and federated principals are machine or IdP callers and are not reported here; an `aws:PrincipalArn` condition that admits only roles, an `aws:MultiFactorAuthAge` bound, or a trust-wide `Deny` with `BoolIfExists aws:MultiFactorAuthPresent: false` counts as requiring MFA. For now the rule reads each trust policy on its own: whether the users an account principal delegates to really hold `sts:AssumeRole` on the role, across templates and accounts, is the trust graph\'s answer (FL6xx).',
  help: [
    'Require MFA in the trust statement that lets people in (`Bool`, not `BoolIfExists`), and keep the MFA recent:',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal:',
    '        AWS: !Sub arn:aws:iam::${AWS::AccountId}:root',
    '      Action: sts:AssumeRole',
    '      Condition:',
    '        Bool:',
    '          aws:MultiFactorAuthPresent: "true"',
    '        NumericLessThan:',
    '          aws:MultiFactorAuthAge: "3600"',
    '```',
    '',
    'Callers then pass `SerialNumber` and `TokenCode` to AssumeRole (or assume from a GetSessionToken session created with MFA). Machine callers belong in a separate statement that names their role ARNs.',
  ].join('\n'),
  references: [
    { title: 'Configuring MFA-protected API access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html' },
    { title: 'AWS global condition context keys: aws:MultiFactorAuthPresent', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent' },
    { title: 'AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
  ],
  semantics: ['sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#32-operator-pitfalls-encode-as-lint-rules', 'sts-semantics.md#24-principal-element-forms'],
  messages: {
    noMfa: '{{owner}} is sensitive ({{reason}}) and {{who}} can assume it without MFA: the trust allows {{principal}} to call sts:AssumeRole with no `Bool` `aws:MultiFactorAuthPresent: true` condition, so a leaked access key or a phished password is enough.',
    ifExistsOnly:
      '{{owner}} is sensitive ({{reason}}) and {{who}} can assume it without MFA: the trust allows {{principal}} to call sts:AssumeRole under `{{operator}}` `aws:MultiFactorAuthPresent`, which also matches long-term access keys (they carry no MFA key), so a leaked access key is enough.',
  },
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      if (!role || stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'sts:AssumeRole')) continue;
      // sts-semantics.md §3.2: only `Bool … true` (or an age bound, §3.1) keeps long-term keys out; a trust-wide
      // Deny with BoolIfExists false does the same. An aws:PrincipalArn pin to roles keeps IAM users out (§2.6).
      if (mfaRequirement(stmt) || deniesWithoutMfa(doc, stmt) || onlyRolesByPrincipalArn(stmt)) continue;
      const sensitivity = ctx.sensitivity(role);
      if (!sensitivity.sensitive) continue;
      const ifExists = stmt.conditions.find((c) => isMfaPresentKey(c.key) && operatorParts(c.operator).ifExists);
      for (const p of stmt.principals ?? []) {
        const human = humanPrincipal(p, (a) => ctx.accountLabel(a));
        if (!human) continue;
        const data = { owner: ctx.ownerLabel(doc), reason: sensitivity.reasons[0], who: human.who, principal: human.text };
        ctx.report({
          messageId: ifExists ? 'ifExistsOnly' : 'noMfa',
          data: ifExists ? { ...data, operator: ifExists.operator } : data,
          at: p.source,
          when: stmt.when,
          key: [doc.owner.id, human.text],
        });
      }
    }
  },
});
