import rule from '../../rules/federation/fl219-federation-token-broad.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-narrow-broker.tf',
    'good-narrow-broker.yaml',
    {
      name: 'a loose identity policy file has no principal to judge',
      file: 'broker-policy.json',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetFederationToken', '*'], Resource: '*' }] }),
    },
  ],
  invalid: [
    // Terraform plan: the user policy names its user by a reference known after apply.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'broadBroker', line: 32, column: 52, endColumn: 78, includes: ['User aws_iam_user.broker', 'ec2:TerminateInstances'] }] },
    {
      fixture: 'bad-group-grant.tf',
      findings: [
        { messageId: 'broadBroker', line: 13, column: 20, endColumn: 30, includes: ['group aws_iam_group.support_brokers', 'sts:Get* in policy support-broker', 'ec2:TerminateInstances'] },
      ],
    },
    {
      fixture: 'bad-admin-broker.tf',
      findings: [
        { messageId: 'broadBroker', line: 16, column: 19, endColumn: 43, includes: ['User aws_iam_user.broker', 'managed policy aws_iam_policy.broker', 'AdministratorAccess'] },
      ],
    },
    {
      fixture: 'bad-admin-broker.yaml',
      findings: [
        { messageId: 'broadBroker', line: 23, column: 21, endColumn: 43, includes: ['User BrokerUser', 'sts:GetFederationToken in policy broker', 'AdministratorAccess'], when: [] },
        { messageId: 'broadBroker', line: 42, column: 25, endColumn: 33, includes: ['Each member of group SupportBrokers', 'sts:Get* in policy support-broker', 'ec2:TerminateInstances'] },
      ],
    },
    {
      fixture: 'bad-group-grant.yaml',
      findings: [{ messageId: 'broadBroker', line: 17, column: 21, endColumn: 26, includes: ['User ReportingBroker', 'sts:* in group Brokers policy BrokerPolicy', 'iam:PassRole on all resources'] }],
    },
    { fixture: 'bad-broker.json', findings: [{ messageId: 'broadBroker', line: 13, column: 49, endColumn: 73, includes: ['User Broker', 'policy broker grants'] }] },
  ],
});
