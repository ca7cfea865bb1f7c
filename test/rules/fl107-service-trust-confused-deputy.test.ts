import rule from '../../rules/trust/fl107-service-trust-confused-deputy.js';
import { canonicalService } from '../../src/rule-kit/services.js';
import { expect, it } from 'vitest';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-source-account.tf',
    'good-source-pinned.yaml',
    {
      name: 'EC2 and Lambda roles are not confused-deputy services',
      file: 'compute-trust.json',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] }),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'noSourcePin', line: 15, column: 212, endColumn: 232, includes: ['role aws_iam_role.replication', 's3.amazonaws.com'] }] },
    {
      // Terraform: an indented heredoc (`<<-`) holding the trust JSON; columns map through the stripped indent.
      fixture: 'bad-heredoc-trust.tf',
      findings: [{ messageId: 'noSourcePin', line: 10, column: 37, endColumn: 59, includes: ['role aws_iam_role.config_recorder', 'config.amazonaws.com', 'AWS Config recorder'] }],
    },
    {
      fixture: 'bad-service-unpinned.tf',
      findings: [{ messageId: 'noSourcePin', line: 7, column: 22, endColumn: 40, includes: ['role aws_iam_role.replication', 's3.amazonaws.com'] }],
    },
    {
      fixture: 'bad-service-roles-unpinned.yaml',
      findings: [
        { messageId: 'noSourcePin', line: 20, column: 24, endColumn: 44, includes: ['role NightlyTargetRole', 'events.amazonaws.com', 'EventBridge rule'] },
        // the Deny look-alike names ec2, not config: it does not guard the config principal
        { messageId: 'noSourcePin', line: 40, column: 19, endColumn: 39, includes: ['role ConfigRecorderRole', 'config.amazonaws.com'] },
        // regional principal through !Sub; only the branch without the Fn::If condition is unpinned
        { messageId: 'noSourcePin', line: 59, column: 24, endColumn: 62, includes: ['role LogShippingRole', 'CloudWatch Logs'], when: [{ condition: 'PinToAccount', value: false }] },
      ],
    },
    {
      fixture: 'bad-ifexists-source.json',
      findings: [{ messageId: 'ifExistsOnly', line: 10, column: 56, endColumn: 70, includes: ['bad-ifexists-source.json', 's3.amazonaws.com', 'StringEqualsIfExists', 'aws:SourceAccount'] }],
    },
  ],
});

it('canonicalises regional and China-partition service principals', () => {
  expect(canonicalService('logs.eu-west-1.amazonaws.com')).toBe('logs.amazonaws.com');
  expect(canonicalService('logs.${AWS::Region}.amazonaws.com')).toBe('logs.amazonaws.com');
  expect(canonicalService('events.amazonaws.com.cn')).toBe('events.amazonaws.com');
  expect(canonicalService('vpc-flow-logs.amazonaws.com')).toBe('vpc-flow-logs.amazonaws.com');
});
