import rule from '../../rules/session/fl502-session-duration-invalid.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-duration-in-range.yaml',
    // Terraform: a literal and a local within range (an unused variable of 12 is not a finding)
    'good-session-seconds.tf',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'outOfRange', line: 18, column: 37, endColumn: 39, includes: ['role aws_iam_role.batch', '12 s'] }] },
    {
      fixture: 'bad-duration-units.yaml',
      findings: [
        { messageId: 'outOfRange', line: 13, column: 27, endColumn: 44, includes: ['role BatchRole', 'to 12 s', '3600 to 43200'] },
        { messageId: 'outOfRange', line: 24, column: 46, endColumn: 52, includes: ['role AnalystRole', '129600 s'], when: [{ condition: 'IsProd', value: false }] },
        { messageId: 'notInteger', line: 38, column: 27, endColumn: 32, includes: ['role ConsoleRole', '`3600s`'] },
        { messageId: 'outOfRange', line: 50, column: 27, endColumn: 30, includes: ['role ShortRole', '900 s'], when: [{ condition: 'IsProd', value: true }] },
      ],
    },
    {
      fixture: 'bad-duration-fraction.json',
      findings: [{ messageId: 'notInteger', line: 7, column: 31, endColumn: 37, includes: ['role ReportingRole', '`5400.5`'] }],
    },
    {
      // Terraform: hours from a variable default, a literal above twelve hours
      fixture: 'bad-session-in-hours.tf',
      findings: [
        { messageId: 'outOfRange', line: 10, column: 26, endLine: 10, endColumn: 43, includes: ['role aws_iam_role.batch', 'sets max_session_duration to 12 s'] },
        { messageId: 'outOfRange', line: 23, column: 26, endLine: 23, endColumn: 32, includes: ['role aws_iam_role.analyst', '129600 s'] },
      ],
    },
  ],
});
