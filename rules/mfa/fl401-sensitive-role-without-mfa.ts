import type { TrustGraph } from '../../src/graph/trust-graph.js';
import { compareRefs, type PrincipalValue, type RelatedLocation, type Role, SELF_ACCOUNT, type Statement, type User } from '../../src/model/index.js';
import { defineRule, operatorParts, parsePrincipal, type RuleContext, statementCoversAction } from '../../src/rule-kit/index.js';
import { userPolicyDocuments } from '../../src/rule-kit/identity.js';
import { deniesWithoutMfa, humanPrincipal, isMfaDeny, isMfaPresentKey, mfaRequirement, onlyRolesByPrincipalArn } from '../../src/rule-kit/mfa.js';

/** How many users a message names, and how many related locations a finding carries. */
const NAMED = 3;
const MAX_RELATED = 10;

export default defineRule({
  id: 'FL401',
  name: 'sensitive-role-without-mfa',
  severity: 'high',
  tags: ['mfa', 'trust'],
  // Each trust statement is judged on its own; the trust graph of the whole scan names the users it lets in.
  scope: 'graph',
  since: '0.1.0',
  short: 'IAM users can assume a sensitive role without MFA.',
  full:
    'A sensitive role whose trust lets IAM users in — by user ARN, through an account principal (ID or `:root`), which delegates to every user of that account, or through `"*"` narrowed to an organisation — without a `Bool` `aws:MultiFactorAuthPresent: true` condition can be assumed with a leaked access key or a phished password alone. `BoolIfExists` does not count: long-term access keys carry no MFA key, and IfExists treats the missing key as a match. Role and session ARNs, services and federated principals are machine or IdP callers and are not reported here; an `aws:PrincipalArn` condition that admits only roles, an `aws:MultiFactorAuthAge` bound, or a trust-wide `Deny` with `BoolIfExists aws:MultiFactorAuthPresent: false` counts as requiring MFA. When the principal is an account, the message names the IAM users of the scan, in any file, that the trust graph shows can assume the role through that statement (their identity policies allow `sts:AssumeRole` on it without asking for MFA themselves), with each one\'s granting statement as a related location; a scan rarely sees every user of an account, so the finding stands when it names none.',
  help: [
    'Require MFA in the trust statement that lets people in (`Bool`, not `BoolIfExists`), and keep the MFA recent:',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal:',
    '        AWS: !Sub arn:aws:iam::${AWS::AccountId}:root',
    '      Action: sts:AssumeRole',
    '      Condition:',
    '        Bool:',
    '          aws:MultiFactorAuthPresent: "true"',
    '        NumericLessThan:',
    '          aws:MultiFactorAuthAge: "3600"',
    '```',
    '',
    'Callers then pass `SerialNumber` and `TokenCode` to AssumeRole (or assume from a GetSessionToken session created with MFA). Machine callers belong in a separate statement that names their role ARNs.',
  ].join('\n'),
  references: [
    { title: 'Configuring MFA-protected API access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html' },
    { title: 'AWS global condition context keys: aws:MultiFactorAuthPresent', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent' },
    { title: 'AWS JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
  ],
  semantics: ['sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#32-operator-pitfalls-encode-as-lint-rules', 'sts-semantics.md#24-principal-element-forms'],
  messages: {
    noMfa: '{{owner}} is sensitive ({{reason}}) and {{who}} can assume it without MFA: the trust allows {{principal}} to call sts:AssumeRole with no `Bool` `aws:MultiFactorAuthPresent: true` condition, so a leaked access key or a phished password is enough.',
    ifExistsOnly:
      '{{owner}} is sensitive ({{reason}}) and {{who}} can assume it without MFA: the trust allows {{principal}} to call sts:AssumeRole under `{{operator}}` `aws:MultiFactorAuthPresent`, which also matches long-term access keys (they carry no MFA key), so a leaked access key is enough.',
  },
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      if (!role || stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'sts:AssumeRole')) continue;
      // sts-semantics.md §3.2: only `Bool … true` (or an age bound, §3.1) keeps long-term keys out; a trust-wide
      // Deny with BoolIfExists false does the same. An aws:PrincipalArn pin to roles keeps IAM users out (§2.6).
      if (mfaRequirement(stmt) || deniesWithoutMfa(doc, stmt) || onlyRolesByPrincipalArn(stmt)) continue;
      const sensitivity = ctx.sensitivity(role);
      if (!sensitivity.sensitive) continue;
      const ifExists = stmt.conditions.find((c) => isMfaPresentKey(c.key) && operatorParts(c.operator).ifExists);
      for (const p of stmt.principals ?? []) {
        const human = humanPrincipal(p, (a) => ctx.accountLabel(a));
        if (!human) continue;
        const users = usersThrough(ctx, role, stmt, p);
        const data = { owner: ctx.ownerLabel(doc), reason: sensitivity.reasons[0], who: users ? users.who(human.who) : human.who, principal: human.text };
        ctx.report({
          messageId: ifExists ? 'ifExistsOnly' : 'noMfa',
          data: ifExists ? { ...data, operator: ifExists.operator } : data,
          at: p.source,
          related: users?.related,
          when: stmt.when,
          key: [doc.owner.id, human.text],
        });
      }
    }
  },
});

interface UsersThrough {
  /** "IAM users alice (users.tf:12), bob (users.tf:30) of this account", from the account phrase humanPrincipal gave. */
  who(accountWho: string): string;
  related: RelatedLocation[];
}

/**
 * The scanned IAM users that the trust graph shows can assume `role` through the account principal `p` of `stmt`
 * without MFA; undefined when the principal is not an account or the graph shows none. An account principal
 * delegates to the account's principals whose identity policies allow sts:AssumeRole on the role (sts-semantics.md
 * §0 R2, R3, §2.4); the graph holds such a user as an edge carrying that identity statement, or as a member of the
 * account's `assumers` node when its policies allow sts:AssumeRole on every role.
 */
function usersThrough(ctx: RuleContext, role: Role, stmt: Statement, p: PrincipalValue): UsersThrough | undefined {
  const parsed = parsePrincipal(p);
  if (parsed.kind !== 'account' || parsed.account === undefined) return undefined;
  const graph = ctx.graph();
  const target = graph.nodeOf(role);
  const account = parsed.account === SELF_ACCOUNT ? graph.nodes.get(target)?.account : parsed.account;
  const found = new Map<User, Statement>();
  for (const e of graph.into(target)) {
    if (e.api !== 'AssumeRole' || !e.trust.includes(stmt)) continue;
    const from = graph.nodes.get(e.from);
    const callers = from?.kind === 'assumers' ? graph.into(e.from) : [e];
    for (const c of callers) {
      if (c.api !== 'AssumeRole') continue;
      const user = userOf(graph, c.from, account);
      // An identity statement that itself asks for MFA keeps a leaked key out (sts-semantics.md §3.2).
      const granting = c.identity.find((s) => !mfaRequirement(s));
      if (!user || !granting || found.has(user) || mfaDenied(ctx, user)) continue;
      found.set(user, granting);
    }
  }
  if (!found.size) return undefined;
  const list = [...found].sort((a, b) => compareRefs(a[1].source, b[1].source));
  const name = (e: User | Role) => (typeof e.name === 'string' ? e.name : e.id);
  const at = (s: Statement) => `${s.source.file}:${s.source.range.line}`;
  const named = list.slice(0, NAMED).map(([u, s]) => `${name(u)} (${at(s)})`);
  const more = list.length > NAMED ? ` and ${list.length - NAMED} more` : '';
  return {
    // "this account" names the configured account when the config maps the role's file to one.
    who: (accountWho) => {
      const of = parsed.account === SELF_ACCOUNT && account !== undefined && account in ctx.settings.accounts ? `account ${ctx.accountLabel(account)}` : accountWho.replace(/^the IAM users of /, '');
      return `IAM user${list.length === 1 ? '' : 's'} ${named.join(', ')}${more} of ${of}`;
    },
    related: list.slice(0, MAX_RELATED).map(([u, s]) => ({ source: s.source, message: `IAM user ${name(u)} may call sts:AssumeRole on role ${name(role)} here` })),
  };
}

/** The user behind a graph node, when it is an IAM user of `account` (the account the trust principal names). */
function userOf(graph: TrustGraph, id: string, account: string | undefined): User | undefined {
  const n = graph.nodes.get(id);
  return n?.kind === 'user' && n.account === account && n.entity?.kind === 'user' ? n.entity : undefined;
}

/**
 * Whether the user's own policies hold the recommended MFA Deny on sts:AssumeRole for every resource: `Deny` +
 * `BoolIfExists aws:MultiFactorAuthPresent "false"` as its only condition (it refuses long-term keys too, sts-semantics.md
 * §3.2).
 */
function mfaDenied(ctx: RuleContext, user: User): boolean {
  return userPolicyDocuments(user, ctx.model.entities).some((d) => d.statements.some((s) => isMfaDeny(s) && (s.resources ?? []).some((r) => r.value === '*')));
}
