import { isUnknown, type Role } from '../../src/model/index.js';
import { defineRule, globMatch } from '../../src/rule-kit/index.js';
import { broadRoleResources, grantingAction, roleNarrowingConditions, roleScopeText } from '../../src/rule-kit/identity.js';

type M = 'anyTrustWritable' | 'sensitiveTrustWritable';

export default defineRule<M>({
  id: 'FL305',
  name: 'trust-policy-writable',
  severity: 'high',
  tags: ['identity', 'escalation', 'trust'],
  scope: 'model',
  since: '0.1.0',
  short: 'An identity policy allows iam:UpdateAssumeRolePolicy on every role or on a sensitive role.',
  full:
    'A role\'s trust policy decides who may assume it; `iam:UpdateAssumeRolePolicy` rewrites it. Whoever holds that permission on a role can add themselves (or any outside account) as a trusted principal and then assume the role, so the permission is worth as much as the role itself. It is reported when granted (directly, or via `iam:*`, `iam:Update*`, `*`, or a NotAction list that leaves it in) on `Resource: "*"`, on every role of an account, or on the ARN of a role that fedlint rates sensitive. Deny statements never grant; a positive `aws:ResourceTag`/`iam:ResourceTag` condition narrows the roles and is not reported. A sensitive role is recognised by its ARN in the same file; roles defined in other templates are matched once the trust graph joins them.',
  help: [
    'Keep `iam:UpdateAssumeRolePolicy` to the deployment role that owns the trust policies (CloudFormation does the update), and never on administrator roles for a human or workload principal:',
    '',
    '```yaml',
    'PolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Action: iam:UpdateAssumeRolePolicy',
    '      Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/sandbox/*',
    '```',
  ].join('\n'),
  references: [
    { title: 'UpdateAssumeRolePolicy (IAM API Reference)', url: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html' },
    { title: 'Policy evaluation logic', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator', 'sts-semantics.md#91-document-structure', 'sts-semantics.md#95-evaluation-order-for-the-simulator'],
  messages: {
    anyTrustWritable:
      '{{owner}} allows {{action}} on {{resource}}, which covers {{scope}}: it can rewrite any of their trust policies to let itself (or anyone) in, then assume the role.',
    sensitiveTrustWritable:
      '{{owner}} allows {{action}} on {{resource}}, which covers sensitive role {{role}} ({{reason}}): it can rewrite that role\'s trust policy to let itself (or anyone) in, then assume it.',
  },
  check(ctx) {
    const roles = ctx.entities('role').filter((r): r is Role & { arn: string } => !isUnknown(r.arn));
    for (const { doc, stmt } of ctx.identityStatements()) {
      // Deny never grants (sts-semantics.md §9.5); NotAction with Allow grants everything else (§9.1).
      const action = grantingAction(stmt, 'iam:UpdateAssumeRolePolicy');
      if (!action || roleNarrowingConditions(stmt).length > 0) continue;
      const owner = ctx.ownerLabel(doc);
      const broad = broadRoleResources(stmt);
      for (const r of broad) {
        // IAM write APIs act on the caller's own account only: "*" means every role there.
        const scope = roleScopeText(r.scope, (a) => ctx.accountLabel(a), 'every role of its own account');
        ctx.report({ messageId: 'anyTrustWritable', data: { owner, action, resource: r.text, scope }, at: r.at, when: stmt.when, key: [doc.owner.id, doc.owner.policyName ?? '', r.text] });
      }
      const broadAt = new Set(broad.map((b) => b.at.pointer));
      for (const res of stmt.resources ?? []) {
        if (isUnknown(res.value) || broadAt.has(res.source.pointer)) continue;
        // Resource ARNs match case-sensitively; a template's own roles carry its symbolic account, so a
        // `!GetAtt Role.Arn` or `!Sub …:role/${Role}` resolves to exactly the role's `arn`.
        const pattern = res.value;
        for (const role of roles) {
          if (role.file !== doc.file || !globMatch(pattern, role.arn, true)) continue;
          const s = ctx.sensitivity(role);
          if (!s.sensitive) continue;
          ctx.report({
            messageId: 'sensitiveTrustWritable',
            data: { owner, action, resource: `Resource ${pattern}`, role: role.id, reason: s.reasons[0] },
            at: res.source,
            related: [{ source: role.idSource, message: `sensitive role ${role.id}` }],
            when: stmt.when,
            key: [doc.owner.id, doc.owner.policyName ?? '', role.id],
          });
        }
      }
    }
  },
});
