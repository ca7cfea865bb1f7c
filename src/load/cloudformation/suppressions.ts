import { joinPointer, type SuppressionRecord } from '../../model/index.js';
import type { ParsedDoc } from '../../parse/index.js';
import { isObject } from '../policy/normalize.js';

/**
 * `Metadata: {fedlint: {ignore: [{id: FL212, reason: "…"}]}}` of the template (the whole file) and of each resource
 * (findings located in that resource). An entry may also be a bare rule ID or name (no reason: FL007).
 */
export function cloudFormationSuppressions(doc: ParsedDoc): SuppressionRecord[] {
  const root = isObject(doc.value) ? doc.value : {};
  const out = entries(doc, root.Metadata, '/Metadata', '');
  const resources = isObject(root.Resources) ? root.Resources : {};
  for (const [id, res] of Object.entries(resources)) {
    const rp = joinPointer('/Resources', id);
    if (isObject(res)) out.push(...entries(doc, res.Metadata, `${rp}/Metadata`, rp));
  }
  return out;
}

function entries(doc: ParsedDoc, metadata: unknown, pointer: string, scope: string): SuppressionRecord[] {
  const fedlint = isObject(metadata) ? metadata.fedlint : undefined;
  const ignore = isObject(fedlint) ? fedlint.ignore : undefined;
  if (ignore === undefined) return [];
  const base = `${pointer}/fedlint/ignore`;
  const list = Array.isArray(ignore) ? ignore.map((v, i) => ({ v, p: `${base}/${i}` })) : [{ v: ignore, p: base }];
  return list.map(({ v, p }) => {
    const rule = typeof v === 'string' ? v : isObject(v) && typeof v.id === 'string' ? v.id : '';
    const reason = isObject(v) && typeof v.reason === 'string' ? v.reason.trim() : '';
    const source = { ...doc.map.locate(p), ...(scope ? { resource: scope.slice('/Resources/'.length).replace(/~1/g, '/').replace(/~0/g, '~') } : {}) };
    return { kind: 'inSource' as const, rule: rule.trim(), reason, source, scope: { kind: 'pointer' as const, file: doc.file, pointer: scope } };
  });
}
