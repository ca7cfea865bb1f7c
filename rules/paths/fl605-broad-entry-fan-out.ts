import { reachable } from '../../src/graph/paths.js';
import type { TrustEdge } from '../../src/graph/trust-graph.js';
import { defineRule } from '../../src/rule-kit/index.js';

/** Entry points that stand for many people or machines: identity providers and accounts outside the configuration. */
const ENTRY_KINDS = new Set(['account', 'saml-provider', 'oidc-provider', 'web-identity', 'identity-pool']);
const NAMED = 5;

/** The subject patterns a first hop from an OIDC provider is limited to (its `…:sub` condition values), as a key. */
function subjects(e: TrustEdge): string {
  const values = e.conditions.filter((c) => /:sub$/i.test(c.key)).flatMap((c) => c.values.map((v) => String(v.value)));
  return values.length ? [...new Set(values)].sort().join(', ') : '';
}

export default defineRule({
  id: 'FL605',
  name: 'broad-entry-fan-out',
  severity: 'medium',
  tags: ['graph', 'federation'],
  scope: 'graph',
  since: '0.1.0',
  short: 'One entry point (an OIDC subject pattern, a SAML provider, an external account) that can reach more than N roles (config; default 5).',
  full:
    'An identity provider or an outside account is a door: everyone it vouches for walks through it. When one door leads to many roles — directly or by chaining — a single compromised IdP session, CI workflow or partner credential reaches all of them, and no role\'s own review shows that. The rule counts, for each SAML provider, each OIDC provider per subject pattern (`…:sub` values; "any subject" when the trust has none), and each account that is neither this one nor known in the config, the roles reachable from it in the trust graph, and reports the ones above `maxEntryRoles` (default 5) at the trust statement of their first hop.',
  help: [
    'Give each workload its own narrow door: one subject pattern per role (`repo:acme/app:environment:prod`), one IdP group per role, and raise `maxEntryRoles` in `.fedlint.yml` where a broad door is intended:',
    '',
    '```yaml',
    'maxEntryRoles: 10',
    '```',
  ].join('\n'),
  references: [{ title: 'IAM: Use temporary credentials and least privilege', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' }],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator', 'sts-semantics.md#52-condition-keys'],
  messages: {
    fanOut: '{{entry}} can reach {{count}} roles, more than the {{limit}} allowed by maxEntryRoles: {{roles}}. One compromised identity behind it reaches all of them.',
  },
  check(ctx) {
    const graph = ctx.graph();
    const limit = ctx.settings.maxEntryRoles;
    for (const n of [...graph.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (!ENTRY_KINDS.has(n.kind) || (n.kind === 'account' && n.account !== undefined && n.account in ctx.settings.accounts)) continue;
      // An OIDC provider is one door per subject pattern; the others are one door each.
      const groups = new Map<string, TrustEdge[]>();
      for (const e of graph.from(n.id)) {
        const k = n.kind === 'oidc-provider' ? subjects(e) : '';
        const list = groups.get(k);
        if (list) list.push(e);
        else groups.set(k, [e]);
      }
      for (const [subject, first] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const firsts = new Set(first);
        // Doors are trust policies: only STS assumptions count here (an escalation through an administrator role
        // reaches every role, which FL601 and FL603 report at that role).
        const reached = reachable(graph, n.id, { firstHop: (e) => firsts.has(e), follow: (e) => e.action === undefined, mfaSurvivesChaining: ctx.settings.mfaSurvivesChaining }).filter((id) => graph.nodes.get(id)?.kind === 'role');
        if (reached.length <= limit) continue;
        const names = reached.map((id) => graph.nodes.get(id)!.label).sort();
        const at = first.map((e) => e.trust[0].source).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.line - b.range.line))[0];
        const entry = n.kind === 'oidc-provider' ? `${n.label} with subject ${subject ? `\`${subject}\`` : 'any subject'}` : n.label;
        ctx.report({
          messageId: 'fanOut',
          data: { entry: entry[0].toUpperCase() + entry.slice(1), count: reached.length, limit, roles: names.slice(0, NAMED).join(', ') + (names.length > NAMED ? ` and ${names.length - NAMED} more` : '') },
          at,
          related: first.filter((e) => e.trust[0].source !== at).map((e) => ({ source: e.trust[0].source, message: `also trusted by ${graph.nodes.get(e.to)?.label}` })),
          key: [n.id, subject],
        });
      }
    }
  },
});
