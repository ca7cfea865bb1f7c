import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTrustGraph, describeNode, edgeAction, type TrustGraph } from '../graph/trust-graph.js';
import type { Model } from '../model/index.js';
import type { GraphChanges, GraphEdgeChange } from '../report/types.js';
import type { RuleSettings } from '../rule-kit/index.js';
import { UsageError } from './errors.js';

/**
 * Diff mode (`scan --diff-base REF`): the tree at a git revision, scanned like the working tree, so that only what
 * a change introduces is reported. The revision is read with `git archive` into a temporary directory: the user's
 * working tree, index and worktree list are never touched.
 */

export interface Revision {
  /** Where the directory fedlint runs in lies inside the extracted revision. */
  cwd: string;
  /** Remove the extracted tree. */
  cleanup(): void;
}

const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });

/** Extract the tree of `ref` (of the repository `cwd` is in) into a temporary directory. */
export function extractRevision(cwd: string, ref: string): Revision {
  let root: string;
  let prefix: string;
  try {
    root = git(cwd, ['rev-parse', '--show-toplevel']).toString().trim();
    prefix = git(cwd, ['rev-parse', '--show-prefix']).toString().trim();
  } catch {
    throw new UsageError(`--diff-base ${ref}: ${cwd} is not inside a git repository`);
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--diff-base ${ref}: no such commit in this repository (fetch it first, e.g. \`git fetch origin ${ref}\`)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'fedlint-base-'));
  try {
    const tar = git(root, ['archive', '--format=tar', ref]);
    execFileSync('tar', ['-x', '-C', dir], { input: tar, maxBuffer: 1 << 30, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`--diff-base ${ref}: the revision cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  return { cwd: path.join(dir, prefix), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The trust-graph edges of one scan, as nodes and calls people read, keyed for comparison. */
function edgesOf(graph: TrustGraph): Map<string, GraphEdgeChange> {
  const out = new Map<string, GraphEdgeChange>();
  for (const e of graph.edges) {
    const edge = { from: describeNode(graph, e.from), to: describeNode(graph, e.to), call: edgeAction(e) };
    out.set(JSON.stringify(edge), edge);
  }
  return out;
}

/**
 * The edges added and removed between the base revision's model and the current one, sorted. Nodes are compared by
 * what messages call them (`role deploy`, `OIDC provider …`), so a role that moves to another file is no change.
 */
export function graphChanges(base: Model, current: Model, settings: RuleSettings): GraphChanges {
  const before = edgesOf(buildTrustGraph(base, settings.accounts));
  const after = edgesOf(buildTrustGraph(current, settings.accounts));
  const only = (a: Map<string, GraphEdgeChange>, b: Map<string, GraphEdgeChange>) => [...a.keys()].filter((k) => !b.has(k)).sort().map((k) => a.get(k)!);
  return { added: only(after, before), removed: only(before, after) };
}
