import type { Guard, PolicyDocument, Statement } from '../model/index.js';
import type { ReportDescriptor, RuleContext } from './index.js';

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

const sameGuard = (a: Guard, b: Guard) => a.condition === b.condition && a.value === b.value;

/**
 * A statement with Fn::If inside is loaded once per branch combination. A problem found at the same place in
 * several of those variants is one problem: report it once, under the guards every variant that has it shares
 * (no branch condition when it is outside any Fn::If; the branch when it is inside one). Call `add` per
 * variant, then `flush` once.
 */
export function variantReporter<M extends string>(ctx: Pick<RuleContext<M>, 'report'>) {
  const pending = new Map<string, { d: ReportDescriptor<M>; when: Guard[] }>();
  return {
    add(stmt: Pick<Statement, 'when'>, d: Omit<ReportDescriptor<M>, 'when'>): void {
      const r = d.at.range;
      const id = [d.messageId, d.at.file, d.at.pointer, r.line, r.column, r.endLine, r.endColumn, JSON.stringify(d.data ?? {})].join('\u0000');
      const seen = pending.get(id);
      if (seen) seen.when = seen.when.filter((g) => stmt.when.some((h) => sameGuard(g, h)));
      else pending.set(id, { d, when: [...stmt.when] });
    },
    flush(): void {
      for (const { d, when } of pending.values()) ctx.report({ ...d, when });
      pending.clear();
    },
  };
}
