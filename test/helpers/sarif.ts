import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { REPO } from './cli.js';

export const SARIF_SCHEMA = path.resolve(REPO, '../shared/schemas/sarif-schema-2.1.0.json');
export const HAVE_SARIF_SCHEMA = existsSync(SARIF_SCHEMA);
if (!HAVE_SARIF_SCHEMA) console.warn(`SARIF: ${SARIF_SCHEMA} is absent (it lives in the shared folder beside the repository); validating with fedlint's own structural checks instead of the official schema.`);

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Validate | undefined;

/** The structure fedlint relies on, checked by hand: the fallback when the official schema is not at hand. */
function structuralErrors(log: unknown): string[] {
  const errors: string[] = [];
  const l = log as { version?: string; runs?: Array<{ tool?: { driver?: { name?: string; rules?: Array<{ id?: string }> } }; results?: Array<Record<string, unknown>> }> };
  if (l.version !== '2.1.0') errors.push('version is not 2.1.0');
  if (!Array.isArray(l.runs) || l.runs.length === 0) return [...errors, 'no runs'];
  for (const run of l.runs) {
    const rules = run.tool?.driver?.rules ?? [];
    if (!run.tool?.driver?.name) errors.push('tool.driver.name missing');
    for (const [i, r] of (run.results ?? []).entries()) {
      const res = r as { ruleId?: string; ruleIndex?: number; message?: { text?: string }; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }> };
      if (!res.ruleId || rules[res.ruleIndex ?? -1]?.id !== res.ruleId) errors.push(`results[${i}]: ruleId/ruleIndex do not match tool.driver.rules`);
      if (!res.message?.text) errors.push(`results[${i}]: message.text missing`);
      const loc = res.locations?.[0]?.physicalLocation;
      if (!loc?.artifactLocation?.uri || !(Number(loc.region?.startLine) >= 1)) errors.push(`results[${i}]: physicalLocation incomplete`);
    }
  }
  return errors;
}

/**
 * Validate a SARIF log against the official OASIS SARIF 2.1.0 schema (or, without ../shared, against the
 * structural checks above); returns the errors (empty when valid).
 */
export function sarifErrors(log: unknown): unknown[] {
  if (!HAVE_SARIF_SCHEMA) return structuralErrors(log);
  // ajv-draft-04 is CommonJS: its class is the default export's `default` under NodeNext typing.
  const Ajv = (AjvDraft04 as unknown as { default: new (o: object) => { compile(s: unknown): Validate } }).default ?? AjvDraft04;
  validate ??= new Ajv({ allErrors: true, strict: false, logger: false }).compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  const v = validate;
  return v(log) ? [] : ((v.errors as unknown[]) ?? []);
}
