import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fedlint, tempDir } from '../helpers/cli.js';

const FL101 =
  "::error file=examples/infra/ci-deploy.yaml,line=45,col=20,endLine=45,endColumn=23,title=FL101 public-trust::role AdminRole can be assumed by any principal of any AWS account: the trust allows AWS: * with no condition that pins the caller's organisation, account or ARN.";

describe('fedlint scan --format github|markdown', () => {
  it('annotates the example infrastructure, one workflow command per finding, the same bytes twice', () => {
    const r = fedlint(['scan', 'examples/infra', '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(FL101);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=examples\/infra\/[\w.-]+,line=\d+,(col=\d+,)?endLine=\d+,(endColumn=\d+,)?title=FL\d{3} [a-z-]+::\S/);
    expect(lines.some((l) => l.startsWith('::warning ') && l.includes('title=FL102 external-account-trust::'))).toBe(true);
    expect(fedlint(['scan', 'examples/infra', '--format', 'github']).stdout).toBe(r.stdout);
  });

  it('with --quiet, annotates only findings at or above --fail-on', () => {
    const r = fedlint(['scan', 'examples/infra', '--format', 'github', '--fail-on', 'critical', '-q']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(FL101);
    expect(lines.filter((l) => !l.startsWith('::error '))).toEqual([]);
    expect(lines.some((l) => l.includes('title=FL401 '))).toBe(false);
  });

  it('writes the Markdown summary with --report markdown=FILE, identical to --format markdown', () => {
    const file = path.join(tempDir(), 'summary.md');
    const r = fedlint(['scan', 'examples/infra', '--format', 'github', '--report', `markdown=${file}`]);
    expect(r.code).toBe(1);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^### fedlint: \d+ findings \(\d+ critical, \d+ high, \d+ medium, \d+ low\), 5 files scanned\n\n\| Severity \| Rule \| Location \| Message \|\n/);
    expect(md).toContain(
      "| critical | [FL101](https://github.com/fedlint/fedlint/blob/main/docs/rules/fl101-public-trust.md) public-trust | `examples/infra/ci-deploy.yaml:45` | role AdminRole can be assumed by any principal of any AWS account: the trust allows AWS: \\* with no condition that pins the caller's organisation, account or ARN. |\n",
    );
    expect(md).toContain('<summary>FL602 mfa-bypass-path at examples/infra/people.yaml:31: 1 assumption path</summary>');
    expect(fedlint(['scan', 'examples/infra', '--format', 'markdown']).stdout).toBe(md);
  });
});
