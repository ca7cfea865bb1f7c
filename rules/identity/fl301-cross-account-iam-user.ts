import { isUnknown, type Located, type PolicyDocument, type RelatedLocation, type User } from '../../src/model/index.js';
import { conditionsOn, defineRule, operatorParts, parsePrincipal, type RuleContext } from '../../src/rule-kit/index.js';
import { grantingAction, userPolicyDocuments } from '../../src/rule-kit/identity.js';

type M = 'trustsExternalUser' | 'userReachesExternalRole';

/** An IAM user ARN and its account (sts-semantics.md §1.12, §2.4). */
const USER_ARN = /^arn:[^:]*:iam::(\d{12}):user\//;
/** A role ARN (or pattern) in a literal account. */
const ROLE_ARN = /^arn:[^:]*:iam::(\d{12}):role\//;

/** The literal text of a value, or of what is known of an unresolved one (`arn:aws:iam::444455556666:user/?`). */
const known = (v: Located['value']): string | undefined => (isUnknown(v) ? v.partial : v);

export default defineRule<M>({
  id: 'FL301',
  name: 'cross-account-iam-user',
  severity: 'high',
  tags: ['identity', 'cross-account', 'long-term-credentials'],
  // Trust documents, plus the users, access keys and groups of the same template (no graph yet).
  scope: 'model',
  since: '0.1.0',
  short: 'Cross-account access is built on IAM users and their long-term credentials instead of roles.',
  full:
    'An IAM user authenticates with long-term credentials (access keys, a console password) that do not expire, are copied into CI systems and laptops, and are the usual thing that leaks. When a role trusts an IAM user of another account, the role\'s owners cannot rotate, disable or audit that user; when a user in this template holds access keys or a login profile to assume roles in another account, a leaked key reaches that account too. Cross-account access belongs on roles: the other side assumes a role in the target account (or federates) and gets temporary credentials. Deny statements are not grants and are not reported. This version looks at one template at a time (trust policies naming another account\'s user, and users of the same template); following such a user across templates is the trust graph\'s job.',
  help: [
    'Trust the other account\'s **role** (or the account, pinned with `aws:PrincipalArn` to that role) instead of a user; on the caller side, give the workload a role (instance profile, OIDC federation) instead of an IAM user with keys:',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal:',
    '        AWS: arn:aws:iam::444455556666:role/ci-deployer',
    '      Action: sts:AssumeRole',
    '```',
  ].join('\n'),
  references: [
    { title: 'Security best practices in IAM: require workloads to use temporary credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles' },
    { title: 'Cross-account policy evaluation logic', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html' },
    { title: 'AWS JSON policy elements: Principal (IAM user principals)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-users' },
  ],
  semantics: [
    'sts-semantics.md#0-quick-rules-for-the-simulator',
    'sts-semantics.md#23-decision-procedure-for-assumerole-same-vs-cross-account',
    'sts-semantics.md#24-principal-element-forms',
    'sts-semantics.md#95-evaluation-order-for-the-simulator',
  ],
  messages: {
    trustsExternalUser:
      '{{owner}} trusts IAM user {{principal}} of external account {{account}}: cross-account access then rests on that user\'s long-term credentials, which this account cannot rotate, disable or audit.',
    userReachesExternalRole:
      'IAM user {{user}} has long-term credentials ({{credentials}}) and {{policy}} allows {{action}} on {{resource}} in external account {{account}}: a leaked key or password of this user reaches that account.',
  },
  check(ctx) {
    checkTrust(ctx);
    checkUsers(ctx);
  },
});

/** (a) Trust policies naming an IAM user of an external account, as principal or as the pinned aws:PrincipalArn. */
function checkTrust(ctx: RuleContext<M>): void {
  for (const { doc, stmt } of ctx.trustStatements()) {
    if (stmt.effect !== 'Allow') continue;
    const owner = ctx.ownerLabel(doc);
    const seen = new Set<string>();
    const hit = (text: string, at: Located['source']) => {
      const account = USER_ARN.exec(text)?.[1];
      if (!account || !ctx.isExternalAccount(account, doc) || seen.has(text)) return;
      seen.add(text);
      ctx.report({ messageId: 'trustsExternalUser', data: { owner, principal: text, account: ctx.accountLabel(account) }, at, when: stmt.when, key: [doc.owner.id, text] });
    };
    // sts-semantics.md §2.4: `arn:aws:iam::<acct>:user/<name>` names that user; an unresolved name keeps its account.
    for (const p of stmt.principals ?? []) {
      const parsed = parsePrincipal(p);
      if (p.type !== 'AWS' || (parsed.kind !== 'user' && parsed.kind !== 'unknown')) continue;
      const text = known(p.value);
      if (text) hit(text, p.source);
    }
    // sts-semantics.md §2.3/§2.6: an account principal pinned with aws:PrincipalArn to a user trusts that user
    // (reported once per statement: a user already named as principal is not reported again at its pin).
    for (const c of conditionsOn(stmt, 'aws:PrincipalArn')) {
      const op = operatorParts(c.operator);
      if (op.negated || op.set === 'ForAllValues') continue;
      for (const v of c.values) {
        const text = known(v.value);
        if (text) hit(text, v.source);
      }
    }
  }
}

/** Where a user's long-term credentials come from in the template: access keys and the login profile. */
function credentialsOf(ctx: RuleContext<M>, user: User): RelatedLocation[] {
  const keys = ctx.entities('access-key').filter((k) => k.file === user.file && !isUnknown(k.user.value) && k.user.value === user.name);
  const out: RelatedLocation[] = keys.map((k) => ({ source: k.idSource, message: `access key ${k.id} of user ${user.id}` }));
  if (user.loginProfile) out.push({ source: user.loginProfile, message: `console password (LoginProfile) of user ${user.id}` });
  return out;
}

/** (b) Users with long-term credentials whose identity policies allow sts:AssumeRole on roles of external accounts. */
function checkUsers(ctx: RuleContext<M>): void {
  for (const user of ctx.entities('user')) {
    const related = credentialsOf(ctx, user);
    if (related.length === 0) continue;
    const credentials = related.map((r) => (r.message.startsWith('access key') ? 'access key' : 'login profile'));
    const docs: PolicyDocument[] = userPolicyDocuments(user, ctx.model.entities);
    for (const doc of docs) {
      for (const stmt of doc.statements) {
        // sts-semantics.md R3: cross-account, the caller's identity policy must allow sts:AssumeRole on the role.
        const action = grantingAction(stmt, 'sts:AssumeRole');
        if (!action) continue;
        for (const r of stmt.resources ?? []) {
          const text = known(r.value);
          const account = text ? ROLE_ARN.exec(text)?.[1] : undefined;
          if (!account || !ctx.isExternalAccount(account, doc)) continue;
          ctx.report({
            messageId: 'userReachesExternalRole',
            data: { user: user.id, credentials: [...new Set(credentials)].join(' and '), policy: ctx.ownerLabel(doc), action, resource: text!, account: ctx.accountLabel(account) },
            at: r.source,
            related,
            when: stmt.when,
            key: [user.id, account, text!],
          });
        }
      }
    }
  }
}
