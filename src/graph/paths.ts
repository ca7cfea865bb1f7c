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

type Via = Map<string, { e: TrustEdge; able: boolean } | null>;

/**
 * Breadth-first search from one entry over (node, able), where `able` is the one bit of session state that matters:
 * whether the holder can present MFA on its next call (a person, or a session with MFA context when it survives
 * chaining). A state that can present reaches everything one that cannot does, so a node is expanded at most twice.
 * Returns the hop that first reached each node in each state ([unable, able]) and the state each node was first
 * reached in (the first time is by a shortest path).
 */
function search(graph: TrustGraph, entry: string, opts: PathOptions): { via: [Via, Via]; first: Map<string, boolean> } {
  const maxHops = opts.maxHops ?? 8;
  const survives = opts.mfaSurvivesChaining ?? true;
  const kind = (id: string) => graph.nodes.get(id)?.kind;
  const step = (e: TrustEdge, able: boolean): boolean | undefined => {
    if (requiresMfa(e) && !able) return undefined;
    const to = kind(e.to)!;
    if (HUB_KINDS.has(to)) return able;
    if (NO_MFA.has(e.api) || to === 'user') return false;
    return able && survives;
  };
  const start = opts.mfa !== 'never' && PEOPLE.has(kind(entry)!);
  const via: [Via, Via] = [new Map(), new Map()];
  via[Number(start)].set(entry, null);
  const first = new Map<string, boolean>();
  let frontier: Array<[string, boolean]> = [[entry, start]];
  for (let depth = 0; depth < maxHops && frontier.length; depth++) {
    const next: Array<[string, boolean]> = [];
    for (const [id, able] of frontier) {
      if (depth > 0 && (!CONTINUES.has(kind(id)!) || opts.stopAt?.(id))) continue;
      for (const e of graph.from(id)) {
        if ((depth === 0 && opts.firstHop && !opts.firstHop(e)) || (opts.follow && !opts.follow(e))) continue;
        const after = step(e, able);
        if (after === undefined || via[1].has(e.to) || (!after && via[0].has(e.to))) continue;
        via[Number(after)].set(e.to, { e, able });
        if (!first.has(e.to)) first.set(e.to, after);
        next.push([e.to, after]);
      }
    }
    frontier = next;
  }
  first.delete(entry);
  return { via, first };
}

/** For each target reached, the shortest path from each entry that reaches it (entries in the given order). */
export function shortestPaths(graph: TrustGraph, entries: readonly string[], isTarget: (id: string) => boolean, opts: PathOptions = {}): Map<string, Reach[]> {
  const out = new Map<string, Reach[]>();
  for (const entry of entries) {
    const { via, first } = search(graph, entry, opts);
    for (const [id, able] of first) {
      if (!isTarget(id)) continue;
      const hops: TrustEdge[] = [];
      for (let cur = via[Number(able)].get(id); cur; cur = via[Number(cur.able)].get(cur.e.from)) hops.unshift(cur.e);
      out.set(id, [...(out.get(id) ?? []), { entry, hops }]);
    }
  }
  return out;
}

/** The nodes a path from `entry` reaches (without the paths: cheaper when only counts and names are needed). */
export function reachable(graph: TrustGraph, entry: string, opts: PathOptions = {}): string[] {
  return [...search(graph, entry, opts).first.keys()];
}

/**
 * Every user and role that can reach `target`, with its shortest path: a breadth-first search backwards from the
 * target over (node, whether the session there must carry MFA). A hop whose trust requires MFA, or that leads to a
 * session that must carry it, needs a call with MFA: a user presents it; a role session passes it on only when
 * `mfaSurvivesChaining`; a hop whose new session never carries MFA (a service, new access keys …) cannot give it.
 * A role counts as a start only when nothing asks its session for MFA (how it was assumed is not known here).
 */
export function reachersOf(graph: TrustGraph, target: string, opts: Pick<PathOptions, 'maxHops' | 'mfaSurvivesChaining' | 'stopAt'> = {}): Reach[] {
  const maxHops = opts.maxHops ?? 8;
  const survives = opts.mfaSurvivesChaining ?? true;
  const kind = (id: string) => graph.nodes.get(id)?.kind;
  const key = (id: string, needsMfa: boolean) => `${needsMfa ? 'mfa' : 'free'}\u0000${id}`;
  const toward = new Map<string, { edge: TrustEdge; next: string } | undefined>([[key(target, false), undefined]]);
  const found = new Map<string, string>(); // start node → its key
  let frontier: Array<[string, boolean]> = [[target, false]];
  for (let depth = 0; depth < maxHops && frontier.length; depth++) {
    const next: Array<[string, boolean]> = [];
    for (const [id, needsMfa] of frontier)
      for (const e of graph.into(id)) {
        const u = e.from;
        const k = kind(u);
        if (!k || !CONTINUES.has(k) || (u !== target && opts.stopAt?.(u))) continue;
        const intoHub = HUB_KINDS.has(kind(id)!);
        // Rewriting a trust drops its conditions; the caller then assumes the role with its own credentials.
        const need = needsMfa || (!intoHub && e.api !== 'UpdateAssumeRolePolicy' && requiresMfa(e));
        if (need && NO_MFA.has(e.api)) continue;
        if (need && k === 'role' && !survives) continue;
        const nk = key(u, need);
        if (toward.has(nk)) continue;
        toward.set(nk, { edge: e, next: key(id, needsMfa) });
        if ((k === 'user' || (k === 'role' && !need)) && u !== target && !found.has(u)) found.set(u, nk);
        next.push([u, need]);
      }
    frontier = next;
  }
  return [...found].map(([entry, k]) => {
    const hops: TrustEdge[] = [];
    for (let cur = toward.get(k); cur; cur = toward.get(cur.next)) hops.push(cur.edge);
    return { entry, hops };
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
