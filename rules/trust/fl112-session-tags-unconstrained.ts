import { type ConditionEntry, isUnknown, joinPointer, type RelatedLocation, type Role, type Statement } from '../../src/model/index.js';
import { defineRule, globMatch, isWildcardOnly, operatorParts, permissionDocuments, statementCoversAction } from '../../src/rule-kit/index.js';

const PRINCIPAL_TAG = /^aws:PrincipalTag\/(.+)$/i;
const PRINCIPAL_TAG_VAR = /\$\{aws:PrincipalTag\/([^}]+)\}/gi;
const REQUEST_TAG = /^aws:RequestTag\/(.+)$/i;

interface AbacUse {
  /** Tag key, lower-cased (tag keys are case-insensitive, sts-semantics.md §1.8). */
  tag: string;
  /** The tag key as written, for messages. */
  written: string;
  related: RelatedLocation;
}

/**
 * Where the role's own permissions decide by the caller's tags: an `aws:PrincipalTag/<k>` condition key, or a
 * `${aws:PrincipalTag/<k>}` policy variable in a condition value or a Resource. Deny statements count too: whoever
 * sets the tag can step around the Deny.
 */
function abacUses(role: Role): AbacUse[] {
  const out: AbacUse[] = [];
  for (const { doc, label } of permissionDocuments(role)) {
    for (const stmt of doc.statements) {
      const add = (written: string, at: RelatedLocation['source']) =>
        out.push({ tag: written.toLowerCase(), written, related: { source: at, message: `${label} decides access by aws:PrincipalTag/${written}` } });
      for (const c of stmt.conditions) {
        const m = PRINCIPAL_TAG.exec(c.key);
        if (m) add(m[1], stmt.locateKey?.(joinPointer('/Condition', c.operator, c.key)) ?? c.source);
        for (const v of c.values) if (!isUnknown(v.value)) for (const x of v.value.matchAll(PRINCIPAL_TAG_VAR)) add(x[1], v.source);
      }
      for (const r of stmt.resources ?? []) if (!isUnknown(r.value)) for (const x of r.value.matchAll(PRINCIPAL_TAG_VAR)) add(x[1], r.source);
    }
  }
  return out;
}

/** Known values of an entry; undefined when one is unresolved (it might be anything). */
function knownValues(c: ConditionEntry): string[] | undefined {
  return c.values.some((v) => isUnknown(v.value)) ? undefined : c.values.map((v) => v.value as string);
}

/**
 * Whether the trust statement stops its callers from choosing tag `tag` freely (sts-semantics.md §1.8: the keys
 * usable with sts:TagSession are aws:RequestTag/<k> and aws:TagKeys):
 * - a positive test on `aws:RequestTag/<tag>` with a value that is not only wildcards (IfExists is fine: without the
 *   tag nothing is chosen), or `Null aws:RequestTag/<tag> "true"` (the tag may not be passed);
 * - `ForAllValues:StringEquals|StringLike aws:TagKeys` whose values leave `tag` out, or `ForAllValues:StringNot…`
 *   that lists it. An unresolved value might be either, so it counts as a constraint.
 */
function constrains(c: ConditionEntry, tag: string): boolean {
  const op = operatorParts(c.operator);
  const values = knownValues(c);
  const rt = REQUEST_TAG.exec(c.key);
  if (rt && rt[1].toLowerCase() === tag) {
    if (op.base === 'Null') return values !== undefined && values.length > 0 && values.every((v) => v.toLowerCase() === 'true');
    if (op.negated || op.set === 'ForAllValues' || !/^String/i.test(op.base)) return false;
    return values === undefined || (values.length > 0 && values.every((v) => !isWildcardOnly(v)));
  }
  if (c.key.toLowerCase() === 'aws:tagkeys' && op.set === 'ForAllValues' && /^String/i.test(op.base)) {
    if (values === undefined) return true;
    const listed = values.some((v) => globMatch(v, tag));
    return op.negated ? listed : !listed;
  }
  return false;
}

/**
 * A Deny in the same trust document that refuses sessions carrying `tag`: its only condition is
 * `ForAnyValue:StringEquals|StringLike aws:TagKeys` listing it, or `Null aws:RequestTag/<tag> "false"`.
 */
function deniesTag(stmts: Statement[], allow: Statement, tag: string): boolean {
  return stmts.some((s) => {
    if (s.effect !== 'Deny' || s.conditions.length !== 1 || !statementCoversAction(s, 'sts:TagSession')) return false;
    if (!s.when.every((g) => allow.when.some((h) => h.condition === g.condition && h.value === g.value))) return false;
    const [c] = s.conditions;
    const op = operatorParts(c.operator);
    const values = knownValues(c) ?? [];
    if (c.key.toLowerCase() === 'aws:tagkeys') return op.set === 'ForAnyValue' && !op.negated && !op.ifExists && /^String/i.test(op.base) && values.some((v) => globMatch(v, tag));
    const rt = REQUEST_TAG.exec(c.key);
    return !!rt && rt[1].toLowerCase() === tag && op.base === 'Null' && values.length > 0 && values.every((v) => v.toLowerCase() === 'false');
  });
}

const messages = {
  callerPicksTags:
    '{{owner}} allows sts:TagSession with no aws:RequestTag or aws:TagKeys condition on {{tags}}, and its permissions are decided by {{tags}}: callers set that tag when they assume the role (a session tag overrides the role\'s own tag), so they pick their own access.',
};

export default defineRule({
  id: 'FL112',
  name: 'session-tags-unconstrained',
  severity: 'medium',
  tags: ['trust', 'session-tags', 'abac'],
  scope: 'model',
  since: '0.1.0',
  short: 'A trust allows sts:TagSession without tag conditions on a role whose permissions depend on aws:PrincipalTag.',
  full:
    'With attribute-based access control (ABAC) a role\'s permissions test the session\'s tags through `aws:PrincipalTag/<key>`. A caller that may call AssumeRole with `Tags` (the trust allows `sts:TagSession`) chooses those tags, and a session tag overrides a role tag of the same key. Unless the trust restricts the tags with `aws:RequestTag/<key>` or `aws:TagKeys`, every caller of the role can give itself the tag values that unlock the most access. Only AWS principals are considered: for SAML, OIDC and service principals the identity provider or the service sets the tags. Only the role\'s own policies are read for ABAC conditions; roles reachable from it by chaining, possibly in other templates, need the trust graph.',
  help: [
    'Restrict which tags callers may pass, and to what values, in the statement that allows `sts:TagSession`:',
    '',
    '```yaml',
    'Principal:',
    '  AWS: arn:aws:iam::111122223333:root',
    'Action: [sts:AssumeRole, sts:TagSession]',
    'Condition:',
    '  ForAllValues:StringEquals:',
    '    aws:TagKeys: [project]',
    '  StringEquals:',
    '    aws:RequestTag/project: ${aws:PrincipalTag/project}',
    '```',
    '',
    'or remove `sts:TagSession` if callers do not need to pass tags.',
  ].join('\n'),
  references: [
    { title: 'IAM User Guide: Passing session tags in AWS STS (permissions required to tag a session)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required' },
    { title: 'IAM tutorial: Use SAML session tags for ABAC', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_abac-saml.html' },
    { title: 'Global condition keys: aws:RequestTag and aws:TagKeys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requesttag' },
  ],
  semantics: ['sts-semantics.md#18-session-tags-and-transitive-tags', 'sts-semantics.md#26-condition-keys-relevant-to-trust-policies'],
  messages,
  check(ctx) {
    for (const { doc, stmt, role } of ctx.trustStatements()) {
      if (!role || stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'sts:TagSession')) continue;
      // Callers that pass Tags themselves (AssumeRole): AWS principals and "*" (sts-semantics.md §1.8).
      if (!(stmt.principals ?? []).some((p) => p.type === 'AWS' || p.type === '*')) continue;
      const uses = abacUses(role);
      if (uses.length === 0) continue;
      const open = uses.filter((u) => !stmt.conditions.some((c) => constrains(c, u.tag)) && !deniesTag(doc.statements, stmt, u.tag));
      if (open.length === 0) continue;
      const tags = [...new Map(open.map((u) => [u.tag, `aws:PrincipalTag/${u.written}`])).values()];
      const action = (stmt.actions ?? []).find((a) => !isUnknown(a.value) && globMatch(a.value, 'sts:TagSession'));
      ctx.report({
        messageId: 'callerPicksTags',
        data: { owner: ctx.ownerLabel(doc), tags: tags.join(', ') },
        at: action?.source ?? stmt.actionSource ?? stmt.source,
        related: [...new Map(open.map((u) => [`${u.related.source.file}:${u.related.source.pointer}:${u.related.message}`, u.related])).values()],
        when: stmt.when,
        key: [doc.owner.id, ...[...new Set(open.map((u) => u.tag))].sort()],
      });
    }
  },
});
