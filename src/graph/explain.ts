import type { Role } from '../model/index.js';
import { assumptions, CHAINED_SESSION_SECONDS, type Reach, shortestPaths } from './paths.js';
import { describeNode, type TrustEdge, type TrustGraph } from './trust-graph.js';

/**
 * `fedlint explain ROLE`: who can assume a role, by which paths, under which conditions, and for how long — the
 * trust graph read from one role's point of view.
 */

/** Entry points for paths: everything outside the configuration, and the IAM users (long-term credentials). */
const ENTRY_KINDS = new Set(['public', 'account', 'saml-provider', 'oidc-provider', 'web-identity', 'service', 'user']);

export interface Explanation {
  role: string;
  file: string;
  line: number;
  sensitive: string[];
  maxSessionSeconds: number | null;
  callers: Array<{ from: string; kind: string; api: string; conditions: string[]; trust: string[]; identity: string[] }>;
  paths: Array<{ entry: string; hops: Array<{ from: string; to: string; api: string; at: string }>; chained: boolean; maxSessionSeconds: number | null }>;
}

const at = (s: { source: { file: string; range: { line: number } } }) => `${s.source.file}:${s.source.range.line}`;

export function explainRole(graph: TrustGraph, role: Role, sensitive: string[]): Explanation {
  const id = graph.nodeOf(role);
  const label = (n: string) => describeNode(graph, n);
  const max = typeof role.maxSessionDuration?.value === 'number' ? role.maxSessionDuration.value : null;
  const callers = graph.into(id).flatMap((e) => {
    // The principals of an account allowed to assume any role: each is a caller of its own.
    const via: TrustEdge[] = graph.nodes.get(e.from)?.kind === 'assumers' ? graph.into(e.from) : [e];
    return via.map((c) => ({
      from: label(c.from),
      kind: graph.nodes.get(c.from)?.kind ?? '',
      api: `sts:${e.api}`,
      conditions: [...new Set(e.conditions.map((x) => `${x.operator} ${x.key}`))],
      trust: e.trust.map(at),
      identity: (c === e ? e.identity : c.identity).map(at),
    }));
  });
  const entries = [...graph.nodes.values()].filter((n) => ENTRY_KINDS.has(n.kind)).map((n) => n.id).sort();
  const reaches: Reach[] = shortestPaths(graph, entries, (n) => n === id).get(id) ?? [];
  const paths = reaches
    .map((r) => {
      const hops = assumptions(r.hops).map((h) => ({ from: label(h.from), to: label(h.to), api: `sts:${h.api}`, at: h.trust[0] ? at(h.trust[0]) : '' }));
      const chained = hops.length > 1;
      // The default MaxSessionDuration is one hour (R7); a chained session never exceeds one hour (R6).
      return { entry: label(r.entry), hops, chained, maxSessionSeconds: chained ? Math.min(CHAINED_SESSION_SECONDS, max ?? CHAINED_SESSION_SECONDS) : max };
    })
    .sort((a, b) => a.hops.length - b.hops.length || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
  return { role: typeof role.name === 'string' ? role.name : role.id, file: role.file, line: role.idSource.range.line, sensitive, maxSessionSeconds: max, callers, paths };
}

export function formatExplanation(x: Explanation): string {
  const hours = (s: number | null) => (s === null ? 'the AWS default (1 h)' : s % 3600 === 0 ? `${s / 3600} h` : `${s} s`);
  const out = [`role ${x.role} (${x.file}:${x.line})${x.sensitive.length ? ` — sensitive: ${x.sensitive.join('; ')}` : ''}`, `  longest session: ${hours(x.maxSessionSeconds)} when assumed directly, 1 h when chained`, ''];
  out.push(x.callers.length ? 'Who can assume it directly:' : 'Nothing in the scanned files can assume it.');
  for (const c of x.callers) {
    const where = [`trust ${c.trust.join(', ')}`, ...(c.identity.length ? [`identity ${c.identity.join(', ')}`] : [])].join('; ');
    out.push(`  - ${c.from}  ${c.api}${c.conditions.length ? `  if ${c.conditions.join(', ')}` : ''}  (${where})`);
  }
  if (x.paths.length) {
    out.push('', 'Paths from outside the configuration and from IAM users (shortest from each):');
    x.paths.forEach((p, i) => {
      out.push(`  ${i + 1}. ${[p.entry, ...p.hops.map((h) => h.to)].join(' → ')}  (${p.hops.length === 1 ? 'directly' : `${p.hops.length} hops, chained: sessions of at most 1 h`})`);
      for (const h of p.hops) out.push(`       ${h.from} → ${h.to}  ${h.api}  ${h.at}`);
    });
  }
  return `${out.join('\n')}\n`;
}
