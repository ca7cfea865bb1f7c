import { isUnknown } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { durationVariants, isValidMaxSessionDuration, MAX_MAX_SESSION_DURATION, MIN_MAX_SESSION_DURATION } from '../../src/rule-kit/session.js';

export default defineRule({
  id: 'FL502',
  name: 'session-duration-invalid',
  severity: 'high',
  tags: ['session'],
  scope: 'document',
  since: '0.1.0',
  short: 'A MaxSessionDuration that IAM refuses.',
  full:
    'IAM accepts a role `MaxSessionDuration` only as a whole number of seconds from 3,600 to 43,200 (1 to 12 hours); anything else fails CreateRole/UpdateRole, so the stack does not deploy and the role keeps its old settings. The usual mistakes are minutes or hours instead of seconds (`60`, `12`), values above 12 hours copied from GetSessionToken or GetFederationToken limits (up to 129,600 s), and units in the value (`"3600s"`). Unresolved values are not reported: CloudFormation validates them at deploy time. The templates fedlint loads today carry no other session-length setting (request `DurationSeconds` values are chosen by callers at run time), so this rule checks `MaxSessionDuration` only.',
  help: [
    'Give the duration in seconds, between 3600 and 43200:',
    '',
    '```yaml',
    'OperatorRole:',
    '  Type: AWS::IAM::Role',
    '  Properties:',
    '    MaxSessionDuration: 7200 # 2 hours',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS::IAM::Role MaxSessionDuration', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html#cfn-iam-role-maxsessionduration' },
    { title: 'AssumeRole (DurationSeconds)', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator-summary', 'sts-semantics.md#12-parameter-constraints-for-validating-sts-usage-and-simulated-calls'],
  messages: {
    outOfRange: 'role {{role}} sets MaxSessionDuration to {{value}} s: IAM accepts only {{min}} to {{max}} seconds (1 to 12 hours), so the role cannot be created or updated.',
    notInteger: 'role {{role}} sets MaxSessionDuration to `{{value}}`, which is not a whole number of seconds: IAM accepts only an integer from {{min}} to {{max}}, so the role cannot be created or updated.',
  },
  check(ctx) {
    for (const role of ctx.entities('role')) {
      for (const v of durationVariants(role)) {
        // sts-semantics.md R7 / §1.1: MaxSessionDuration 3600..43200 (the AssumeRole* DurationSeconds ceiling).
        if (isUnknown(v.value) || isValidMaxSessionDuration(v)) continue;
        const integer = /^\s*\d+\s*$/.test(v.text);
        ctx.report({
          messageId: integer ? 'outOfRange' : 'notInteger',
          data: { role: role.id, value: v.text.trim(), min: MIN_MAX_SESSION_DURATION, max: MAX_MAX_SESSION_DURATION },
          at: v.source,
          when: v.when,
          key: [role.id, v.text],
        });
      }
    }
  },
});
