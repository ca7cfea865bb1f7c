import type { Entity } from './entities.js';
import type { PolicyDocument } from './policy.js';
import type { SourceRef } from './source.js';

/**
 * `terraform-plan`: `terraform show -json` output, of a saved plan or of the state. `terraform-hcl`: a `.tf` file.
 * `aws-authorization-details`: `aws iam get-account-authorization-details` output, what one account has deployed.
 */
/** The manifest `terraform init` writes of the modules it installed, relative to the root module. */
export const TERRAFORM_MODULE_MANIFEST = '.terraform/modules/modules.json';

export type FileKind = 'cloudformation' | 'sam' | 'policy' | 'terraform-plan' | 'terraform-hcl' | 'aws-authorization-details' | 'unknown';

export interface ScannedFile {
  /** Path relative to the scan root, with forward slashes. */
  path: string;
  kind: FileKind;
}

/** A file that claimed to be a supported format and could not be read (FL001). */
export interface InputError {
  file: string;
  message: string;
  source: SourceRef;
}

/**
 * Where a suppression applies: a JSON-pointer subtree of one file (a CloudFormation resource, or '' for the whole
 * template), a line range of one file (an HCL block or attribute), or config globs over file paths and resources.
 */
export type SuppressionScope =
  | { kind: 'pointer'; file: string; pointer: string }
  | { kind: 'lines'; file: string; from: number; to: number }
  | { kind: 'glob'; path: string; resource?: string };

/** A suppression as written: in a scanned file (`inSource`) or in the config (`external`). */
export interface SuppressionRecord {
  kind: 'inSource' | 'external';
  /** The rule ID or name as written (matched case-insensitively); '' when the entry names none. */
  rule: string;
  /** The reason given, trimmed; '' when none is. */
  reason: string;
  /** Where the suppression itself is written (FL007 and FL008 are reported there). */
  source: SourceRef;
  scope: SuppressionScope;
}

export interface Model {
  files: ScannedFile[];
  entities: Entity[];
  /** Every policy document, trust and identity, also those held by entities. */
  documents: PolicyDocument[];
  inputErrors: InputError[];
  /** Suppressions from scanned files and the config, applied by the engine after the rules ran. */
  suppressions: SuppressionRecord[];
}

export function emptyModel(): Model {
  return { files: [], entities: [], documents: [], inputErrors: [], suppressions: [] };
}
