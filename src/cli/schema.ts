import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { PACKAGE_ROOT } from './package-root.js';

const validators = new Map<string, ReturnType<Ajv['compile']>>();

/**
 * What is wrong with `data` against one of the package's JSON schemas (`schemas/<name>`), one line per problem,
 * naming the key and the reason (`rules.FL101: must be equal to one of the allowed values (off, critical, …)`);
 * empty when it is valid.
 */
export function schemaProblems(name: string, data: unknown): string[] {
  let validate = validators.get(name);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', name), 'utf8')));
    validators.set(name, validate);
  }
  if (validate(data)) return [];
  return [...new Set((validate.errors ?? []).map(problem))];
}

function problem(e: ErrorObject): string {
  const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (e.keyword === 'additionalProperties') return `${at}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `${at}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
  if (e.keyword === 'const') return `${at}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return `${at}: ${e.message}`;
}
