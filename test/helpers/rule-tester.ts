import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanInputs } from '../../src/cli/scan.js';
import { codeFrame } from '../../src/report/index.js';
import { initHcl } from '../../src/parse/hcl/index.js';
import type { Finding, Guard } from '../../src/model/index.js';
import { DEFAULT_SETTINGS, type RuleDefinition, type RuleSettings } from '../../src/rule-kit/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/rules');

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Substrings the rendered message must contain: the key facts (role, principal, account …). */
  includes?: string[];
  /** Substrings it must not contain (a principal the rule must leave out). */
  excludes?: string[];
  when?: Guard[];
}

interface CaseBase {
  settings?: Partial<RuleSettings>;
  /** Other files scanned together with the fixture (relative to the rule's fixture folder). */
  with?: string[];
  /** The fixture is expected to contain an FL001 input error. */
  parseError?: boolean;
}

export type ValidCase = string | (CaseBase & { fixture: string }) | (CaseBase & { name: string; file: string; text: string });
export type InvalidCase = CaseBase & ({ fixture: string } | { name: string; file: string; text: string }) & { findings: ExpectedFinding[] };

export function fixtureDir(rule: RuleDefinition): string {
  return path.join(FIXTURES, `${rule.id.toLowerCase()}-${rule.name}`);
}

export function runRuleOn(rule: RuleDefinition, c: ValidCase | InvalidCase): { findings: Finding[]; inputErrors: string[]; texts: Map<string, string> } {
  const dir = fixtureDir(rule);
  const inputs = [];
  if (typeof c === 'string') inputs.push({ rel: c, bytes: readFileSync(path.join(dir, c)) });
  else if ('fixture' in c) inputs.push({ rel: c.fixture, bytes: readFileSync(path.join(dir, c.fixture)) });
  else inputs.push({ rel: c.file, bytes: new TextEncoder().encode(c.text) });
  if (typeof c !== 'string') for (const w of c.with ?? []) inputs.push({ rel: w, bytes: readFileSync(path.join(dir, w)) });
  const settings = { ...DEFAULT_SETTINGS, ...(typeof c === 'string' ? {} : c.settings) };
  const r = scanInputs(inputs, [rule], settings);
  if (r.errors.length) throw new Error(`rule threw: ${r.errors.map((e) => e.message).join('; ')}`);
  return { findings: r.findings.filter((f) => f.ruleId === rule.id), inputErrors: r.model.inputErrors.map((e) => `${e.file}:${e.source.range.line}: ${e.message}`), texts: r.texts };
}

function caseName(c: ValidCase | InvalidCase): string {
  return typeof c === 'string' ? c : 'fixture' in c ? c.fixture : c.name;
}

function checkShape(rule: RuleDefinition, f: Finding): void {
  expect(f.message, 'message leaves a placeholder').not.toMatch(/\{\{/);
  expect(Object.keys(rule.messages)).toContain(f.messageId);
  const r = f.location.range;
  expect(r.line, 'a finding at line 0').toBeGreaterThan(0);
  expect(r.endLine * 100000 + r.endColumn, 'range end before start').toBeGreaterThan(r.line * 100000 + r.column - 1);
}

/**
 * Run a rule over its fixtures: valid cases must yield no finding of the rule; invalid cases must yield
 * exactly the expected findings (messageId, line, column and key facts), no more, no fewer.
 */
export function ruleTester(rule: RuleDefinition, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.id} ${rule.name}`, () => {
    // Terraform .tf fixtures need the HCL grammar loaded before the synchronous scan.
    beforeAll(initHcl);
    for (const c of cases.valid) {
      it(`valid: ${caseName(c)}`, () => {
        const { findings, inputErrors } = runRuleOn(rule, c);
        if (typeof c === 'string' || !c.parseError) expect(inputErrors, 'fixture does not parse').toEqual([]);
        expect(findings.map((f) => `${f.location.range.line}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${caseName(c)}`, () => {
        const { findings, inputErrors, texts } = runRuleOn(rule, c);
        if (!c.parseError) expect(inputErrors, 'fixture does not parse').toEqual([]);
        findings.forEach((f) => checkShape(rule, f));
        const actual = findings.map((f) => ({ messageId: f.messageId, line: f.location.range.line, column: f.location.range.column, endLine: f.location.range.endLine, endColumn: f.location.range.endColumn, message: f.message, when: f.when }));
        expect(actual.length, `findings: ${JSON.stringify(actual, null, 1)}`).toBe(c.findings.length);
        const unmatched = [...actual];
        for (const e of c.findings) {
          const i = unmatched.findIndex(
            (a) =>
              a.messageId === e.messageId &&
              a.line === e.line &&
              (e.column === undefined || a.column === e.column) &&
              (e.endLine === undefined || a.endLine === e.endLine) &&
              (e.endColumn === undefined || a.endColumn === e.endColumn) &&
              (e.includes ?? []).every((s) => a.message.includes(s)) &&
              !(e.excludes ?? []).some((s) => a.message.includes(s)) &&
              (e.when === undefined || JSON.stringify(a.when) === JSON.stringify(e.when)),
          );
          expect(i, `expected ${JSON.stringify(e)} among ${JSON.stringify(unmatched, null, 1)}`).toBeGreaterThanOrEqual(0);
          unmatched.splice(i, 1);
        }
        // A second check for human review, never the only one: the findings as a user reads them.
        const rendered = findings.map((f) => `${f.location.file}:${f.location.range.line}:${f.location.range.column} ${f.ruleId} ${f.message}\n${codeFrame(texts.get(f.location.file) ?? '', f.location)}`);
        expect(rendered.join('\n\n')).toMatchSnapshot();
      });
    }
    it('uses every fixture in its folder', () => {
      const used = new Set<string>();
      for (const c of [...cases.valid, ...cases.invalid]) {
        if (typeof c === 'string') used.add(c);
        else {
          if ('fixture' in c) used.add(c.fixture);
          for (const w of c.with ?? []) used.add(w);
        }
      }
      const files = readdirSync(fixtureDir(rule));
      expect(files.filter((f) => !used.has(f))).toEqual([]);
      expect(files.some((f) => f.startsWith('good-'))).toBe(true);
      expect(files.some((f) => f.startsWith('bad-'))).toBe(true);
    });
  });
}
