import { assumptions, type Reach, shortestPaths } from '../../src/graph/paths.js';
import { entityName, type TrustGraph } from '../../src/graph/trust-graph.js';
import type { Role } from '../../src/model/index.js';
import { defineRule, pathSummary, permissionDocuments, permissionSensitivity, type RuleContext, statementCoversAction } from '../../src/rule-kit/index.js';
import { mfaRequirement } from '../../src/rule-kit/mfa.js';

/** Where people start: IAM users, and the principals of accounts known in the config but not scanned. */
const PEOPLE = new Set(['user', 'account']);

export default defineRule({
  id: 'FL602',
  name: 'mfa-bypass-path',
  severity: 'high',
  tags: ['graph', 'mfa'],
  scope: 'graph',
  since: '0.1.0',
  short: 'A sensitive role that requires MFA on its own trust is reachable without MFA, through another role or through a role with the same permissions.',
  full:
    'An MFA condition on a sensitive role protects only the door it is written on. The trust graph walks every path from the people of the configuration — IAM users, and accounts known in the config — taking only hops whose trust does not require MFA (nobody presents it), through role chaining and escalations (passing a role to a service, rewriting a trust, minting keys for another user). Two shapes are reported, once per sensitive role: the role itself reached that way through another role (its trust also names a role, or an account, that people reach without MFA), and another sensitive role with the same permissions reached that way — the same power behind a door without MFA. A hop that requires MFA stops the walk even when a person could present it: the path then asks for MFA, which is what the role wanted. Whether MFA context survives role chaining is not documented (sts-semantics.md §10 item 1); `mfaSurvivesChaining` (default true) only widens what FL601 and FL603 see, never this rule.',
  help: [
    'Require MFA on every door that leads to the power, not only on the role\'s own trust: on the roles people assume first, or let people reach the role only through its MFA statement. Machine callers belong in separate roles with narrower permissions:',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }',
    '      Action: sts:AssumeRole',
    '      Condition:',
    '        Bool: { "aws:MultiFactorAuthPresent": "true" }   # on the deployer role too',
    '```',
    '',
    '`fedlint explain <role>` lists every path to a role and whether it asks for MFA.',
  ].join('\n'),
  references: [
    { title: 'Configuring MFA-protected API access', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html' },
    { title: 'Methods to assume a role (role chaining)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html' },
  ],
  semantics: ['sts-semantics.md#31-when-the-keys-are-present', 'sts-semantics.md#0-quick-rules-for-the-simulator', 'sts-semantics.md#10-facts-that-could-not-be-verified-keep-configurable'],
  messages: {
    chainBypass: 'Sensitive {{role}} ({{reason}}) requires MFA on its trust, but {{count}} can reach it without MFA: {{entries}}.',
    samePower: 'Sensitive {{role}} ({{reason}}) requires MFA on its trust, but {{twin}}, with the same permissions, is reachable without MFA by {{count}}: {{entries}}.',
  },
  check(ctx) {
    const graph = ctx.graph();
    const roles = ctx.entities('role').filter((r) => ctx.sensitivity(r).sensitive);
    const guarded = roles.filter((r) => r.trust?.statements.some((s) => s.effect === 'Allow' && statementCoversAction(s, 'sts:AssumeRole') && mfaRequirement(s)));
    if (!guarded.length) return;
    const nodeRole = new Map(roles.map((r) => [graph.nodeOf(r), r]));
    const entries = [...graph.nodes.values()].filter((n) => PEOPLE.has(n.kind) && (n.kind === 'user' || (n.account !== undefined && n.account in ctx.settings.accounts))).map((n) => n.id).sort();
    // Every path on which nobody presents MFA, up to the first sensitive role (beyond it lies that role's power).
    const open = shortestPaths(graph, entries, (id) => nodeRole.has(id), { mfa: 'never', stopAt: (id) => nodeRole.has(id) });
    const guardedIds = new Set(guarded.map((g) => graph.nodeOf(g)));
    // What a role can do, without the names of the policies that grant it, once per role.
    const powers = new Map<Role, string[]>();
    const power = (r: Role) => {
      let hit = powers.get(r);
      if (!hit) {
        hit = permissionSensitivity(permissionDocuments(r).map(({ doc }) => ({ doc, label: '' })), ctx.settings).reasons.map((x) => x.trim());
        powers.set(r, hit);
      }
      return hit;
    };

    for (const role of guarded.sort((a, b) => (graph.nodeOf(a) < graph.nodeOf(b) ? -1 : 1))) {
      const id = graph.nodeOf(role);
      const data = { role: `role ${entityName(role)}`, reason: ctx.sensitivity(role).reasons[0] ?? 'sensitive' };
      const mfaAt = role.trust!.statements.flatMap((s) => (s.effect === 'Allow' ? [mfaRequirement(s)] : [])).find(Boolean);
      const related = mfaAt ? [{ source: mfaAt.source, message: 'the MFA condition this path avoids' }] : [];
      // The same power behind another door.
      const mine = power(role);
      const twins = mine.length ? [...open.keys()].filter((t) => t !== id && !guardedIds.has(t)).map((t) => nodeRole.get(t)!).filter((t) => mine.every((p) => power(t).includes(p))) : [];
      // Through another role (a single direct AssumeRole without MFA is FL401's finding).
      const chains = (open.get(id) ?? []).filter((r) => {
        const calls = assumptions(r.hops);
        return calls.length > 1 || calls[0].action !== undefined;
      });
      if (chains.length) report(ctx, graph, 'chainBypass', data, chains, role, related, [role.id]);

      for (const twin of twins.sort((a, b) => (entityName(a) < entityName(b) ? -1 : 1)))
        report(ctx, graph, 'samePower', { ...data, twin: `role ${entityName(twin)}` }, open.get(graph.nodeOf(twin))!, role, [...related, { source: twin.idSource, message: `role ${entityName(twin)} has the same permissions` }], [role.id, twin.id]);
    }
  },
});


function report(ctx: RuleContext<'chainBypass' | 'samePower'>, graph: TrustGraph, messageId: 'chainBypass' | 'samePower', data: Record<string, string>, reaches: Reach[], role: Role, related: Array<{ source: Role['idSource']; message: string }>, key: string[]): void {
  const { count, named, paths, entries, when } = pathSummary(graph, reaches, ctx.settings.maxPaths);
  ctx.report({ messageId, data: { ...data, count: count === 1 ? '1 principal' : `${count} principals`, entries: named }, at: role.idSource, related, paths, when, entries, key });
}
