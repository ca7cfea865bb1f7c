import rule from '../../rules/trust/fl108-assumed-role-session-principal.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    // Terraform: the principal is the role's ARN, through a reference to the aws_iam_role.
    'good-role-arn-condition.tf',
    'good-principal-arn-condition.yaml',
    {
      name: 'an unresolved principal without a literal wildcard is not a pattern',
      file: 'unresolved.yaml',
      text: [
        'Parameters:',
        '  Trusted:',
        '    Type: String',
        'Resources:',
        '  R:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal:',
        '              AWS: !Sub arn:aws:iam::${Trusted}:role/ci',
        '            Action: sts:AssumeRole',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'assumedRoleSession', line: 15, column: 127, endColumn: 182, includes: ['role aws_iam_role.reports', 'assumed-role/analyst/jane'] }] },
    {
      fixture: 'bad-session-principal.tf',
      findings: [{ messageId: 'assumedRoleSession', line: 9, column: 29, endColumn: 82, includes: ['role aws_iam_role.reports', 'assumed-role/analyst/jane'] }],
    },
    {
      fixture: 'bad-wildcard-principals.yaml',
      findings: [
        { messageId: 'wildcardArn', line: 26, column: 19, endColumn: 54, includes: ['role DeployRole', 'arn:aws:iam::111122223333:role/ci-*', 'roles'] },
        { messageId: 'wildcardArn', line: 27, column: 19, endColumn: 79, includes: ['role DeployRole', 'user/dev-*', 'for users'] },
        // a Deny is no grant, but IAM rejects the wildcard whatever the Effect
        { messageId: 'wildcardArn', line: 32, column: 20, endColumn: 63, includes: ['user/contractor-?'] },
        // unresolved account, literal wildcard in the written part, only on one Fn::If branch
        { messageId: 'wildcardArn', line: 45, column: 19, endColumn: 63, includes: ['role ToolingRole', 'role/*'], when: [{ condition: 'IsProd', value: false }] },
        { messageId: 'wildcardArn', line: 49, column: 20, endColumn: 69, includes: ['assumed-role/Deployer/*', 'role sessions'] },
        // arn:aws:iam::*:role/… (a wildcard account) is FL101's public trust, not reported here
      ],
    },
    {
      fixture: 'bad-session-principal.json',
      findings: [{ messageId: 'assumedRoleSession', line: 10, column: 11, endColumn: 72, includes: ['bad-session-principal.json', 'release-job', 'role pipeline'] }],
    },
  ],
});
