import type { Role } from '../model/index.js';
import { describeConstraint } from './constraints.js';
import { assumptions, CHAINED_SESSION_SECONDS, chained, type Reach, requiresMfa, shortestPaths } from './paths.js';
import { describeNode, edgeAction, entityName, type TrustEdge, type TrustGraph } from './trust-graph.js';
import { HUB_KINDS } from './types.js';

/**
 * `fedlint explain ROLE`: who can assume a role, by which paths, under which conditions, and for how long — the
 * trust graph read from one role's point of view.
 */

/** Entry points for paths: everything outside the configuration, and the IAM users (long-term credentials). */
const ENTRY_KINDS = new Set(['public', 'account', 'saml-provider', 'oidc-provider', 'web-identity', 'identity-pool', 'service', 'user']);

export interface Explanation {
  role: string;
  file: string;
  line: number;
  sensitive: string[];
  maxSessionSeconds: number | null;
  callers: Array<{ from: string; kind: string; api: string; conditions: string[]; trust: string[]; identity: string[] }>;
  paths: Array<{ entry: string; hops: Array<{ from: string; to: string; api: string; at: string }>; chained: boolean; mfaRequired: boolean; maxSessionSeconds: number | null }>;
}

const at = (s: { source: { file: string; range: { line: number } } }) => `${s.source.file}:${s.source.range.line}`;

export function explainRole(graph: TrustGraph, role: Role, sensitive: string[], opts: { mfaSurvivesChaining?: boolean } = {}): Explanation {
  const id = graph.nodeOf(role);
  const label = (n: string) => describeNode(graph, n);
  const max = typeof role.maxSessionDuration?.value === 'number' ? role.maxSessionDuration.value : null;
  const callers = graph.into(id).flatMap((e) => {
    // A hub (the principals of an account allowed to assume any role, or to rewrite any role's trust): each member
    // is a caller of its own, by the call its own statements grant.
    const via: TrustEdge[] = HUB_KINDS.has(graph.nodes.get(e.from)?.kind ?? 'role') ? graph.into(e.from) : [e];
    return via.map((c) => ({
      from: label(c.from),
      kind: graph.nodes.get(c.from)?.kind ?? '',
      api: edgeAction(c.action ? c : e),
      conditions: describeConstraint({ ...e.constraint, maxSessionSeconds: undefined }),
      trust: e.trust.map(at),
      identity: (c === e ? e.identity : c.identity).map(at),
    }));
  });
  const entries = [...graph.nodes.values()].filter((n) => ENTRY_KINDS.has(n.kind)).map((n) => n.id).sort();
  const reaches: Reach[] = shortestPaths(graph, entries, (n) => n === id, opts).get(id) ?? [];
  const paths = reaches
    .map((r) => {
      const hops = assumptions(r.hops).map((h) => ({ from: label(h.from), to: label(h.to), api: edgeAction(h), at: at((h.action ? h.identity[0] : h.trust[0]) ?? h.trust[0] ?? h.identity[0]) }));
      const isChained = chained(r.hops, graph);
      // The default MaxSessionDuration is one hour (R7); a chained session never exceeds one hour (R6).
      return { entry: label(r.entry), hops, chained: isChained, mfaRequired: r.hops.some(requiresMfa), maxSessionSeconds: isChained ? Math.min(CHAINED_SESSION_SECONDS, max ?? CHAINED_SESSION_SECONDS) : max };
    })
    .sort((a, b) => a.hops.length - b.hops.length || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
  return { role: entityName(role), file: role.file, line: role.idSource.range.line, sensitive, maxSessionSeconds: max, callers, paths };
}

export function formatExplanation(x: Explanation): string {
  const hours = (s: number | null) => (s === null ? 'the AWS default (1 h)' : s % 3600 === 0 ? `${s / 3600} h` : `${s} s`);
  const out = [`role ${x.role} (${x.file}:${x.line})${x.sensitive.length ? ` — sensitive: ${x.sensitive.join('; ')}` : ''}`, `  longest session: ${hours(x.maxSessionSeconds)} when assumed directly, 1 h when chained`, ''];
  out.push(x.callers.length ? 'Who can get a session of it in one step (an STS call, or an escalation its own permissions grant):' : 'Nothing in the scanned files can assume it.');
  for (const c of x.callers) {
    const where = [...(c.trust.length ? [`trust ${c.trust.join(', ')}`] : []), ...(c.identity.length ? [`identity ${c.identity.join(', ')}`] : [])].join('; ');
    out.push(`  - ${c.from}  ${c.api}${c.conditions.length ? `  if ${c.conditions.join(', ')}` : ''}  (${where})`);
  }
  if (x.paths.length) {
    out.push('', 'Paths from outside the configuration and from IAM users (shortest from each):');
    x.paths.forEach((p, i) => {
      const how = [p.hops.length === 1 ? 'directly' : `${p.hops.length} hops`, ...(p.chained ? ['chained: sessions of at most 1 h'] : []), ...(p.mfaRequired ? ['MFA required on the way'] : [])];
      out.push(`  ${i + 1}. ${[p.entry, ...p.hops.map((h) => h.to)].join(' → ')}  (${how.join(', ')})`);
      for (const h of p.hops) out.push(`       ${h.from} → ${h.to}  ${h.api}  ${h.at}`);
    });
  }
  return `${out.join('\n')}\n`;
}
