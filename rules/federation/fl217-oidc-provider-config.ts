import { normalizeOidcIssuer, oidcProviderForIssuer, parseOidcConditionKey } from '../../src/data/oidc-providers.js';
import { type ConditionValue, isUnknown, type OidcProvider } from '../../src/model/index.js';
import { defineRule, globMatch, operatorParts, type RuleContext, type TrustStatement } from '../../src/rule-kit/index.js';

/** Issuers whose tokens carry exactly `https://<host>` as `iss` (sts-semantics.md §5.3, §5.5): a path never matches. */
const HOST_ONLY = new Set(['github-actions', 'gitlab', 'terraform-cloud', 'buildkite']);

/** What is wrong with an issuer URL (sts-semantics.md §5.1: https only, no port, no query, case-sensitive, equal to `iss`). */
function urlProblems(url: string): string[] {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  if (!m) return ['has no https:// scheme'];
  const out: string[] = [];
  if (m[1] !== 'https') out.push(`uses the scheme ${m[1]}:// instead of https://`);
  const rest = m[2];
  const cut = rest.search(/[/?#]/);
  const host = cut < 0 ? rest : rest.slice(0, cut);
  const path = cut < 0 ? '' : rest.slice(cut).replace(/[?#].*$/, '');
  if (/:\d*$/.test(host)) out.push('has a port');
  if (/[?#]/.test(rest)) out.push('has a query or fragment');
  if (host !== host.toLowerCase()) out.push('has upper-case letters in the host');
  if (/\/\.well-known\//i.test(path)) out.push('points at the discovery document instead of the issuer');
  else if (path.endsWith('/')) out.push('ends with a slash');
  else if (path && !oidcProviderForIssuer(host + path) && HOST_ONLY.has(oidcProviderForIssuer(host)?.id ?? '')) out.push(`has the path ${path} that no ${oidcProviderForIssuer(host)!.displayName} token \`iss\` carries`);
  return out;
}

/** A trust condition value matches a client ID: exact (case-insensitive with IgnoreCase), or as a pattern under Like. */
function matches(operator: string, value: string, clientId: string): boolean {
  const base = operatorParts(operator).base;
  if (/Like$/i.test(base)) return globMatch(value, clientId, true);
  return /IgnoreCase$/i.test(base) ? value.toLowerCase() === clientId.toLowerCase() : value === clientId;
}

interface AudPin {
  t: TrustStatement;
  operator: string;
  key: string;
  values: ConditionValue[];
}

type Messages = 'noClientIds' | 'badUrl' | 'audienceNotRegistered' | 'clientIdUnused';

export default defineRule<Messages>({
  id: 'FL217',
  name: 'oidc-provider-config',
  severity: 'medium',
  tags: ['federation', 'oidc'],
  scope: 'model',
  since: '0.1.0',
  short: 'An IAM OIDC provider has no client ID list, client IDs that do not match its roles, or an issuer URL AWS will not match.',
  full:
    'STS accepts a web identity token only when its `iss` equals the provider URL and its `aud` is one of the provider\'s client IDs. A provider with no `ClientIdList` accepts no audience, so its roles cannot be assumed and the intended audience is not recorded anywhere. A client ID that no trust policy pins is an audience the provider accepts for no reason: any role that trusts the provider without its own `aud` condition accepts tokens minted for that other application. A trust that pins an audience the provider does not list never matches. An issuer URL with a scheme other than https://, a port, a query, a trailing slash, a discovery-document path or upper-case host never equals a token `iss`.',
  help: [
    'Use the exact issuer URL and list the audiences your roles pin:',
    '',
    '```yaml',
    'GitHubProvider:',
    '  Type: AWS::IAM::OIDCProvider',
    '  Properties:',
    '    Url: https://token.actions.githubusercontent.com',
    '    ClientIdList:',
    '      - sts.amazonaws.com',
    '```',
  ].join('\n'),
  references: [
    { title: 'Create an OpenID Connect (OIDC) identity provider in IAM', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html' },
    { title: 'IAM API: CreateOpenIDConnectProvider', url: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html' },
    { title: 'AWS::IAM::OIDCProvider', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-oidcprovider.html' },
  ],
  semantics: ['sts-semantics.md#51-iam-oidc-provider-resource', 'sts-semantics.md#52-condition-keys', 'sts-semantics.md#94-case-sensitivity'],
  messages: {
    noClientIds:
      'OIDC provider {{provider}} has no client ID (audience) list: STS rejects a token whose `aud` the provider does not list, so no role trusting it can be assumed and nothing records which audience its tokens must carry.',
    badUrl: 'OIDC provider {{provider}} has the URL `{{url}}`, which {{problems}}: IAM refuses it or no token `iss` equals it, so roles that trust the provider cannot be assumed.',
    audienceNotRegistered:
      '{{owner}} requires `{{key}}` `{{value}}`, which matches no client ID of OIDC provider {{provider}} ({{clientIds}}): STS rejects tokens for audiences the provider does not list, so this value never matches.',
    clientIdUnused:
      'Client ID `{{clientId}}` of OIDC provider {{provider}} matches no audience that the roles trusting it pin ({{audiences}}): tokens minted for it pass the provider, and any role that trusts the provider without its own `aud` condition accepts them.',
  },
  check(ctx) {
    for (const provider of ctx.entities('oidc-provider')) {
      const name = provider.id;
      const ids = provider.clientIds ?? [];
      if (ids.length === 0) ctx.report({ messageId: 'noClientIds', data: { provider: name }, at: provider.clientIdSource ?? provider.idSource, when: provider.when, key: [name] });
      const url = provider.url?.value;
      if (provider.url && typeof url === 'string') {
        const problems = urlProblems(url);
        if (problems.length) ctx.report({ messageId: 'badUrl', data: { provider: name, url, problems: problems.length > 1 ? `${problems.slice(0, -1).join(', ')} and ${problems[problems.length - 1]}` : problems[0] }, at: provider.url.source, when: provider.when, key: [name] });
      }
      if (ids.length > 0) checkAudiences(ctx, provider);
    }
  },
});

function checkAudiences(ctx: RuleContext<Messages>, provider: OidcProvider): void {
  const arn = provider.arn;
  if (isUnknown(arn)) return;
  const issuer = normalizeOidcIssuer(arn);
  const users = ctx.trustStatements().filter(({ doc, stmt }) => doc.file === provider.file && stmt.effect === 'Allow' && (stmt.principals ?? []).some((p) => p.type === 'Federated' && p.value === arn));
  if (users.length === 0) return;
  const pinsOf = (t: TrustStatement): AudPin[] =>
    t.stmt.conditions
      .filter((c) => {
        const k = parseOidcConditionKey(c.key);
        const op = operatorParts(c.operator);
        return k?.claim === 'aud' && normalizeOidcIssuer(k.issuer) === issuer && !op.negated && /^String/i.test(op.base) && c.values.length > 0;
      })
      .map((c) => ({ t, operator: c.operator, key: c.key, values: c.values }));
  const pins = users.map(pinsOf);
  const clientIds = provider.clientIds ?? [];
  const known = clientIds.flatMap((c) => (isUnknown(c.value) ? [] : [c.value]));
  const name = provider.id;
  // A trust value that no client ID matches never matches a token STS accepts (sts-semantics.md §5.1).
  if (known.length === clientIds.length) {
    for (const pin of pins.flat()) {
      for (const v of pin.values) {
        if (isUnknown(v.value) || known.some((id) => matches(pin.operator, v.value as string, id))) continue;
        ctx.report({ messageId: 'audienceNotRegistered', data: { owner: ctx.ownerLabel(pin.t.doc), key: pin.key, value: v.value, provider: name, clientIds: known.join(', ') }, at: v.source, when: pin.t.stmt.when, key: [pin.t.doc.owner.id, name, v.value] });
      }
    }
  }
  // Only when every statement using the provider pins aud to known values: otherwise every client ID is in use.
  if (pins.some((p) => p.length === 0)) return;
  const all = pins.flat();
  if (all.some((p) => p.values.some((v) => isUnknown(v.value)))) return;
  const audiences = [...new Set(all.flatMap((p) => p.values.map((v) => v.value as string)))];
  for (const id of clientIds) {
    if (isUnknown(id.value)) continue;
    const cid = id.value;
    // Each statement's aud entries are AND-ed; a client ID is used when it passes every entry of some statement.
    const used = pins.some((entries) => entries.every((p) => p.values.some((v) => matches(p.operator, v.value as string, cid))));
    if (!used) ctx.report({ messageId: 'clientIdUnused', data: { clientId: cid, provider: name, audiences: audiences.join(', ') }, at: id.source, when: provider.when, key: [name, cid] });
  }
}
