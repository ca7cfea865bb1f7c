import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/model/index.js';
import { escapeMarkdown, formatMarkdown, MAX_CHARS } from '../../../src/report/markdown.js';
import { FINDINGS, finding, input, ref } from './findings.js';

const DOCS = 'https://github.com/fedlint/fedlint/blob/main/docs/rules/';

function many(n: number, message: (i: number) => string, extra: Partial<Finding> = {}): Finding[] {
  return Array.from({ length: n }, (_, i) => finding({ ruleId: 'FL102', ruleName: 'external-account-trust', severity: 'medium', message: message(i), location: ref('infra/big.yaml', i + 1, 3), ...extra }));
}

const rows = (md: string) => md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));

describe('markdown format', () => {
  it('writes the counts, one escaped table row per unsuppressed finding and a block per finding with paths', () => {
    expect(formatMarkdown(input())).toBe(
      [
        '### fedlint: 4 findings (1 critical, 1 medium, 1 low, 1 info), 4 files scanned; 1 suppressed finding not shown',
        '',
        '| Severity | Rule | Location | Message |',
        '|---|---|---|---|',
        `| critical | [FL101](${DOCS}fl101-public-trust.md) public-trust | \`infra/a,b:c.yaml:12\` | role A (100% open) \\| any principal<br>second line |`,
        `| medium | [FL102](${DOCS}fl102-external-account-trust.md) external-account-trust | \`infra/b.yaml:7\` | role B trusts account 444455556666 |`,
        `| low | [FL306](${DOCS}fl306-account-root-trust.md) account-root-trust | \`infra/b.yaml:9\` | role C trusts its own account |`,
        `| info | [FL601](${DOCS}fl601-external-path-to-sensitive.md) external-path-to-sensitive | \`infra/c.yaml:3\` | role admin is reachable from outside |`,
        '',
        '<details>',
        '<summary>FL601 external-path-to-sensitive at infra/c.yaml:3: 2 assumption paths</summary>',
        '',
        'Path 1:',
        '',
        '1. `infra/c.yaml:30` user dana can call sts:AssumeRole on role ops (allowed by its identity policy: `infra/d.json:4`)',
        '2. `infra/c.yaml:40` role ops can call sts:AssumeRole on role admin',
        '',
        'Path 2:',
        '',
        '1. `infra/c.yaml:50` account 444455556666 can call sts:AssumeRole on role admin',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('escapes Markdown outside code spans and only `|` inside them', () => {
    expect(escapeMarkdown('allows `a|b` on arn:aws:iam::*:role/x_* <y> [z] a|b & c')).toBe('allows `a\\|b` on arn:aws:iam::\\*:role/x\\_\\* \\<y\\> \\[z\\] a\\|b \\& c');
    expect(escapeMarkdown('``a`b|c`` and `\nd`')).toBe('``a`b\\|c`` and ` d`');
    // A file name with a backtick gets a longer fence.
    const md = formatMarkdown(input([finding({ ruleId: 'FL101', ruleName: 'public-trust', severity: 'high', message: 'm', location: ref('we`ird|.yaml', 2, 1) })]));
    expect(rows(md)).toEqual([`| high | [FL101](${DOCS}fl101-public-trust.md) public-trust | \`\`we\`ird\\|.yaml:2\`\` | m |`]);
  });

  it('says in one line that there is nothing to report', () => {
    expect(formatMarkdown(input([]))).toBe('fedlint: no findings, 4 files scanned.\n');
    expect(formatMarkdown(input([FINDINGS[3]]))).toBe('fedlint: no findings, 4 files scanned; 1 suppressed finding not shown.\n');
  });

  it('stops the table after 200 rows and counts the rest', () => {
    const md = formatMarkdown(input(many(250, (i) => `role R${i} trusts account 444455556666`)));
    expect(rows(md)).toHaveLength(200);
    expect(rows(md)[199]).toContain('| `infra/big.yaml:200` | role R199 trusts account 444455556666 |');
    expect(md.endsWith('\n\nand 50 more findings (see the SARIF/JSON output)\n')).toBe(true);
    expect(md.startsWith('### fedlint: 250 findings (250 medium), 4 files scanned\n')).toBe(true);
  });

  it('stays under GitHub\'s 65,536-character comment limit with long messages', () => {
    const md = formatMarkdown(input(many(200, (i) => `role R${i} ${'x'.repeat(1000)}`)));
    const shown = rows(md).length;
    expect(md.length).toBeLessThan(65_536);
    expect(md.length).toBeGreaterThan(MAX_CHARS - 1200);
    expect(shown).toBeLessThan(200);
    expect(md.endsWith(`\n\nand ${200 - shown} more findings (see the SARIF/JSON output)\n`)).toBe(true);
  });

  it('leaves out path blocks that do not fit and says how many', () => {
    const hops = Array.from({ length: 100 }, (_, i) => ({ source: ref('infra/p.yaml', i + 1, 1), message: `role H${i} can call sts:AssumeRole on role H${i + 1} ${'y'.repeat(250)}` }));
    const md = formatMarkdown(input(many(3, (i) => `path ${i}`, { paths: [hops] })));
    expect(md.match(/<details>/g)).toHaveLength(1);
    expect(md.length).toBeLessThan(65_536);
    expect(md.endsWith('\n\nThe assumption paths of 2 more findings are in the SARIF/JSON output.\n')).toBe(true);
  });

  it('reports internal errors after the table', () => {
    expect(formatMarkdown(input([], [{ ruleId: 'FL101', message: 'x_y failed' }]))).toBe('fedlint: no findings, 4 files scanned.\n\n**fedlint internal error**: rule FL101 failed: x\\_y failed\n');
  });

  it('gives the same bytes for the same input', () => {
    expect(formatMarkdown(input())).toBe(formatMarkdown(input()));
  });
});
