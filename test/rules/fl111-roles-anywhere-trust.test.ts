import rule from '../../rules/trust/fl111-roles-anywhere-trust.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(rule, {
  // subject/SAN/trust-anchor pins (a !GetAtt of the anchor counts), actions spread over two statements, a Deny look-alike
  valid: [
    'good-certificate-pinned.tf', 'good-certificate-pinned.yaml',
    'good-tfplan.json',
  ],
  invalid: [
    { fixture: 'bad-tfplan.json', findings: [{ messageId: 'missingActions', line: 15, column: 64, endColumn: 82, includes: ['role aws_iam_role.workload', 'sts:TagSession'] }] },
    {
      fixture: 'bad-assume-only.tf',
      findings: [{ messageId: 'missingActions', line: 10, column: 21, endColumn: 37, includes: ['role aws_iam_role.workload', 'sts:TagSession and sts:SetSourceIdentity'] }],
    },
    {
      fixture: 'bad-any-certificate.yaml',
      findings: [
        { messageId: 'noCertificatePin', line: 29, column: 24, endColumn: 51, includes: ['role BuildAgentRole'] },
        { messageId: 'missingActions', line: 31, column: 15, endLine: 32, endColumn: 31, includes: ['role BuildAgentRole', 'without sts:SetSourceIdentity'] },
        // a wildcard-only subject and an IfExists issuer pin nothing
        { messageId: 'noCertificatePin', line: 42, column: 24, endColumn: 51, includes: ['role BackupServerRole'] },
        // aws:SourceAccount pins the account, not the certificate: only the Fn::If branch without the anchor ARN
        { messageId: 'noCertificatePin', line: 58, column: 24, endColumn: 51, includes: ['role ReleaseSignerRole'], when: [{ condition: 'PinToAnchor', value: false }] },
      ],
    },
    {
      fixture: 'bad-assume-only.json',
      findings: [
        { messageId: 'noCertificatePin', line: 7, column: 34, endColumn: 63, includes: ['bad-assume-only.json'] },
        { messageId: 'missingActions', line: 8, column: 17, endColumn: 33, includes: ['sts:TagSession and sts:SetSourceIdentity'] },
      ],
    },
  ],
});
