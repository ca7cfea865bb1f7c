import { describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { defineRule } from '../../../src/rule-kit/index.js';
import { formatSarif } from '../../../src/report/sarif.js';
import { ruleMeta } from '../../../src/engine/index.js';
import { sarifErrors } from '../../helpers/sarif.js';

const TEMPLATE = new TextEncoder().encode('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement: []\n');

const broken = defineRule({
  id: 'FL999',
  name: 'always-throws',
  severity: 'low',
  tags: [],
  scope: 'model',
  since: '0.0.0',
  short: 'A rule with a bug.',
  full: 'A rule that throws, to prove the scan goes on.',
  help: 'none',
  references: [],
  semantics: [],
  messages: { never: 'never' },
  check() {
    throw new Error('boom');
  },
});

describe('internal errors', () => {
  it('an exception inside a rule is recorded with the rule ID; other rules still run', () => {
    const other = defineRule({ ...broken, id: 'FL998', name: 'reports-once', check: (ctx) => ctx.report({ messageId: 'never', at: ctx.model.entities[0].idSource }) });
    const r = scanInputs([{ rel: 't.yaml', bytes: TEMPLATE }], [broken, other]);
    expect(r.errors).toEqual([{ ruleId: 'FL999', message: 'boom' }]);
    expect(r.findings.map((f) => `${f.ruleId}:${f.location.range.line}`)).toEqual(['FL998:3']);
  });

  it('becomes a SARIF tool notification tied to the rule, and the log stays valid', () => {
    const r = scanInputs([{ rel: 't.yaml', bytes: TEMPLATE }], [broken]);
    const log = JSON.parse(formatSarif({ findings: r.findings, rules: [ruleMeta(broken)], toolVersion: '0.0.0', filesScanned: 1, texts: r.texts, errors: r.errors, unreadable: [] }));
    expect(sarifErrors(log)).toEqual([]);
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0]).toMatchObject({ level: 'error', message: { text: 'rule FL999 failed: boom' }, associatedRule: { id: 'FL999' } });
  });
});
