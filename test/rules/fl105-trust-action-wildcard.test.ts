import rule from '../../rules/trust/fl105-trust-action-wildcard.js';
import { ruleTester } from '../helpers/rule-tester.js';

const assumeStar = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Ci"},"Action":"sts:Assume*"}]}';
const assumeColumn = assumeStar.indexOf('"sts:Assume*"') + 1;
const notAction = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"NotAction":["sts:TagSession"]}]}';
const notActionColumn = notAction.indexOf('["sts:TagSession"]') + 1;

ruleTester(rule, {
  // Named actions (with TagSession / SetSourceIdentity), Deny with sts:* and NotAction, both Fn::If branches explicit.
  valid: [
    'good-explicit-actions.tf', 'good-explicit-actions.yaml',
    'good-tfplan.json',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'actionWildcard', line: 15, column: 64, endColumn: 73, includes: ['role aws_iam_role.ci', 'sts:*'] }] },
    {
      fixture: 'bad-sts-wildcard.tf',
      findings: [{ messageId: 'actionWildcard', line: 10, column: 21, endColumn: 28, includes: ['role aws_iam_role.ci', 'sts:*', 'sts:AssumeRoleWithWebIdentity'] }],
    },
    {
      fixture: 'bad-wildcard-actions.yaml',
      findings: [
        { messageId: 'actionWildcard', line: 20, column: 21, endColumn: 24, includes: ['role DeployRole', 'pattern *', 'sts:AssumeRoleWithSAML', 'sts:TagSession'] },
        // Case-insensitive, in a list next to a named action.
        { messageId: 'actionWildcard', line: 32, column: 17, endColumn: 22, includes: ['role SsoRole', 'STS:*', 'sts:AssumeRoleWithWebIdentity'] },
        { messageId: 'actionWildcard', line: 45, column: 21, endColumn: 36, includes: ['role CrossAccountRole', 'sts:AssumeRole*', 'sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity'] },
        { messageId: 'notAction', line: 59, column: 15, endColumn: 39, includes: ['role BatchRole', 'except sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] },
        { messageId: 'actionWildcard', line: 69, column: 42, endColumn: 49, includes: ['role LegacyRole', 'sts:*'], when: [{ condition: 'UseLegacyTrust', value: true }] },
      ],
    },
    {
      fixture: 'bad-wildcard-trust.json',
      findings: [{ messageId: 'actionWildcard', line: 10, column: 18, endColumn: 39, includes: ['bad-wildcard-trust.json', 'sts:AssumeRoleWith*', 'sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity'] }],
    },
    {
      name: 'loose trust policy with sts:Assume*',
      file: 'assume-star.json',
      text: assumeStar,
      findings: [{ messageId: 'actionWildcard', line: 1, column: assumeColumn, endColumn: assumeColumn + 13, includes: ['sts:Assume*'] }],
    },
    {
      name: 'loose trust policy with NotAction',
      file: 'not-action.json',
      text: notAction,
      findings: [{ messageId: 'notAction', line: 1, column: notActionColumn, endColumn: notActionColumn + 18, includes: ['except sts:TagSession', 'sts:AssumeRole'] }],
    },
  ],
});
