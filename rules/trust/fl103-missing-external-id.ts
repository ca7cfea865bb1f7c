import type { ConditionEntry } from '../../src/model/index.js';
import { conditionsOn, defineRule, isPositivePin, operatorParts } from '../../src/rule-kit/index.js';
import { externalGrants } from '../../src/rule-kit/trust-accounts.js';

/**
 * sts-semantics.md §2.7: the confused-deputy guard is `sts:ExternalId` matched positively. IfExists passes when the
 * caller sends none, a negated operator or `Null` lets any value through, ForAllValues is true when the key is absent
 * (isPositivePin, §9.2), and a value of only wildcards matches every ID.
 */
function pinsExternalId(c: ConditionEntry): boolean {
  return isPositivePin(c) && /^String/i.test(operatorParts(c.operator).base);
}

export default defineRule({
  id: 'FL103',
  name: 'missing-external-id',
  severity: 'high',
  tags: ['trust', 'cross-account', 'confused-deputy'],
  scope: 'document',
  since: '0.1.0',
  short: 'A role trusts an external account without an sts:ExternalId condition (confused deputy).',
  full:
    'A third party that assumes roles in many customers\' accounts can be tricked by one customer into using another customer\'s role ARN: the "confused deputy". An `sts:ExternalId` condition with a value unique to this customer, checked with a positive operator such as `StringEquals`, is what stops it; `StringEqualsIfExists`, negated operators, `Null` and `ForAllValues:` all pass a request that carries no or any external ID. An MFA condition is no substitute: MFA proves the caller holds a second factor (it stops stolen long-term keys), but the deputy is a legitimate, authenticated caller acting for the wrong customer, so ExternalId and MFA answer different threats. Trust to the template\'s own account, to configured accounts, and to the configured organisation (`aws:PrincipalOrgID`) is not reported.',
  help: [
    'Ask the third party for the external ID it generated for you and require it on every statement that trusts their account:',
    '',
    '```yaml',
    'Parameters:',
    '  VendorExternalId:',
    '    Type: String',
    '    NoEcho: true',
    'Resources:',
    '  VendorRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    '              AWS: arn:aws:iam::111122223333:root',
    '            Action: sts:AssumeRole',
    '            Condition:',
    '              StringEquals:',
    '                sts:ExternalId: !Ref VendorExternalId',
    '```',
    '',
    'Keep an MFA condition if humans use the role, but in addition to the external ID, not instead of it.',
  ].join('\n'),
  references: [
    { title: 'The confused deputy problem', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
    { title: 'Access to AWS accounts owned by third parties (external ID)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html' },
    { title: 'IAM and AWS STS condition context keys: sts:ExternalId', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid' },
  ],
  semantics: ['sts-semantics.md#27-external-id-third-party-access', 'sts-semantics.md#24-principal-element-forms', 'sts-semantics.md#92-condition-operators'],
  messages: {
    missingExternalId:
      '{{owner}} lets external account {{account}} ({{principal}}) assume it without a positive sts:ExternalId condition: a third party acting for several customers can be made to use this role on another customer\'s behalf (confused deputy).',
    mfaIsNotExternalId:
      '{{owner}} lets external account {{account}} ({{principal}}) assume it with an MFA condition but no positive sts:ExternalId condition: MFA stops stolen long-term keys, not a third party acting for the wrong customer (confused deputy).',
  },
  check(ctx) {
    // One finding per place, whichever Fn::If variants of the statement share it.
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (conditionsOn(stmt, 'sts:ExternalId').some(pinsExternalId)) continue;
      const mfa = conditionsOn(stmt, 'aws:MultiFactorAuthPresent').length > 0 || conditionsOn(stmt, 'aws:MultiFactorAuthAge').length > 0;
      // One finding per external account and statement, at the first principal naming it.
      const reported = new Set<string>();
      for (const g of externalGrants(stmt, doc, ctx.settings, ctx.isExternalAccount)) {
        if (reported.has(g.account)) continue;
        reported.add(g.account);
        ctx.report({
          messageId: mfa ? 'mfaIsNotExternalId' : 'missingExternalId',
          data: { owner: ctx.ownerLabel(doc), account: ctx.accountLabel(g.account), principal: g.text },
          at: g.at,
          when: stmt.when,
          key: [doc.owner.id, g.account, String(stmt.sid ?? stmt.index)],
        });
      }
    }
  },
});
