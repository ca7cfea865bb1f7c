import rule from '../../rules/federation/fl216-cognito-unauthenticated-sensitive.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // Terraform plan: the same role attached as the pool's authenticated role (`after_unknown` marks only that key of `roles`).
    'good-tfplan-attachment.json',
    'good-guest-read-only.tf',
    'good-guests-read-only.yaml',
    'good-pool-without-guests.yaml',
    {
      name: 'a loose trust policy file has no permissions to judge',
      file: 'trust.json',
      text: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } },
          },
        ],
      }),
    },
  ],
  invalid: [
    // Terraform plan: the aws_iam_role_policy names its role by a reference known after apply.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'guestWrite', line: 30, column: 180, endColumn: 199, includes: ['Role aws_iam_role.guest', 'dynamodb:PutItem'] }] },
    // Terraform plan: a trust with no `amr` condition; the attachment's `roles.unauthenticated` is known after apply and
    // joined to the role through the configuration reference.
    {
      fixture: 'bad-tfplan-attachment.json',
      findings: [{ messageId: 'guestWrite', line: 15, column: 273, endColumn: 307, includes: ['Role aws_iam_role.scores', 'aws_cognito_identity_pool_roles_attachment.game', 'dynamodb:PutItem'] }],
    },
    {
      fixture: 'bad-unauthenticated-attachment.tf',
      findings: [
        { messageId: 'guestWrite', line: 16, column: 33, endColumn: 65, includes: ['Role aws_iam_role.scores', 'aws_cognito_identity_pool_roles_attachment.game makes it the pool\'s unauthenticated role', 'policy scores allows dynamodb:PutItem'] },
      ],
    },
    {
      fixture: 'bad-guest-write.tf',
      findings: [
        { messageId: 'guestWrite', line: 21, column: 19, endColumn: 36, includes: ['Role aws_iam_role.guest', '`unauthenticated`', 'policy scores allows dynamodb:PutItem'] },
      ],
    },
    {
      fixture: 'bad-guest-write.yaml',
      findings: [
        { messageId: 'guestWrite', line: 23, column: 53, endColumn: 68, includes: ['Role GuestRole', 'amr` `unauthenticated`', 'policy uploads allows s3:PutObject'] },
        { messageId: 'guestSensitive', line: 47, column: 26, endColumn: 56, includes: ['Role AppRole', 'no `amr` condition', 'identity pool IdentityPool allows unauthenticated identities', 'AdministratorAccess'] },
      ],
    },
    {
      fixture: 'bad-unauthenticated-attachment.yaml',
      findings: [
        { messageId: 'guestWrite', line: 26, column: 26, endColumn: 56, includes: ['Role ScoresRole', 'does not keep guests out', 'RoleAttachment makes it the pool\'s unauthenticated role', 'dynamodb:PutItem'] },
        { messageId: 'guestSensitive', line: 53, column: 65, endColumn: 82, includes: ['Role ToolsRole', 's3:DeleteBucket'], when: [{ condition: 'IsDev', value: true }] },
      ],
    },
    {
      fixture: 'bad-guest-admin.json',
      findings: [{ messageId: 'guestSensitive', line: 16, column: 84, endColumn: 101, includes: ['Role GuestRole', 'policy admin grants'] }],
    },
  ],
});
