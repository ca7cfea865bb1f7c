import { isUnknown, type Statement } from '../../src/model/index.js';
import { actionStrings, defineRule, isPositivePin, parsePrincipal, statementCoversAction } from '../../src/rule-kit/index.js';
import { canonicalService } from '../../src/rule-kit/services.js';

const ROLES_ANYWHERE = 'rolesanywhere.amazonaws.com';

/** IAM Roles Anywhere trust model: the trust policy "must grant" all three (rules.md FL111; rolesanywhere trust-model page). */
const REQUIRED = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

/** Principal tags Roles Anywhere derives from the certificate's subject, issuer and SAN fields. */
const CERT_TAG = /^aws:PrincipalTag\/x509(Subject|Issuer|SAN)\//i;

const messages = {
  missingActions:
    '{{owner}} trusts rolesanywhere.amazonaws.com without {{missing}}: IAM Roles Anywhere tags every session with the certificate\'s fields and sets its source identity, so CreateSession for this role fails.',
  noCertificatePin:
    '{{owner}} trusts rolesanywhere.amazonaws.com with no condition on the certificate: any certificate issued under any trust anchor of the account, through any profile that lists this role, obtains it.',
};

const hasRolesAnywhere = (s: Statement) => (s.principals ?? []).some((p) => parsePrincipal(p).kind === 'service' && canonicalService(String(p.value)) === ROLES_ANYWHERE);

/** Two statement variants can hold together: no Fn::If condition takes different branches in them. */
const compatible = (a: Statement, b: Statement) => a.when.every((g) => b.when.every((h) => h.condition !== g.condition || h.value === g.value));

/**
 * A condition that ties the statement to certificates: a positive pin on a certificate-derived principal tag, on
 * `sts:SourceIdentity` (Roles Anywhere sets it to the certificate's CN), or on `aws:SourceArn` naming a trust anchor
 * (an unresolved value such as `!GetAtt Anchor.TrustAnchorArn` counts).
 */
function certificatePin(stmt: Statement): boolean {
  return stmt.conditions.some((c) => {
    if (!isPositivePin(c)) return false;
    if (CERT_TAG.test(c.key) || c.key.toLowerCase() === 'sts:sourceidentity') return true;
    return c.key.toLowerCase() === 'aws:sourcearn' && c.values.every((v) => isUnknown(v.value) || /:trust-anchor\/./.test(v.value));
  });
}

export default defineRule({
  id: 'FL111',
  name: 'roles-anywhere-trust',
  severity: 'medium',
  tags: ['trust', 'service', 'roles-anywhere'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust for IAM Roles Anywhere lacks sts:TagSession/sts:SetSourceIdentity, or accepts any certificate.',
  full:
    'IAM Roles Anywhere exchanges an X.509 certificate for a role session. The role must trust `rolesanywhere.amazonaws.com` for `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity`, otherwise session creation fails. The service only checks that the certificate chains to a trust anchor of the account and that the profile lists the role; which workload gets which role is decided by conditions on the certificate (`aws:PrincipalTag/x509Subject/…`, `x509Issuer/…`, `x509SAN/…`) or on the trust anchor (`aws:SourceArn`). Without them any certificate from any trust anchor of the account can obtain the role.',
  help: [
    'Grant the three actions and pin the trust anchor and the certificate subject:',
    '',
    '```yaml',
    'Principal:',
    '  Service: rolesanywhere.amazonaws.com',
    'Action: [sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity]',
    'Condition:',
    '  ArnEquals:',
    '    aws:SourceArn: !GetAtt BuildFarmAnchor.TrustAnchorArn',
    '  StringEquals:',
    '    aws:PrincipalTag/x509Subject/CN: build-agent.example.com',
    '```',
  ].join('\n'),
  references: [
    { title: 'IAM Roles Anywhere: trust model (role trusts)', url: 'https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html#role-trusts' },
    { title: 'IAM Roles Anywhere: authentication (CreateSession constraints)', url: 'https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication.html' },
  ],
  semantics: ['sts-semantics.md#18-session-tags-and-transitive-tags', 'sts-semantics.md#19-source-identity', 'sts-semantics.md#26-condition-keys-relevant-to-trust-policies'],
  messages,
  check(ctx) {
    for (const doc of ctx.documents('trust')) {
      const entries = doc.statements.filter((s) => s.effect === 'Allow' && hasRolesAnywhere(s));
      for (const s of entries) {
        const owner = ctx.ownerLabel(doc);
        // The actions may be spread over several statements; an unresolved action might be the missing one.
        const group = entries.filter((o) => compatible(o, s));
        const unresolved = group.some((o) => (o.actions ?? []).some((a) => isUnknown(a.value)));
        const missing = REQUIRED.filter((a) => !group.some((o) => statementCoversAction(o, a)));
        const first = group.find((o) => actionStrings(o).length > 0 || o.notActions) === s;
        if (missing.length > 0 && !unresolved && first) {
          ctx.report({ messageId: 'missingActions', data: { owner, missing: missing.join(' and ') }, at: s.actionSource ?? s.source, when: s.when, key: [doc.owner.id, ...missing] });
        }
        if (statementCoversAction(s, 'sts:AssumeRole') && !certificatePin(s)) {
          const p = (s.principals ?? []).find((x) => canonicalService(String(x.value)) === ROLES_ANYWHERE);
          ctx.report({ messageId: 'noCertificatePin', data: { owner }, at: p?.source ?? s.source, when: s.when, key: [doc.owner.id] });
        }
      }
    }
  },
});
