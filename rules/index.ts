import type { RuleDefinition } from '../src/rule-kit/index.js';
import fl001 from './inputs/fl001-parse-error.js';
import fl101 from './trust/fl101-public-trust.js';
// imports:inputs
// imports:trust-a
import fl102 from './trust/fl102-external-account-trust.js';
import fl103 from './trust/fl103-missing-external-id.js';
import fl104 from './trust/fl104-not-principal-in-trust.js';
import fl105 from './trust/fl105-trust-action-wildcard.js';
import fl106 from './trust/fl106-principal-action-mismatch.js';
// imports:trust-b
// imports:federation-a
// imports:federation-b
// imports:identity
// imports:mfa-session

/** Every rule. Add a rule: create its module, import it here, run `npm run docs`. */
const ALL = [
  fl001,
  fl101,
  // rules:inputs
  // rules:trust-a
  fl102,
  fl103,
  fl104,
  fl105,
  fl106,
  // rules:trust-b
  // rules:federation-a
  // rules:federation-b
  // rules:identity
  // rules:mfa-session
] as RuleDefinition[];

export const RULES: readonly RuleDefinition[] = ALL.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
