import { isUnknown } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { durationVariants, humanDuration, isValidMaxSessionDuration } from '../../src/rule-kit/session.js';

export default defineRule({
  id: 'FL501',
  name: 'session-too-long',
  severity: 'medium',
  tags: ['session'],
  scope: 'document',
  since: '0.1.0',
  short: 'A sensitive role allows sessions longer than the configured limit.',
  full:
    'Role session credentials cannot be revoked one by one: once issued they stay valid until they expire, so `MaxSessionDuration` is how long a leaked or stolen session of the role remains usable. For a sensitive role, fedlint reports a `MaxSessionDuration` above the configured `maxSessionDuration` (default 3600 s, the AWS default). A value fedlint cannot resolve (a parameter without a default) is reported too, because it may be anything up to 12 hours; values IAM would reject are left to FL502.',
  help: [
    'Keep sessions of sensitive roles short; callers that need longer work can re-assume the role:',
    '',
    '```yaml',
    'AdminRole:',
    '  Type: AWS::IAM::Role',
    '  Properties:',
    '    MaxSessionDuration: 3600',
    '```',
    '',
    'If a longer limit is a deliberate decision for your organisation, raise `maxSessionDuration` in the fedlint config instead of suppressing each finding.',
  ].join('\n'),
  references: [
    { title: 'AWS::IAM::Role MaxSessionDuration', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html#cfn-iam-role-maxsessionduration' },
    { title: 'AssumeRole (DurationSeconds)', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
    { title: 'Revoking IAM role temporary security credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator-summary', 'sts-semantics.md#11-comparison-table'],
  messages: {
    tooLong:
      '{{owner}} is sensitive ({{reason}}) and allows sessions of {{seconds}} s ({{human}}), above the limit of {{limit}} s: a leaked session of the role stays usable that long.',
    unresolved:
      '{{owner}} is sensitive ({{reason}}) and its MaxSessionDuration is unresolved ({{value}}): it may allow sessions of up to 12 h, above the limit of {{limit}} s.',
  },
  check(ctx) {
    const limit = ctx.settings.maxSessionDuration;
    for (const role of ctx.entities('role')) {
      for (const v of durationVariants(role)) {
        // Values IAM refuses (R7) never deploy: FL502 reports them.
        if (!isValidMaxSessionDuration(v) || (!isUnknown(v.value) && v.value <= limit)) continue;
        const sensitivity = ctx.sensitivity(role);
        if (!sensitivity.sensitive) break;
        const base = { owner: `role ${role.id}`, reason: sensitivity.reasons[0], limit };
        if (isUnknown(v.value)) ctx.report({ messageId: 'unresolved', data: { ...base, value: v.value.reason }, at: v.source, when: v.when, key: [role.id] });
        else ctx.report({ messageId: 'tooLong', data: { ...base, seconds: v.value, human: humanDuration(v.value) }, at: v.source, when: v.when, key: [role.id, String(v.value)] });
      }
    }
  },
});
