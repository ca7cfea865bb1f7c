import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../../rules/paths/fl601-external-path-to-sensitive.js';
import { scanInputs } from '../../../src/cli/scan.js';
import { ruleMeta } from '../../../src/engine/index.js';
import type { Finding } from '../../../src/model/index.js';
import { initHcl } from '../../../src/parse/hcl/index.js';
import { formatJson } from '../../../src/report/json.js';
import { formatSarif } from '../../../src/report/sarif.js';
import { formatStylish } from '../../../src/report/stylish.js';
import type { ReportInput } from '../../../src/report/types.js';
import { DEFAULT_SETTINGS } from '../../../src/rule-kit/index.js';
import { sarifErrors } from '../../helpers/sarif.js';

/**
 * An assumption path whose second hop goes through an account trust (bad-partner-chain-to-admin.tf, line 22) and is
 * allowed by the caller's identity statement in the other file of the module (good-without-outside-trust.tf, line 8).
 */
const DIR = path.resolve(import.meta.dirname, '../../../fixtures/rules/fl601-external-path-to-sensitive');
const CHAIN = 'bad-partner-chain-to-admin.tf';
const POLICY = 'good-without-outside-trust.tf';
const IDENTITY_REGION = { startLine: 8, startColumn: 18, endLine: 12, endColumn: 6 };
const IDENTITY_MESSAGE = 'the identity policy of role partner-entry allows sts:AssumeRole on role platform-admin';

interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string }; region: typeof IDENTITY_REGION };
  message?: { text: string };
}
interface SarifResult {
  relatedLocations?: SarifLocation[];
  codeFlows?: Array<{ threadFlows: Array<{ locations: Array<{ location: SarifLocation; executionOrder: number }> }> }>;
}

function scan(chainText?: string) {
  const chain = chainText === undefined ? readFileSync(path.join(DIR, CHAIN)) : new TextEncoder().encode(chainText);
  return scanInputs(
    [
      { rel: CHAIN, bytes: chain },
      { rel: POLICY, bytes: readFileSync(path.join(DIR, POLICY)) },
    ],
    [rule],
    DEFAULT_SETTINGS,
  );
}

function input(findings: Finding[], texts: Map<string, string>): ReportInput {
  return { findings, rules: [ruleMeta(rule)], toolVersion: '0.0.0', filesScanned: 2, texts, errors: [], unreadable: [] };
}

function sarifResults(i: ReportInput): SarifResult[] {
  const log = JSON.parse(formatSarif(i));
  expect(sarifErrors(log)).toEqual([]);
  return log.runs[0].results;
}

/** The ids a message links to (SARIF 2.1.0 §3.11.6 embedded links `[text](id)`). */
function linkedIds(text: string): number[] {
  return [...text.matchAll(/(?<!\\)\[[^\]]*\]\((\d+)\)/g)].map((m) => Number(m[1]));
}

describe('path steps with the caller\'s identity statements', () => {
  beforeAll(() => initHcl());

  it('SARIF: the identity statement is a related location the hop links to, in its own file', () => {
    const r = scan();
    expect(r.findings).toHaveLength(1);
    const [res] = sarifResults(input(r.findings, r.texts));
    const hops = res.codeFlows?.[0].threadFlows[0].locations ?? [];
    expect(hops.map((h) => h.location.message?.text)).toEqual([
      'account 444455556666 can call sts:AssumeRole on role partner-entry (conditions on sts:ExternalId)',
      'role partner-entry can call sts:AssumeRole on role platform-admin (allowed by [its identity policy](1))',
    ]);
    expect(hops[1].location.physicalLocation.artifactLocation.uri).toBe(CHAIN);
    expect(hops[1].location.physicalLocation.region.startLine).toBe(22);
    expect(res.relatedLocations).toEqual([
      { id: 1, physicalLocation: { artifactLocation: { uri: POLICY, uriBaseId: '%SRCROOT%' }, region: IDENTITY_REGION }, message: { text: IDENTITY_MESSAGE } },
    ]);
    // Every embedded link resolves to a related location of the result.
    const ids = new Set(res.relatedLocations?.map((l) => l.id));
    for (const h of hops) for (const id of linkedIds(h.location.message?.text ?? '')) expect(ids.has(id), `link (${id})`).toBe(true);
  });

  it('SARIF: numbers step locations after the finding\'s own related locations and shares identical ones', () => {
    // Two entry accounts: two paths whose second hop is the same call, allowed by the same statement.
    const text = readFileSync(path.join(DIR, CHAIN), 'utf8').replace('{ AWS = "arn:aws:iam::444455556666:root" }', '{ AWS = ["arn:aws:iam::444455556666:root", "arn:aws:iam::111111111111:root"] }');
    const r = scan(text);
    const [f] = r.findings;
    expect(f.paths).toHaveLength(2);
    const own = { source: f.paths![0][0].source, message: 'the partner role trusts two accounts' };
    const [res] = sarifResults(input([{ ...f, related: [own] }], r.texts));
    expect(res.relatedLocations?.map((l) => [l.id, l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine, l.message?.text])).toEqual([
      [1, CHAIN, 9, 'the partner role trusts two accounts'],
      [2, POLICY, 8, IDENTITY_MESSAGE],
    ]);
    const second = res.codeFlows?.map((c) => c.threadFlows[0].locations[1].location.message?.text);
    expect(second).toEqual([
      'role partner-entry can call sts:AssumeRole on role platform-admin (allowed by [its identity policy](2))',
      'role partner-entry can call sts:AssumeRole on role platform-admin (allowed by [its identity policy](2))',
    ]);
  });

  it('SARIF: a step with several identity statements links each, and escapes brackets of its own text', () => {
    const r = scan();
    const [f] = r.findings;
    const hop = f.paths![0][1];
    const other = { source: { ...hop.related![0].source, range: { line: 3, column: 1, endLine: 14, endColumn: 2 } }, message: 'another statement' };
    const edited: Finding = { ...f, paths: [[f.paths![0][0], { ...hop, message: 'role [x] can call', related: [hop.related![0], other] }]] };
    const [res] = sarifResults(input([edited], r.texts));
    expect(res.codeFlows?.[0].threadFlows[0].locations[1].location.message?.text).toBe('role \\[x\\] can call (allowed by its identity policy, [statement 1](1) and [statement 2](2))');
    expect(res.relatedLocations?.map((l) => [l.id, l.physicalLocation.region.startLine])).toEqual([
      [1, 8],
      [2, 3],
    ]);
  });

  it('stylish: an indented identity line under the hop it allows', () => {
    const r = scan();
    const lines = formatStylish(input(r.findings, r.texts), { color: false }).split('\n');
    const hop = lines.indexOf(`      2. role partner-entry can call sts:AssumeRole on role platform-admin ${CHAIN}:22:18`);
    expect(hop, lines.join('\n')).toBeGreaterThan(0);
    expect(lines[hop - 1]).toBe(`      1. account 444455556666 can call sts:AssumeRole on role partner-entry (conditions on sts:ExternalId) ${CHAIN}:9:18`);
    expect(lines[hop + 1]).toBe(`         identity: ${POLICY}:8:18`);
    expect(lines.filter((l) => l.includes('identity:'))).toHaveLength(1);
  });

  it('JSON: each step carries `related` when it has identity statements', () => {
    const r = scan();
    const json = JSON.parse(formatJson(input(r.findings, r.texts)));
    const [first, second] = json.findings[0].paths[0];
    expect(first).toEqual({ message: 'account 444455556666 can call sts:AssumeRole on role partner-entry (conditions on sts:ExternalId)', file: CHAIN, range: { line: 9, column: 18, endLine: 14, endColumn: 6 } });
    expect(second.related).toEqual([{ message: IDENTITY_MESSAGE, file: POLICY, range: { line: 8, column: 18, endLine: 12, endColumn: 6 } }]);
  });
});
