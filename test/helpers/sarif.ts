import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { REPO } from './cli.js';

export const SARIF_SCHEMA = path.resolve(REPO, '../shared/schemas/sarif-schema-2.1.0.json');
export const HAVE_SARIF_SCHEMA = existsSync(SARIF_SCHEMA);
if (!HAVE_SARIF_SCHEMA) console.warn(`SARIF schema tests skipped: ${SARIF_SCHEMA} is absent (it lives in the shared folder beside the repository).`);

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Validate | undefined;

/** Validate a SARIF log against the official OASIS SARIF 2.1.0 schema; returns the errors (empty when valid). */
export function sarifErrors(log: unknown): unknown[] {
  // ajv-draft-04 is CommonJS: its class is the default export's `default` under NodeNext typing.
  const Ajv = (AjvDraft04 as unknown as { default: new (o: object) => { compile(s: unknown): Validate } }).default ?? AjvDraft04;
  const v: Validate = (validate ??= new Ajv({ allErrors: true, strict: false, logger: false }).compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8'))));
  return v(log) ? [] : ((v.errors as unknown[]) ?? []);
}
