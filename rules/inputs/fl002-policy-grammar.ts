import { type Guard, isUnknown, joinPointer, type PolicyDocument, type SourceRef, type Statement } from '../../src/model/index.js';
import { defineRule, type RuleContext } from '../../src/rule-kit/index.js';
import { nearest } from '../../src/rule-kit/iam-catalog.js';
import { policyLabel, statementLabel } from '../../src/rule-kit/statement-report.js';

type M =
  | 'versionMissing'
  | 'versionUnknown'
  | 'versionLegacyVariables'
  | 'unknownKey'
  | 'statementMissing'
  | 'wrongType'
  | 'emptyValue'
  | 'duplicateKey'
  | 'duplicateSid'
  | 'effectMissing'
  | 'effectInvalid'
  | 'actionMissing'
  | 'actionAndNotAction'
  | 'resourceMissing'
  | 'resourceAndNotResource'
  | 'resourceInTrust'
  | 'principalMissing'
  | 'principalInIdentity'
  | 'notPrincipalInTrust'
  | 'unknownPrincipalType'
  | 'trustActionNotSts';

// sts-semantics.md §9.1: the grammar's elements; §2.1: what a trust policy may hold.
const TOP_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const VERSIONS = ['2012-10-17', '2008-10-17'];
/** A policy variable (`${aws:username}`, `${saml:sub}`), not CloudFormation's `${AWS::AccountId}`. */
const POLICY_VARIABLE = /\$\{[A-Za-z0-9._/-]+:[^:}][^}]*\}/;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
const isText = (v: unknown) => typeof v === 'string' || isUnknown(v);
const isScalar = (v: unknown) => isText(v) || typeof v === 'number' || typeof v === 'boolean';

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `\`${v}\``;
  return `the string "${String(v)}"`;
}

const hint = (word: string, candidates: string[]) => {
  const n = nearest(word, candidates) ?? candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  return n ? ` (did you mean \`${n}\`?)` : '';
};

function firstVariable(v: unknown): string | undefined {
  if (typeof v === 'string') return POLICY_VARIABLE.exec(v)?.[0];
  if (Array.isArray(v)) for (const x of v) { const f = firstVariable(x); if (f) return f; }
  if (isMap(v)) for (const [k, x] of Object.entries(v)) { const f = firstVariable(k) ?? firstVariable(x); if (f) return f; }
  return undefined;
}

const compatible = (a: Guard[], b: Guard[]) => a.every((g) => b.every((h) => h.condition !== g.condition || h.value === g.value));

type Add = (at: SourceRef, messageId: M, data: Record<string, string>, key: string) => void;

function checkDocument(ctx: RuleContext<M>, doc: PolicyDocument): void {
  const raw = doc.raw;
  // An unresolved document (Fn::ImportValue) or one absent in this Fn::If branch has nothing to check.
  if (raw === null || raw === undefined || isUnknown(raw)) return;
  const policy = policyLabel(ctx, doc, true);
  const locateKey = (p: string) => (doc.locateKey ?? doc.locate)(p);
  const when = doc.statements.reduce<Guard[] | undefined>((acc, s) => (acc ? acc.filter((g) => s.when.some((h) => h.condition === g.condition && h.value === g.value)) : [...s.when]), undefined) ?? [];
  const add: Add = (at, messageId, data, key) => ctx.report({ messageId, data: { policy, ...data }, at, when, key: [doc.owner.id, key] });
  if (!isMap(raw)) return add(doc.source, 'wrongType', { element: 'the policy document', actual: typeName(raw), expected: 'a map with `Version` and `Statement`' }, 'document');

  for (const k of Object.keys(raw)) if (!TOP_KEYS.includes(k)) add(locateKey(joinPointer('', k)), 'unknownKey', { key: k, where: 'at the top level', hint: hint(k, TOP_KEYS) }, k);

  // sts-semantics.md §9.1: without Version (or with 2008-10-17) policy variables are not substituted.
  const variable = firstVariable(raw.Statement);
  if (!('Version' in raw)) {
    const detail = variable ? `, so \`${variable}\` in this policy never matches what it names` : '';
    add('Statement' in raw ? locateKey('/Statement') : doc.source, 'versionMissing', { detail }, 'Version');
  } else if (!isUnknown(raw.Version)) {
    if (typeof raw.Version !== 'string') add(doc.locate('/Version'), 'wrongType', { element: '`Version`', actual: typeName(raw.Version), expected: 'the string "2012-10-17"' }, 'Version');
    else if (!VERSIONS.includes(raw.Version)) add(doc.locate('/Version'), 'versionUnknown', { value: raw.Version }, 'Version');
    else if (raw.Version === '2008-10-17' && variable) add(doc.locate('/Version'), 'versionLegacyVariables', { variable }, 'Version');
  }
  if ('Id' in raw && !isText(raw.Id)) add(doc.locate('/Id'), 'wrongType', { element: '`Id`', actual: typeName(raw.Id), expected: 'a string' }, 'Id');

  const st = raw.Statement;
  if (!('Statement' in raw)) add(doc.source, 'statementMissing', {}, 'Statement');
  else if (Array.isArray(st) && st.length === 0) add(doc.locate('/Statement'), 'emptyValue', { element: '`Statement`' }, 'Statement');
  else if (!Array.isArray(st) && !isMap(st) && !isUnknown(st))
    add(doc.locate('/Statement'), 'wrongType', { element: '`Statement`', actual: typeName(st), expected: 'a statement map or a list of them' }, 'Statement');

  // sts-semantics.md §5.3: with a key written twice, JSON keeps the later value (a `sub` pin silently dropped).
  for (const d of doc.duplicateKeys ?? []) {
    const segs = d.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const name = segs.pop() ?? '';
    add(d.source, 'duplicateKey', { key: name, parent: segs.length ? `\`${segs.join('/')}\`` : 'the top level' }, d.pointer);
  }

  // sts-semantics.md §9.1: Sids must be unique within a policy. Fn::If variants of one statement are not duplicates.
  const stmts = doc.statements;
  for (let j = 0; j < stmts.length; j++) {
    const b = stmts[j];
    if (!b.sid) continue;
    const a = stmts.slice(0, j).find((s) => s.sid === b.sid && s.source.pointer !== b.source.pointer && compatible(s.when, b.when));
    if (!a) continue;
    const guards = [...a.when, ...b.when.filter((g) => !a.when.some((h) => h.condition === g.condition))];
    ctx.report({
      messageId: 'duplicateSid',
      data: { policy, sid: b.sid, first: `#${a.index + 1}`, second: `#${b.index + 1}` },
      at: b.locate('/Sid'),
      when: guards,
      key: [doc.owner.id, b.sid],
    });
  }
}

function checkStatement(add: Add, doc: PolicyDocument, stmt: Statement): void {
  const raw = stmt.raw;
  const label = statementLabel(stmt);
  const key = (p: string) => (stmt.locateKey ?? stmt.locate)(p);
  if (isUnknown(raw)) return;
  if (!isMap(raw)) return add(stmt.source, 'wrongType', { element: label, actual: typeName(raw), expected: 'a map of policy elements' }, 'statement');
  const el = (k: string) => `\`${k}\` of ${label}`;

  const list = (k: string) => {
    const v = raw[k];
    if (isText(v)) return;
    if (!Array.isArray(v)) return add(stmt.locate(`/${k}`), 'wrongType', { element: el(k), actual: typeName(v), expected: 'a string or a list of strings' }, k);
    if (v.length === 0) return add(stmt.locate(`/${k}`), 'emptyValue', { element: el(k) }, k);
    v.forEach((x, i) => {
      if (!isText(x)) add(stmt.locate(`/${k}/${i}`), 'wrongType', { element: `entry ${i + 1} of ${el(k)}`, actual: typeName(x), expected: 'a string' }, `${k}/${i}`);
    });
  };

  for (const k of Object.keys(raw)) if (!STATEMENT_KEYS.includes(k)) add(key(joinPointer('', k)), 'unknownKey', { key: k, where: `in ${label}`, hint: hint(k, STATEMENT_KEYS) }, k);
  if ('Sid' in raw && !isText(raw.Sid)) add(stmt.locate('/Sid'), 'wrongType', { element: el('Sid'), actual: typeName(raw.Sid), expected: 'a string' }, 'Sid');

  // Effect is required and is exactly Allow or Deny (§9.1; case: §9.4 [U], assumed sensitive).
  if (!('Effect' in raw)) add(stmt.source, 'effectMissing', { statement: label }, 'Effect');
  else if (!isUnknown(raw.Effect) && raw.Effect !== 'Allow' && raw.Effect !== 'Deny') add(stmt.locate('/Effect'), 'effectInvalid', { statement: label, value: typeof raw.Effect === 'string' ? `"${raw.Effect}"` : typeName(raw.Effect) }, 'Effect');

  // Exactly one of Action / NotAction (§9.1).
  if ('Action' in raw && 'NotAction' in raw) add(key('/NotAction'), 'actionAndNotAction', { statement: label }, 'NotAction');
  else if (!('Action' in raw) && !('NotAction' in raw)) add(stmt.source, 'actionMissing', { statement: label }, 'Action');
  for (const k of ['Action', 'NotAction']) if (k in raw) list(k);

  if (doc.kind === 'trust') {
    // §2.1: a trust policy has no Resource/NotResource (the role is the resource).
    for (const k of ['Resource', 'NotResource']) if (k in raw) add(key(`/${k}`), 'resourceInTrust', { statement: label, element: k }, k);
    // §2.1: Principal is required; NotPrincipal is refused in a trust policy (an Allow with it is FL104's finding).
    if (!('Principal' in raw) && !('NotPrincipal' in raw)) add(stmt.source, 'principalMissing', { statement: label }, 'Principal');
    if ('NotPrincipal' in raw && stmt.effect !== 'Allow') add(key('/NotPrincipal'), 'notPrincipalInTrust', { statement: label }, 'NotPrincipal');
    for (const k of ['Principal', 'NotPrincipal']) if (k in raw) principal(add, stmt, raw[k], k, label);
    // §2.1 [V-obs]: "AssumeRole policy may only specify STS AssumeRole actions."
    for (const a of stmt.actions ?? []) {
      const m = isUnknown(a.value) ? null : /^([^:*?]+):/.exec(a.value);
      if (m && m[1].toLowerCase() !== 'sts') add(a.source, 'trustActionNotSts', { statement: label, action: a.value as string }, `action:${String(a.value)}`);
    }
  } else {
    // §9.1: identity policies take exactly one of Resource / NotResource, and no principal.
    if ('Resource' in raw && 'NotResource' in raw) add(key('/NotResource'), 'resourceAndNotResource', { statement: label }, 'NotResource');
    else if (!('Resource' in raw) && !('NotResource' in raw)) add(stmt.source, 'resourceMissing', { statement: label }, 'Resource');
    for (const k of ['Resource', 'NotResource']) if (k in raw) list(k);
    for (const k of ['Principal', 'NotPrincipal']) if (k in raw) add(key(`/${k}`), 'principalInIdentity', { statement: label, element: k }, k);
  }

  if ('Condition' in raw) condition(add, stmt, raw.Condition, label);
}

function principal(add: Add, stmt: Statement, v: unknown, k: string, label: string): void {
  const at = stmt.locate(`/${k}`);
  if (isUnknown(v) || v === '*') return;
  if (!isMap(v)) return add(at, 'wrongType', { element: `\`${k}\` of ${label}`, actual: typeName(v), expected: '"*" or a map such as `AWS: <account or ARN>`' }, k);
  if (Object.keys(v).length === 0) return add(at, 'emptyValue', { element: `\`${k}\` of ${label}` }, k);
  for (const [type, ids] of Object.entries(v)) {
    const p = joinPointer('', k, type);
    if (!PRINCIPAL_TYPES.includes(type)) add((stmt.locateKey ?? stmt.locate)(p), 'unknownPrincipalType', { type, hint: hint(type, PRINCIPAL_TYPES) }, p);
    const el = `\`${k}\` \`${type}\` of ${label}`;
    if (isText(ids)) continue;
    if (!Array.isArray(ids)) add(stmt.locate(p), 'wrongType', { element: el, actual: typeName(ids), expected: 'a string or a list of strings' }, p);
    else if (ids.length === 0) add(stmt.locate(p), 'emptyValue', { element: el }, p);
    else ids.forEach((x, i) => !isText(x) && add(stmt.locate(`${p}/${i}`), 'wrongType', { element: `entry ${i + 1} of ${el}`, actual: typeName(x), expected: 'a string' }, `${p}/${i}`));
  }
}

function condition(add: Add, stmt: Statement, v: unknown, label: string): void {
  if (isUnknown(v)) return;
  if (!isMap(v)) return add(stmt.locate('/Condition'), 'wrongType', { element: `\`Condition\` of ${label}`, actual: typeName(v), expected: 'a map of operators' }, 'Condition');
  for (const [op, block] of Object.entries(v)) {
    const p = joinPointer('', 'Condition', op);
    if (isUnknown(block)) continue;
    if (!isMap(block)) {
      add(stmt.locate(p), 'wrongType', { element: `\`${op}\` in ${label}`, actual: typeName(block), expected: 'a map of condition keys to values' }, p);
      continue;
    }
    for (const [key, values] of Object.entries(block)) {
      const kp = joinPointer(p, key);
      const el = `the value list of \`${key}\` under \`${op}\` in ${label}`;
      if (isScalar(values)) continue;
      if (!Array.isArray(values)) add(stmt.locate(kp), 'wrongType', { element: el, actual: typeName(values), expected: 'a string, number, boolean or a list of them' }, kp);
      else if (values.length === 0) add(stmt.locate(kp), 'emptyValue', { element: el }, kp);
      else values.forEach((x, i) => !isScalar(x) && add(stmt.locate(`${kp}/${i}`), 'wrongType', { element: `entry ${i + 1} of ${el}`, actual: typeName(x), expected: 'a string, number or boolean' }, `${kp}/${i}`));
    }
  }
}

export default defineRule<M>({
  id: 'FL002',
  name: 'policy-grammar',
  severity: 'high',
  tags: ['inputs', 'grammar'],
  scope: 'document',
  since: '0.1.0',
  short: 'A policy document that AWS would reject or read differently from what it says.',
  full:
    'IAM checks a policy\'s grammar only at deployment, and some mistakes are not rejected but misread: a missing `Version` turns policy variables into literal text, and a JSON key written twice silently drops the first value (a `sub` pin can vanish this way). This rule checks every trust and identity policy against the IAM grammar: `Version`, the known top-level and statement elements, `Effect`, exactly one of `Action`/`NotAction` (and of `Resource`/`NotResource` in identity policies), no `Resource` and a required `Principal` in trust policies, no principal in identity policies, unique `Sid`s, non-empty lists and the right value types. Values fedlint could not resolve are not type errors; `NotPrincipal` with `Allow` in a trust policy is reported by FL104.',
  help: [
    'Write the policy in the 2012-10-17 grammar with only the documented elements. A trust statement names a `Principal` and STS actions and has no `Resource`; an identity statement has a `Resource` and no `Principal`. Give each statement a unique `Sid` (or none), and never repeat a key inside one JSON object:',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Sid: GitHubDeploy',
    '      Effect: Allow',
    '      Principal:',
    '        Federated: !Ref GitHubOidcProvider',
    '      Action: sts:AssumeRoleWithWebIdentity',
    '      Condition:',
    '        StringEquals:',
    '          token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '          token.actions.githubusercontent.com:sub: repo:my-org/my-repo:ref:refs/heads/main',
    '```',
  ].join('\n'),
  references: [
    { title: 'IAM JSON policy grammar', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html' },
    { title: 'IAM JSON policy elements: Version', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html' },
    { title: 'IAM JSON policy elements: Sid', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html' },
    { title: 'IAM JSON policy elements: Principal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
    { title: 'IAM JSON policy elements: NotPrincipal', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html' },
  ],
  semantics: [
    'sts-semantics.md#91-document-structure',
    'sts-semantics.md#21-trust-policy-grammar-what-iam-accepts-for-assumerolepolicydocument',
    'sts-semantics.md#53-github-actions',
  ],
  messages: {
    versionMissing: '{{policy}} has no `Version`: IAM reads it with the 2008-10-17 grammar, where policy variables such as `${aws:username}` are literal text{{detail}}.',
    versionUnknown: '{{policy}} has `Version` "{{value}}", which IAM rejects: the only versions are 2012-10-17 and the legacy 2008-10-17.',
    versionLegacyVariables: '{{policy}} uses the legacy `Version` 2008-10-17, so the policy variable `{{variable}}` is literal text and never matches what it names.',
    unknownKey: '{{policy}} has `{{key}}` {{where}}, which is not an IAM policy element{{hint}}: IAM rejects the policy.',
    statementMissing: '{{policy}} has no `Statement`: IAM rejects a policy without statements.',
    wrongType: '{{policy}}: {{element}} is {{actual}} where IAM expects {{expected}}.',
    emptyValue: '{{policy}}: {{element}} is empty: it names nothing, and IAM rejects it or matches nothing with it.',
    duplicateKey: '{{policy}} writes `{{key}}` twice in {{parent}}: JSON keeps only the later value, so the earlier one is silently dropped.',
    duplicateSid: '{{policy}} uses `Sid` "{{sid}}" for statements {{first}} and {{second}}: IAM requires unique statement IDs and rejects the policy.',
    effectMissing: '{{policy}}: {{statement}} has no `Effect`; IAM rejects a statement that neither allows nor denies.',
    effectInvalid: '{{policy}}: {{statement}} has `Effect` {{value}}; IAM accepts only `Allow` or `Deny`, spelt exactly so.',
    actionMissing: '{{policy}}: {{statement}} has neither `Action` nor `NotAction`; IAM rejects it.',
    actionAndNotAction: '{{policy}}: {{statement}} has both `Action` and `NotAction`; IAM rejects a statement with both.',
    resourceMissing: '{{policy}}: {{statement}} has neither `Resource` nor `NotResource`; IAM rejects an identity-policy statement without one.',
    resourceAndNotResource: '{{policy}}: {{statement}} has both `Resource` and `NotResource`; IAM rejects a statement with both.',
    resourceInTrust: '{{policy}}: {{statement}} has `{{element}}`, but a role trust policy has no resource (the role itself is the resource); IAM rejects it ("Has prohibited field Resource").',
    principalMissing: '{{policy}}: {{statement}} names no `Principal`; IAM rejects a trust statement that does not say who may assume the role.',
    principalInIdentity: '{{policy}}: {{statement}} has `{{element}}`, but an identity policy applies to whoever holds it and IAM rejects a principal element there.',
    notPrincipalInTrust: '{{policy}}: {{statement}} uses `NotPrincipal`, which IAM does not accept in a role trust policy.',
    unknownPrincipalType: '{{policy}} names principal type `{{type}}`{{hint}}; IAM knows only `AWS`, `Service`, `Federated` and `CanonicalUser` and rejects the policy.',
    trustActionNotSts: '{{policy}}: {{statement}} lists `{{action}}`, which is not an STS action; IAM rejects a trust policy with other actions ("AssumeRole policy may only specify STS AssumeRole actions").',
  },
  check(ctx) {
    for (const doc of ctx.documents()) checkDocument(ctx, doc);
    for (const doc of ctx.documents()) {
      if (isUnknown(doc.raw) || doc.raw === null) continue;
      const policy = policyLabel(ctx, doc, true);
      for (const stmt of doc.statements) {
        checkStatement((at, messageId, data, key) => ctx.report({ when: stmt.when, messageId, data: { policy, ...data }, at, key: [doc.owner.id, `${stmt.sid ?? stmt.index}`, key] }), doc, stmt);
      }
    }
  },
});
