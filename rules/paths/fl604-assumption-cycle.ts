import { cycles } from '../../src/graph/paths.js';
import type { TrustEdge } from '../../src/graph/trust-graph.js';
import { defineRule } from '../../src/rule-kit/index.js';

/** Edges a role session can take again: AssumeRole between roles (through an account's `assumers` node too). */
const CHAIN_KINDS = new Set(['role', 'assumers']);

export default defineRule({
  id: 'FL604',
  name: 'assumption-cycle',
  severity: 'low',
  tags: ['graph', 'session'],
  scope: 'graph',
  since: '0.1.0',
  short: 'Roles that can assume each other in a cycle ("role juggling"): credentials can be refreshed indefinitely, outliving any revocation window.',
  full:
    'A role session may call AssumeRole again (sts-semantics.md §0 R8). When roles can assume each other in a circle — or a role can assume itself, for example because it trusts its own account and may call `sts:AssumeRole` on any role — a session never has to end: each hop issues fresh credentials before the old ones expire, so revoking one session (or waiting out MaxSessionDuration) does not stop whoever holds it. Chained sessions last at most an hour each (R6), which does not help when they can be renewed forever. The rule reports each group of roles that can reach each other once, with the trust statement of every hop in the group; an administrator role (`Action: "*"`) that may re-assume itself is not reported, since it gains nothing it did not have.',
  help: [
    'Break the circle: drop `sts:AssumeRole` on `*` from roles that do not need it, or name the roles a role may assume:',
    '',
    '```yaml',
    '- Effect: Allow',
    '  Action: sts:AssumeRole',
    '  Resource: !Sub arn:aws:iam::${AWS::AccountId}:role/deploy-target',
    '```',
    '',
    'To revoke sessions of a role already issued, AWS recommends a Deny on `aws:TokenIssueTime` in the role\'s policies.',
  ].join('\n'),
  references: [
    { title: 'Role chaining and session duration', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html' },
    { title: 'Revoking IAM role temporary security credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator'],
  messages: {
    cycle: '{{roles}} can assume each other in a cycle ("role juggling"): a session can renew itself through them indefinitely, outliving the revocation or expiry of any one credential.',
    selfAssume: '{{role}} can assume itself again ({{how}}): a session can renew itself indefinitely, outliving the revocation or expiry of any one credential.',
  },
  check(ctx) {
    const graph = ctx.graph();
    const follow = (e: TrustEdge) => e.api === 'AssumeRole' && CHAIN_KINDS.has(graph.nodes.get(e.from)?.kind ?? '') && CHAIN_KINDS.has(graph.nodes.get(e.to)?.kind ?? '');
    for (const group of cycles(graph, follow)) {
      const roles = group.filter((id) => graph.nodes.get(id)?.kind === 'role').map((id) => graph.nodes.get(id)!);
      const first = roles[0]?.entity;
      if (first?.kind !== 'role') continue;
      const inGroup = new Set(group);
      // The trust statement of every hop into a role of the group.
      const hops = roles.flatMap((n) => graph.into(n.id).filter((e) => inGroup.has(e.from) && follow(e)));
      const at = hops.find((e) => e.to === roles[0].id)?.trust[0]?.source ?? first.idSource;
      const related = hops.filter((e) => e.trust.length).map((e) => ({ source: e.trust[0].source, message: `${graph.nodes.get(e.to)?.label} is assumed from here` }));
      // An administrator (Action "*") that may re-assume itself gains nothing it did not have: not reported.
      const viaHub = roles.length === 1 ? graph.from(roles[0].id).find((e) => inGroup.has(e.to) && e.to.startsWith('assumers:')) : undefined;
      if (viaHub?.identity.every((st) => (st.actions ?? []).some((a) => a.value === '*'))) continue;
      if (roles.length === 1)
        ctx.report({
          messageId: 'selfAssume',
          data: { role: `Role ${roles[0].label}`, how: group.some((id) => id.startsWith('assumers:')) ? 'it trusts its own account and may assume any role' : 'its trust names it' },
          at,
          related,
          key: [first.id],
        });
      else {
        const list = roles.map((n) => n.label);
        ctx.report({ messageId: 'cycle', data: { roles: `Roles ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` }, at, related, key: roles.map((n) => n.entity?.id ?? n.id) });
      }
    }
  },
});
