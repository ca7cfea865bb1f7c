import type { TrustEdge, TrustGraph } from './trust-graph.js';

/**
 * Shortest assumption paths from entry points to target roles: a breadth-first search from each entry that expands
 * every node once (memoised), so the cost is one pass over the edges per entry point — never an enumeration of all
 * simple paths. A hop after the first is role chaining (sts-semantics.md §0 R6, R8: an AssumeRole* session may call
 * AssumeRole again), so only edges that a role session can take (`sts:AssumeRole` from a role) continue a path.
 */

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
