import rule from '../../rules/session/fl501-session-too-long.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'good-tfplan.json',
    'good-short-or-not-sensitive.yaml',
    // A configured limit above the value: 7200 s is accepted.
    { fixture: 'bad-long-admin-sessions.json', settings: { maxSessionDuration: 7200 } },
    // Terraform: an admin role of one hour, a ReadOnlyAccess role of twelve
    'good-admin-one-hour.tf',
  ],
  invalid: [
    // Terraform plan: max_session_duration is a number in the planned values.
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'tooLong', line: 21, column: 37, endColumn: 42, includes: ['role aws_iam_role.admin', '43200 s'] }] },
    {
      fixture: 'bad-long-admin-sessions.yaml',
      findings: [
        { messageId: 'tooLong', line: 16, column: 27, endColumn: 32, includes: ['role AdminRole', 'AdministratorAccess', '43200 s (12 h)', 'limit of 3600 s'], when: [] },
        { messageId: 'tooLong', line: 32, column: 46, endColumn: 51, includes: ['role DataCleanupRole', 's3:DeleteBucket', '14400 s (4 h)'], when: [{ condition: 'IsProd', value: false }] },
        { messageId: 'unresolved', line: 53, column: 27, endColumn: 51, includes: ['role BreakGlassRole', 'tagged fedlint:sensitive', 'parameter AdminSessionSeconds has no default'] },
      ],
    },
    {
      fixture: 'bad-long-admin-sessions.json',
      findings: [{ messageId: 'tooLong', line: 7, column: 31, endColumn: 37, includes: ['role IamAdminRole', 'IAMFullAccess', '7200 s (2 h)'] }],
    },
    {
      fixture: 'bad-long-admin-sessions.yaml',
      settings: { maxSessionDuration: 14400 },
      findings: [
        { messageId: 'tooLong', line: 16, column: 27, endColumn: 32, includes: ['role AdminRole', 'limit of 14400 s'] },
        { messageId: 'unresolved', line: 53, column: 27, endColumn: 51, includes: ['role BreakGlassRole', 'limit of 14400 s'] },
      ],
    },
    {
      // Terraform: max_session_duration from a variable default
      fixture: 'bad-admin-12h-variable.tf',
      findings: [
        { messageId: 'tooLong', line: 10, column: 26, endLine: 10, endColumn: 51, includes: ['role aws_iam_role.admin', 'AdministratorAccess', '43200 s'] },
      ],
    },
  ],
});
