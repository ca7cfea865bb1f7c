/**
 * Scan benchmark: parse → load → rules over the shared corpus (or, when it is absent, a generated set of
 * templates), repeated; plus the CLI's cold start. Prints each figure with its ratio against the committed
 * `bench/baseline.json`. It never fails: a missing corpus, build or baseline is a note, not an error.
 *
 *   node --import tsx bench/scan.ts                   # corpus if present, else generated
 *   node --import tsx bench/scan.ts --generated       # always the generated set
 *   node --import tsx bench/scan.ts --runs 10
 *   node --import tsx bench/scan.ts --write-baseline  # record this machine's figures as the baseline
 *
 * Timings are wall-clock medians of the runs after one warm-up run; compare ratios from the same machine only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputFile, scanInputs as ScanInputs } from '../src/cli/scan.js';
import type { discover as Discover } from '../src/discover/index.js';
import type { RuleDefinition } from '../src/rule-kit/index.js';

// Loaded in main(), so that a broken module is reported as a note instead of failing the process.
let RULES: readonly RuleDefinition[] = [];
let scanInputs: typeof ScanInputs;
let discover: typeof Discover;

const repoRoot = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const BASELINE = path.join(repoRoot, 'bench/baseline.json');
const GENERATED_COUNT = 1000;

interface Figures {
  files: number;
  /** Median wall time of parse + load + rules over all files. */
  totalMs: number;
  msPerFile: number;
  filesPerSecond: number;
  /** Median wall time of parse + load alone (no rules). */
  parseLoadMs: number;
  peakRssMb: number;
}

interface Baseline {
  note?: string;
  recordedAt?: string;
  machine?: string;
  node?: string;
  rules?: number;
  corpus?: Figures;
  /** The corpus's Terraform HCL files alone: HCL files per second. */
  terraform?: Figures;
  generated?: Figures;
  coldStartMs?: number;
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 5) : 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeIt(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** A deterministic CloudFormation template with the shapes the loader and rules care about. */
function generatedTemplate(i: number): string {
  const acct = String(100000000000 + i * 7919).slice(0, 12);
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    '  Env: {Type: String, AllowedValues: [dev, prod], Default: dev}',
    '  Partner: {Type: String}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    ...Array.from({ length: 4 }, (_, r) => [
      `  Role${r}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: !Sub "\${AWS::StackName}-role-${i}-${r}"`,
      `      MaxSessionDuration: ${3600 * (1 + (r % 3))}`,
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: sts:AssumeRole',
      '            Principal:',
      `              AWS: !If [IsProd, "arn:aws:iam::${acct}:root", !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"]`,
      ...(r % 2 === 0 ? ['            Condition:', '              StringEquals: {"sts:ExternalId": !Ref Partner}'] : []),
      '          - Effect: Allow',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Principal: {Federated: !Sub "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}',
      '            Condition:',
      '              StringEquals: {"token.actions.githubusercontent.com:aud": sts.amazonaws.com}',
      `              StringLike: {"token.actions.githubusercontent.com:sub": "repo:org/app-${i}:*"}`,
      '      ManagedPolicyArns:',
      // One large AWS managed policy per template (ReadOnlyAccess lists ~thousands of actions), small ones elsewhere.
      `        - arn:aws:iam::aws:policy/${r === 0 ? 'ReadOnlyAccess' : 'service-role/AWSLambdaBasicExecutionRole'}`,
      '      Policies:',
      '        - PolicyName: inline',
      '          PolicyDocument: !Sub |',
      '            {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "iam:PassRole"],',
      '              "Resource": "arn:${AWS::Partition}:s3:::bucket-${AWS::AccountId}/*"}]}',
    ]).flat(),
    '  User:',
    '    Type: AWS::IAM::User',
    `    Properties: {UserName: user-${i}, Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}]}}]}`,
    '  Key:',
    '    Type: AWS::IAM::AccessKey',
    '    Properties: {UserName: !Ref User}',
    '',
  ].join('\n');
}

async function corpusInputs(): Promise<InputFile[]> {
  const files = await discover(['.'], { root: CORPUS });
  return files.map((f) => ({ rel: f.rel, bytes: readFileSync(f.abs) }));
}

function generatedInputs(): InputFile[] {
  const enc = new TextEncoder();
  return Array.from({ length: GENERATED_COUNT }, (_, i) => ({ rel: `gen/stack-${String(i).padStart(4, '0')}.yaml`, bytes: enc.encode(generatedTemplate(i)) }));
}

function measure(inputs: InputFile[]): Figures {
  // Warm-up: JIT, lazily loaded data tables.
  scanInputs(inputs, RULES);
  const full: number[] = [];
  const parseLoad: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    full.push(timeIt(() => scanInputs(inputs, RULES)));
    parseLoad.push(timeIt(() => scanInputs(inputs, [])));
  }
  const totalMs = median(full);
  return {
    files: inputs.length,
    totalMs,
    msPerFile: totalMs / inputs.length,
    filesPerSecond: (inputs.length / totalMs) * 1000,
    parseLoadMs: median(parseLoad),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function coldStart(): { ms?: number; note?: string } {
  const bin = path.join(repoRoot, 'bin/fedlint.js');
  const main = path.join(repoRoot, 'dist/src/cli/main.js');
  if (!existsSync(bin)) return { note: 'skipped: bin/fedlint.js is missing' };
  if (!existsSync(main)) return { note: 'skipped: dist/ is missing (run `npm run build` first)' };
  const once = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, '--version'], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    const ms = performance.now() - t;
    return r.status === 0 ? ms : undefined;
  };
  if (once() === undefined) return { note: 'skipped: `node bin/fedlint.js --version` did not exit 0 (stale or broken build? run `npm run build`)' };
  const times = Array.from({ length: 7 }, once).filter((x): x is number => x !== undefined);
  return times.length ? { ms: median(times) } : { note: 'skipped: the CLI failed on every run' };
}

/** `ratio vs baseline: x.xx` — current / baseline; for times higher is slower, for throughput higher is faster. */
function ratio(current: number, base: number | undefined, higherIs: 'slower' | 'faster'): string {
  if (base === undefined || !Number.isFinite(base) || base <= 0) return 'ratio vs baseline: n/a (no baseline figure)';
  return `ratio vs baseline: ${(current / base).toFixed(2)} (higher is ${higherIs})`;
}

function readBaseline(): Baseline {
  try {
    return JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
  } catch {
    return {};
  }
}

const row = (label: string, value: string, r: string) => console.log(`${label.padEnd(26)}${value.padStart(12)}   ${r}`);

async function main(): Promise<void> {
  ({ RULES } = await import('../rules/index.js'));
  ({ scanInputs } = await import('../src/cli/scan.js'));
  // .tf files need the HCL grammar (WebAssembly) loaded once before the synchronous scan.
  await (await import('../src/parse/hcl/index.js')).initHcl();
  ({ discover } = await import('../src/discover/index.js'));
  // The shared corpus (when present) and a generated set of typical templates: both, unless a flag picks one.
  type Dataset = 'corpus' | 'terraform' | 'generated';
  const datasets: Dataset[] = [];
  if (!flag('--generated')) {
    if (existsSync(CORPUS)) datasets.push('corpus', 'terraform');
    else console.log(`note: no corpus at ${CORPUS}; benchmarking the generated set only`);
  }
  if (!flag('--corpus')) datasets.push('generated');
  const base = readBaseline();
  const measured: Partial<Record<Dataset, Figures>> = {};
  for (const dataset of datasets) {
    const inputs = dataset === 'generated' ? generatedInputs() : (await corpusInputs()).filter((i) => dataset === 'corpus' || i.rel.endsWith('.tf'));
    const bytes = inputs.reduce((n, i) => n + i.bytes.length, 0);
    console.log(`\nfedlint scan benchmark: ${dataset}, ${inputs.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${RULES.length} rules, ${RUNS} runs (median) after 1 warm-up`);
    console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0].toFixed(2)}`);
    const b = base[dataset];
    const f = measure(inputs);
    measured[dataset] = f;
    row('total (parse+load+rules)', `${f.totalMs.toFixed(0)} ms`, ratio(f.totalMs, b?.totalMs, 'slower'));
    row('ms per file', f.msPerFile.toFixed(2), ratio(f.msPerFile, b?.msPerFile, 'slower'));
    row('files per second', f.filesPerSecond.toFixed(0), ratio(f.filesPerSecond, b?.filesPerSecond, 'faster'));
    row('MB per second', (bytes / 1e6 / (f.totalMs / 1000)).toFixed(2), '');
    row('parse+load only', `${f.parseLoadMs.toFixed(0)} ms`, ratio(f.parseLoadMs, b?.parseLoadMs, 'slower'));
    row('peak RSS (process)', `${f.peakRssMb.toFixed(0)} MB`, ratio(f.peakRssMb, b?.peakRssMb, 'slower'));
  }
  console.log('');

  const cold = coldStart();
  if (cold.ms !== undefined) row('CLI cold start', `${cold.ms.toFixed(0)} ms`, ratio(cold.ms, base.coldStartMs, 'slower'));
  else console.log(`CLI cold start: ${cold.note}`);

  if (flag('--write-baseline')) {
    const next: Baseline = {
      ...base,
      note: 'Written by `node --import tsx bench/scan.ts --write-baseline`; ratios are only meaningful on comparable hardware and load.',
      recordedAt: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0].toFixed(2)}`,
      node: process.version,
      rules: RULES.length,
      ...measured,
      ...(cold.ms !== undefined ? { coldStartMs: cold.ms } : {}),
    };
    const round = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v);
    writeFileSync(BASELINE, JSON.stringify(next, round, 2) + '\n');
    console.log(`baseline written: ${path.relative(repoRoot, BASELINE)} (${datasets.join(', ')})`);
  }
}

main()
  .catch((e: unknown) => {
    // A benchmark reports; it never fails the build.
    console.log(`benchmark could not complete: ${e instanceof Error ? e.message : String(e)}`);
  })
  .finally(() => {
    process.exitCode = 0;
  });
