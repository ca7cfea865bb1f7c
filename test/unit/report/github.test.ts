import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/model/index.js';
import { escapeData, escapeProperty, formatGithub } from '../../../src/report/github.js';
import { FINDINGS, finding, input, ref } from './findings.js';

describe('github format (workflow commands)', () => {
  it('writes one annotation per unsuppressed finding, escaped, with the shortest path', () => {
    expect(formatGithub(input())).toBe(
      [
        '::error file=infra/a%2Cb%3Ac.yaml,line=12,col=20,endLine=12,endColumn=23,title=FL101 public-trust::role A (100%25 open) | any principal%0Asecond line',
        '::warning file=infra/b.yaml,line=7,col=5,endLine=7,endColumn=40,title=FL102 external-account-trust::role B trusts account 444455556666',
        // Several lines: no col/endColumn (actions/toolkit AnnotationProperties).
        '::notice file=infra/b.yaml,line=9,endLine=11,title=FL306 account-root-trust::role C trusts its own account',
        '::notice file=infra/c.yaml,line=3,col=3,endLine=3,endColumn=6,title=FL601 external-path-to-sensitive::role admin is reachable from outside Path: account 444455556666 can call sts:AssumeRole on role admin',
        '',
      ].join('\n'),
    );
  });

  it('maps critical and high to error, medium to warning, low and info to notice', () => {
    const out = SEVERITIES.map((severity) => formatGithub(input([finding({ ruleId: 'FL101', ruleName: 'public-trust', severity, message: 'm', location: ref('a.yaml', 1, 1) })])).split(' ')[0]);
    expect(Object.fromEntries(SEVERITIES.map((s, i) => [s, out[i]]))).toEqual({ critical: '::error', high: '::error', medium: '::warning', low: '::notice', info: '::notice' });
  });

  it('joins the hops of a path with arrows, the first of the shortest on a tie', () => {
    const f = FINDINGS[4];
    const paths = [f.paths![0], [...f.paths![0]].reverse()];
    expect(formatGithub(input([{ ...f, paths }]))).toContain('::role admin is reachable from outside Path: user dana can call sts:AssumeRole on role ops → role ops can call sts:AssumeRole on role admin\n');
  });

  it('escapes `%` before the sequences it adds, CR and LF everywhere, `:` and `,` only in properties', () => {
    expect(escapeData('50%0A\r\n: ,')).toBe('50%250A%0D%0A: ,');
    expect(escapeProperty('50%0A\r\n: ,')).toBe('50%250A%0D%0A%3A %2C');
    const title = formatGithub(input([finding({ ruleId: 'FL101', ruleName: 'a:b,c', severity: 'high', message: 'x: y, z\r', location: ref('a.yaml', 1, 1) })]));
    expect(title).toBe('::error file=a.yaml,line=1,col=1,endLine=1,endColumn=4,title=FL101 a%3Ab%2Cc::x: y, z%0D\n');
  });

  it('emits nothing for suppressed findings and an error for each internal error', () => {
    const errors = [{ ruleId: 'FL101', message: 'boom: 100%' }, { file: 'x,y.yaml', message: 'bad\nfile' }];
    expect(formatGithub(input([FINDINGS[3]], errors))).toBe(
      ['::error title=fedlint internal error::rule FL101 failed: boom: 100%25', '::error file=x%2Cy.yaml,title=fedlint internal error::fedlint failed while loading x,y.yaml: bad%0Afile', ''].join('\n'),
    );
    expect(formatGithub(input([FINDINGS[3]]))).toBe('');
  });

  it('gives the same bytes for the same input', () => {
    expect(formatGithub(input())).toBe(formatGithub(input()));
  });
});
