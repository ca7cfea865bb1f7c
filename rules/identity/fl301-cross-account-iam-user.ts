import { wildcardMatch } from '../../src/graph/conditions.js';
import { accountKey, type TrustEdge } from '../../src/graph/trust-graph.js';
import { compareRefs, isUnknown, type Located, type PolicyDocument, type RelatedLocation, type Role, SELF_ACCOUNT, type Statement, type User } from '../../src/model/index.js';
import { conditionsOn, defineRule, operatorParts, parsePrincipal, type RuleContext } from '../../src/rule-kit/index.js';
import { grantingAction, userPolicyDocuments } from '../../src/rule-kit/identity.js';
import { mfaRequirement } from '../../src/rule-kit/mfa.js';

type M = 'trustsExternalUser' | 'userReachesExternalRole' | 'userAssumesRoleInOtherAccount';

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
  // Trust documents and users one template at a time, and the trust graph of the whole scan for users reaching roles.
  scope: 'graph',
  since: '0.1.0',
  short: 'Cross-account access is built on IAM users and their long-term credentials instead of roles.',
  full:
    'An IAM user authenticates with long-term credentials (access keys, a console password) that do not expire, are copied into CI systems and laptops, and are the usual thing that leaks. When a role trusts an IAM user of another account, the role\'s owners cannot rotate, disable or audit that user; when a user in this template holds access keys or a login profile to assume roles in another account, a leaked key reaches that account too. Cross-account access belongs on roles: the other side assumes a role in the target account (or federates) and gets temporary credentials. Deny statements are not grants and are not reported. Across files, the trust graph follows each user with credentials to the roles it can assume: a role scanned in a different known account (both sides real account IDs or accounts of the config, not two stacks whose account is unknown) is reported at the user\'s granting statement, with the role\'s trust statement as a related location.',
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
    userAssumesRoleInOtherAccount:
      'IAM user {{user}} of account {{userAccount}} has long-term credentials ({{credentials}}) and {{policy}} lets it assume role {{role}} ({{roleAt}}) of account {{roleAccount}}: {{risk}}.',
  },
  check(ctx) {
    checkTrust(ctx);
    const reported = checkUsers(ctx);
    checkGraph(ctx, reported);
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

/**
 * Where a user's long-term credentials come from in the scan: access keys and the login profile. An access key names
 * its user by name, so it may sit in another file deployed to the same account (a Terraform module split in files).
 */
function credentialsOf(ctx: RuleContext<M>, user: User): RelatedLocation[] {
  const where = accountKey(user, ctx.settings.accounts);
  const keys = ctx
    .entities('access-key')
    .filter((k) => !isUnknown(k.user.value) && k.user.value === user.name && (k.file === user.file || accountKey(k, ctx.settings.accounts) === where));
  const out: RelatedLocation[] = keys.map((k) => ({ source: k.idSource, message: `access key ${k.id} of user ${user.id}` }));
  if (user.loginProfile) out.push({ source: user.loginProfile, message: `console password (LoginProfile) of user ${user.id}` });
  return out;
}

/**
 * (b) Users with long-term credentials whose identity policies allow sts:AssumeRole on roles of external accounts.
 * Returns the Resource values reported, so that the graph does not report them again.
 */
function checkUsers(ctx: RuleContext<M>): Set<Located> {
  const reported = new Set<Located>();
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
          reported.add(r);
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
  return reported;
}

/**
 * (c) Across files, by the trust graph: a user with long-term credentials that can assume a role of another account,
 * both accounts known (real IDs or accounts of the config). Two `self:` stacks may be one account, so they are not
 * told apart. Cross-account, the graph's edge holds the user's identity statements that allow the call
 * (sts-semantics.md §0 R3), directly or through the `assumers` node of the user's account (Resource `*`).
 */
function checkGraph(ctx: RuleContext<M>, reported: Set<Located>): void {
  const graph = ctx.graph();
  const isKnown = (a: string | undefined): a is string => a !== undefined && (/^\d{12}$/.test(a) || a in ctx.settings.accounts);
  for (const user of ctx.entities('user')) {
    const id = graph.nodeOf(user);
    const userAccount = graph.nodes.get(id)?.account;
    if (!isKnown(userAccount)) continue;
    const related = credentialsOf(ctx, user);
    if (related.length === 0) continue;
    const credentials = [...new Set(related.map((r) => (r.message.startsWith('access key') ? 'access key' : 'login profile')))].join(' and ');
    const docs = userPolicyDocuments(user, ctx.model.entities);
    // Each role reached once, through the first (in file order) identity statement that allows it.
    const reach = new Map<Role, { trust: Statement; identity: Statement }>();
    for (const e of graph.from(id)) {
      if (e.api !== 'AssumeRole') continue;
      const hops: TrustEdge[] = graph.nodes.get(e.to)?.kind === 'assumers' ? graph.from(e.to) : [e];
      for (const h of hops) {
        const target = graph.nodes.get(h.to);
        if (h.api !== 'AssumeRole' || target?.kind !== 'role' || target.entity?.kind !== 'role') continue;
        if (!isKnown(target.account) || target.account === userAccount) continue;
        const identity = [...e.identity].sort((a, b) => compareRefs(a.source, b.source))[0];
        const trust = h.trust[0];
        if (!identity || !trust || reach.has(target.entity)) continue;
        reach.set(target.entity, { trust, identity });
      }
    }
    for (const [role, { trust, identity }] of reach) {
      const roleAccount = accountKey(role, ctx.settings.accounts);
      const doc = docs.find((d) => d.statements.includes(identity));
      const resource = grantingResource(identity, role, roleAccount, userAccount);
      if (!doc || (resource && reported.has(resource))) continue;
      const name = typeof role.name === 'string' ? role.name : role.id;
      ctx.report({
        messageId: 'userAssumesRoleInOtherAccount',
        data: {
          user: user.id,
          userAccount: ctx.accountLabel(userAccount),
          credentials,
          policy: ctx.ownerLabel(doc),
          role: name,
          roleAt: `${role.file}:${role.idSource.range.line}`,
          roleAccount: ctx.accountLabel(roleAccount),
          // sts-semantics.md §3.1: a trust that asks for MFA keeps a leaked access key alone out, not the user's password and MFA device.
          risk: mfaRequirement(trust) ? 'the trust asks for MFA, yet that account\'s access still rests on this user\'s long-term credentials' : 'a leaked key or password of this user reaches that account',
        },
        at: resource?.source ?? identity.source,
        related: [{ source: trust.source, message: `trust statement of role ${name} in account ${ctx.accountLabel(roleAccount)} that lets user ${user.id} in` }, ...related],
        when: identity.when,
        key: [user.id, roleAccount, name],
      });
    }
  }
}

/** The Resource value of an identity statement that matches the role's ARN (symbolic accounts resolved to their keys). */
function grantingResource(stmt: Statement, role: Role, roleAccount: string, userAccount: string): Located | undefined {
  if (typeof role.arn !== 'string') return undefined;
  const arn = role.arn.split(SELF_ACCOUNT).join(roleAccount);
  return (stmt.resources ?? []).find((r) => {
    if (isUnknown(r.value)) return false;
    const pattern = r.value.split(SELF_ACCOUNT).join(userAccount);
    return pattern === '*' || wildcardMatch(pattern, arn);
  });
}
