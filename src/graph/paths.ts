import { type Guard, sharedGuards, unionGuards } from '../model/index.js';
import type { NodeKind, TrustEdge, TrustGraph } from './types.js';
import { HUB_KINDS } from './types.js';

/**
 * Assumption paths with STS session state. A breadth-first search expands every (node, session state) once
 * (memoised), so the cost is one pass over the edges per start — never an enumeration of all simple paths.
 *
 * Session state along a path (sts-semantics.md §0 R6, R8, §3.1):
 * - a person (an IAM user, or a principal of an account or of the public calling with its own credentials) can
 *   present MFA on any AssumeRole call, and a session so created carries MFA context;
 * - a role session carries MFA context on to its next AssumeRole only when `mfaSurvivesChaining` (unverified, §10
 *   item 1: a setting whose default, true, never hides a path);
 * - SAML and web-identity sessions, services' sessions, keys minted with iam:CreateAccessKey and federated-user
 *   sessions carry no MFA;
 * - a role session may call AssumeRole and IAM again (R8), so any hop but a federation entry continues a path; a
 *   federated-user session (GetFederationToken) may call no STS API, so nothing leaves it.
 */

/** STS caps a chained session (a role session calling AssumeRole) at one hour (sts-semantics.md §0 R6). */
export const CHAINED_SESSION_SECONDS = 3600;

/** Nodes a path goes on from after its first hop: sessions and credentials of principals, and the account hubs. */
const CONTINUES: ReadonlySet<NodeKind> = new Set(['role', 'user', ...HUB_KINDS]);
/** Nodes whose callers use their own credentials: they can present MFA. */
const PEOPLE: ReadonlySet<NodeKind> = new Set(['user', 'account', 'public', ...HUB_KINDS]);
/** Calls whose new session carries no MFA context whatever the caller held. */
const NO_MFA: ReadonlySet<TrustEdge['api']> = new Set(['AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'PassRole', 'CreateAccessKey', 'LoginProfile', 'GetFederationToken']);

export interface Reach {
  /** The node the path starts at. */
  entry: string;
  /** The hops, entry first; the last one ends at the target. */
  hops: TrustEdge[];
}

export interface PathOptions {
  /** Edges a path may start with (from an entry point); default all. */
  firstHop?: (e: TrustEdge) => boolean;
  /** Longest path searched, in edges (default 8; through a hub node a hop is two edges). */
  maxHops?: number;
  /** Whether a role session created with MFA passes MFA context to the next AssumeRole (default true; see above). */
  mfaSurvivesChaining?: boolean;
  /** `never`: only paths on which no hop requires MFA (nobody presents it). Default: MFA presented wherever possible. */
  mfa?: 'possible' | 'never';
  /** Nodes a path may end at but not pass through. */
  stopAt?: (id: string) => boolean;
  /** Edges a path may take at all (default all). */
  follow?: (e: TrustEdge) => boolean;
}

/** Whether the trust that grants an edge requires MFA on every statement that grants it (§3.2). */
export function requiresMfa(e: TrustEdge): boolean {
  return e.constraint.mfa !== undefined;
}

/** The graph as arrays, built once per graph: the searches below run many times over the same graph. */
interface Indexed {
  ids: string[];
  at: Map<string, number>;
  kinds: NodeKind[];
  edges: TrustEdge[];
  /** Per node, the indices of its outgoing and incoming edges (in `graph.from`, `graph.into` order). */
  out: number[][];
  into: number[][];
  to: Int32Array;
  from: Int32Array;
  /** Per edge: its trust requires MFA; its new session carries none whatever the caller held; it ends at a hub. */
  mfa: Uint8Array;
  plain: Uint8Array;
  hub: Uint8Array;
}

const indexes = new WeakMap<TrustGraph, Indexed>();

function indexed(graph: TrustGraph): Indexed {
  const hit = indexes.get(graph);
  if (hit) return hit;
  const ids = [...graph.nodes.keys()];
  const at = new Map(ids.map((id, i) => [id, i]));
  const edges = graph.edges;
  const edgeAt = new Map(edges.map((e, i) => [e, i]));
  const kinds = ids.map((id) => graph.nodes.get(id)!.kind);
  const x: Indexed = {
    ids,
    at,
    kinds,
    edges,
    out: ids.map((id) => graph.from(id).map((e) => edgeAt.get(e)!)),
    into: ids.map((id) => graph.into(id).map((e) => edgeAt.get(e)!)),
    to: Int32Array.from(edges, (e) => at.get(e.to)!),
    from: Int32Array.from(edges, (e) => at.get(e.from)!),
    mfa: Uint8Array.from(edges, (e) => Number(requiresMfa(e))),
    plain: Uint8Array.from(edges, (e) => Number(NO_MFA.has(e.api) || graph.nodes.get(e.to)?.kind === 'user')),
    hub: Uint8Array.from(edges, (e) => Number(HUB_KINDS.has(graph.nodes.get(e.to)!.kind))),
  };
  indexes.set(graph, x);
  return x;
}

/**
 * Breadth-first search from one entry over (node, able), where `able` is the one bit of session state that matters:
 * whether the holder can present MFA on its next call (a person, or a session with MFA context when it survives
 * chaining). A state that can present reaches everything one that cannot does, so a node is expanded at most twice.
 * Returns, per (node, state) slot `2 · node + able`, how it was first reached (`2 · edge + the state the edge was
 * taken in`; -1 not reached, -2 the entry), and the nodes in the order they were first reached, with that state.
 */
function search(g: Indexed, entry: number, opts: PathOptions): { parent: Int32Array; first: Array<[number, number]> } {
  const maxHops = opts.maxHops ?? 8;
  const survives = opts.mfaSurvivesChaining ?? true;
  const parent = new Int32Array(g.ids.length * 2).fill(-1);
  const start = opts.mfa !== 'never' && PEOPLE.has(g.kinds[entry]) ? 1 : 0;
  parent[2 * entry + start] = -2;
  const first: Array<[number, number]> = [];
  const seen = new Uint8Array(g.ids.length);
  seen[entry] = 1;
  let frontier = [2 * entry + start];
  for (let depth = 0; depth < maxHops && frontier.length; depth++) {
    const next: number[] = [];
    for (const slot of frontier) {
      const node = slot >> 1;
      const able = slot & 1;
      if (depth > 0 && (!CONTINUES.has(g.kinds[node]) || opts.stopAt?.(g.ids[node]))) continue;
      for (const ei of g.out[node]) {
        if ((depth === 0 && opts.firstHop && !opts.firstHop(g.edges[ei])) || (opts.follow && !opts.follow(g.edges[ei]))) continue;
        if (g.mfa[ei] && !able) continue;
        const after = g.hub[ei] ? able : g.plain[ei] ? 0 : able && survives ? 1 : 0;
        const to = g.to[ei];
        if (parent[2 * to + 1] !== -1 || (!after && parent[2 * to] !== -1)) continue;
        parent[2 * to + after] = 2 * ei + able;
        if (!seen[to]) {
          seen[to] = 1;
          first.push([to, after]);
        }
        next.push(2 * to + after);
      }
    }
    frontier = next;
  }
  return { parent, first };
}

/** For each target reached, the shortest path from each entry that reaches it (entries in the given order). */
export function shortestPaths(graph: TrustGraph, entries: readonly string[], isTarget: (id: string) => boolean, opts: PathOptions = {}): Map<string, Reach[]> {
  const g = indexed(graph);
  const out = new Map<string, Reach[]>();
  for (const entry of entries) {
    const e0 = g.at.get(entry);
    if (e0 === undefined) continue;
    const { parent, first } = search(g, e0, opts);
    for (const [node, able] of first) {
      const id = g.ids[node];
      if (!isTarget(id)) continue;
      const hops: TrustEdge[] = [];
      for (let p = parent[2 * node + able]; p >= 0; ) {
        const ei = p >> 1;
        hops.unshift(g.edges[ei]);
        p = parent[2 * g.from[ei] + (p & 1)];
      }
      const list = out.get(id);
      if (list) list.push({ entry, hops });
      else out.set(id, [{ entry, hops }]);
    }
  }
  return out;
}

/** The nodes a path from `entry` reaches (without the paths: cheaper when only counts and names are needed). */
export function reachable(graph: TrustGraph, entry: string, opts: PathOptions = {}): string[] {
  const g = indexed(graph);
  const e0 = g.at.get(entry);
  return e0 === undefined ? [] : search(g, e0, opts).first.map(([node]) => g.ids[node]);
}

/**
 * Every user and role that can reach `target`, with its shortest path: a breadth-first search backwards from the
 * target over (node, whether the session there must carry MFA). A hop whose trust requires MFA, or that leads to a
 * session that must carry it, needs a call with MFA: a user presents it; a role session passes it on only when
 * `mfaSurvivesChaining`; a hop whose new session never carries MFA (a service, new access keys …) cannot give it.
 * A role counts as a start only when nothing asks its session for MFA (how it was assumed is not known here).
 */
export function reachersOf(graph: TrustGraph, target: string, opts: Pick<PathOptions, 'maxHops' | 'mfaSurvivesChaining' | 'stopAt'> = {}): Reach[] {
  const g = indexed(graph);
  const t = g.at.get(target);
  if (t === undefined) return [];
  const maxHops = opts.maxHops ?? 8;
  const survives = opts.mfaSurvivesChaining ?? true;
  // Per slot `2 · node + needsMfa`: the edge toward the target it was reached by (`2 · edge + the slot's state at
  // the edge's end`), -2 for the target, -1 not reached.
  const toward = new Int32Array(g.ids.length * 2).fill(-1);
  toward[2 * t] = -2;
  const found: Array<[number, number]> = [];
  const counted = new Uint8Array(g.ids.length);
  let frontier = [2 * t];
  for (let depth = 0; depth < maxHops && frontier.length; depth++) {
    const next: number[] = [];
    for (const slot of frontier) {
      const node = slot >> 1;
      const needsMfa = slot & 1;
      for (const ei of g.into[node]) {
        const u = g.from[ei];
        const k = g.kinds[u];
        if (!CONTINUES.has(k) || (u !== t && opts.stopAt?.(g.ids[u]))) continue;
        // Rewriting a trust drops its conditions; the caller then assumes the role with its own credentials.
        const need = needsMfa || (!g.hub[ei] && g.edges[ei].api !== 'UpdateAssumeRolePolicy' && g.mfa[ei]) ? 1 : 0;
        if (need && (g.plain[ei] || (k === 'role' && !survives))) continue;
        if (toward[2 * u + need] !== -1) continue;
        toward[2 * u + need] = 2 * ei + needsMfa;
        if ((k === 'user' || (k === 'role' && !need)) && u !== t && !counted[u]) {
          counted[u] = 1;
          found.push([u, need]);
        }
        next.push(2 * u + need);
      }
    }
    frontier = next;
  }
  return found.map(([u, need]) => {
    const hops: TrustEdge[] = [];
    for (let p = toward[2 * u + need]; p >= 0; ) {
      const ei = p >> 1;
      hops.push(g.edges[ei]);
      p = toward[2 * g.to[ei] + (p & 1)];
    }
    return { entry: g.ids[u], hops };
  });
}

/**
 * Groups of nodes that can all reach each other (strongly connected components, Tarjan's algorithm, iterative),
 * over the edges `follow` keeps; a single node is a group only when it reaches itself. Each group is sorted, and the
 * groups are sorted by their first node.
 */
export function cycles(graph: TrustGraph, follow: (e: TrustEdge) => boolean): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const succ = (id: string) => graph.from(id).filter(follow).map((e) => e.to);
  for (const start of [...graph.nodes.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ id: string; kids: string[]; i: number }> = [];
    const open = (id: string) => {
      index.set(id, next);
      low.set(id, next++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, kids: succ(id), i: 0 });
    };
    open(start);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.kids.length) {
        const k = top.kids[top.i++];
        if (!index.has(k)) open(k);
        else if (onStack.has(k)) low.set(top.id, Math.min(low.get(top.id)!, index.get(k)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].id, Math.min(low.get(work[work.length - 1].id)!, low.get(top.id)!));
      if (low.get(top.id) !== index.get(top.id)) continue;
      const group: string[] = [];
      for (let x = stack.pop()!; ; x = stack.pop()!) {
        onStack.delete(x);
        group.push(x);
        if (x === top.id) break;
      }
      if (group.length > 1 || succ(top.id).includes(top.id)) out.push(group.sort());
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The calls a path makes: a caller → its account's hub (`assumers`, `rewriters`) → role is one call by that caller,
 * told as one hop at the role's trust statement (AssumeRole) or at the caller's statement that grants it (rewriting
 * the trust, writing its own policy).
 */
export function assumptions(hops: TrustEdge[]): TrustEdge[] {
  const out: TrustEdge[] = [];
  for (const h of hops) {
    const prev = out[out.length - 1];
    if (prev && h.from === prev.to && /^(assumers|rewriters|passers):/.test(prev.to)) {
      const when = unionGuards(prev.when, h.when);
      out[out.length - 1] = { ...h, from: prev.from, identity: prev.identity, ...(prev.action ? { api: prev.api, action: prev.action } : {}), ...(when.length ? { when } : {}) };
    }
    else out.push(h);
  }
  return out;
}

/** Paths fewest calls first, then by entry (the order findings name them in). */
export function byCalls(reaches: readonly Reach[]): Reach[] {
  const calls = new Map(reaches.map((r) => [r, assumptions(r.hops).length]));
  return [...reaches].sort((a, b) => calls.get(a)! - calls.get(b)! || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}

/** The CloudFormation conditions a finding about several paths holds under: those every path needs. */
export function pathsWhen(paths: readonly TrustEdge[][]): Guard[] {
  return sharedGuards(paths.map((p) => unionGuards(...p.map((h) => h.when))));
}

/** Whether the last call of a path is role chaining: a role session calling AssumeRole (capped at one hour, R6). */
export function chained(hops: TrustEdge[], graph: TrustGraph): boolean {
  const last = assumptions(hops).at(-1);
  return !!last && (last.api === 'AssumeRole' || last.api === 'UpdateAssumeRolePolicy') && graph.nodes.get(last.from)?.kind === 'role';
}
