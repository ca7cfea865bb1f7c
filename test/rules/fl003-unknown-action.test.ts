import rule from '../../rules/inputs/fl003-unknown-action.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-known-actions.tf', 'good-known-actions.yaml', 'good-not-action.json',
    'good-tfplan.json',
  ],
  invalid: [
    // Terraform plan: an aws_iam_role_policy whose role is known after apply, joined to it by the configuration reference.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'unknownAction', line: 35, column: 53, endColumn: 68, includes: ['aws_iam_role_policy.read_reports', 's3:GetObjet', 's3:GetObject'] }] },
    {
      // Terraform: an aws_iam_policy_document rendered into an aws_iam_policy attached to a user.
      fixture: 'bad-policy-document-typo.tf',
      findings: [{ messageId: 'unknownAction', line: 4, column: 47, endColumn: 71, includes: ['managed policy aws_iam_policy.deploy', '`lambda:PublishVersions`', '`lambda:PublishVersion`'] }],
    },
    {
      // Terraform: a typo in an aws_iam_role_policy written with jsonencode.
      fixture: 'bad-action-typos.tf',
      findings: [{ messageId: 'unknownAction', line: 25, column: 21, endColumn: 34, includes: ['aws_iam_role_policy.read_reports', '`s3:GetObjet`', '`s3:GetObject`'] }],
    },
    {
      fixture: 'bad-action-typos.yaml',
      findings: [
        { messageId: 'unknownAction', line: 21, column: 59, endColumn: 74, includes: ['role ReleaseRole', '`sts:TagSessions`', 'did you mean `sts:TagSession`?'], when: [{ condition: 'UseSessionTags', value: true }] },
        { messageId: 'unknownAction', line: 21, column: 77, endColumn: 92, includes: ['`sts:AssumeRoles`', 'did you mean `sts:AssumeRole`?'], when: [{ condition: 'UseSessionTags', value: false }] },
        { messageId: 'malformed', line: 25, column: 21, endColumn: 31, includes: ['`AssumeRole`', 'did you mean `sts:AssumeRole`?'], when: [] },
        { messageId: 'unknownAction', line: 34, column: 21, endColumn: 34, includes: ['policy release', '`s3:PutObjects`', 'did you mean `s3:PutObject`?', 'grant does not exist'] },
        { messageId: 'unknownService', line: 35, column: 21, endColumn: 45, includes: ['`lamda` is not an AWS service prefix', 'did you mean `lambda:UpdateFunctionCode`?'] },
        { messageId: 'unknownAction', line: 39, column: 21, endColumn: 42, includes: ['`cloudtrail:StopLoging`', 'did you mean `cloudtrail:StopLogging`?', 'this Deny blocks nothing'] },
        { messageId: 'unknownAction', line: 40, column: 21, endColumn: 39, includes: ['`dynamodb:Truncate*`', 'Amazon DynamoDB (`dynamodb`)', 'this Deny blocks nothing'] },
      ],
    },
    {
      fixture: 'bad-not-action-typo.json',
      findings: [
        { messageId: 'unknownService', line: 9, column: 9, endColumn: 26, includes: ['bad-not-action-typo.json', '`organisations:*` in `NotAction`', 'did you mean `organizations:*`?', 'meant to exclude are granted'] },
      ],
    },
  ],
});
