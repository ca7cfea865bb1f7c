import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { globby, isGitIgnoredSync } from 'globby';
import { type FileKind, TERRAFORM_MODULE_MANIFEST } from '../model/index.js';

export interface FileRef {
  /** Absolute path. */
  abs: string;
  /** Path relative to the scan root, with forward slashes: what findings show. */
  rel: string;
}

export interface DiscoverOptions {
  /** Root that relative paths and include/exclude globs are taken from. */
  root: string;
  include?: string[];
  exclude?: string[];
}

const EXTENSIONS = '{json,yaml,yml,template,tf,tfvars}';
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
}

/**
 * Files to scan under `paths`: directories are walked honouring .gitignore (node_modules and .git never
 * entered); files named explicitly are always taken. Sorted, de-duplicated.
 */
export async function discover(paths: string[], opts: DiscoverOptions): Promise<FileRef[]> {
  const out = new Map<string, FileRef>();
  const add = (abs: string) => {
    const rel = path.relative(opts.root, abs).split(path.sep).join('/') || path.basename(abs);
    out.set(abs, { abs, rel });
  };
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(opts.root, p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      throw new MissingPathError(`path does not exist: ${p}`);
    }
    if (st.isFile()) {
      add(abs);
      continue;
    }
    const include = opts.include?.length ? opts.include : [`**/*.${EXTENSIONS}`];
    // A directory named explicitly is scanned even when git ignores it (`fedlint scan cdk.out`).
    const explicitlyIgnored = abs !== path.resolve(opts.root) && isGitIgnoredSync({ cwd: opts.root })(abs);
    const found = await globby(include, {
      cwd: abs,
      gitignore: !explicitlyIgnored,
      ignore: [...ALWAYS_IGNORED, ...(opts.exclude ?? [])],
      dot: false,
      absolute: true,
      onlyFiles: true,
      followSymbolicLinks: false,
    });
    // Variable files only as Terraform loads them by itself (a `.tfvars.json` is not read as plain JSON either).
    for (const f of found) if ((/\.(json|ya?ml|template|tf)$/i.test(f) && !/\.tfvars\.json$/i.test(f)) || isAutoTfvars(f)) add(f);
    const tfDirs = new Set(found.filter((f) => /\.tf$/i.test(f)).map((f) => path.dirname(f)));
    for (const d of tfDirs) for (const v of await vendoredModules(d)) add(v);
  }
  return [...out.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * The modules `terraform init` installed for a root module in `dir` (registry and git sources, usually git-ignored):
 * its manifest and every `.tf` file under `.terraform/modules`. Nothing is fetched.
 */
async function vendoredModules(dir: string): Promise<string[]> {
  const manifest = path.join(dir, TERRAFORM_MODULE_MANIFEST);
  if (!existsSync(manifest)) return [];
  const files = await globby('**/*.tf', { cwd: path.dirname(manifest), absolute: true, onlyFiles: true, followSymbolicLinks: false, dot: false });
  return [manifest, ...files];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decide a parsed file's kind from its content (design.md §discover). */
export function sniff(value: unknown): FileKind {
  if (!isObject(value)) return 'unknown';
  const resources = value.Resources;
  const hasAwsResource = isObject(resources) && Object.values(resources).some((r) => isObject(r) && typeof r.Type === 'string' && /^(AWS|Custom|Alexa)::/.test(r.Type));
  if ('AWSTemplateFormatVersion' in value || hasAwsResource) {
    const tr = value.Transform;
    const transforms = Array.isArray(tr) ? tr : [tr];
    return transforms.some((x) => typeof x === 'string' && x.startsWith('AWS::Serverless')) ? 'sam' : 'cloudformation';
  }
  // `terraform show -json` of a saved plan or of the state (sts-semantics.md §8.4).
  if ('format_version' in value && ['planned_values', 'resource_changes', 'values', 'prior_state'].some((k) => k in value)) return 'terraform-plan';
  // `aws iam get-account-authorization-details` (GetAccountAuthorizationDetails): an account's IAM as deployed.
  if (['RoleDetailList', 'UserDetailList', 'GroupDetailList'].some((k) => Array.isArray(value[k]))) return 'aws-authorization-details';
  const st = value.Statement;
  const looksLikeStatement = (s: unknown) => isObject(s) && ('Effect' in s || 'Action' in s || 'NotAction' in s || 'Principal' in s);
  if (st !== undefined && ('Version' in value || (Array.isArray(st) ? st.some(looksLikeStatement) : looksLikeStatement(st)))) return 'policy';
  return 'unknown';
}

/**
 * Terraform configuration: every `.tf` file (HCL) and `.tf.json` file (Terraform's JSON syntax) is ours, and
 * variable files: `.tfvars` / `.tfvars.json` (a directory walk takes only those Terraform loads itself, see isAutoTfvars).
 */
export function isTerraformHcl(file: string): boolean {
  return /\.(tf|tfvars)(\.json)?$/i.test(file);
}

/** `terraform.tfvars(.json)` and `*.auto.tfvars(.json)`: the variable files Terraform reads without a `-var-file`. */
export function isAutoTfvars(file: string): boolean {
  return /(^|[/\\])terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/i.test(file);
}

/** For a file that failed to parse: does its text claim to be a format we read? */
export function claimsSupported(text: string): boolean {
  return /AWSTemplateFormatVersion|Type["']?\s*:\s*["']?AWS::|["']?Statement["']?\s*:|"format_version"\s*:|"(?:Role|User|Group)DetailList"\s*:/.test(text);
}
