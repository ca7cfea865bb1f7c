import type { PolicyDocument, Statement } from '../model/index.js';
import type { RuleContext } from './index.js';

/**
 * "the trust policy of role DeployRole", "the policy of role App (policy s3)", "trust.json" (a file name is
 * never capitalised). `start`: capitalised, for the start of a message.
 */
export function policyLabel(ctx: Pick<RuleContext, 'ownerLabel'>, doc: PolicyDocument, start = false): string {
  if (doc.owner.type === 'file') return doc.owner.id;
  const s = `${doc.kind === 'trust' ? 'the trust policy' : 'the policy'} of ${ctx.ownerLabel(doc)}`;
  return start ? capitalize(s) : s;
}

/** `statement "AllowGitHub"` when it has a Sid, else `statement #2` (1-based, in document order). */
export function statementLabel(stmt: Statement): string {
  return stmt.sid ? `statement "${stmt.sid}"` : `statement #${stmt.index + 1}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
