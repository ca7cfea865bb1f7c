import { defineRule } from '../../src/rule-kit/index.js';

export default defineRule({
  id: 'FL001',
  name: 'parse-error',
  severity: 'high',
  tags: ['inputs'],
  scope: 'model',
  since: '0.1.0',
  short: 'A file that looks like a supported format cannot be parsed.',
  full:
    'A template or policy file that fedlint cannot read is a file nobody has checked: a syntax error, a duplicate key, an alias bomb, nesting that is too deep or a wrong encoding. The finding points at the line where reading stopped; every other file is still scanned.',
  help: 'Fix the syntax at the reported line. For encodings, save the file as UTF-8 (UTF-16 is accepted with a byte-order mark). Very large files can be allowed with `limits.maxFileBytes` in `.fedlint.yml`.',
  references: [{ title: 'CloudFormation template formats', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html' }],
  semantics: [],
  messages: { parseError: '{{file}} cannot be read: {{reason}}.' },
  check(ctx) {
    for (const e of ctx.model.inputErrors) ctx.report({ messageId: 'parseError', data: { file: e.file, reason: e.message.replace(/\.$/, '') }, at: e.source, key: [e.message] });
  },
});
