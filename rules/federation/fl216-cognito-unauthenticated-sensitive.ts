import { type ConditionEntry, type IdentityPool, isUnknown, type Located, type RelatedLocation, type Role, type Statement } from '../../src/model/index.js';
import { conditionsOn, defineRule, globMatch, operatorParts, permissionDocuments } from '../../src/rule-kit/index.js';
import { actionAccessLevel, serviceActions } from '../../src/rule-kit/iam-catalog.js';
import { builtInWebIdentity, COGNITO_IDENTITY, mayAllowWebIdentity } from '../../src/rule-kit/web-identity.js';

const AMR = `${COGNITO_IDENTITY}:amr`;
const AUD = `${COGNITO_IDENTITY}:aud`;
/** sts-semantics.md §5.2 / §5.6: a guest (unauthenticated) identity's token has `amr` = ["unauthenticated"]. */
const GUEST = 'unauthenticated';

/** Read/List verbs by action-name prefix: the fallback for actions the IAM reference does not know. */
const READ_VERB = /^(Get|List|Describe|BatchGet|Query|Scan|Search|Lookup|View|Read|Download|Validate|Count|Retrieve)/i;
/** What Cognito's own default guest/authenticated role policies grant (Cognito developer guide, "IAM roles"). */
const COGNITO_DEFAULTS = ['mobileanalytics:PutEvents', 'cognito-sync:*', 'cognito-identity:*'];
const READ_LEVELS = new Set(['Read', 'List']);

/**
 * Whether an action pattern can reach an action above Read/List access level (IAM service reference, via
 * iam-catalog). `*`, a wildcard service and a pattern matching any Write / Permissions management / Tagging
 * action count as write; an action the reference does not know is judged by its verb.
 */
function isWriteAction(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return true;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return true;
  if (COGNITO_DEFAULTS.some((d) => globMatch(d, action))) return false;
  const known = serviceActions(service);
  if (/[*?]/.test(name)) {
    if (known) return known.some((a) => globMatch(name, a) && !READ_LEVELS.has(actionAccessLevel(service, a) ?? 'Write'));
    return !READ_VERB.test(name.split(/[*?]/)[0]);
  }
  const level = actionAccessLevel(service, name);
  return level ? !READ_LEVELS.has(level) : !READ_VERB.test(name);
}

/** A sensitivity reason, or the first write grant of the role's permissions, or undefined for a read-only role. */
function power(role: Role, sensitive: string[]): { messageId: 'guestSensitive' | 'guestWrite'; data: Record<string, string> } | undefined {
  if (sensitive.length > 0) return { messageId: 'guestSensitive', data: { reasons: sensitive.join('; ') } };
  for (const { doc, label } of permissionDocuments(role)) {
    for (const stmt of doc.statements) {
      if (stmt.effect !== 'Allow') continue;
      if (stmt.notActions) return { messageId: 'guestWrite', data: { label, action: 'everything outside its NotAction list' } };
      const hit = (stmt.actions ?? []).find((a) => isUnknown(a.value) || isWriteAction(a.value));
      if (hit) return { messageId: 'guestWrite', data: { label, action: isUnknown(hit.value) ? `an unresolved action (${hit.value.reason})` : hit.value } };
    }
  }
  return undefined;
}

/** Whether an `amr` entry can be true for a guest token; undefined when it cannot be told (non-string operator, unresolved value). */
function admitsGuest(c: ConditionEntry): boolean | undefined {
  const op = operatorParts(c.operator);
  if (!/^String(Equals|EqualsIgnoreCase|Like|NotEquals|NotEqualsIgnoreCase|NotLike)$/i.test(op.base)) return undefined;
  const like = /Like$/i.test(op.base);
  const hits = c.values.map((v) => (isUnknown(v.value) ? undefined : like ? globMatch(v.value, GUEST, true) : /IgnoreCase$/i.test(op.base) ? v.value.toLowerCase() === GUEST : v.value === GUEST));
  if (hits.some((h) => h === true)) return !op.negated;
  if (hits.some((h) => h === undefined)) return undefined;
  // The guest set has one element, so ForAnyValue / ForAllValues / plain all compare that one value.
  return op.negated;
}

/** `${LogicalId}` (what Ref of an identity pool resolves to) → that identity pool in the same file. */
function poolOf(ctx: { entities(kind: 'identity-pool'): IdentityPool[] }, value: Located['value'], file: string): IdentityPool | undefined {
  if (isUnknown(value)) return undefined;
  const m = /^\$\{([^}.]+)\}$/.exec(value);
  return m ? ctx.entities('identity-pool').find((p) => p.id === m[1] && p.file === file) : undefined;
}

/** sts-semantics.md §8.1: AllowUnauthenticatedIdentities is required; when it is missing no guest identity exists. Unresolved may be true. */
const allowsGuests = (pool: IdentityPool) => pool.allowUnauthenticated !== undefined && (isUnknown(pool.allowUnauthenticated.value) || pool.allowUnauthenticated.value);

type Messages = 'guestSensitive' | 'guestWrite';

export default defineRule<Messages>({
  id: 'FL216',
  name: 'cognito-unauthenticated-sensitive',
  severity: 'high',
  tags: ['federation', 'cognito', 'web-identity', 'sensitive'],
  scope: 'model',
  since: '0.1.0',
  short: 'Unauthenticated (guest) Cognito identities can assume a sensitive role or one with write access.',
  full:
    'An identity pool that allows unauthenticated identities hands AWS credentials to anyone who calls it, without a sign-in. A role those guests can assume (its trust allows `cognito-identity.amazonaws.com:amr` `unauthenticated`, or it has no `amr` condition while its pool allows guests, or it is the pool\'s unauthenticated role) gives every anonymous visitor its permissions. When the role is sensitive or can change resources, anyone on the internet can use it. Read/List access is taken from the access levels of the IAM service authorization reference (an action it does not know is judged by its verb); Cognito\'s own default guest grants (`mobileanalytics:PutEvents`, `cognito-sync:*`) are not counted.',
  help: [
    'Give guests a separate, read-only role and keep write access for authenticated identities:',
    '',
    '```yaml',
    'Condition:',
    '  StringEquals:',
    '    cognito-identity.amazonaws.com:aud: !Ref IdentityPool',
    '  ForAnyValue:StringLike:',
    '    cognito-identity.amazonaws.com:amr: authenticated',
    '```',
    '',
    'or set `AllowUnauthenticatedIdentities: false` on the identity pool when the app does not need guests.',
  ].join('\n'),
  references: [
    { title: 'Amazon Cognito: IAM roles (role trust and permissions)', url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html' },
    { title: 'Amazon Cognito: identity pools security best practices', url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html' },
    { title: 'Amazon Cognito: IAM roles', url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html' },
  ],
  semantics: ['sts-semantics.md#56-amazon-cognito-identity-pools', 'sts-semantics.md#52-condition-keys'],
  messages: {
    guestSensitive:
      'Role {{role}} can be assumed by unauthenticated (guest) Cognito identities ({{how}}) and is sensitive ({{reasons}}): anyone who can call the identity pool gets these credentials without signing in.',
    guestWrite:
      'Role {{role}} can be assumed by unauthenticated (guest) Cognito identities ({{how}}) and can change resources ({{label}} allows {{action}}): anyone who can call the identity pool gets these credentials without signing in.',
  },
  check(ctx) {
    const attachments = ctx.entities('identity-pool-role-attachment');
    for (const role of ctx.entities('role')) {
      if (!role.trust) continue;
      const p = power(role, ctx.sensitivity(role).reasons);
      if (!p) continue;
      // The pool's role attachment names this role as the unauthenticated role, and that pool may have guests.
      const asGuestRole = attachments.filter((a) => {
        if (a.file !== role.file || !a.unauthenticatedRole || isUnknown(a.unauthenticatedRole.value) || a.unauthenticatedRole.value !== role.arn) return false;
        const pool = poolOf(ctx, a.pool.value, a.file);
        return !pool || allowsGuests(pool);
      });
      for (const stmt of role.trust.statements) {
        if (stmt.effect !== 'Allow' || !mayAllowWebIdentity(stmt)) continue;
        const cognito = (stmt.principals ?? []).filter((pr) => builtInWebIdentity(pr) === COGNITO_IDENTITY);
        if (cognito.length === 0) continue;
        const amr = conditionsOn(stmt, AMR);
        const verdicts = amr.map(admitsGuest);
        // Conditions are AND-ed: one amr entry that is false for a guest token keeps guests out; one that
        // cannot be evaluated (unresolved value, other operator) leaves the answer to FL005.
        if (verdicts.some((v) => v !== true)) continue;
        const pools = pinnedPools(ctx, stmt, role.file);
        const report = (how: string, at: Located['source'], related: RelatedLocation[], when = stmt.when) =>
          ctx.report({ messageId: p.messageId, data: { role: role.id, how, ...p.data }, at, related, when, key: [role.id] });
        const explicit = amr.filter((c) => !operatorParts(c.operator).negated && admitsGuest(c) === true);
        if (explicit.length > 0) {
          // A pool that does not allow guests issues no guest token, whatever the trust says.
          if (pools.known.length > 0 && pools.unknown === 0 && pools.known.every((pool) => !allowsGuests(pool))) continue;
          const v = explicit[0].values.find((x) => !isUnknown(x.value) && globMatch(x.value, GUEST, true)) ?? explicit[0].values[0];
          report(`its trust allows \`${explicit[0].key}\` \`${isUnknown(v.value) ? GUEST : v.value}\``, v.source, []);
          continue;
        }
        // sts-semantics.md §5.6: without an amr condition that requires `authenticated`, guests of a pool that
        // allows them can obtain the role.
        const noAmr = amr.length === 0 ? 'its trust has no `amr` condition' : 'its `amr` condition does not keep guests out';
        // One finding per statement: the pool's role attachment is the strongest evidence, then a guest-enabled pool.
        const attachment = asGuestRole[0];
        const pool = pools.known.find(allowsGuests);
        for (const pr of cognito) {
          if (attachment) report(`${noAmr} and ${attachment.id} makes it the pool's unauthenticated role`, pr.source, [{ source: attachment.unauthenticatedRole!.source, message: `${attachment.id} sets the unauthenticated role` }], [...stmt.when, ...attachment.when]);
          else if (pool) report(`${noAmr} and identity pool ${pool.id} allows unauthenticated identities`, pr.source, [{ source: pool.allowUnauthenticated!.source, message: `identity pool ${pool.id} allows unauthenticated identities` }], [...stmt.when, ...pool.when]);
        }
      }
    }
  },
});

/** The identity pools a trust statement's positive `aud` conditions name: those found in the same file, and how many are not. */
function pinnedPools(ctx: { entities(kind: 'identity-pool'): IdentityPool[] }, stmt: Statement, file: string): { known: IdentityPool[]; unknown: number } {
  const known: IdentityPool[] = [];
  let unknown = 0;
  for (const c of conditionsOn(stmt, AUD)) {
    if (operatorParts(c.operator).negated) continue;
    for (const v of c.values) {
      const pool = poolOf(ctx, v.value, file);
      if (pool) known.push(pool);
      else unknown++;
    }
  }
  return { known: [...new Set(known)], unknown };
}
