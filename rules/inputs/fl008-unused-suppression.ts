import { defineRule } from '../../src/rule-kit/index.js';

type M = 'unused' | 'unknownRule';

export default defineRule<M>({
  id: 'FL008',
  name: 'unused-suppression',
  severity: 'low',
  tags: ['inputs', 'suppressions'],
  scope: 'model',
  since: '0.1.0',
  short: 'A suppression that matches no finding (the problem was fixed, or the ID is wrong).',
  full:
    'A suppression that suppresses nothing is either left over from a problem that was fixed, in the wrong place, or names a rule that does not exist (a typo in the ID or name). A left-over one silently hides the next problem of that rule in the same place; a misspelled one never hid anything, so the finding it was meant for is still failing the build or was never looked at. A suppression of a rule that is turned off is not judged. This finding cannot be suppressed, only turned off in the config.',
  help: [
    'Remove the suppression, or correct the rule ID or name (`fedlint rules` lists them) and put it where the finding is: in the `Metadata` of the resource the finding is located in, or on the line above the Terraform block or attribute.',
    '',
    '```yaml',
    'Resources:',
    '  DeployRole:',
    '    Type: AWS::IAM::Role',
    '    Metadata:',
    '      fedlint:',
    '        ignore:',
    '          - id: FL212            # a rule ID or name, any case',
    '            reason: "…"',
    '```',
  ].join('\n'),
  references: [{ title: 'ESLint: reporting unused disable directives', url: 'https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives' }],
  semantics: [],
  messages: {
    unused: 'Suppression of {{rule}} matches no finding: the problem is gone or the suppression is not where the finding is, and it would hide the next one here.',
    unknownRule: 'Suppression names {{rule}}, which is no fedlint rule ID or name: it suppresses nothing.',
  },
  check(ctx) {
    for (const s of ctx.suppressions()) {
      const key = [s.record.rule.toLowerCase(), JSON.stringify(s.record.scope.kind === 'lines' ? s.record.scope.kind : s.record.scope)];
      if (!s.rule) ctx.report({ messageId: 'unknownRule', data: { rule: s.record.rule ? `"${s.record.rule}"` : 'no rule' }, at: s.record.source, key });
      else if (s.ran && s.matched === 0) ctx.report({ messageId: 'unused', data: { rule: `${s.rule.id} (${s.rule.name})` }, at: s.record.source, key });
    }
  },
});
