import { readFileSync } from 'node:fs';
import { claimsSupported, discover, sniff } from '../discover/index.js';
import { runRules, type RuleError, type RuleOverrides } from '../engine/index.js';
import { loadCloudFormation } from '../load/cloudformation/index.js';
import { linkManagedPolicies } from '../load/link.js';
import { loadPolicyFile } from '../load/policy/index.js';
import { emptyModel, type Finding, type Model } from '../model/index.js';
import { DEFAULT_LIMITS, parseBytes, type ParseLimits } from '../parse/index.js';
import { DEFAULT_SETTINGS, type RuleDefinition, type RuleSettings } from '../rule-kit/index.js';

export interface InputFile {
  /** Path shown in findings (relative to the scan root). */
  rel: string;
  bytes: Uint8Array;
}

export interface ScanResult {
  findings: Finding[];
  errors: RuleError[];
  model: Model;
  /** File texts, for code frames. */
  texts: Map<string, string>;
}

/** parse → load → rules over files already read: the pipeline without I/O. */
export function scanInputs(
  inputs: InputFile[],
  rules: readonly RuleDefinition[],
  settings: RuleSettings = DEFAULT_SETTINGS,
  overrides: RuleOverrides = {},
  limits: ParseLimits = DEFAULT_LIMITS,
): ScanResult {
  const model = emptyModel();
  const texts = new Map<string, string>();
  for (const { rel, bytes } of inputs) {
    const { doc, failure, text } = parseBytes(rel, bytes, limits);
    if (text !== undefined) texts.set(rel, text);
    if (failure) {
      // Only a file that claims to be ours is an FL001; other broken YAML/JSON is not our business.
      if (text === undefined || claimsSupported(text)) {
        const r = { line: failure.line, column: failure.column, endLine: failure.line, endColumn: failure.column + 1 };
        model.inputErrors.push({ file: rel, message: failure.message, source: { file: rel, pointer: '', range: r } });
        model.files.push({ path: rel, kind: 'unknown' });
      }
      continue;
    }
    if (!doc) continue;
    const kind = sniff(doc.value);
    if (kind === 'unknown') continue;
    model.files.push({ path: rel, kind });
    try {
      if (kind === 'policy') loadPolicyFile(doc, model);
      else loadCloudFormation(doc, model);
    } catch (e) {
      model.inputErrors.push({ file: rel, message: `could not load: ${(e as Error).message}`, source: doc.map.locate('') });
    }
  }
  linkManagedPolicies(model);
  const { findings, errors } = runRules(rules, model, settings, overrides);
  return { findings, errors, model, texts };
}

export interface ScanOptions {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  settings?: RuleSettings;
  overrides?: RuleOverrides;
  limits?: ParseLimits;
  onProgress?: (done: number, total: number) => void;
}

export async function scanPaths(rules: readonly RuleDefinition[], opts: ScanOptions): Promise<ScanResult & { filesDiscovered: number }> {
  const files = await discover(opts.paths, { root: opts.root, include: opts.include, exclude: opts.exclude });
  const inputs: InputFile[] = files.map((f, i) => {
    opts.onProgress?.(i, files.length);
    return { rel: f.rel, bytes: readFileSync(f.abs) };
  });
  return { ...scanInputs(inputs, rules, opts.settings, opts.overrides, opts.limits), filesDiscovered: files.length };
}
