import { edgeAction, type GraphNode, type TrustEdge, type TrustGraph } from './trust-graph.js';
import { HUB_KINDS } from './types.js';

/**
 * The trust graph as a picture people can read (Mermaid renders in GitHub Markdown; DOT for Graphviz) or as JSON.
 * Nodes and edges are sorted, so the same scan gives the same bytes.
 */

export type GraphFormat = 'mermaid' | 'dot' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json'];

export interface GraphView {
  nodes: GraphNode[];
  edges: TrustEdge[];
  /** Node IDs drawn as sensitive. */
  sensitive: ReadonlySet<string>;
}

/** The part of the graph that can reach `targets` (the targets and every node with a path to one of them). */
export function upstreamOf(graph: TrustGraph, targets: Iterable<string>): Set<string> {
  const keep = new Set<string>();
  const queue = [...targets];
  while (queue.length) {
    const id = queue.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const e of graph.into(id)) queue.push(e.from);
  }
  return keep;
}

/** The nodes in `keep` (all when undefined) and the edges between them, sorted. */
export function view(graph: TrustGraph, sensitive: ReadonlySet<string>, keep?: ReadonlySet<string>): GraphView {
  const nodes = [...graph.nodes.values()].filter((n) => !keep || keep.has(n.id)).sort((a, b) => cmp(a.id, b.id));
  const edges = graph.edges.filter((e) => !keep || (keep.has(e.from) && keep.has(e.to))).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.api, b.api));
  return { nodes, edges: dedupe(edges), sensitive };
}

export function renderGraph(v: GraphView, format: GraphFormat): string {
  if (format === 'json') return `${JSON.stringify(toJson(v), null, 2)}\n`;
  return format === 'dot' ? dot(v) : mermaid(v);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One edge per (from, to, api): several statements granting the same hop are one arrow. */
function dedupe(edges: TrustEdge[]): TrustEdge[] {
  const out = new Map<string, TrustEdge>();
  for (const e of edges) {
    const k = `${e.from}\u0000${e.to}\u0000${e.api}`;
    const prev = out.get(k);
    out.set(k, prev ? { ...prev, trust: [...prev.trust, ...e.trust], identity: [...prev.identity, ...e.identity], conditions: [...prev.conditions, ...e.conditions] } : e);
  }
  return [...out.values()];
}

const API_LABEL: Record<TrustEdge['api'], string> = {
  AssumeRole: 'AssumeRole',
  AssumeRoleWithSAML: 'SAML',
  AssumeRoleWithWebIdentity: 'WebIdentity',
  UpdateAssumeRolePolicy: 'UpdateAssumeRolePolicy',
  PassRole: 'PassRole',
  PutPolicy: 'writes own policy',
  CreateAccessKey: 'CreateAccessKey',
  LoginProfile: 'LoginProfile',
  GetFederationToken: 'GetFederationToken',
};

/** "AssumeRole", "WebIdentity · sub, aud", "PassRole · lambda.amazonaws.com": the call and what the hop must meet. */
function edgeLabel(e: TrustEdge): string {
  const keys = [...new Set(e.conditions.map((c) => c.key))].sort();
  const api = e.service ? `${API_LABEL[e.api]} · ${e.service}` : API_LABEL[e.api];
  return keys.length ? `${api} · ${keys.join(', ')}` : api;
}

function nodeLabel(n: GraphNode): string {
  const account = n.account && (n.kind === 'role' || n.kind === 'user') ? ` (${n.account.startsWith('self:') ? n.account.slice(5) : n.account})` : '';
  return `${n.kind === 'role' || n.kind === 'user' ? `${n.kind} ` : ''}${n.label}${account}`;
}

function mermaid(v: GraphView): string {
  const id = new Map(v.nodes.map((n, i) => [n.id, `n${i}`]));
  const q = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const shape = (n: GraphNode) => {
    const l = q(nodeLabel(n));
    if (n.kind === 'role') return `[${l}]`;
    if (n.kind === 'user') return `(${l})`;
    if (n.kind === 'service') return `[/${l}/]`;
    if (HUB_KINDS.has(n.kind)) return `((${l}))`;
    return `{{${l}}}`; // entry points: the public, accounts, identity providers
  };
  const lines = ['flowchart LR'];
  for (const n of v.nodes) lines.push(`  ${id.get(n.id)}${shape(n)}`);
  for (const e of v.edges) lines.push(`  ${id.get(e.from)} -- ${q(edgeLabel(e))} --> ${id.get(e.to)}`);
  const sensitive = v.nodes.filter((n) => v.sensitive.has(n.id)).map((n) => id.get(n.id));
  if (sensitive.length) {
    lines.push('  classDef sensitive stroke:#d73a49,stroke-width:3px');
    lines.push(`  class ${sensitive.join(',')} sensitive`);
  }
  return `${lines.join('\n')}\n`;
}

function dot(v: GraphView): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const shape = (n: GraphNode) => (n.kind === 'role' ? 'box' : n.kind === 'user' ? 'ellipse' : n.kind === 'service' ? 'parallelogram' : HUB_KINDS.has(n.kind) ? 'circle' : 'hexagon');
  const lines = ['digraph trust {', '  rankdir=LR;'];
  for (const n of v.nodes) lines.push(`  ${q(n.id)} [label=${q(nodeLabel(n))}, shape=${shape(n)}${v.sensitive.has(n.id) ? ', color=red, penwidth=2' : ''}];`);
  for (const e of v.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(edgeLabel(e))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function toJson(v: GraphView) {
  const at = (s: { source: { file: string; range: { line: number; column: number } } }) => ({ file: s.source.file, line: s.source.range.line, column: s.source.range.column });
  return {
    nodes: v.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: n.label,
      ...(n.account ? { account: n.account } : {}),
      ...(n.entity ? { file: n.entity.file, line: n.entity.idSource.range.line, resource: n.entity.id } : {}),
      sensitive: v.sensitive.has(n.id),
    })),
    edges: v.edges.map((e) => ({
      from: e.from,
      to: e.to,
      api: edgeAction(e),
      conditions: e.conditions.map((c) => ({ operator: c.operator, key: c.key, values: c.values.map((x) => String(x.value)) })),
      trust: e.trust.map(at),
      identity: e.identity.map(at),
    })),
  };
}
