import type { TrustEdge, TrustGraph } from './trust-graph.js';

/**
 * Shortest assumption paths from entry points to target roles: a breadth-first search from each entry that expands
 * every node once (memoised), so the cost is one pass over the edges per entry point — never an enumeration of all
 * simple paths. A hop after the first is role chaining (sts-semantics.md §0 R6, R8: an AssumeRole* session may call
 * AssumeRole again), so only edges that a role session can take (`sts:AssumeRole` from a role) continue a path.
 */

/** STS caps a chained session (a role session calling AssumeRole) at one hour (sts-semantics.md §0 R6). */
export const CHAINED_SESSION_SECONDS = 3600;

/** Nodes a path goes on from: a role session (chaining), or the principals of an account that may assume any role. */
const CHAINS = new Set(['role', 'assumers']);

export interface Reach {
  /** The entry node the path starts at. */
  entry: string;
  /** The hops, entry first; the last one ends at the target. */
  hops: TrustEdge[];
}

export interface PathOptions {
  /** Edges a path may start with (from an entry point); default all. */
  firstHop?: (e: TrustEdge) => boolean;
  /** Longest path searched, in edges (default 8; through an `assumers` node a hop is two edges). */
  maxHops?: number;
}

/** For each target reached, the shortest path from each entry that reaches it (entries in the given order). */
export function shortestPaths(graph: TrustGraph, entries: readonly string[], isTarget: (id: string) => boolean, opts: PathOptions = {}): Map<string, Reach[]> {
  const maxHops = opts.maxHops ?? 8;
  const out = new Map<string, Reach[]>();
  for (const entry of entries) {
    // Breadth-first: the first time a node is reached is by a shortest path; `via` records the hop that did.
    const via = new Map<string, TrustEdge | undefined>([[entry, undefined]]);
    let frontier = [entry];
    for (let depth = 0; depth < maxHops && frontier.length; depth++) {
      const next: string[] = [];
      for (const id of frontier)
        for (const e of graph.from(id)) {
          if (via.has(e.to)) continue;
          if (depth === 0 ? opts.firstHop && !opts.firstHop(e) : e.api !== 'AssumeRole' || !CHAINS.has(graph.nodes.get(id)?.kind ?? '')) continue;
          via.set(e.to, e);
          next.push(e.to);
        }
      frontier = next;
    }
    for (const id of via.keys()) {
      if (id === entry || !isTarget(id)) continue;
      const hops: TrustEdge[] = [];
      for (let cur: string = id; cur !== entry; ) {
        const e = via.get(cur)!;
        hops.unshift(e);
        cur = e.from;
      }
      out.set(id, [...(out.get(id) ?? []), { entry, hops }]);
    }
  }
  return out;
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
 * The assumptions a path makes: a caller → its account's `assumers` node → role is one AssumeRole call by that
 * caller, told as one hop at the role's trust statement.
 */
export function assumptions(hops: TrustEdge[]): TrustEdge[] {
  const out: TrustEdge[] = [];
  for (const h of hops) {
    const prev = out[out.length - 1];
    if (prev?.to.startsWith('assumers:') && h.from === prev.to) out[out.length - 1] = { ...h, from: prev.from, identity: prev.identity };
    else out.push(h);
  }
  return out;
}
