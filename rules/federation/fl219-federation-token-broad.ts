import { type Group, isUnknown, type Located, type PolicyDocument, type User } from '../../src/model/index.js';
import { defineRule, globMatch, permissionSensitivity, type RuleContext } from '../../src/rule-kit/index.js';

const GFT = 'sts:GetFederationToken';

interface LabelledDoc {
  doc: PolicyDocument;
  label: string;
}

const own = (e: User | Group, prefix = ''): LabelledDoc[] => [
  ...e.policies.map((doc) => ({ doc, label: `${prefix}policy ${doc.owner.policyName ?? doc.owner.id}` })),
  ...e.attached.map((a) => ({ doc: a.document, label: `${prefix}${a.label}` })),
];

/** The groups a user is a member of, by the names the template gives (as `userPolicyDocuments` in identity.ts). */
function groupsOf(ctx: Pick<RuleContext, 'entities'>, user: User): Group[] {
  return user.groups.flatMap((g) => ctx.entities('group').filter((e) => e.file === user.file && !isUnknown(g.value) && e.name === g.value));
}

/**
 * Action values that grant GetFederationToken by naming the STS service (`sts:GetFederationToken`, `sts:Get*`, `sts:*`).
 * `*` and NotAction grants are left out: they make any admin user a "broker", which the admin rules already report.
 */
function gftGrants(docs: LabelledDoc[]): Array<{ at: Located; doc: LabelledDoc; when: PolicyDocument['statements'][number]['when'] }> {
  const out = [];
  for (const d of docs) {
    for (const stmt of d.doc.statements) {
      if (stmt.effect !== 'Allow') continue;
      for (const a of stmt.actions ?? []) {
        if (!isUnknown(a.value) && /^sts:/i.test(a.value) && globMatch(a.value, GFT)) out.push({ at: a, doc: d, when: stmt.when });
      }
    }
  }
  return out;
}

/** An unconditional Deny of GetFederationToken anywhere in the principal's policies takes the grant away (sts-semantics.md §9.5). */
const denied = (docs: LabelledDoc[]) =>
  docs.some(({ doc }) => doc.statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && (s.actions ?? []).some((a) => !isUnknown(a.value) && globMatch(a.value, GFT))));

export default defineRule({
  id: 'FL219',
  name: 'federation-token-broad',
  severity: 'high',
  tags: ['federation', 'broker', 'sensitive'],
  scope: 'model',
  since: '0.1.0',
  short: 'A user or group allowed sts:GetFederationToken (a custom identity broker) has broad permissions itself.',
  full:
    'A custom identity broker calls GetFederationToken with an IAM user\'s long-term keys and passes a session policy; the federated-user session gets the intersection of the user\'s own policies and that session policy. When the broker\'s own policies are administrator-equivalent or destructive, the only limit on every session it mints is the session policy the broker code chooses, so a bug or a stolen broker key yields sessions as powerful as the broker. Roles are not reported: role sessions cannot call GetFederationToken. Grants through `Action: "*"` or NotAction are left to the admin rules.',
  help: [
    'Give the broker user only what its federated users may ever need (the session policy can only narrow it), or switch the broker to AssumeRole on narrow roles:',
    '',
    '```yaml',
    'BrokerUser:',
    '  Type: AWS::IAM::User',
    '  Properties:',
    '    Policies:',
    '      - PolicyName: broker',
    '        PolicyDocument:',
    '          Version: "2012-10-17"',
    '          Statement:',
    '            - Effect: Allow',
    '              Action: sts:GetFederationToken',
    '              Resource: !Sub "arn:aws:sts::${AWS::AccountId}:federated-user/app-*"',
    '            - Effect: Allow',
    '              Action: s3:GetObject',
    '              Resource: arn:aws:s3:::customer-reports/*',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS STS API: GetFederationToken', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html' },
    { title: 'Enable custom identity broker access to the AWS console', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html' },
    { title: 'Compare AWS STS credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html' },
  ],
  semantics: ['sts-semantics.md#16-getfederationtoken', 'sts-semantics.md#61-broker-patterns', 'sts-semantics.md#11-comparison-table'],
  messages: {
    broadBroker:
      '{{principal}} may call sts:GetFederationToken ({{action}} in {{policy}}) and its own permissions are broad ({{reasons}}): every federated-user session it mints can be as powerful, limited only by the session policy the broker passes.',
  },
  check(ctx) {
    const reportedGroups = new Set<Group>();
    // sts-semantics.md §1.6: federated-user permissions = the calling user's policies ∩ the session policy.
    for (const group of ctx.entities('group')) {
      const docs = own(group);
      const s = permissionSensitivity(docs, ctx.settings);
      if (!s.sensitive || denied(docs)) continue;
      for (const g of gftGrants(docs)) {
        reportedGroups.add(group);
        ctx.report({ messageId: 'broadBroker', data: { principal: `Each member of group ${group.id}`, action: String(g.at.value), policy: g.doc.label, reasons: s.reasons.join('; ') }, at: g.at.source, when: g.when, key: [group.id, String(g.at.value)] });
      }
    }
    for (const user of ctx.entities('user')) {
      const groups = groupsOf(ctx, user);
      const docs = [...own(user), ...groups.flatMap((g) => own(g, `group ${g.id} `))];
      const s = permissionSensitivity(docs, ctx.settings);
      if (!s.sensitive || denied(docs)) continue;
      for (const g of gftGrants(docs)) {
        // Already reported for the group, whose own policies are broad enough.
        if (groups.some((grp) => reportedGroups.has(grp) && own(grp).some((d) => d.doc === g.doc.doc))) continue;
        ctx.report({ messageId: 'broadBroker', data: { principal: `User ${user.id}`, action: String(g.at.value), policy: g.doc.label, reasons: s.reasons.join('; ') }, at: g.at.source, when: g.when, key: [user.id, String(g.at.value)] });
      }
    }
  },
});
