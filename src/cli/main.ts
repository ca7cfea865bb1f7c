import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { findRule } from '../engine/find-rule.js';
import type { RuleOverrides } from '../engine/index.js';
import { type Finding, type Model, SEVERITIES, type Severity, severityRank } from '../model/index.js';
import type { RuleDefinition } from '../rule-kit/index.js';
import { FORMATS, type Format } from '../report/formats.js';
import type { ReportInput } from '../report/index.js';
import { UsageError } from './errors.js';
import { VERSION } from './package-root.js';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** How long a scan runs before a progress line appears on a terminal (default about a second). */
  progressDelayMs?: number;
}


const FAIL_ON = [...SEVERITIES, 'none'] as const;

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** Write a file atomically: a temporary file in the same directory, then rename. */
export function writeAtomic(file: string, content: string): void {
  const dir = path.dirname(path.resolve(file));
  let tmpDir: string;
  try {
    tmpDir = mkdtempSync(path.join(dir, '.fedlint-tmp-'));
  } catch (e) {
    throw new UsageError(`output file ${file} cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const tmp = path.join(tmpDir, 'out');
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path.resolve(file));
  } catch (e) {
    throw new UsageError(`output file ${file} cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

function parseRuleFlags(RULES: readonly RuleDefinition[], flags: string[]): RuleOverrides {
  const out: RuleOverrides = {};
  for (const f of flags) {
    const m = /^([^=]+)=(.+)$/.exec(f);
    if (!m) throw new UsageError(`--rule ${f}: expected ID=off|critical|high|medium|low|info`);
    const [, id, level] = m;
    const rule = findRule(RULES, id.trim());
    if (!rule) throw new UsageError(`--rule ${f}: no rule with ID or name "${id.trim()}"`);
    const l = level.trim().toLowerCase();
    if (l !== 'off' && !(SEVERITIES as readonly string[]).includes(l)) throw new UsageError(`--rule ${f}: "${level}" is not off or a severity (${SEVERITIES.join(', ')})`);
    out[rule.id] = l as 'off' | Severity;
  }
  return out;
}

function parseReports(flags: string[]): Array<{ format: Format; file: string }> {
  return flags.map((f) => {
    const m = /^([a-z]+)=(.+)$/.exec(f);
    if (!m || !(FORMATS as readonly string[]).includes(m[1])) throw new UsageError(`--report ${f}: expected FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')}`);
    return { format: m[1] as Format, file: m[2] };
  });
}

interface ScanFlags {
  format: Format;
  output?: string;
  report: string[];
  sarif?: string;
  failOn?: Severity | 'none';
  config?: string | false;
  rule: string[];
  quiet?: boolean;
  color?: boolean;
  /** `scan --baseline FILE`: only findings not in FILE count. */
  baseline?: string;
  /** `fedlint baseline -o FILE`: record the findings in FILE instead of reporting them. */
  record?: string;
  /** `scan --diff-base REF`: only findings the tree at REF does not have count. */
  diffBase?: string;
  /** `scan --context DIR FILE…`: load DIR whole (the trust graph sees every role), report what touches the FILEs. */
  context?: string;
}

/**
 * `--context`: the findings that concern the given files (or directories) — located in one, or with a path hop or
 * related statement in one: a role elsewhere that a changed policy now lets someone reach is reported.
 */
function findingsTouching(findings: Finding[], given: string[]): Finding[] {
  const inGiven = (file: string) => given.some((g) => g === '' || file === g || file.startsWith(`${g}/`));
  const files = (f: Finding) => [f.location.file, ...f.related.map((r) => r.source.file), ...(f.paths ?? []).flat().flatMap((s) => [s.source.file, ...(s.related ?? []).map((r) => r.source.file)])];
  return findings.filter((f) => files(f).some(inGiven));
}

/** Rules, engine and scanner load on demand: `--version` and `--help` stay instant. */
async function loadRules(): Promise<readonly RuleDefinition[]> {
  return (await import('../../rules/index.js')).RULES;
}


async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const started = performance.now();
  const [RULES, { scanPaths }, { configSuppressions, findConfig, loadConfig }, { ruleMeta }, { format }, baselines] = await Promise.all([
    loadRules(),
    import('./scan.js'),
    import('./config.js'),
    import('../engine/index.js'),
    import('../report/index.js'),
    import('./baseline.js'),
  ]);
  if (flags.baseline !== undefined && flags.diffBase !== undefined) throw new UsageError('--baseline and --diff-base cannot be used together: both say which findings are already known');
  const baseline = flags.baseline === undefined ? undefined : baselines.readBaseline(path.resolve(io.cwd, flags.baseline), flags.baseline);
  const reports = parseReports(flags.report);
  if (flags.sarif) reports.push({ format: 'sarif', file: flags.sarif });
  const overridesFromFlags = parseRuleFlags(RULES, flags.rule);
  const configFile = flags.config === false ? undefined : flags.config ? path.resolve(io.cwd, flags.config) : findConfig(path.resolve(io.cwd, paths[0] ?? '.'));
  const config = loadConfig(configFile, (id) => findRule(RULES, id) !== undefined);
  const overrides: RuleOverrides = {};
  for (const [k, v] of Object.entries(config.overrides)) overrides[findRule(RULES, k)!.id] = v;
  Object.assign(overrides, overridesFromFlags);
  const failOn = flags.failOn ?? config.failOn ?? 'high';

  const tty = Boolean(io.stderr.isTTY);
  let progressShown = false;
  const scanned = flags.context === undefined ? paths : [flags.context];
  const scan = (root: string, onProgress?: (done: number, total: number) => void) =>
    scanPaths(RULES, { root, paths: scanned, include: config.include, exclude: config.exclude, settings: config.settings, overrides, limits: config.limits, suppressions: configSuppressions(config, root), onProgress });
  // Diff mode: the same scan of the tree at the base revision, read from git into a temporary directory.
  let base: { findings: Finding[]; model: Model } | undefined;
  if (flags.diffBase !== undefined) {
    const { extractRevision } = await import('./diff.js');
    const revision = extractRevision(io.cwd, flags.diffBase);
    try {
      const r = await scan(revision.cwd);
      base = { findings: r.findings.filter((f) => f.suppressions.length === 0), model: r.model };
    } finally {
      revision.cleanup();
    }
  }
  const result = await scan(io.cwd, (done, total) => {
    if (!tty || performance.now() - started < (io.progressDelayMs ?? 1000)) return;
    progressShown = true;
    io.stderr.write(`\rfedlint: scanning ${done}/${total} files…`);
  });
  if (progressShown) io.stderr.write('\r\x1b[K');
  if (flags.context !== undefined && paths.length) result.findings = findingsTouching(result.findings, paths.map((p) => path.relative(io.cwd, path.resolve(io.cwd, p)).split(path.sep).join('/')));
  if (flags.record !== undefined) {
    const recorded = baselines.createBaseline(result.findings);
    writeAtomic(path.resolve(io.cwd, flags.record), baselines.serializeBaseline(recorded));
    io.stdout.write(`${recorded.findings.length} finding${recorded.findings.length === 1 ? '' : 's'} recorded in ${flags.record}\n`);
    // A baseline recorded while a rule or loader failed may lack findings: never a clean pass.
    for (const e of result.errors) io.stderr.write(`fedlint: internal error ${e.ruleId ? `in rule ${e.ruleId}` : `while loading ${e.file}`}: ${e.message}\n`);
    return result.errors.length > 0 ? 1 : 0;
  }
  const knownEntries = baseline?.findings ?? (base ? baselines.createBaseline(base.findings).findings : undefined);
  const compared = knownEntries ? baselines.compareFindings(result.findings, knownEntries) : undefined;
  const known = new Set(compared?.unchanged);
  const changes = base ? (await import('./diff.js')).graphChanges(base.model, result.model, config.settings) : undefined;

  const rules = RULES.filter((r) => overrides[r.id] !== 'off').map((r) => ({ ...ruleMeta(r), severity: (overrides[r.id] as Severity | undefined) ?? r.severity }));
  const input: ReportInput = { findings: result.findings, rules, toolVersion: VERSION, filesScanned: result.model.files.length, texts: result.texts, errors: result.errors, unreadable: result.model.inputErrors.map((e) => ({ file: e.file, message: e.message, line: e.source.range.line })), ...(compared ? { baseline: { unchanged: known, absent: compared.absent, ...(base ? { revision: flags.diffBase } : {}) } } : {}), ...(changes ? { graphChanges: changes } : {}) };
  const color = flags.color ?? (Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
  const elapsedMs = performance.now() - started;
  const threshold = failOn === 'none' ? Infinity : severityRank(failOn);
  const failing = result.findings.filter((f) => f.suppressions.length === 0 && !known.has(f) && severityRank(f.severity) >= threshold);

  for (const r of reports) writeAtomic(path.resolve(io.cwd, r.file), format(r.format, input, { color: false }));
  const shown = flags.quiet ? { ...input, findings: input.findings.filter((f) => severityRank(f.severity) >= threshold) } : input;
  // --quiet narrows the formats people read; SARIF and JSON stay complete records.
  const main = format(flags.format, flags.format === 'sarif' || flags.format === 'json' ? input : shown, { color: flags.output ? false : color, elapsedMs });
  if (flags.output) writeAtomic(path.resolve(io.cwd, flags.output), main);
  else if (result.model.files.length === 0 && flags.format === 'stylish') io.stdout.write(`fedlint: no CloudFormation template or IAM policy found in ${paths.length ? paths.join(', ') : '.'} (${result.filesDiscovered} files looked at)\n`);
  else io.stdout.write(main);
  // fedlint's own errors mean findings may be missing: never a clean pass.
  for (const e of result.errors) io.stderr.write(`fedlint: internal error ${e.ruleId ? `in rule ${e.ruleId}` : `while loading ${e.file}`}: ${e.message}\n`);
  return failing.length > 0 || result.errors.length > 0 ? 1 : 0;
}

interface GraphFlags {
  format: 'mermaid' | 'dot' | 'json';
  output?: string;
  config?: string | false;
  focus?: string;
  sensitiveOnly?: boolean;
}

/** For `graph` and `explain`: the files read with the config (no rules run) and their trust graph. */
async function scanGraph(paths: string[], configFlag: string | false | undefined, io: Io) {
  const [{ scanPaths }, { findConfig, loadConfig }, { buildTrustGraph }] = await Promise.all([import('./scan.js'), import('./config.js'), import('../graph/trust-graph.js')]);
  const configFile = configFlag === false ? undefined : configFlag ? path.resolve(io.cwd, configFlag) : findConfig(path.resolve(io.cwd, paths[0] ?? '.'));
  const config = loadConfig(configFile, () => true);
  const result = await scanPaths([], { root: io.cwd, paths, include: config.include, exclude: config.exclude, settings: config.settings, limits: config.limits });
  return { result, config, graph: buildTrustGraph(result.model, config.settings.accounts) };
}

/** `fedlint graph`: the trust graph of the scanned files, drawn or as JSON. */
async function runGraph(paths: string[], flags: GraphFlags, io: Io): Promise<number> {
  const [{ result, config, graph }, { renderGraph, upstreamOf, view }, { roleSensitivity }] = await Promise.all([
    scanGraph(paths, flags.config, io),
    import('../graph/render.js'),
    import('../rule-kit/sensitivity.js'),
  ]);
  const roles = result.model.entities.filter((e) => e.kind === 'role');
  const sensitive = new Set(roles.filter((r) => roleSensitivity(r, config.settings).sensitive).map((r) => graph.nodeOf(r)));
  let keep: Set<string> | undefined;
  if (flags.focus !== undefined) {
    const f = flags.focus;
    const hits = roles.filter((r) => r.name === f || r.id === f || r.arn === f);
    if (!hits.length) throw new UsageError(`--focus ${f}: no role with that name, logical ID, address or ARN in the scanned files`);
    keep = upstreamOf(graph, hits.map((r) => graph.nodeOf(r)));
  } else if (flags.sensitiveOnly) keep = upstreamOf(graph, sensitive);
  const out = renderGraph(view(graph, sensitive, keep), flags.format);
  if (flags.output) writeAtomic(path.resolve(io.cwd, flags.output), out);
  else io.stdout.write(out);
  for (const e of result.errors) io.stderr.write(`fedlint: internal error while loading ${e.file}: ${e.message}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

/** `fedlint explain ROLE`: who can assume a role, by which paths, under which conditions, for how long. */
async function runExplain(roleName: string, paths: string[], flags: { format: 'text' | 'json'; config?: string | false }, io: Io): Promise<number> {
  const [{ result, config, graph }, { explainRole, formatExplanation }, { roleSensitivity }] = await Promise.all([
    scanGraph(paths, flags.config, io),
    import('../graph/explain.js'),
    import('../rule-kit/sensitivity.js'),
  ]);
  const roles = result.model.entities.filter((e) => e.kind === 'role' && (e.name === roleName || e.id === roleName || e.arn === roleName));
  if (!roles.length) throw new UsageError(`${roleName}: no role with that name, logical ID, address or ARN in the scanned files`);
  const explained = roles.flatMap((r) => (r.kind === 'role' ? [explainRole(graph, r, roleSensitivity(r, config.settings).reasons, config.settings)] : []));
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(explained, null, 2)}\n` : explained.map(formatExplanation).join('\n'));
  return 0;
}

/** `fedlint init`: a commented `.fedlint.yml` listing the account IDs of the scanned files, and the GitHub workflow. */
async function runInit(paths: string[], flags: { force?: boolean }, io: Io): Promise<number> {
  const [{ scanPaths }, init] = await Promise.all([import('./scan.js'), import('./init.js')]);
  const { workflow, existing } = init.initTargets(io.cwd);
  if (existing.length && !flags.force) throw new UsageError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: init never overwrites a file (--force to write ${init.INIT_CONFIG}${workflow !== undefined ? ` and ${init.INIT_WORKFLOW}` : ''} anyway)`);
  // The accounts come from the files as they are, without any config file's include/exclude.
  const result = await scanPaths([], { root: io.cwd, paths });
  const accounts = init.foundAccounts(result.model);
  const files = [{ file: init.INIT_CONFIG, content: init.configText(accounts, result.model.files.length) }, ...(workflow !== undefined ? [{ file: init.INIT_WORKFLOW, content: workflow }] : [])];
  init.writeFiles(io.cwd, files, writeAtomic);
  io.stdout.write(`wrote ${init.INIT_CONFIG}: ${accounts.length} account ID${accounts.length === 1 ? '' : 's'} found in ${result.model.files.length} file${result.model.files.length === 1 ? '' : 's'}, commented out (uncomment and name the accounts that are yours)\n`);
  io.stdout.write(workflow !== undefined ? `wrote ${init.INIT_WORKFLOW}\n` : `no GitHub workflow written: this fedlint package has no examples/github-workflow.yml\n`);
  for (const e of result.errors) io.stderr.write(`fedlint: internal error while loading ${e.file}: ${e.message}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

async function runRulesCommand(flags: { format: 'text' | 'json' }, io: Io): Promise<number> {
  const [RULES, { ruleMeta }] = await Promise.all([loadRules(), import('../engine/index.js')]);
  if (flags.format === 'json') {
    io.stdout.write(JSON.stringify(RULES.map(ruleMeta), null, 2) + '\n');
    return 0;
  }
  const rows = RULES.map((r) => `${r.id}  ${r.name.padEnd(36)} ${r.severity.padEnd(8)}  ${r.short}`);
  io.stdout.write(rows.join('\n') + '\n');
  return 0;
}

/** The CLI: returns the exit code (0 clean, 1 findings at or above --fail-on, 2 wrong invocation). */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }): Promise<number> {
  let code = 0;
  const program = new Command('fedlint')
    .description('Lint AWS IAM trust and federation configuration: who can assume which role, and how.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('scan')
    .description('scan CloudFormation/SAM/CDK templates and IAM policy documents (default: the current directory)')
    .argument('[paths...]', 'files or directories to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('-o, --output <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--report <format=file>', 'also write FORMAT to FILE (repeatable), e.g. --report sarif=fedlint.sarif --report markdown=summary.md', collect, [])
    .option('--sarif <file>', 'also write SARIF to FILE (same as --report sarif=FILE)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists (default: high)').choices(FAIL_ON))
    .option('-c, --config <file>', 'config file (default: .fedlint.yml/.fedlint.json found upward from the first path)')
    .option('--no-config', 'ignore config files')
    .option('--rule <id=level>', 'turn a rule off or re-rate it, by ID or name (repeatable), e.g. --rule FL102=off', collect, [])
    .option('-q, --quiet', 'show only findings at or above --fail-on')
    .option('--context <dir>', 'load all of DIR (so path rules see every role) but report only findings that concern the given PATHs (pre-commit)')
    .option('--baseline <file>', 'fail only on findings not recorded in FILE (written by `fedlint baseline`); list its entries that no longer occur')
    .option('--diff-base <ref>', 'fail only on findings the tree at git revision REF does not have; list the trust-graph edges the change adds and removes')
    .option('--color', 'force colours')
    .option('--no-color', 'no colours')
    .action(async (paths: string[], flags: ScanFlags) => {
      code = await runScan(paths, flags, io);
    });

  program
    .command('baseline')
    .description('record the current findings in a baseline file, so that `scan --baseline FILE` fails only on new ones')
    .argument('[paths...]', 'files or directories to scan')
    .option('-o, --output <file>', 'the baseline file to write (atomically)', '.fedlint-baseline.json')
    .option('-c, --config <file>', 'config file (default: .fedlint.yml/.fedlint.json found upward from the first path)')
    .option('--no-config', 'ignore config files')
    .action(async (paths: string[], flags: { output: string; config?: string | false }) => {
      code = await runScan(paths, { format: 'json', report: [], rule: [], config: flags.config, record: flags.output }, io);
    });

  program
    .command('graph')
    .description('draw the trust graph of the scanned files: who can assume which role, by which STS API')
    .argument('[paths...]', 'files or directories to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['mermaid', 'dot', 'json']).default('mermaid'))
    .option('-o, --output <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--focus <role>', 'only the role (name, logical ID, Terraform address or ARN) and everything that can reach it')
    .option('--sensitive-only', 'only the sensitive roles and everything that can reach them')
    .option('-c, --config <file>', 'config file (default: .fedlint.yml/.fedlint.json found upward from the first path)')
    .option('--no-config', 'ignore config files')
    .action(async (paths: string[], flags: GraphFlags) => {
      code = await runGraph(paths, flags, io);
    });

  program
    .command('explain')
    .description('who can assume a role, by which paths, under which conditions, and for how long')
    .argument('<role>', 'role name, logical ID, Terraform address or ARN')
    .argument('[paths...]', 'files or directories to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'config file (default: .fedlint.yml/.fedlint.json found upward from the first path)')
    .option('--no-config', 'ignore config files')
    .action(async (role: string, paths: string[], flags: { format: 'text' | 'json'; config?: string | false }) => {
      code = await runExplain(role, paths, flags, io);
    });

  program
    .command('init')
    .description('write a commented .fedlint.yml with the account IDs found in the scanned files, and a GitHub workflow')
    .argument('[paths...]', 'files or directories to scan (default: the current directory)')
    .option('--force', 'overwrite existing files')
    .action(async (paths: string[], flags: { force?: boolean }) => {
      code = await runInit(paths, flags, io);
    });

  program
    .command('rules')
    .description('list the rule catalog')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { format: 'text' | 'json' }) => {
      code = await runRulesCommand(flags, io);
    });

  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError || (e instanceof Error && e.name === 'MissingPathError')) {
      io.stderr.write(`fedlint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
