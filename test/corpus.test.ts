import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { scanInputs, scanPaths, type ScanResult } from '../src/cli/scan.js';
import { type Finding, isUnknown, type SourceRef } from '../src/model/index.js';

/**
 * Every rule over every file of the shared corpus (real public IaC, some of it broken on purpose; see
 * ../shared/corpus/SOURCES.md): fedlint must never crash, never throw inside a rule, and never point at
 * a place that does not exist.
 */

const repoRoot = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const exists = existsSync(CORPUS);
if (!exists) console.warn(`test/corpus.test.ts: skipped, the shared corpus is absent (looked for ${CORPUS})`);

/**
 * Measured on 2026-11-26 (44 rules): 964 files discovered (.json/.yaml/.yml/.template; 619 `.tf` files since, below),
 * 768 CloudFormation/SAM templates loaded (718 cloudformation + 50 sam), 11 policy files, 425 IAM roles of which
 * 402 have a trust policy (templates; Terraform plans below), 11 FL001 findings. The bounds are the measured numbers: a drop means a loader or
 * sniffing regression (or a corpus change, then re-measure and update this comment).
 */
const MIN_TEMPLATES = 768;
const MIN_ROLES_WITH_TRUST = 402;
/**
 * Measured on 2026-11-26: 33 `terraform show -json` plan/state files load (two of them UTF-16 with a BOM), holding
 * 45 IAM entities, 32 of them roles with a trust policy (some only known after apply: rendered by a data source).
 */
const MIN_TERRAFORM_PLANS = 33;
// Plans whose .tf configuration is in the corpus (terraform-compliance keeps main.tf next to plan.out.json) are
// located at the .tf lines and their entities belong to the .tf files: 45 entities in plan files before, 26 since.
const MIN_PLAN_ENTITIES = 26;
/**
 * Measured on 2026-11-26: 619 `.tf` files, 617 of them parse (the 2 that do not are in EXPECTED_FL001), giving
 * 206 IAM roles: 168 with a trust policy evaluated to a document, 18 whose trust stays Unknown (10 data sources
 * with `dynamic` blocks, 4 references outside their module, conditionals and `coalesce`), 20 without one.
 */
// Since `.tf.json` is read too (2026-11-26): 619 files, the 617 `.tf` that parse and checkov's 2 `cdk.tf.json`
// (no IAM in them; before, they were discovered as JSON and skipped).
const MIN_TF_FILES = 619;
/** cloudsplaining's example exports (2026-11-26: 6 files, 85 roles, 49 users). */
const MIN_EXPORTS = 6;
const MIN_EXPORT_ROLES = 85;
const MIN_EXPORT_USERS = 49;
// Local modules are read through their calls (terraform-aws-iam's examples instantiate its modules), with dynamic
// blocks, conditionals and try/coalesce evaluated, known count/for_each read per element: 168 evaluated / 18 unknown
// before, 246 / 10 since.
const MIN_TF_ROLES_WITH_TRUST = 246;
/** Roles from .tf files whose trust policy stays Unknown (for_each over unknown values, data sources outside the module): may only shrink. */
const MAX_TF_ROLES_UNKNOWN_TRUST = 10;
const UTF16_PLANS = ['bridgecrewio__checkov/tests/terraform/parser/resources/plan_encodings/tfplan_win_utf16.json', 'bridgecrewio__checkov/tests/terraform/runner/resources/plan_with_utf_16_encoding/tfplan.json'];

/** Files broken on purpose or upstream, which must yield FL001 where reading stopped (SOURCES.md "Use"). */
const EXPECTED_FL001: Record<string, number> = {
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/core/config_invalid_json.json': 8,
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/core/config_invalid_yaml.yaml': 7,
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/duplicate.yaml': 9,
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/json_parse.json': 5,
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/template.yaml': 12,
  'stelligent__cfn_nag/spec/test_templates/yaml/vulgar_bad_syntax.yml': 3,
  'bridgecrewio__checkov/tests/cloudformation/runner/resources/invalid.json': 144,
  'bridgecrewio__checkov/tests/cloudformation/runner/resources/invalid.yaml': 12,
  // Not listed as broken upstream, but they are: a trailing comma, and Python-style """triple quotes""".
  'Skyscanner__cfripper/tests/test_templates/rules/CrossAccountTrustRule/generic_resources_with_mixed_cross_account_policy_and_no_policy.json': 9,
  'Skyscanner__cfripper/tests/test_templates/rules/CrossAccountTrustRule/mixed_invalid_generic_resources.json': 9,
  'bridgecrewio__checkov/tests/cloudformation/parser/success_triple_quotes_string.json': 17,
  // Terraform HCL that does not parse (a `principals` block outside its `statement`).
  'bridgecrewio__checkov/tests/terraform/checks/data/aws/example_AdminPolicyDocument/main.tf': 28,
  'bridgecrewio__checkov/tests/terraform/checks/data/aws/example_StarActionPolicyDocument/main.tf': 34,
  // Heredoc policies that are not JSON, so AWS would refuse them: trailing commas, a missing comma between
  // statements, an interpolation outside a JSON string (the last FL001 of a file is the one listed).
  'bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_IAMCredentialsExposure/main.tf': 51,
  'bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_IAMDataExfiltration/main.tf': 14,
  'bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_IAMWriteAccess/main.tf': 49,
  'DataDog__kics/assets/queries/terraform/aws/authentication_without_mfa/test/negative.tf': 29,
};

/** Broken or foreign files that do not claim to be a template or policy: skipped silently (no FL001, no model entry). */
const EXPECTED_SKIPPED = [
  'bridgecrewio__checkov/tests/cloudformation/parser/fail.json',
  'stelligent__cfn_nag/spec/test_templates/yaml/ignore_fatal/non_cfn.yml',
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/empty_file.yaml',
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/not_cloudformation.yaml',
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/string.yaml',
];

/** Peer metadata that is not IaC: never loaded as a template or policy. */
const FOREIGN = [/\/positive_expected_result\.json$/, /\/expected\.yaml$/, /cdk\.out\/(.*\/)?manifest\.json$/];

const where = (s: SourceRef) => `${s.file}:${s.range.line}:${s.range.column}`;
const describeFinding = (f: Finding) => `${f.ruleId} ${where(f.location)} ${f.location.pointer} — ${f.message.slice(0, 160)}`;

describe.skipIf(!exists)(`corpus (${CORPUS})`, () => {
  let result: (ScanResult & { filesDiscovered: number }) | undefined;
  let crash: unknown;

  beforeAll(async () => {
    try {
      result = await scanPaths(RULES, { root: CORPUS, paths: ['.'] });
    } catch (e) {
      crash = e;
    }
  }, 600_000);

  const scanned = (): ScanResult & { filesDiscovered: number } => {
    if (!result) throw new Error(`the scan crashed: ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`);
    return result;
  };

  it('scans the whole corpus without an exception', () => {
    expect(crash, String(crash instanceof Error ? crash.stack : crash)).toBeUndefined();
    expect(scanned().filesDiscovered).toBeGreaterThan(900);
  });

  it('runs every rule without an exception (names the rule and the files it throws on)', () => {
    const { model } = scanned();
    const errors = scanned().errors.filter((e) => e.ruleId !== undefined);
    if (errors.length === 0) return;
    // Rules run over the whole model; find the files that make each failing rule throw on their own.
    const lines = [...new Set(errors.map((e) => e.ruleId as string))].map((id) => {
      const rule = RULES.find((r) => r.id === id)!;
      const files = model.files
        .map((f) => f.path)
        .filter((rel) => scanInputs([{ rel, bytes: readFileSync(path.join(CORPUS, rel)) }], [rule]).errors.some((e) => e.ruleId === id));
      const messages = [...new Set(errors.filter((e) => e.ruleId === id).map((e) => e.message))];
      return `${id} threw "${messages.join('" / "')}" on ${files.length ? files.join(', ') : '(no single file reproduces it: a cross-file case)'}`;
    });
    expect.fail(`rule exceptions on the corpus:\n${lines.join('\n')}`);
  }, 600_000);

  it('never crashes a loader (an internal error without a rule is a caught loader exception)', () => {
    const { errors, model } = scanned();
    const crashes = [...errors.filter((e) => e.ruleId === undefined).map((e) => `${e.file ?? '?'}: ${e.message}`), ...model.inputErrors.filter((e) => e.message.startsWith('could not load')).map((e) => `${e.file}: ${e.message}`)];
    expect(crashes, `loader exceptions:\n${crashes.join('\n')}`).toEqual([]);
  });

  it('locates every finding and related location at a line ≥ 1 of a file that exists, with an end not before its start', () => {
    const problems: string[] = [];
    const check = (f: Finding, s: SourceRef, what: string) => {
      const r = s.range;
      if (!(r.line >= 1) || !(r.column >= 1)) problems.push(`${what} before line 1 / column 1: ${describeFinding(f)}`);
      if (r.endLine < r.line || (r.endLine === r.line && r.endColumn < r.column)) problems.push(`${what} ends before it starts (${JSON.stringify(r)}): ${describeFinding(f)}`);
      if (!existsSync(path.join(CORPUS, s.file))) problems.push(`${what} in a file that does not exist (${s.file}): ${describeFinding(f)}`);
    };
    for (const f of scanned().findings) {
      check(f, f.location, 'location');
      for (const rel of f.related) check(f, rel.source, 'related location');
    }
    expect(problems, problems.slice(0, 50).join('\n')).toEqual([]);
  });

  it('reports at line 1 only for FL001 (anything else at line 1 is a lost location)', () => {
    // A minified file (terraform-compliance's plan.out.json is one line of JSON) has nothing but line 1.
    const oneLine = (file: string) => !/\n./.test(scanned().texts.get(file) ?? '');
    // A `.tf` file's first block may well start on line 1: an exact location there is not lost.
    const tfExact = (f: Finding) => f.location.file.endsWith('.tf') && !f.location.approximate;
    const atLineOne = scanned().findings.filter((f) => f.location.range.line === 1 && f.ruleId !== 'FL001' && !(oneLine(f.location.file) && !f.location.approximate) && !tfExact(f));
    expect(atLineOne.length, `findings at line 1 that are not FL001:\n${atLineOne.map(describeFinding).join('\n')}`).toBe(0);
  });

  it('reports the known-broken files as FL001 at the line where reading stopped', () => {
    const fl001 = scanned().findings.filter((f) => f.ruleId === 'FL001');
    const actual = Object.fromEntries(fl001.map((f) => [f.location.file, f.location.range.line]));
    const present = Object.fromEntries(Object.entries(EXPECTED_FL001).filter(([file]) => existsSync(path.join(CORPUS, file))));
    expect(actual, `FL001 findings:\n${fl001.map(describeFinding).join('\n')}`).toEqual(present);
  });

  it('skips broken and foreign files that do not claim to be ours, without an error', () => {
    const { model, findings } = scanned();
    const touched = new Set([...model.files.map((f) => f.path), ...findings.map((f) => f.location.file)]);
    const notSkipped = EXPECTED_SKIPPED.filter((f) => existsSync(path.join(CORPUS, f)) && touched.has(f));
    expect(notSkipped).toEqual([]);
    // checkov's "corrupted" plan is well-formed state JSON (`values` holding one test_instance): read, nothing in it.
    const corrupted = 'bridgecrewio__checkov/tests/terraform/runner/resources/plan/corrupted-tfplan.json';
    if (existsSync(path.join(CORPUS, corrupted))) {
      expect(model.files.filter((f) => f.path === corrupted)).toEqual([{ path: corrupted, kind: 'terraform-plan' }]);
      expect(findings.filter((f) => f.location.file === corrupted)).toEqual([]);
    }
    const foreignLoaded = model.files.filter((f) => FOREIGN.some((re) => re.test(f.path)));
    expect(foreignLoaded.map((f) => `${f.path} (${f.kind})`)).toEqual([]);
  });

  it('turns every input error into exactly one FL001 finding', () => {
    const { model, findings } = scanned();
    const fl001 = findings.filter((f) => f.ruleId === 'FL001').map((f) => f.location.file).sort();
    expect(fl001).toEqual(model.inputErrors.map((e) => e.file).sort());
  });

  it(`loads at least ${MIN_TEMPLATES} CloudFormation templates and ${MIN_ROLES_WITH_TRUST} roles with a trust policy`, () => {
    const { model } = scanned();
    const templates = model.files.filter((f) => f.kind === 'cloudformation' || f.kind === 'sam').length;
    const rolesWithTrust = model.entities.filter((e) => e.kind === 'role' && e.trust !== undefined).length;
    expect(templates, 'CloudFormation/SAM templates loaded').toBeGreaterThanOrEqual(MIN_TEMPLATES);
    expect(rolesWithTrust, 'IAM roles with a trust policy').toBeGreaterThanOrEqual(MIN_ROLES_WITH_TRUST);
    // Every trust statement of those roles is located inside its own file.
    for (const e of model.entities) {
      if (e.kind !== 'role' || !e.trust) continue;
      // (A `.tf` role's trust may be an aws_iam_policy_document in another file of its module: the same directory;
      // or, in a module instance, a value the module call passes: the directory of a call.)
      const dir = (f: string) => f.slice(0, f.lastIndexOf('/'));
      for (const s of e.trust.statements) {
        const dirs = [dir(e.file), ...(e.source.via ?? []).map((c) => dir(c.file))];
        if (e.file.endsWith('.tf')) expect(dirs, `${e.file} ${e.id}`).toContain(dir(s.source.file));
        else expect(s.source.file, `${e.file} ${e.id}`).toBe(e.file);
      }
    }
  });

  it(`loads at least ${MIN_TERRAFORM_PLANS} Terraform plan/state files (UTF-16 ones too) and ${MIN_PLAN_ENTITIES} IAM entities from them`, () => {
    const { model } = scanned();
    const plans = new Set(model.files.filter((f) => f.kind === 'terraform-plan').map((f) => f.path));
    expect(plans.size, 'Terraform plan/state files loaded').toBeGreaterThanOrEqual(MIN_TERRAFORM_PLANS);
    expect(model.entities.filter((e) => plans.has(e.file)).length, 'IAM entities from plans').toBeGreaterThanOrEqual(MIN_PLAN_ENTITIES);
    for (const f of UTF16_PLANS) if (existsSync(path.join(CORPUS, f))) expect(plans.has(f), f).toBe(true);
  });

  it(`loads at least ${MIN_EXPORTS} account exports (get-account-authorization-details) with ${MIN_EXPORT_ROLES} roles and ${MIN_EXPORT_USERS} users, none unreadable`, () => {
    const { model } = scanned();
    const exports = new Set(model.files.filter((f) => f.kind === 'aws-authorization-details').map((f) => f.path));
    expect(exports.size, 'account exports loaded').toBeGreaterThanOrEqual(MIN_EXPORTS);
    expect(model.entities.filter((e) => e.kind === 'role' && exports.has(e.file)).length).toBeGreaterThanOrEqual(MIN_EXPORT_ROLES);
    expect(model.entities.filter((e) => e.kind === 'user' && exports.has(e.file)).length).toBeGreaterThanOrEqual(MIN_EXPORT_USERS);
    expect(model.inputErrors.filter((e) => exports.has(e.file))).toEqual([]);
    // Every exported role is in a real account, never the symbolic one.
    for (const e of model.entities) if (exports.has(e.file) && e.kind === 'role') expect(e.account, e.id).toMatch(/^\d{12}$/);
  });

  it(`reads at least ${MIN_TF_FILES} Terraform .tf files and ${MIN_TF_ROLES_WITH_TRUST} roles with an evaluated trust policy from them`, () => {
    const { model } = scanned();
    const tf = new Set(model.files.filter((f) => f.kind === 'terraform-hcl').map((f) => f.path));
    expect(tf.size, 'Terraform .tf files read').toBeGreaterThanOrEqual(MIN_TF_FILES);
    const roles = model.entities.filter((e) => e.kind === 'role' && tf.has(e.file) && e.trust !== undefined && !isUnknown(e.trust.raw));
    expect(roles.length, 'roles from .tf files with an evaluated trust policy').toBeGreaterThanOrEqual(MIN_TF_ROLES_WITH_TRUST);
    // The coverage ratio: how many trust policies fedlint evaluates versus leaves unknown.
    const unknown = model.entities.filter((e) => e.kind === 'role' && tf.has(e.file) && e.trust !== undefined && isUnknown(e.trust.raw));
    expect(unknown.length, `roles from .tf files whose trust stays unknown: ${unknown.map((e) => `${e.file} ${e.id}`).join(', ')}`).toBeLessThanOrEqual(MAX_TF_ROLES_UNKNOWN_TRUST);
    expect(roles.length / (roles.length + unknown.length)).toBeGreaterThanOrEqual(0.9);
  });
});
