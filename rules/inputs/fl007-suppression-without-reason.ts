import { defineRule } from '../../src/rule-kit/index.js';

export default defineRule<'missingReason'>({
  id: 'FL007',
  name: 'suppression-without-reason',
  severity: 'medium',
  tags: ['inputs', 'suppressions'],
  scope: 'model',
  since: '0.1.0',
  short: 'An inline or config suppression that gives no reason. The suppression still applies.',
  full:
    'A suppression hides a finding from the build. Without a reason, a reviewer cannot tell an accepted risk from a finding someone wanted out of the way, and nobody can later check whether the reason still holds. The suppression still applies (SARIF shows it with "no reason given"); this finding, at the suppression itself, asks for the reason. It cannot be suppressed, only turned off in the config.',
  help: [
    'Give the reason next to the rule: why the finding is acceptable here, and who accepted it.',
    '',
    '```yaml',
    'Metadata:',
    '  fedlint:',
    '    ignore:',
    '      - id: FL212',
    '        reason: "Sandbox account; the role can read one public bucket (SEC-123)"',
    '```',
    '',
    'In Terraform: `# fedlint-ignore FL212: sandbox account, read-only (SEC-123)`. In `.fedlint.yml`: `ignore: [{rule: FL101, path: "policies/*.json", reason: "…"}]`.',
  ].join('\n'),
  references: [{ title: 'SARIF 2.1.0: suppression object (justification)', url: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html#_Toc34317852' }],
  semantics: [],
  messages: { missingReason: 'Suppression of {{rule}} gives no reason: the finding is hidden with nothing that tells a reviewer why it is acceptable.' },
  check(ctx) {
    for (const s of ctx.suppressions()) {
      if (s.record.reason) continue;
      const rule = s.rule ? `${s.rule.id} (${s.rule.name})` : s.record.rule || '(no rule)';
      ctx.report({ messageId: 'missingReason', data: { rule }, at: s.record.source, key: [s.record.rule.toLowerCase(), JSON.stringify(s.record.scope.kind === 'lines' ? s.record.scope.kind : s.record.scope)] });
    }
  },
});
