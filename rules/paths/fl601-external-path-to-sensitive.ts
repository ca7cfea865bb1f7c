import { shortestPaths } from '../../src/graph/paths.js';
import { entityName, type TrustEdge } from '../../src/graph/trust-graph.js';
import { callerPins, defineRule, pathSummary } from '../../src/rule-kit/index.js';

/** Entry points outside the scanned configuration: the public, accounts not known in the config, identity providers. */
const ENTRY_KINDS = new Set(['public', 'account', 'saml-provider', 'oidc-provider', 'web-identity', 'identity-pool']);

export default defineRule({
  id: 'FL601',
  name: 'external-path-to-sensitive',
  severity: 'critical',
  tags: ['graph', 'trust'],
  scope: 'graph',
  since: '0.1.0',
  short: 'A path from the public, an external account, or a federated identity to a sensitive role, directly or by chaining.',
  full:
    'The trust graph joins every trust and identity policy of the scan: a role that an outside caller cannot assume directly may still be one hop away from a role it can. This rule walks the graph from every entry point outside the configuration — any AWS principal (a `"*"` trust without a condition that pins the caller), an account that is neither this one nor known in the config, a SAML or OIDC provider — through role chaining (a role session may call AssumeRole again, sts-semantics.md §0 R8) and escalations (passing a role to a service, rewriting a trust; see FL603), and reports each sensitive role it reaches once, naming the entry points and showing the shortest path from each as a code flow. A hop needs both sides where STS asks for both: a trust naming an account only delegates to the principals whose identity policies allow `sts:AssumeRole` on the role (R2, R3). MFA is carried along the path: a hop whose trust requires MFA is open to people (who can present it) and to a role session only when `mfaSurvivesChaining`; SAML, web-identity and service sessions never carry it. A path stops at the first sensitive role it reaches: what lies beyond is that role\'s power, and the finding on that role is the one to fix.',
  help: [
    'Cut the path where it should not exist: narrow the trust of the first role an outsider reaches (pin the caller, the subject or the external ID), or remove `sts:AssumeRole` on the sensitive role from that role\'s permissions:',
    '',
    '```yaml',
    'PolicyDocument:',
    '  Statement:',
    '    - Effect: Allow',
    '      Action: sts:AssumeRole',
    '      Resource: !Sub arn:aws:iam::${AWS::AccountId}:role/reports-reader   # not "*"',
    '```',
    '',
    '`fedlint graph --focus <role>` draws everything that can reach a role.',
  ].join('\n'),
  references: [
    { title: 'Methods to assume a role (role chaining)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html' },
    { title: 'Cross-account policy evaluation logic', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator', 'sts-semantics.md#23-decision-procedure-for-assumerole-same-vs-cross-account'],
  messages: {
    externalPath: 'Sensitive {{role}} ({{reason}}) can be reached from {{count}} outside this configuration: {{entries}}.',
  },
  check(ctx) {
    const graph = ctx.graph();
    const roles = ctx.entities('role');
    const sensitive = new Map(roles.filter((r) => ctx.sensitivity(r).sensitive).map((r) => [graph.nodeOf(r), r]));
    if (!sensitive.size) return;
    const entries = [...graph.nodes.values()].filter((n) => ENTRY_KINDS.has(n.kind) && !(n.kind === 'account' && n.account !== undefined && n.account in ctx.settings.accounts)).map((n) => n.id);
    // A "*" trust pinned to the caller's organisation, account or ARN is not a door for the public (as FL101).
    const firstHop = (e: TrustEdge) => e.from !== 'public' || e.trust.every((s) => callerPins(s).length === 0);
    const reached = shortestPaths(graph, entries.sort(), (id) => sensitive.has(id), {
      firstHop,
      mfaSurvivesChaining: ctx.settings.mfaSurvivesChaining,
      // A path goes no further than the first sensitive role: what lies beyond is that role's power, reported there.
      stopAt: (id) => sensitive.has(id),
    });
    for (const [id, reaches] of [...reached].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const role = sensitive.get(id)!;
      const { count, named, paths, entries, when } = pathSummary(graph, reaches, ctx.settings.maxPaths);
      ctx.report({
        messageId: 'externalPath',
        data: {
          role: `role ${entityName(role)}`,
          reason: ctx.sensitivity(role).reasons[0] ?? 'sensitive',
          count: count === 1 ? '1 entry point' : `${count} entry points`,
          entries: named,
        },
        at: role.idSource,
        paths,
        when,
        entries,
        key: [role.id],
      });
    }
  },
});
