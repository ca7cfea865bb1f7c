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

export interface Model {
  files: ScannedFile[];
  entities: Entity[];
  /** Every policy document, trust and identity, also those held by entities. */
  documents: PolicyDocument[];
  inputErrors: InputError[];
}

export function emptyModel(): Model {
  return { files: [], entities: [], documents: [], inputErrors: [] };
}
