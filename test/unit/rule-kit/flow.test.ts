import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { buildTrustGraph } from '../../../src/graph/trust-graph.js';
import { initHcl } from '../../../src/parse/hcl/index.js';
import { flowStep } from '../../../src/rule-kit/index.js';

const DIR = path.resolve(import.meta.dirname, '../../../fixtures/rules/fl601-external-path-to-sensitive');

describe('flowStep', () => {
  beforeAll(() => initHcl());
  const graphOf = () => {
    const r = scanInputs(['bad-partner-chain-to-admin.tf', 'good-without-outside-trust.tf'].map((rel) => ({ rel, bytes: readFileSync(path.join(DIR, rel)) })), []);
    return buildTrustGraph(r.model);
  };
  const where = (s: { source: { file: string; range: { line: number; column: number } } }) => `${s.source.file}:${s.source.range.line}:${s.source.range.column}`;

  it('locates a hop at its trust statement, with the caller\'s identity statements as related locations', () => {
    const g = graphOf();
    const edge = g.edges.find((e) => g.nodes.get(e.from)?.label === 'partner-entry' && g.nodes.get(e.to)?.label === 'platform-admin')!;
    const step = flowStep(g, edge);
    expect(where(step)).toBe('bad-partner-chain-to-admin.tf:22:18');
    expect(step.message).toBe('role partner-entry can call sts:AssumeRole on role platform-admin');
    expect(step.related?.map((r) => `${where(r)} ${r.message}`)).toEqual(['good-without-outside-trust.tf:8:18 the identity policy of role partner-entry allows sts:AssumeRole on role platform-admin']);
  });

  it('locates a hop without trust statements at the caller\'s first identity statement, with nothing related', () => {
    const g = graphOf();
    const edge = g.edges.find((e) => g.nodes.get(e.from)?.label === 'partner-entry' && g.nodes.get(e.to)?.label === 'platform-admin')!;
    const step = flowStep(g, { ...edge, trust: [] });
    expect(where(step)).toBe('good-without-outside-trust.tf:8:18');
    expect(step.related).toBeUndefined();
  });

  it('has no related locations for a hop STS grants on the trust alone', () => {
    const g = graphOf();
    const edge = g.edges.find((e) => e.from === 'account:444455556666')!;
    const step = flowStep(g, edge);
    expect(where(step)).toBe('bad-partner-chain-to-admin.tf:9:18');
    expect(step.message).toBe('account 444455556666 can call sts:AssumeRole on role partner-entry (conditions on sts:ExternalId)');
    expect(step.related).toBeUndefined();
  });
});
