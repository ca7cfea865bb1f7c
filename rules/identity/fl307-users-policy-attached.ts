import { isUnknown, type Located, type User } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';

export default defineRule({
  id: 'FL307',
  name: 'users-policy-attached',
  severity: 'low',
  tags: ['identity', 'hygiene'],
  scope: 'model',
  since: '0.1.0',
  short: 'A policy is attached straight to an IAM user instead of a group or role.',
  full:
    'Permissions attached to individual users are scattered over many principals: nobody can see at a glance who has what, revoking access means editing each user, and the permissions ride on the user\'s long-term credentials. Granting through groups (for people) or roles (for workloads and cross-account access) keeps them in one reviewed place. Reported once per user and attachment: an inline `Policies` entry, a `ManagedPolicyArns` item, an `AWS::IAM::UserPolicy`, or the `Users` list of an `AWS::IAM::Policy`/`AWS::IAM::ManagedPolicy`.',
  help: [
    'Attach the policy to a group and make the user a member (or move the workload to a role):',
    '',
    '```yaml',
    'Developers:',
    '  Type: AWS::IAM::Group',
    '  Properties:',
    '    ManagedPolicyArns:',
    '      - arn:aws:iam::aws:policy/ReadOnlyAccess',
    'Alice:',
    '  Type: AWS::IAM::User',
    '  Properties:',
    '    Groups:',
    '      - !Ref Developers',
    '```',
  ].join('\n'),
  references: [
    { title: 'Security best practices in IAM: apply least-privilege permissions', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege' },
    { title: 'IAM user groups', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html' },
  ],
  semantics: ['sts-semantics.md#81-cloudformation-resource-properties'],
  messages: {
    policyOnUser: '{{policy}} is attached straight to IAM user {{user}}: permissions granted user by user are hard to review and revoke, and they ride on the user\'s long-term credentials.',
  },
  check(ctx) {
    const users = ctx.entities('user');
    // The user an attachment names, by name in the same template (sts-semantics.md §8.1: Ref of a user is its name).
    const userText = (file: string, target: Located): string => {
      if (isUnknown(target.value)) return target.value.toString();
      const u = users.find((x: User) => x.file === file && x.name === target.value);
      return u ? u.id : target.value;
    };
    for (const doc of ctx.documents('identity')) {
      for (const a of doc.attachedTo ?? []) {
        if (a.type !== 'user') continue;
        const user = userText(doc.file, a.target);
        const policy = doc.owner.type === 'user' ? `Inline policy ${doc.owner.policyName ?? '(unnamed)'}` : ctx.ownerLabel(doc).replace(/^\w/, (c) => c.toUpperCase());
        ctx.report({ messageId: 'policyOnUser', data: { policy, user }, at: a.target.source, when: a.when, key: [user, doc.owner.id, doc.owner.policyName ?? ''] });
      }
    }
    for (const user of users) {
      for (const arn of user.managedPolicyArns) {
        const attached = user.attached.find((x) => x.arn === arn);
        const text = isUnknown(arn.value) ? arn.value.toString() : arn.value;
        const policy = attached ? attached.label.replace(/^\w/, (c) => c.toUpperCase()) : `Managed policy ${text}`;
        ctx.report({ messageId: 'policyOnUser', data: { policy, user: user.id }, at: arn.source, when: user.when, key: [user.id, text] });
      }
    }
  },
});
