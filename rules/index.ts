import type { RuleDefinition } from '../src/rule-kit/index.js';
import fl001 from './inputs/fl001-parse-error.js';
import fl101 from './trust/fl101-public-trust.js';
// imports:inputs
// imports:trust-a
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
  // rules:trust-b
  // rules:federation-a
  // rules:federation-b
  // rules:identity
  // rules:mfa-session
] as RuleDefinition[];

export const RULES: readonly RuleDefinition[] = ALL.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
