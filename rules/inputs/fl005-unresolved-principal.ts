import { isUnknown, SELF_ACCOUNT } from '../../src/model/index.js';
import { defineRule, globsOverlap, parsePrincipal, type ParsedPrincipal, type RuleSettings } from '../../src/rule-kit/index.js';
import type { Entity } from '../../src/model/index.js';
import { capitalize } from '../../src/rule-kit/statement-report.js';

type M = 'missingReference' | 'undefinedProvider' | 'decidedAtDeployment' | 'notEvaluated' | 'trustNotEvaluated';

type ProviderKind = 'saml-provider' | 'oidc-provider';

/** `arn:…:iam::<account>:saml-provider/<name>` → its parts; `?`/`*` in a pattern stay. */
const PROVIDER_ARN = /^arn:[^:]*:iam::(\$\{AWS::AccountId\}|[^:]*):(saml-provider|oidc-provider)\/(.+)$/;

/**
 * Whether a provider ARN of the trust names `candidate` (a scanned provider's ARN, partial with `?` where the
 * loader could not resolve it, or a configured ARN with wildcards). The template's own account is symbolic, so
 * it matches any account, and `${AWS::Region}` matches any region. SAML provider names compare
 * case-insensitively (IAM names are unique case-insensitively, sts-semantics.md §9.3), OIDC provider URLs
 * exactly (§9.4) unless a wildcard is involved.
 */
function names(kind: ProviderKind, p: ParsedPrincipal, candidate: string): boolean {
  const c = PROVIDER_ARN.exec(candidate);
  if (!c || c[2] !== kind || p.name === undefined) return false;
  const wild = (s: string) => s.replace(/\?/g, '*').replace(/\$\{AWS::\w+\}/g, '*');
  const [account, pattern, name] = [wild(c[1]), wild(c[3]), wild(p.name)];
  const sameAccount = p.account === SELF_ACCOUNT || c[1] === SELF_ACCOUNT || globsOverlap(account, p.account ?? '');
  if (!sameAccount) return false;
  if (pattern.includes('*') || name.includes('*')) return globsOverlap(pattern, name);
  return kind === 'oidc-provider' ? pattern === name : pattern.toLowerCase() === name.toLowerCase();
}

function providerArns(entities: Entity[], kind: ProviderKind): string[] {
  return entities.flatMap((e) => (e.kind === kind ? [isUnknown(e.arn) ? (e.arn.partial ?? `arn:aws:iam::?:${kind}/?`) : e.arn] : []));
}

function known(settings: RuleSettings, kind: ProviderKind, p: ParsedPrincipal): boolean {
  return settings.knownProviders.some((k) => names(kind, p, k));
}

export default defineRule<M>({
  id: 'FL005',
  name: 'unresolved-principal',
  severity: 'medium',
  tags: ['inputs', 'trust'],
  scope: 'model',
  since: '0.1.0',
  short: 'A trust policy principal that names something the scan cannot find.',
  full:
    'A trust principal fedlint cannot resolve is a trust nobody has checked: the other trust rules cannot tell who it lets in, and unresolved is never treated as safe. This rule reports three cases: a principal built from a reference to a resource or parameter that is not in the scanned files (`!GetAtt MissingRole.Arn`, `!Ref` of a missing provider); a principal decided only at deployment (a parameter without default, an `Fn::ImportValue`), which no review of the template can check; and a `Federated` SAML or OIDC provider ARN that no scanned template defines and `knownProviders` in the config does not list, so the trust may point at a provider that does not exist or at one nobody reviewed. Built-in web identity providers (`cognito-identity.amazonaws.com`, `accounts.google.com` …) are not ARNs and are never reported. A parameter with a default is judged by its default.',
  help: [
    'Scan the template that defines the referenced resource or provider together with this one, fix the reference, or, for a provider that lives outside the scanned code (created by another stack or by hand), list its ARN in `.fedlint.yml`:',
    '',
    '```yaml',
    'knownProviders:',
    '  - arn:aws:iam::111122223333:saml-provider/Okta',
    '  - arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    '```',
    '',
    'In the template, reference a provider the template creates rather than spelling its ARN:',
    '',
    '```yaml',
    'Principal:',
    '  Federated: !Ref GitHubOidcProvider',
    '```',
  ].join('\n'),
  references: [
    { title: 'IAM JSON policy elements: Principal (federated users)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
    { title: 'Creating a role for SAML 2.0 federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html' },
    { title: 'Creating a role for OIDC federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html' },
  ],
  semantics: ['sts-semantics.md#24-principal-element-forms', 'sts-semantics.md#112-arn--id-formats-graph-node-keys', 'sts-semantics.md#81-cloudformation-resource-properties'],
  messages: {
    missingReference: '{{owner}} trusts a principal the scan cannot resolve: {{reason}}. Whoever it names is unchecked, and the deployment fails if the target does not exist.',
    decidedAtDeployment:
      '{{owner}} trusts a principal that is decided only at deployment ({{reason}}): no review of this code can tell who it lets in. Give it a default value, or pin the caller with a condition such as `aws:PrincipalOrgID`.',
    notEvaluated: '{{owner}} trusts a principal fedlint cannot evaluate ({{reason}}): who it lets in is unchecked, so the other trust rules cannot vouch for it.',
    trustNotEvaluated: '{{owner}} has a trust policy fedlint cannot evaluate ({{reason}}): none of its principals or conditions are checked.',
    undefinedProvider:
      '{{owner}} trusts {{kindLabel}} `{{arn}}`, which no scanned file defines and `knownProviders` does not list: the trust may name a provider that does not exist, or one nobody reviewed.',
  },
  check(ctx) {
    const saml = providerArns(ctx.model.entities, 'saml-provider');
    const oidc = providerArns(ctx.model.entities, 'oidc-provider');
    for (const doc of ctx.documents('trust')) {
      // A trust policy that is unknown as a whole (Fn::ImportValue, a dynamic block …) has no statements to check.
      if (isUnknown(doc.raw)) {
        const owner = doc.owner.type === 'file' ? doc.owner.id : capitalize(ctx.ownerLabel(doc));
        ctx.report({ messageId: 'trustNotEvaluated', data: { owner, reason: doc.raw.reason }, at: doc.source, key: [doc.owner.id] });
      }
    }
    // An account export (get-account-authorization-details) has no identity providers in it: the providers of the
    // exported account are there, only not listed.
    const exports = new Set(ctx.model.files.filter((f) => f.kind === 'aws-authorization-details').map((f) => f.path));
    for (const { doc, stmt } of ctx.trustStatements()) {
      const owner = doc.owner.type === 'file' ? doc.owner.id : capitalize(ctx.ownerLabel(doc));
      for (const p of [...(stmt.principals ?? []), ...(stmt.notPrincipals ?? [])]) {
        if (isUnknown(p.value)) {
          // rules.md "Unresolved is not safe": a reference to something absent, a value chosen at deployment,
          // or an expression fedlint does not evaluate.
          const cause = p.value.cause;
          const messageId = cause === 'missing-reference' ? 'missingReference' : cause === 'parameter' || cause === 'import' ? 'decidedAtDeployment' : 'notEvaluated';
          ctx.report({ messageId, data: { owner, reason: p.value.reason }, at: p.source, when: stmt.when, key: [doc.owner.id, p.value.reason] });
          continue;
        }
        const parsed = parsePrincipal(p);
        if (parsed.kind !== 'saml-provider' && parsed.kind !== 'oidc-provider') continue;
        const kind = parsed.kind;
        // A provider ARN still holding a CloudFormation placeholder in its name is not judged.
        if (/\$\{(?!AWS::)/.test(parsed.name ?? '')) continue;
        if (exports.has(doc.file) && parsed.account === doc.account) continue;
        const scanned = kind === 'saml-provider' ? saml : oidc;
        if (scanned.some((a) => names(kind, parsed, a)) || known(ctx.settings, kind, parsed)) continue;
        ctx.report({
          messageId: 'undefinedProvider',
          data: { owner, kindLabel: kind === 'saml-provider' ? 'SAML provider' : 'OIDC provider', arn: parsed.text },
          at: p.source,
          when: stmt.when,
          key: [doc.owner.id, parsed.text],
        });
      }
    }
  },
});
