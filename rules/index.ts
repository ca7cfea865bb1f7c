import type { RuleDefinition } from '../src/rule-kit/index.js';
import fl001 from './inputs/fl001-parse-error.js';
import fl101 from './trust/fl101-public-trust.js';
// imports:inputs
import fl002 from './inputs/fl002-policy-grammar.js';
import fl003 from './inputs/fl003-unknown-action.js';
import fl004 from './inputs/fl004-unknown-condition.js';
import fl005 from './inputs/fl005-unresolved-principal.js';
import fl006 from './inputs/fl006-trust-policy-size.js';
import fl007 from './inputs/fl007-suppression-without-reason.js';
import fl008 from './inputs/fl008-unused-suppression.js';
// imports:trust-a
import fl102 from './trust/fl102-external-account-trust.js';
import fl103 from './trust/fl103-missing-external-id.js';
import fl104 from './trust/fl104-not-principal-in-trust.js';
import fl105 from './trust/fl105-trust-action-wildcard.js';
import fl106 from './trust/fl106-principal-action-mismatch.js';
// imports:trust-b
import fl107 from './trust/fl107-service-trust-confused-deputy.js';
import fl108 from './trust/fl108-assumed-role-session-principal.js';
import fl109 from './trust/fl109-deny-bypassable.js';
import fl110 from './trust/fl110-principal-unique-id.js';
import fl111 from './trust/fl111-roles-anywhere-trust.js';
import fl112 from './trust/fl112-session-tags-unconstrained.js';
// imports:federation-a
import fl201 from './federation/fl201-saml-missing-audience.js';
import fl202 from './federation/fl202-saml-wrong-audience.js';
import fl203 from './federation/fl203-saml-provider-without-role-scope.js';
import fl211 from './federation/fl211-oidc-missing-audience.js';
import fl212 from './federation/fl212-oidc-missing-subject.js';
import fl213 from './federation/fl213-oidc-broad-subject.js';
// imports:federation-b
import fl214 from './federation/fl214-oidc-subject-operator.js';
import fl215 from './federation/fl215-cognito-missing-audience.js';
import fl216 from './federation/fl216-cognito-unauthenticated-sensitive.js';
import fl217 from './federation/fl217-oidc-provider-config.js';
import fl218 from './federation/fl218-direct-web-identity.js';
import fl219 from './federation/fl219-federation-token-broad.js';
import fl220 from './federation/fl220-set-operator-on-single-value.js';
// imports:identity
import fl301 from './identity/fl301-cross-account-iam-user.js';
import fl302 from './identity/fl302-user-long-term-keys.js';
import fl303 from './identity/fl303-assume-any-role.js';
import fl304 from './identity/fl304-pass-any-role.js';
import fl305 from './identity/fl305-trust-policy-writable.js';
import fl306 from './identity/fl306-account-root-trust.js';
import fl307 from './identity/fl307-users-policy-attached.js';
// imports:mfa-session
import fl401 from './mfa/fl401-sensitive-role-without-mfa.js';
import fl402 from './mfa/fl402-mfa-condition-ineffective.js';
import fl403 from './mfa/fl403-mfa-age-unbounded.js';
import fl404 from './mfa/fl404-mfa-unsatisfiable.js';
import fl501 from './session/fl501-session-too-long.js';
import fl502 from './session/fl502-session-duration-invalid.js';
import fl503 from './session/fl503-chained-duration-unreachable.js';
import fl601 from './paths/fl601-external-path-to-sensitive.js';
import fl602 from './paths/fl602-mfa-bypass-path.js';
import fl603 from './paths/fl603-escalation-path.js';
import fl604 from './paths/fl604-assumption-cycle.js';
import fl605 from './paths/fl605-broad-entry-fan-out.js';

/** Every rule. Add a rule: create its module, import it here, run `npm run docs`. */
const ALL = [
  fl001,
  fl101,
  // rules:inputs
  fl002,
  fl003,
  fl004,
  fl005,
  fl006,
  fl007,
  fl008,
  // rules:trust-a
  fl102,
  fl103,
  fl104,
  fl105,
  fl106,
  // rules:trust-b
  fl107,
  fl108,
  fl109,
  fl110,
  fl111,
  fl112,
  // rules:federation-a
  fl201,
  fl202,
  fl203,
  fl211,
  fl212,
  fl213,
  // rules:federation-b
  fl214,
  fl215,
  fl216,
  fl217,
  fl218,
  fl219,
  fl220,
  // rules:identity
  fl301,
  fl302,
  fl303,
  fl304,
  fl305,
  fl306,
  fl307,
  // rules:mfa-session
  fl401,
  fl402,
  fl403,
  fl404,
  fl501,
  fl502,
  fl503,
  fl601,
  fl602,
  fl603,
  fl604,
  fl605,
] as RuleDefinition[];

export const RULES: readonly RuleDefinition[] = ALL.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
