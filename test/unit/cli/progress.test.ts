import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { REPO } from '../../helpers/cli.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (s: string) => chunks.push(s) };
}

describe('progress line', () => {
  it('appears on a terminal once the scan outlasts the delay, and is erased before the report', async () => {
    const stdout = sink(true);
    const stderr = sink(true);
    const code = await main(['node', 'fedlint', 'scan', 'examples/infra', '--no-color'], { stdout, stderr, cwd: REPO, env: {}, progressDelayMs: 0 });
    expect(code).toBe(1);
    const err = stderr.chunks.join('');
    expect(err).toMatch(/\rfedlint: scanning \d+\/\d+ files…/);
    expect(err.endsWith('\r\x1b[K')).toBe(true);
  });

  it('never appears when stderr is not a terminal', async () => {
    const stdout = sink(false);
    const stderr = sink(false);
    await main(['node', 'fedlint', 'scan', 'examples/infra'], { stdout, stderr, cwd: REPO, env: {}, progressDelayMs: 0 });
    expect(stderr.chunks.join('')).toBe('');
    expect(stdout.chunks.join('')).not.toContain('\x1b[');
  });

  it('does not appear on a terminal for a scan shorter than the delay', async () => {
    const stderr = sink(true);
    await main(['node', 'fedlint', 'scan', 'examples/infra'], { stdout: sink(true), stderr, cwd: REPO, env: {}, progressDelayMs: 60_000 });
    expect(stderr.chunks.join('')).toBe('');
  });
});
