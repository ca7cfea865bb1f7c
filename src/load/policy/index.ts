import path from 'node:path';
import type { Model, PolicyKind } from '../../model/index.js';
import type { ParsedDoc } from '../../parse/index.js';
import { isObject, plainDocument, statementSources } from './normalize.js';

/** STS trust actions, and any `sts:` wildcard (`sts:*`, `sts:AssumeRole*`, `sts:AssumeRoleWith*`): only roles have STS resource policies. */
const TRUST_ACTION = /^sts:(assumerole\w*|tagsession|setsourceidentity|setcontext|[\w*?]*[*?][\w*?]*)$|^\*$/i;

/**
 * A loose IAM policy JSON file: a trust policy when its statements name principals and only STS assume
 * actions, an identity policy when no statement names a principal. Other resource policies are not ours.
 */
export function classifyPolicy(value: unknown): PolicyKind | undefined {
  const stmts = statementSources(value, () => ({ file: '', pointer: '', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } })).map((s) => s.value);
  const withPrincipal = stmts.filter((s) => isObject(s) && ('Principal' in s || 'NotPrincipal' in s));
  if (withPrincipal.length === 0) return 'identity';
  const actions = stmts.flatMap((s) => (isObject(s) ? [s.Action ?? s.NotAction] : [])).flat();
  return actions.every((a) => typeof a !== 'string' || TRUST_ACTION.test(a)) ? 'trust' : undefined;
}

export function loadPolicyFile(doc: ParsedDoc, model: Model): void {
  const kind = classifyPolicy(doc.value);
  if (!kind) return;
  const d = plainDocument({
    kind,
    owner: { type: 'file', id: path.posix.basename(doc.file) },
    file: doc.file,
    source: doc.map.locate(''),
    raw: doc.value,
    locate: (p) => doc.map.locate(p),
    locateKey: (p) => doc.map.locateKey(p),
    duplicateKeys: doc.duplicateKeys.map((p) => ({ pointer: p, source: doc.map.locateKey(p) })),
  });
  model.documents.push(d);
}
