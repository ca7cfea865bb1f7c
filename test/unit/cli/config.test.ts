import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/config.js';
import { DEFAULT_SETTINGS } from '../../../src/rule-kit/index.js';

const write = (text: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fedlint-config-')), '.fedlint.yml');
  writeFileSync(file, text);
  return file;
};
const known = () => true;

describe('config: trust graph settings', () => {
  it('defaults: ten paths per finding, MFA context survives chaining (the setting that hides no path)', () => {
    expect(DEFAULT_SETTINGS.maxPaths).toBe(10);
    expect(DEFAULT_SETTINGS.mfaSurvivesChaining).toBe(true);
    expect(loadConfig(write('maxEntryRoles: 5\n'), known).settings).toMatchObject({ maxPaths: 10, mfaSurvivesChaining: true });
  });

  it('reads maxPaths and mfaSurvivesChaining', () => {
    expect(loadConfig(write('maxPaths: 3\nmfaSurvivesChaining: false\n'), known).settings).toMatchObject({ maxPaths: 3, mfaSurvivesChaining: false });
  });

  it('a bad value is a usage error naming the key and the reason', () => {
    expect(() => loadConfig(write('maxPaths: 0\n'), known)).toThrow(/maxPaths: must be >= 1/);
    expect(() => loadConfig(write('mfaSurvivesChaining: "yes"\n'), known)).toThrow(/mfaSurvivesChaining: must be boolean/);
  });
});
