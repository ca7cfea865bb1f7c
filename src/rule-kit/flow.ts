import { assumptions, byCalls, pathsWhen, type Reach } from '../graph/paths.js';
import { describeNode, edgeAction, type TrustEdge, type TrustGraph } from '../graph/trust-graph.js';
import { type FlowStep, type Guard, guardText, type RelatedLocation } from '../model/index.js';

/**
 * One hop of an assumption path as a code-flow step, at the statement that opens it:
 * - an STS call at the role's trust statement that allows it; where STS asks for both sides (sts-semantics.md §0 R2,
 *   R3; §2.3: a trust naming an account delegates to the principals whose identity policies allow the call, and a
 *   cross-account caller needs its own allow), the caller's identity statements become the step's related locations;
 * - an escalation (src/graph/escalation.ts) at the caller's statement that grants it; for iam:PassRole, the role's
 *   trust of the service is related.
 */
export function flowStep(graph: TrustGraph, e: TrustEdge): FlowStep {
  const caller = describeNode(graph, e.from);
  const target = describeNode(graph, e.to);
  const escalation = e.action !== undefined;
  const at = escalation ? (e.identity[0] ?? e.trust[0]) : (e.trust[0] ?? e.identity[0]);
  if (!at) throw new Error(`the hop ${e.from} → ${e.to} has neither a trust nor an identity statement to locate it`);
  const step: FlowStep = { source: at.source, message: hopMessage(e, caller, target) + guardText(e.when ?? []) };
  const related: RelatedLocation[] = escalation
    ? e.trust.map((s) => ({ source: s.source, message: `the trust of ${target} lets ${e.service ?? 'the service'} assume it` }))
    : e.trust.length
      ? e.identity.map((s) => ({ source: s.source, message: `the identity policy of ${caller} allows ${edgeAction(e)} on ${target}` }))
      : [];
  return related.length ? { ...step, related, relatedAs: escalation ? 'trust' : 'identity' } : step;
}

/** What a hop lets the caller do, in words. */
function hopMessage(e: TrustEdge, caller: string, target: string): string {
  switch (e.api) {
    case 'UpdateAssumeRolePolicy':
      return `${caller} can rewrite the trust of ${target} (iam:UpdateAssumeRolePolicy) and then assume it`;
    case 'PutPolicy':
      return `${caller} can grant itself any permission (${e.action}), then rewrite the trust of ${target} and assume it`;
    case 'PassRole':
      return `${caller} can pass ${target} to ${e.service} (iam:PassRole) and run code with it there`;
    case 'CreateAccessKey':
      return `${caller} can create an access key for ${target} (iam:CreateAccessKey)`;
    case 'LoginProfile':
      return `${caller} can set the console password of ${target} (${e.action})`;
    case 'GetFederationToken':
      return `${caller} can mint ${target} sessions (sts:GetFederationToken)`;
    default: {
      const keys = [...new Set(e.conditions.map((c) => c.key))];
      return `${caller} can call sts:${e.api} on ${target}${keys.length ? ` (conditions on ${keys.join(', ')})` : ''}`;
    }
  }
}

/** How many reaches a path finding names in its message; the rest are counted, and all are in `entries`. */
const NAMED = 3;

/**
 * What a path finding says about the reaches it counts, ordered fewest calls first: the count, the first few named
 * with how they get there ("user dana (2 hops, via role deployer)", "role ci (via iam:PassRole to
 * lambda.amazonaws.com)"), the shortest paths as code flows (at most `maxPaths`), every entry point, and the
 * CloudFormation conditions every path needs.
 */
export function pathSummary(graph: TrustGraph, reaches: readonly Reach[], maxPaths: number): { count: number; named: string; paths: FlowStep[][]; entries: string[]; when: Guard[] } {
  const sorted = byCalls(reaches);
  const named = sorted.slice(0, NAMED).map((r) => `${describeNode(graph, r.entry)} (${how(graph, r)})`);
  return {
    count: sorted.length,
    named: named.join('; ') + (sorted.length > NAMED ? ` and ${sorted.length - NAMED} more` : ''),
    paths: sorted.slice(0, maxPaths).map((r) => assumptions(r.hops).map((h) => flowStep(graph, h))),
    entries: sorted.map((r) => describeNode(graph, r.entry)),
    when: pathsWhen(sorted.map((r) => r.hops)),
  };
}

/** "directly", "2 hops, via role deployer", "via iam:PassRole to lambda.amazonaws.com": the roles passed and escalations used. */
function how(graph: TrustGraph, r: Reach): string {
  const calls = assumptions(r.hops);
  const steps = calls.flatMap((h, i) => [...(i > 0 ? [describeNode(graph, h.from)] : []), ...(h.action ? [edgeAction(h)] : [])]);
  if (!steps.length) return 'directly';
  return `${calls.length === 1 ? '' : `${calls.length} hops, `}via ${steps.join(', ')}`;
}
