import type { Guard, SourceRef } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { commonGuards, externalGrants, foreignOrganizationPins } from '../../src/rule-kit/trust-accounts.js';

interface Occurrence {
  text: string;
  at: SourceRef;
  when: Guard[];
}

export default defineRule({
  id: 'FL102',
  name: 'external-account-trust',
  severity: 'medium',
  tags: ['trust', 'cross-account'],
  scope: 'document',
  since: '0.1.0',
  short: 'A trust policy lets principals of an account outside this template and the configured accounts assume the role.',
  full:
    'A trust statement that names an account (its ID or `:root`) or a user, role or session in it delegates the role to that account: whoever that account\'s own administrators allow to call `sts:AssumeRole` can use it, and nothing in this repository controls who that is. Trust to the template\'s own account, to accounts listed under `accounts:` in the configuration, and statements pinned with `aws:PrincipalOrgID` to the configured `organization:` are internal and not reported. The finding is an inventory of every cross-account door, one per account and role, so that each one is reviewed and either listed as known or removed.',
  help: [
    'If the account is one of yours, list it in `.fedlint.yml` (`accounts:`) or pin the statement to your organisation.',
    'If it is a third party, keep the trust as narrow as possible (one role ARN, an `sts:ExternalId`) and record the review with a suppression reason.',
    '',
    '```yaml',
    'AssumeRolePolicyDocument:',
    '  Version: "2012-10-17"',
    '  Statement:',
    '    - Effect: Allow',
    '      Principal:',
    '        AWS: arn:aws:iam::111122223333:role/AuditReader',
    '      Action: sts:AssumeRole',
    '      Condition:',
    '        StringEquals:',
    '          aws:PrincipalOrgID: o-a1b2c3d4e5',
    '```',
  ].join('\n'),
  references: [
    { title: 'Cross-account policy evaluation logic', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html' },
    { title: 'AWS JSON policy elements: Principal (AWS account principals)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
    { title: 'AWS global condition context keys: aws:PrincipalOrgID', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid' },
  ],
  semantics: [
    'sts-semantics.md#0-quick-rules-for-the-simulator',
    'sts-semantics.md#23-decision-procedure-for-assumerole-same-vs-cross-account',
    'sts-semantics.md#24-principal-element-forms',
    'sts-semantics.md#26-condition-keys-relevant-to-trust-policies',
  ],
  messages: {
    externalAccount:
      '{{owner}} trusts external account {{account}} ({{principal}}): whoever that account lets call sts:AssumeRole can assume the role, and the account is neither the one the role is deployed to nor known in the configuration.',
    externalOrganization:
      '{{owner}} lets in the principals of organisation {{org}} (aws:PrincipalOrgID), which is not the configured organisation {{own}}: every account of that organisation is external to you.',
  },
  check(ctx) {
    for (const doc of ctx.documents('trust')) {
      for (const stmt of doc.statements)
        for (const pin of foreignOrganizationPins(stmt, ctx.settings))
          ctx.report({ messageId: 'externalOrganization', data: { owner: ctx.ownerLabel(doc), org: pin.org, own: String(ctx.settings.organization) }, at: pin.at, when: stmt.when, key: [doc.owner.id, pin.org] });
      // One finding per external account and role: group every grant of the document by account.
      const byAccount = new Map<string, Occurrence[]>();
      for (const stmt of doc.statements) {
        for (const g of externalGrants(stmt, doc, ctx.settings, ctx.isExternalAccount)) {
          const list = byAccount.get(g.account) ?? [];
          list.push({ text: g.text, at: g.at, when: stmt.when });
          byAccount.set(g.account, list);
        }
      }
      for (const [account, occ] of byAccount) {
        // Report where the account is trusted under the fewest Fn::If branches (first such place in the document).
        const first = occ.reduce((a, b) => (b.when.length < a.when.length ? b : a));
        const texts = [...new Set(occ.map((o) => o.text))];
        const principal = texts.length > 3 ? `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more` : texts.join(', ');
        const seen = new Set([`${first.at.range.line}:${first.at.range.column}`]);
        const related = occ.flatMap((o) => {
          const k = `${o.at.range.line}:${o.at.range.column}`;
          if (seen.has(k)) return [];
          seen.add(k);
          return [{ source: o.at, message: `also trusts ${o.text}` }];
        });
        ctx.report({
          messageId: 'externalAccount',
          data: { owner: ctx.ownerLabel(doc), account: ctx.accountLabel(account), principal },
          at: first.at,
          related,
          // The account is trusted when any occurrence's branches hold: report the guards they all share.
          when: commonGuards(occ.map((o) => o.when)),
          key: [doc.owner.id, account],
        });
      }
    }
  },
});
