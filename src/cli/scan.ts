import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { claimsSupported, discover, isTerraformHcl, sniff } from '../discover/index.js';
import { runRules, type InternalError, type RuleOverrides } from '../engine/index.js';
import { loadAuthorizationDetails } from '../load/aws-export/index.js';
import { loadCloudFormation } from '../load/cloudformation/index.js';
import { linkManagedPolicies } from '../load/link.js';
import { loadPolicyFile } from '../load/policy/index.js';
import { type HclInput, isModuleManifest, loadTerraformModules, readModuleManifest, type TerraformInputs } from '../load/terraform/hcl.js';
import { hclSuppressions } from '../load/terraform/suppressions.js';
import { emptyModel, type Finding, type Model, type SuppressionRecord } from '../model/index.js';
import { initHcl, parseHcl } from '../parse/hcl/index.js';
import { parseTfJson } from '../parse/hcl/tfjson.js';
import { DEFAULT_LIMITS, parseBytes, type ParseFailure, type ParseLimits } from '../parse/index.js';
import { decode } from '../parse/text.js';
import { DEFAULT_SETTINGS, type RuleDefinition, type RuleSettings } from '../rule-kit/index.js';
import { RULES } from '../../rules/index.js';

/** The config file's `ignore:` entries as suppressions, and its path and text (FL007/FL008 are located in it). */
export interface ConfigSuppressions {
  /** Relative to the scan root, like the scanned files. */
  file: string;
  text: string;
  records: SuppressionRecord[];
}

export interface InputFile {
  /** Path shown in findings (relative to the scan root). */
  rel: string;
  bytes: Uint8Array;
}

export interface ScanResult {
  findings: Finding[];
  errors: InternalError[];
  model: Model;
  /** File texts, for code frames. */
  texts: Map<string, string>;
}

function inputError(model: Model, rel: string, failure: ParseFailure): void {
  const r = { line: failure.line, column: failure.column, endLine: failure.line, endColumn: failure.column + 1 };
  model.inputErrors.push({ file: rel, message: failure.message, source: { file: rel, pointer: '', range: r } });
  model.files.push({ path: rel, kind: 'unknown' });
}

/**
 * A `.tf` or `.tf.json` file (or variable file) parsed into `hcl` (loaded per directory once all are read); any
 * such file is ours. Needs `initHcl()`.
 */
function readHcl(model: Model, texts: Map<string, string>, hcl: HclInput[], { rel, bytes }: InputFile, limits: ParseLimits): void {
  if (bytes.length > limits.maxBytes) return inputError(model, rel, { file: rel, message: `file is ${bytes.length} bytes, over the ${limits.maxBytes}-byte limit (set limits.maxFileBytes in the config to raise it)`, line: 1, column: 1 });
  const decoded = decode(bytes);
  if ('error' in decoded) return inputError(model, rel, { file: rel, message: decoded.error, line: 1, column: 1 });
  texts.set(rel, decoded.text);
  const parsed = /\.json$/i.test(rel) ? parseTfJson(rel, decoded.text) : parseHcl(rel, decoded.text);
  if ('message' in parsed) return inputError(model, rel, parsed);
  model.files.push({ path: rel, kind: 'terraform-hcl' });
  model.suppressions.push(...hclSuppressions(parsed, decoded.text));
  hcl.push({ rel, hcl: parsed, text: decoded.text });
}

function loadHcl(model: Model, internal: InternalError[], tf: TerraformInputs): void {
  if (!tf.files.length && !tf.plans.length) return;
  try {
    internal.push(...loadTerraformModules(tf, model));
  } catch (e) {
    internal.push({ file: tf.files[0]?.rel ?? tf.plans[0]?.file ?? '', message: (e as Error).message });
  }
}

/** parse → sniff → load one file into the model; unreadable files that claim to be ours become input errors. */
function loadInput(model: Model, texts: Map<string, string>, internal: InternalError[], input: InputFile, limits: ParseLimits, tf: TerraformInputs): void {
  const { rel, bytes } = input;
  if (isTerraformHcl(rel)) return readHcl(model, texts, tf.files, input, limits);
  if (isModuleManifest(rel)) {
    const decoded = decode(bytes);
    if (!('error' in decoded)) readModuleManifest(rel, decoded.text, tf);
    return;
  }
  const { doc, failure, text } = parseBytes(rel, bytes, limits);
  if (text !== undefined) texts.set(rel, text);
  if (failure) {
    // Only a file that claims to be ours is an FL001; other broken YAML/JSON is not our business.
    if (text === undefined || claimsSupported(text)) inputError(model, rel, failure);
    return;
  }
  if (!doc) return;
  const kind = sniff(doc.value);
  if (kind === 'unknown') return;
  model.files.push({ path: rel, kind });
  try {
    if (kind === 'policy') loadPolicyFile(doc, model);
    // Plans are loaded with the .tf files, at the lines of their configuration when it is in the scan.
    else if (kind === 'terraform-plan') tf.plans.push(doc);
    else if (kind === 'aws-authorization-details') loadAuthorizationDetails(doc, model);
    else loadCloudFormation(doc, model);
  } catch (e) {
    // A loader exception is fedlint's bug, not a problem with the user's file: say so, loudly.
    internal.push({ file: rel, message: (e as Error).message });
  }
}

/**
 * parse → load → rules over files already read: the pipeline without I/O. `.tf` inputs need the HCL parser:
 * `await initHcl()` once before (scanPaths does).
 */
export function scanInputs(
  inputs: InputFile[],
  rules: readonly RuleDefinition[],
  settings: RuleSettings = DEFAULT_SETTINGS,
  overrides: RuleOverrides = {},
  limits: ParseLimits = DEFAULT_LIMITS,
  config?: ConfigSuppressions,
): ScanResult {
  const model = emptyModel();
  const texts = new Map<string, string>();
  const internal: InternalError[] = [];
  const byRel = new Map(inputs.map((i) => [i.rel, i.bytes]));
  const tf: TerraformInputs = { files: [], manifests: new Map(), plans: [], read: (rel) => readText(texts, rel, byRel.get(rel), limits) };
  for (const input of inputs) loadInput(model, texts, internal, input, limits, tf);
  loadHcl(model, internal, tf);
  return finish(model, texts, internal, rules, settings, overrides, config);
}

/** A file `file()`/`templatefile()` reads, decoded and kept for code frames; undefined when it cannot be read. */
function readText(texts: Map<string, string>, rel: string, bytes: Uint8Array | undefined, limits: ParseLimits): string | undefined {
  const known = texts.get(rel);
  if (known !== undefined) return known;
  if (!bytes || bytes.length > limits.maxBytes) return undefined;
  const decoded = decode(bytes);
  if ('error' in decoded) return undefined;
  texts.set(rel, decoded.text);
  return decoded.text;
}

/** The bytes of `rel` when it is a regular file inside `root` (after following links) within the size limit. */
function readInsideRoot(root: string, rel: string, limits: ParseLimits): Uint8Array | undefined {
  try {
    const real = realpathSync(path.resolve(root, rel));
    const inside = path.relative(realpathSync(root), real);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
    const st = statSync(real);
    return st.isFile() && st.size <= limits.maxBytes ? readFileSync(real) : undefined;
  } catch {
    return undefined;
  }
}

function finish(model: Model, texts: Map<string, string>, internal: InternalError[], rules: readonly RuleDefinition[], settings: RuleSettings, overrides: RuleOverrides, config?: ConfigSuppressions): ScanResult {
  linkManagedPolicies(model);
  if (config?.records.length) {
    model.suppressions.push(...config.records);
    texts.set(config.file, config.text);
  }
  // The whole catalog, so that a suppression naming a rule that is not running is not mistaken for a typo.
  const { findings, errors } = runRules(rules, model, settings, overrides, RULES);
  return { findings, errors: [...internal, ...errors], model, texts };
}

export interface ScanOptions {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  settings?: RuleSettings;
  overrides?: RuleOverrides;
  limits?: ParseLimits;
  /** Suppressions from the config file. */
  suppressions?: ConfigSuppressions;
  onProgress?: (done: number, total: number) => void;
}

/** Discover, read and scan; yields to the event loop between files so a progress line can be drawn. */
export async function scanPaths(rules: readonly RuleDefinition[], opts: ScanOptions): Promise<ScanResult & { filesDiscovered: number }> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const files = await discover(opts.paths, { root: opts.root, include: opts.include, exclude: opts.exclude });
  if (files.some((f) => isTerraformHcl(f.rel))) await initHcl();
  const model = emptyModel();
  const texts = new Map<string, string>();
  const tf: TerraformInputs = { files: [], manifests: new Map(), plans: [], read: (rel) => readText(texts, rel, readInsideRoot(opts.root, rel, limits), limits) };
  const internal: InternalError[] = [];
  for (let i = 0; i < files.length; i++) {
    if (i % 25 === 0) {
      opts.onProgress?.(i, files.length);
      await new Promise((r) => setImmediate(r));
    }
    const f = files[i];
    // Never read a huge file whole just to refuse it.
    const size = statSync(f.abs).size;
    if (size > limits.maxBytes) {
      model.inputErrors.push({ file: f.rel, message: `file is ${size} bytes, over the ${limits.maxBytes}-byte limit (limits.maxFileBytes in the config)`, source: { file: f.rel, pointer: '', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } } });
      model.files.push({ path: f.rel, kind: 'unknown' });
      continue;
    }
    loadInput(model, texts, internal, { rel: f.rel, bytes: readFileSync(f.abs) }, limits, tf);
  }
  loadHcl(model, internal, tf);
  opts.onProgress?.(files.length, files.length);
  return { ...finish(model, texts, internal, rules, opts.settings ?? DEFAULT_SETTINGS, opts.overrides ?? {}, opts.suppressions), filesDiscovered: files.length };
}
