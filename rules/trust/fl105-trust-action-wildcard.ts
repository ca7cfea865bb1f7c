import { isUnknown } from '../../src/model/index.js';
import { ASSUME_ACTIONS, defineRule, globMatch } from '../../src/rule-kit/index.js';

/** The permissions a trust statement can grant (sts-semantics.md §2.2). */
const TRUST_ACTIONS = [...ASSUME_ACTIONS, 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];

export default defineRule({
  id: 'FL105',
  name: 'trust-action-wildcard',
  severity: 'high',
  tags: ['trust'],
  scope: 'document',
  since: '0.1.0',
  short: 'An Allow trust statement grants STS actions by wildcard or NotAction instead of naming them.',
  full:
    'A trust statement\'s action decides which STS API the principal may use to become the role. `Action: "*"`, `"sts:*"`, `"sts:AssumeRole*"` or a `NotAction` allow several assumption APIs at once (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity) together with session tagging, source-identity and context setting, whether or not the principal was ever meant to use them. Conditions written for one API (an `sts:ExternalId`, a `SAML:aud`, an OIDC `sub`) do not exist for the others, and session tags the caller sets can change what the role may do. Name exactly the actions the principal needs.',
  help: [
    'List the assume action the principal uses, plus `sts:TagSession` / `sts:SetSourceIdentity` only when the caller sends tags or a source identity:',
    '',
    '```yaml',
    'Statement:',
    '  - Effect: Allow',
    '    Principal:',
    '      Federated: !Ref GitHubOidcProvider',
    '    Action: sts:AssumeRoleWithWebIdentity',
    '    Condition:',
    '      StringEquals:',
    '        token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: Action', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html' },
    { title: 'AWS JSON policy elements: NotAction', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html' },
    { title: 'Passing session tags in AWS STS', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html' },
  ],
  semantics: ['sts-semantics.md#22-actions-valid-in-trust-policies-and-principal-pairing', 'sts-semantics.md#91-document-structure'],
  messages: {
    actionWildcard: '{{owner}} allows the action pattern {{action}}, which grants {{granted}} at once: each assumption API the principal never uses is an extra way in that the statement\'s conditions were not written for.',
    notAction: '{{owner}} uses NotAction with Allow: it grants every STS action except {{excluded}} ({{granted}}), including assumption APIs and session settings nobody asked for.',
  },
  check(ctx) {
    // One finding per place, whichever Fn::If variants of the statement share it.
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (stmt.effect !== 'Allow') continue; // Deny is not a grant.
      const owner = ctx.ownerLabel(doc);
      for (const a of stmt.actions ?? []) {
        if (isUnknown(a.value) || !/[*?]/.test(a.value)) continue;
        const pattern = a.value;
        // sts-semantics.md §2.2: `sts:*` / `sts:AssumeRole*` match every assume API (actions are case-insensitive, §9.4).
        const apis = ASSUME_ACTIONS.filter((x) => globMatch(pattern, x));
        if (apis.length < 2) continue;
        const granted = TRUST_ACTIONS.filter((x) => globMatch(pattern, x)).join(', ');
        ctx.report({ messageId: 'actionWildcard', data: { owner, action: pattern, granted }, at: a.source, when: stmt.when, key: [doc.owner.id, pattern] });
      }
      if (stmt.notActions) {
        const listed = stmt.notActions.flatMap((a) => (isUnknown(a.value) ? [] : [a.value]));
        const granted = TRUST_ACTIONS.filter((x) => !listed.some((p) => globMatch(p, x)));
        if (granted.length === 0) continue;
        ctx.report({
          messageId: 'notAction',
          data: { owner, excluded: listed.length ? listed.join(', ') : 'nothing', granted: granted.join(', ') },
          at: stmt.locate('/NotAction'),
          when: stmt.when,
          key: [doc.owner.id, 'NotAction', ...listed],
        });
      }
    }
  },
});
