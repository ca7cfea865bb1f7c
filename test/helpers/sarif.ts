import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { REPO } from './cli.js';

export const SARIF_SCHEMA = path.resolve(REPO, '../shared/schemas/sarif-schema-2.1.0.json');
export const HAVE_SARIF_SCHEMA = existsSync(SARIF_SCHEMA);
if (!HAVE_SARIF_SCHEMA) console.warn(`SARIF schema tests skipped: ${SARIF_SCHEMA} is absent (it lives in the shared folder beside the repository).`);

let validate: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validate a SARIF log against the official OASIS SARIF 2.1.0 schema; returns the errors (empty when valid). */
export function sarifErrors(log: unknown): unknown[] {
  if (!validate) {
    const ajv = new Ajv04({ allErrors: true, strict: false, logger: false });
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  }
  return validate(log) ? [] : ((validate.errors as unknown[]) ?? []);
}
