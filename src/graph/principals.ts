import { isUnknown, type PrincipalValue, SELF_ACCOUNT, type Unknown } from '../model/index.js';

export type PrincipalKind =
  | 'public'
  | 'account'
  | 'user'
  | 'role'
  | 'assumed-role'
  | 'federated-user'
  | 'service'
  | 'saml-provider'
  | 'oidc-provider'
  | 'web-identity'
  | 'unique-id'
  | 'canonical-user'
  | 'unknown'
  | 'invalid';

export interface ParsedPrincipal {
  kind: PrincipalKind;
  /** Account ID (12 digits, SELF_ACCOUNT, or `*`), when the principal names one. */
  account?: string;
  /** Role/user/provider name or service/issuer host. */
  name?: string;
  text: string;
  unknown?: Unknown;
}

// The account may be the template's symbolic SELF_ACCOUNT `${AWS::AccountId}` (from `!Sub`), which holds colons.
export const IAM_ARN = /^arn:([^:]*):(iam|sts)::(\$\{AWS::AccountId\}|[^:]*):(.*)$/;
const UNIQUE_ID = /^(AROA|AIDA|AGPA|ANPA|AIPA|ASIA|AKIA)[A-Z0-9]{12,}$/;
const ACCOUNT = /^\d{12}$/;

/** What a trust-policy principal names (sts-semantics.md §2.4, §1.12). */
export function parsePrincipal(p: PrincipalValue): ParsedPrincipal {
  if (isUnknown(p.value)) return { kind: 'unknown', text: p.value.toString(), unknown: p.value, account: accountFromPartial(p.value.partial) };
  const text = p.value;
  if (p.type === '*' || text === '*') return p.type === 'Service' || p.type === 'Federated' ? { kind: 'invalid', text } : { kind: 'public', text, account: '*' };
  if (p.type === 'Service') return { kind: 'service', text, name: text };
  if (p.type === 'CanonicalUser') return { kind: 'canonical-user', text };
  if (p.type === 'Federated') {
    const m = IAM_ARN.exec(text);
    if (m?.[4].startsWith('saml-provider/')) return { kind: 'saml-provider', text, account: m[3], name: m[4].slice('saml-provider/'.length) };
    if (m?.[4].startsWith('oidc-provider/')) return { kind: 'oidc-provider', text, account: m[3], name: m[4].slice('oidc-provider/'.length) };
    if (!text.startsWith('arn:')) return { kind: 'web-identity', text, name: text };
    return { kind: 'invalid', text };
  }
  if (p.type !== 'AWS') return { kind: 'invalid', text };
  if (ACCOUNT.test(text) || text === SELF_ACCOUNT) return { kind: 'account', text, account: text };
  if (UNIQUE_ID.test(text)) return { kind: 'unique-id', text };
  const m = IAM_ARN.exec(text);
  if (!m) return { kind: 'invalid', text };
  const [, , service, account, resource] = m;
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  const rest = slash < 0 ? '' : resource.slice(slash + 1);
  if (service === 'iam' && resource === 'root') return { kind: 'account', text, account };
  if (service === 'iam' && type === 'user') return { kind: 'user', text, account, name: rest.split('/').pop() };
  if (service === 'iam' && type === 'role') return { kind: 'role', text, account, name: rest.split('/').pop() };
  if (service === 'sts' && type === 'assumed-role') return { kind: 'assumed-role', text, account, name: rest.split('/')[0] };
  if (service === 'sts' && type === 'federated-user') return { kind: 'federated-user', text, account, name: rest };
  return { kind: 'invalid', text, account };
}

function accountFromPartial(partial: string | undefined): string | undefined {
  if (!partial) return undefined;
  const m = IAM_ARN.exec(partial);
  return m && m[3] !== '?' ? m[3] : undefined;
}
