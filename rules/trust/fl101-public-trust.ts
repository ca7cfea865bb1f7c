import { callerPins, defineRule, parsePrincipal } from '../../src/rule-kit/index.js';

export default defineRule({
  id: 'FL101',
  name: 'public-trust',
  severity: 'critical',
  tags: ['trust'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust policy lets any AWS principal in any account assume the role.',
  full:
    'A trust statement that allows `"*"`, `{"AWS": "*"}` or a wildcard account lets every principal of every AWS account call AssumeRole on this role; only the caller\'s own identity policy stands in the way, and an attacker controls that. Conditions that pin the caller (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount`, `aws:SourceArn`) make it safe; `sts:ExternalId` alone does not, because the attacker can send any external ID.',
  help: [
    'Name the principals that may assume the role, or keep `"*"` and pin the caller with a condition:',
    '',
    '```yaml',
    'Principal:',
    '  AWS: "*"',
    'Action: sts:AssumeRole',
    'Condition:',
    '  StringEquals:',
    '    aws:PrincipalOrgID: o-a1b2c3d4e5',
    '```',
  ].join('\n'),
  references: [
    { title: 'AWS JSON policy elements: Principal (all principals)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator', 'sts-semantics.md#24-principal-element-forms'],
  messages: {
    publicTrust: '{{owner}} can be assumed by any principal of any AWS account: the trust allows {{principal}} with no condition that pins the caller\'s organisation, account or ARN.',
  },
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (stmt.effect !== 'Allow' || callerPins(stmt).length > 0) continue;
      for (const p of stmt.principals ?? []) {
        const parsed = parsePrincipal(p);
        // sts-semantics.md §2.4 / R10: "*" and {"AWS": "*"} are everyone; a `*` account in an ARN is any account.
        if (parsed.kind === 'public' || parsed.account === '*') {
          const principal = p.type === '*' ? '"*"' : `${p.type}: ${parsed.text}`;
          ctx.report({ messageId: 'publicTrust', data: { owner: ctx.ownerLabel(doc), principal }, at: p.source, when: stmt.when, key: [doc.owner.id, parsed.text] });
        }
      }
    }
  },
});
