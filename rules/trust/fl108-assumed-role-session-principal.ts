import { isUnknown, type PrincipalValue } from '../../src/model/index.js';
import { defineRule, parsePrincipal } from '../../src/rule-kit/index.js';

// The account may be the template's symbolic `${AWS::AccountId}`, which holds colons.
const ARN = /^arn:[^:]*:(iam|sts)::(\$\{AWS::AccountId\}|[^:]*):(.+)$/;

interface ArnShape {
  account: string;
  /** `role/dev-*`, `assumed-role/Deploy/ci` … */
  resource: string;
  /** The value is an Unknown whose known part carries a literal wildcard. */
  partial: boolean;
}

/**
 * The account and resource part of an `AWS` principal ARN. For an unresolved value only the text the user wrote
 * around the unknown part is used (`!Sub arn:aws:iam::${Trusted}:role/dev-*` keeps `role/dev-*`); the `?` marking
 * unknown bits is not a wildcard, so it is stripped before looking for one.
 */
function arnShape(p: PrincipalValue): ArnShape | undefined {
  if (p.type !== 'AWS') return undefined;
  const text = isUnknown(p.value) ? p.value.partial : p.value;
  const m = text === undefined ? null : ARN.exec(text);
  if (!m) return undefined;
  return { account: m[2], resource: isUnknown(p.value) ? m[3].replace(/\?/g, '') : m[3], partial: isUnknown(p.value) };
}

const messages = {
  wildcardArn:
    '{{owner}} names {{principal}} as a principal: AWS does not accept wildcards inside a principal ARN, so IAM rejects this trust policy (it is not a pattern for {{kind}}).',
  assumedRoleSession:
    '{{owner}} trusts the single session {{principal}}: only callers that name their session {{session}} get in, and anyone allowed to assume role {{role}} can choose that name.',
};

export default defineRule({
  id: 'FL108',
  name: 'assumed-role-session-principal',
  severity: 'medium',
  tags: ['trust', 'principal'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust policy names a single role session, or a user/role ARN with a wildcard that AWS will not accept.',
  full:
    'The `AWS` principal of a trust policy matches exact identities: an account, a user, a role (all its sessions) or one assumed-role session. An `assumed-role/<role>/<session>` ARN lets in only callers that chose that session name, which anyone allowed to assume the role can choose, and a `*` for "all sessions" is not allowed. Wildcards inside a user or role ARN (`role/*`, `user/dev-*`) are not principal patterns: IAM rejects the policy, so the deployment fails or the author believes a narrowing that does not exist.',
  help: [
    'To trust every session of a role, name the role ARN. To trust a set of roles or users by name, trust the account (or `"*"` with `aws:PrincipalOrgID`) and narrow with an `aws:PrincipalArn` condition, which accepts wildcards and is evaluated against the role ARN for role sessions:',
    '',
    '```yaml',
    'Principal:',
    '  AWS: !Sub arn:${AWS::Partition}:iam::111122223333:root',
    'Action: sts:AssumeRole',
    'Condition:',
    '  ArnLike:',
    '    aws:PrincipalArn: arn:aws:iam::111122223333:role/dev-*',
    '```',
    '',
    'To pin the session name as well, add `sts:RoleSessionName` to the condition.',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: Principal (role sessions, no wildcards in ARNs)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session' },
    { title: 'Global condition keys: aws:PrincipalArn', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn' },
  ],
  semantics: ['sts-semantics.md#24-principal-element-forms', 'sts-semantics.md#0-quick-rules-for-the-simulator-summary', 'sts-semantics.md#26-condition-keys-relevant-to-trust-policies'],
  messages,
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      for (const p of stmt.principals ?? []) {
        const shape = arnShape(p);
        if (!shape) continue;
        const principal = isUnknown(p.value) ? (p.value.partial ?? p.value.toString()) : p.value;
        const owner = ctx.ownerLabel(doc);
        // sts-semantics.md §2.4 / R10: no partial wildcards in principal ARNs — whatever the Effect, IAM refuses the
        // document. A `*` account part is FL101's (it is a public trust, not a rejected one).
        if (/[*?]/.test(shape.resource) && shape.account !== '*') {
          const type = shape.resource.split('/')[0];
          const kind = type === 'role' ? 'roles' : type === 'user' ? 'users' : type === 'assumed-role' ? 'role sessions' : 'principals';
          ctx.report({ messageId: 'wildcardArn', data: { owner, principal, kind }, at: p.source, when: stmt.when, key: [doc.owner.id, principal] });
          continue;
        }
        // sts-semantics.md §2.4: an assumed-role ARN matches one session name; §1.3: the caller picks RoleSessionName.
        if (stmt.effect !== 'Allow' || shape.partial) continue;
        const parsed = parsePrincipal(p);
        if (parsed.kind !== 'assumed-role') continue;
        const [role, ...session] = shape.resource.slice('assumed-role/'.length).split('/');
        ctx.report({
          messageId: 'assumedRoleSession',
          data: { owner, principal, role, session: session.join('/') || '(none)' },
          at: p.source,
          when: stmt.when,
          key: [doc.owner.id, principal],
        });
      }
    }
  },
});
