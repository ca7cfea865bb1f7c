import { claimConstraints, federatedTrusts, isLikeOperator, matchesAnything, SAML_ACTION } from '../../src/rule-kit/federated-trust.js';
import { defineRule, operatorParts } from '../../src/rule-kit/index.js';

type Messages = 'wrongAudience';

/** A region label: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, the template's `${AWS::Region}`, or (StringLike) `*`. */
const REGION = String.raw`(?:[a-z]{2}(?:-[a-z]+)+-\d+|\$\{AWS::Region\}|\*)`;
/** Sign-in hosts per partition: commercial, GovCloud (observed in Identity Center trusts, §6.3), China. */
const HOST = new RegExp(String.raw`^(?:${REGION}\.)?signin\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$`);
/** sts-semantics.md §4.2 / §4.1: /saml, /static/saml, and /saml/acs/<IdP-ID> with SAML assertion encryption. */
const PATH = /^\/(?:saml|static\/saml|saml\/acs\/(?:[A-Za-z0-9-]+|\*))$/;

/** What is wrong with a SAML:aud value, or undefined when it is an AWS sign-in SAML endpoint. */
function problem(value: string, ignoreCase: boolean): string | undefined {
  const v = ignoreCase ? value.toLowerCase().replace(/\$\{aws::region\}/g, '${AWS::Region}') : value;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(.*)$/.exec(v);
  // §4.2: SAML:aud is the SubjectConfirmationData Recipient, not the Audience element (urn:amazon:webservices).
  if (/^urn:amazon:webservices/i.test(v)) return 'that is the assertion\'s `Audience`, while `SAML:aud` holds its `Recipient` URL';
  if (!m) return 'it is not a URL';
  const [, scheme, host, path, rest] = m;
  if (scheme !== 'https') return `the scheme is \`${scheme}\`, not \`https\``;
  if (!HOST.test(host)) return `the host \`${host}\` is not an AWS sign-in host`;
  if (!PATH.test(path) || rest) return `the path \`${path + rest || '(none)'}\` is not \`/saml\`, \`/static/saml\` or \`/saml/acs/<IdP-ID>\``;
  return undefined;
}

export default defineRule<Messages>({
  id: 'FL202',
  name: 'saml-wrong-audience',
  severity: 'high',
  tags: ['federation', 'saml'],
  scope: 'document',
  since: '0.1.0',
  short: '`SAML:aud` is not an AWS sign-in SAML endpoint.',
  full:
    '`SAML:aud` holds the `Recipient` of the SAML assertion, which must be an AWS sign-in SAML endpoint: `https://signin.aws.amazon.com/saml`, a regional `https://<region>.signin.aws.amazon.com/saml`, `…/static/saml`, or `…/saml/acs/<IdP-ID>` with assertion encryption (GovCloud and China use their own sign-in hosts). A value with another scheme, host or path never matches the assertions the IdP sends to AWS, so sign-in through AWS fails, and the trust instead accepts assertions addressed to whatever that value names — usually another service provider of the same IdP, whose assertions can then be replayed to AWS STS.',
  help: [
    'Use the exact AWS sign-in SAML endpoint (global, or the regional ones your IdP sends users to):',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    SAML:aud:',
    '      - https://signin.aws.amazon.com/saml',
    '      - https://eu-central-1.signin.aws.amazon.com/saml',
    '```',
  ].join('\n'),
  references: [
    { title: 'Create a role for a third-party identity provider (SAML 2.0 federation)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html' },
    { title: 'Configure SAML assertions for the authentication response', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html' },
    { title: 'Configure your SAML 2.0 IdP with relying party trust and adding claims', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/create-role-saml-IdP-tasks.html' },
  ],
  semantics: ['sts-semantics.md#42-trust-policy', 'sts-semantics.md#41-saml-provider-resource', 'sts-semantics.md#112-arn--id-formats-graph-node-keys'],
  messages: {
    wrongAudience:
      '{{owner}} requires `{{key}}` to be `{{value}}`, but {{problem}}: assertions the IdP sends to AWS sign-in never carry that Recipient, and the role instead accepts assertions addressed to it.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      for (const t of federatedTrusts(stmt, 'saml')) {
        // The Allow's own SAML:aud tests and a Deny that refuses every other audience (federated-trust.ts).
        const { pins } = claimConstraints(doc, stmt, t.principal, SAML_ACTION, (k) => k.toLowerCase() === 'saml:aud', true);
        for (const { entry, stmt: holder } of pins) {
          const like = isLikeOperator(entry.operator);
          const ignoreCase = /IgnoreCase$/i.test(operatorParts(entry.operator).base);
          for (const v of entry.values) {
            // Unresolved values are not literals; `*` alone pins nothing and is FL201's.
            if (typeof v.value !== 'string' || matchesAnything(entry, v.value)) continue;
            const p = problem(like ? v.value : v.value.replace(/\*/g, '\u0000'), ignoreCase);
            if (p) ctx.report({ messageId: 'wrongAudience', data: { owner: ctx.ownerLabel(doc), key: entry.key, value: v.value, problem: p.replace(/\u0000/g, '*') }, at: v.source, when: holder.when, key: [doc.owner.id, v.value] });
          }
        }
      }
    }
  },
});
