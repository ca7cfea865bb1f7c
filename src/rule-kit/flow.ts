import { describeNode, edgeAction, type TrustEdge, type TrustGraph } from '../graph/trust-graph.js';
import { type FlowStep, guardText, type RelatedLocation } from '../model/index.js';

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
