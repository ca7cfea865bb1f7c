import { isUnknown } from '../../src/model/index.js';
import { conditionsOn, defineRule, isPositivePin } from '../../src/rule-kit/index.js';
import { broadRoleResources, grantingAction, roleNarrowingConditions, roleScopeText } from '../../src/rule-kit/identity.js';

type M = 'passAnyRole' | 'passAnyRoleToService';

export default defineRule<M>({
  id: 'FL304',
  name: 'pass-any-role',
  severity: 'high',
  tags: ['identity', 'escalation'],
  scope: 'document',
  since: '0.1.0',
  short: 'An identity policy allows iam:PassRole on every role ("*" or role/* of an account).',
  full:
    'Passing a role hands its permissions to a service (an EC2 instance profile, a Lambda function, a CloudFormation stack …) that then acts with them; whoever can create that resource and pass any role can run code or deployments with the most powerful role of the account. `iam:PassRole` (or `iam:*`, `*`, `iam:Pass*`, a NotAction list that leaves it in) on `Resource: "*"` or on every role of an account is that capability. An `iam:PassedToService` condition only chooses the service the role goes to, not which role, so it is still reported (the message names the services); a positive `aws:ResourceTag`/`iam:ResourceTag` condition narrows the roles and is not reported.',
  help: [
    'List the roles the principal has to pass, and keep `iam:PassedToService` to say where they may go:',
    '',
    '```yaml',
    'PolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Action: iam:PassRole',
    '      Resource: !GetAtt AppInstanceRole.Arn',
    '      Condition:',
    '        StringEquals:',
    '          iam:PassedToService: ec2.amazonaws.com',
    '```',
  ].join('\n'),
  references: [
    { title: 'Grant a user permissions to pass a role to an AWS service', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html' },
    { title: 'IAM and AWS STS condition context keys (iam:PassedToService)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html' },
    { title: 'Use IAM roles to grant permissions to applications running on EC2 instances', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html' },
  ],
  semantics: ['sts-semantics.md#73-ec2-instance-profiles', 'sts-semantics.md#91-document-structure', 'sts-semantics.md#95-evaluation-order-for-the-simulator'],
  messages: {
    passAnyRole:
      '{{owner}} allows {{action}} on {{resource}}, which covers {{scope}}: it can hand any of them, administrator roles included, to a service it controls and act with that role\'s permissions.',
    passAnyRoleToService:
      '{{owner}} allows {{action}} on {{resource}}, which covers {{scope}}: the iam:PassedToService condition ({{services}}) only limits which service receives the role, not which role, so any role, administrator roles included, can be handed over and used through that service.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.identityStatements()) {
      // Deny never grants (sts-semantics.md §9.5); NotAction with Allow grants everything else (§9.1). A role can only
      // be passed within its own account (id_roles_use_passrole), so "*" means every role of the caller's account.
      const action = grantingAction(stmt, 'iam:PassRole');
      if (!action || roleNarrowingConditions(stmt).length > 0) continue;
      const services = conditionsOn(stmt, 'iam:PassedToService')
        .filter(isPositivePin)
        .flatMap((c) => c.values.map((v) => (isUnknown(v.value) ? v.value.toString() : v.value)));
      for (const r of broadRoleResources(stmt)) {
        const data = { owner: ctx.ownerLabel(doc), action, resource: r.text, scope: roleScopeText(r.scope, (a) => ctx.accountLabel(a), 'every role of its own account') };
        ctx.report({
          messageId: services.length > 0 ? 'passAnyRoleToService' : 'passAnyRole',
          data: services.length > 0 ? { ...data, services: services.join(', ') } : data,
          at: r.at,
          when: stmt.when,
          key: [doc.owner.id, doc.owner.policyName ?? '', r.text],
        });
      }
    }
  },
});
