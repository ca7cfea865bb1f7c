import { CHAINED_SESSION_SECONDS } from '../../src/graph/paths.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { humanDuration } from '../../src/rule-kit/session.js';


export default defineRule({
  id: 'FL503',
  name: 'chained-duration-unreachable',
  severity: 'low',
  tags: ['session', 'graph'],
  scope: 'graph',
  since: '0.1.0',
  short: 'A role whose `MaxSessionDuration` is above one hour but that is reached only by role chaining, where STS caps the session at one hour.',
  full:
    'When a role session calls AssumeRole (role chaining), STS caps the new session at one hour and refuses a longer `DurationSeconds` (sts-semantics.md §0 R6). A role that only other roles can assume therefore never gets the longer sessions its `MaxSessionDuration` allows: the setting is dead, and tooling that asks for it fails. This is usually a sign that the role was meant to be assumed by people or services directly, or that the duration was copied from another role. The rule reads the trust graph: every caller that can assume the role is a role (or the roles of an account allowed to assume any role); users, services (EC2 instance profiles are not chaining), identity providers and accounts outside the scan are direct callers.',
  help: [
    'Set the duration the callers can actually get, or let the people or services that need long sessions assume the role directly:',
    '',
    '```yaml',
    'MaxSessionDuration: 3600',
    '```',
  ].join('\n'),
  references: [{ title: 'Role chaining (IAM roles terms and concepts)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html' }],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator'],
  messages: {
    chainedOnly: 'role {{role}} sets MaxSessionDuration to {{value}} s ({{human}}), but only roles can assume it ({{callers}}): STS caps a chained session at one hour, so the longer sessions are never issued.',
  },
  check(ctx) {
    const graph = ctx.graph();
    for (const role of ctx.entities('role')) {
      const d = role.maxSessionDuration;
      if (!d || typeof d.value !== 'number' || d.value <= CHAINED_SESSION_SECONDS) continue;
      const into = graph.into(graph.nodeOf(role));
      if (!into.length) continue;
      // Every caller must be a role session: a role, or an account's assumers node whose members are all roles.
      const callers = new Set<string>();
      const chainedOnly = into.every((e) => {
        const from = graph.nodes.get(e.from);
        if (from?.kind === 'role') return callers.add(from.label);
        if (from?.kind !== 'assumers') return false;
        const members = graph.into(from.id).map((m) => graph.nodes.get(m.from));
        for (const m of members) if (m?.kind === 'role') callers.add(m.label);
        return members.every((m) => m?.kind === 'role');
      });
      if (!chainedOnly) continue;
      const names = [...callers].sort().map((c) => `role ${c}`);
      ctx.report({
        messageId: 'chainedOnly',
        data: { role: typeof role.name === 'string' ? role.name : role.id, value: d.value, human: humanDuration(d.value), callers: names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ') },
        at: d.source,
        key: [role.id],
      });
    }
  },
});
