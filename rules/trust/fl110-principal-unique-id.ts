import { defineRule, parsePrincipal } from '../../src/rule-kit/index.js';

/**
 * Unique-ID prefixes (sts-semantics.md §1.12; all but AROA are marked [U] there, hence the plain wording below).
 * Only user and role IDs are what IAM shows for a deleted principal (§2.5); the others never name a principal.
 */
const PREFIXES: Readonly<Record<string, { what: string; principal: boolean }>> = {
  AROA: { what: 'an IAM role', principal: true },
  AIDA: { what: 'an IAM user', principal: true },
  AGPA: { what: 'an IAM group', principal: false },
  ANPA: { what: 'a managed policy', principal: false },
  AIPA: { what: 'an instance profile', principal: false },
  AKIA: { what: 'a long-term access key', principal: false },
  ASIA: { what: 'a temporary access key', principal: false },
};

const messages = {
  deletedPrincipal:
    '{{owner}} names {{principal}}, the unique ID of {{what}}: IAM shows this ID only after that principal was deleted, so {{effect}} applies to nobody, and recreating a principal with the same name does not restore it.',
  notAPrincipal: '{{owner}} names {{principal}} as a principal, but an ID starting {{prefix}} identifies {{what}}, which cannot be a principal: {{effect}} applies to nobody.',
};

export default defineRule({
  id: 'FL110',
  name: 'principal-unique-id',
  severity: 'low',
  tags: ['trust', 'principal'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust policy names a principal by its unique ID (AROA…, AIDA…) instead of its ARN.',
  full:
    'IAM stores a user or role ARN in a trust policy as the principal\'s unique ID and shows the ID only when it can no longer map it back to an ARN, that is, after the user or role was deleted. A template that contains an `AROA…`/`AIDA…` ID was usually copied from such a broken policy: it points at a principal that no longer exists, and recreating a principal with the same name does not restore it. IDs of groups, policies, instance profiles or access keys never name a principal at all.',
  help: [
    'Replace the ID with the ARN of the user or role that should be trusted (IAM converts it to the current unique ID on save), or remove the statement if that principal is gone for good:',
    '',
    '```yaml',
    'Principal:',
    '  AWS: arn:aws:iam::111122223333:role/deploy',
    '```',
    '',
    'To keep trusting a role across delete-and-recreate, trust the account and narrow with `aws:PrincipalArn` (conditions are not converted to IDs).',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: Principal (IAM role and user principals, unique IDs)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles' },
    { title: 'IAM identifiers: unique IDs', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids' },
  ],
  semantics: ['sts-semantics.md#25-deleted-and-recreated-principals-unique-id-substitution', 'sts-semantics.md#112-arn--id-formats-graph-node-keys'],
  messages,
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      for (const p of stmt.principals ?? []) {
        const parsed = parsePrincipal(p);
        if (parsed.kind !== 'unique-id') continue;
        const prefix = parsed.text.slice(0, 4);
        const info = PREFIXES[prefix];
        if (!info) continue;
        // A dangling Deny protects nobody either, so both effects are reported.
        const effect = stmt.effect === 'Deny' ? 'this Deny' : 'this grant';
        ctx.report({
          messageId: info.principal ? 'deletedPrincipal' : 'notAPrincipal',
          data: { owner: ctx.ownerLabel(doc), principal: parsed.text, what: info.what, prefix, effect },
          at: p.source,
          when: stmt.when,
          key: [doc.owner.id, parsed.text],
        });
      }
    }
  },
});
