import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { scanInputs } from '../src/cli/scan.js';
import { ruleMeta } from '../src/engine/index.js';
import { initHcl } from '../src/parse/hcl/index.js';
import { formatSarif } from '../src/report/sarif.js';
import { REPO } from './helpers/cli.js';
import { sarifErrors } from './helpers/sarif.js';

const CATALOG = path.resolve(REPO, '../shared/docs/rules.md');
const HAVE_CATALOG = existsSync(CATALOG);
if (!HAVE_CATALOG) console.warn(`catalog cross-check skipped: ${CATALOG} is absent`);

const FAMILY: Record<string, string> = { '0': 'inputs', '1': 'trust', '2': 'federation', '3': 'identity', '4': 'mfa', '5': 'session', '6': 'paths' };
const stem = (r: { id: string; name: string }) => `${r.id.toLowerCase()}-${r.name}`;

/** Catalogue rules not implemented yet, each waiting on a later capability. Shrinks as they land. */
const PENDING = new Set<string>([]);

function catalogRows(): Array<{ id: string; name: string; severity: string }> {
  return [...readFileSync(CATALOG, 'utf8').matchAll(/^\| (FL\d{3}) \| ([a-z0-9-]+) \| (\w+) \|/gm)].map((m) => ({ id: m[1], name: m[2], severity: m[3] }));
}

describe('rule catalog', () => {
  beforeAll(initHcl);
  it('has unique IDs and names', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
  });

  it.skipIf(!HAVE_CATALOG)('matches rules.md (id, name, default severity); only the pending rules are missing', () => {
    const rows = catalogRows();
    for (const r of RULES) {
      const row = rows.find((x) => x.id === r.id);
      expect(row, `${r.id} is not in rules.md`).toBeDefined();
      expect({ id: r.id, name: r.name, severity: r.severity }).toEqual(row);
    }
    const missing = rows.map((x) => x.id).filter((id) => !RULES.some((r) => r.id === id));
    expect(missing.sort()).toEqual([...PENDING].sort());
  });

  for (const rule of RULES) {
    describe(`${rule.id} ${rule.name}`, () => {
      const family = FAMILY[rule.id[2]];
      it('lives in its family folder under its own name, with a test file and fixtures', () => {
        expect(existsSync(path.join(REPO, 'rules', family, `${stem(rule)}.ts`))).toBe(true);
        expect(existsSync(path.join(REPO, 'test/rules', `${stem(rule)}.test.ts`))).toBe(true);
        const fixtures = readdirSync(path.join(REPO, 'fixtures/rules', stem(rule)));
        expect(fixtures.some((f) => f.startsWith('good-'))).toBe(true);
        expect(fixtures.some((f) => f.startsWith('bad-'))).toBe(true);
      });

      it('has complete metadata', () => {
        expect(rule.short.length).toBeGreaterThan(10);
        expect(rule.full.length).toBeGreaterThan(rule.short.length);
        expect(rule.help.length).toBeGreaterThan(20);
        expect(rule.references.length).toBeGreaterThan(0);
        for (const ref of rule.references) expect(ref.url).toMatch(/^https:\/\//);
        expect(rule.since).toMatch(/^\d+\.\d+\.\d+$/);
        expect(ruleMeta(rule).helpUri).toMatch(new RegExp(`docs/rules/${stem(rule)}\\.md$`));
        expect(existsSync(path.join(REPO, 'docs/rules', `${stem(rule)}.md`))).toBe(true);
      });

      it('has every messageId exercised by its test', () => {
        const test = readFileSync(path.join(REPO, 'test/rules', `${stem(rule)}.test.ts`), 'utf8');
        for (const id of Object.keys(rule.messages)) expect(test, `messageId ${id} is never asserted`).toContain(`'${id}'`);
      });

      it('produces schema-valid SARIF for every fixture', () => {
        const dir = path.join(REPO, 'fixtures/rules', stem(rule));
        for (const f of readdirSync(dir)) {
          const r = scanInputs([{ rel: f, bytes: readFileSync(path.join(dir, f)) }], [rule]);
          const log = JSON.parse(formatSarif({ findings: r.findings, rules: [ruleMeta(rule)], toolVersion: '0.0.0', filesScanned: 1, texts: r.texts, errors: r.errors, unreadable: r.model.inputErrors.map((e) => ({ file: e.file, message: e.message, line: e.source.range.line })) }));
          expect(sarifErrors(log), f).toEqual([]);
        }
      });
    });
  }

  it('has no orphan fixture folders or doc pages', () => {
    const stems = new Set(RULES.map(stem));
    expect(readdirSync(path.join(REPO, 'fixtures/rules')).filter((d) => !stems.has(d))).toEqual([]);
    expect(readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f !== 'README.md' && !stems.has(f.replace(/\.md$/, '')))).toEqual([]);
  });
});
