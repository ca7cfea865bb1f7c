import { isUnknown, SELF_ACCOUNT, Unknown } from '../../model/index.js';
import { isObject } from '../policy/normalize.js';

export interface Template {
  parameters: Record<string, unknown>;
  resources: Record<string, unknown>;
  mappings: Record<string, unknown>;
}

/** Pseudo parameters (sts-semantics.md §8.1): the account stays symbolic, the partition is the commercial one. */
const PSEUDO: Record<string, string | Unknown> = {
  'AWS::AccountId': SELF_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::Region': '${AWS::Region}',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': '${AWS::StackName}',
  'AWS::StackId': '${AWS::StackId}',
  'AWS::NotificationARNs': new Unknown('AWS::NotificationARNs'),
};

/** What `Ref` returns for each resource type that matters to trust (sts-semantics.md §8.1). */
function refOf(t: Template, id: string): unknown {
  const res = t.resources[id];
  if (!isObject(res)) return undefined;
  switch (res.Type) {
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
    case 'AWS::IAM::InstanceProfile':
      return entityName(t, id);
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::IAM::SAMLProvider':
    case 'AWS::IAM::OIDCProvider':
      return entityArn(t, id);
    default:
      return '${' + id + '}';
  }
}

const NAME_PROP: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::SAMLProvider': 'Name',
};

/** The resource's physical name, or a symbolic `${LogicalId}` when CloudFormation generates it. */
export function entityName(t: Template, id: string): string | Unknown {
  const res = t.resources[id];
  const props = isObject(res) && isObject(res.Properties) ? res.Properties : {};
  const prop = isObject(res) ? NAME_PROP[String(res.Type)] : undefined;
  if (prop && props[prop] !== undefined) {
    const v = resolve(t, props[prop], new Set([id]));
    if (typeof v === 'string' || isUnknown(v)) return v;
  }
  return '${' + id + '}';
}

const ARN_KIND: Record<string, string> = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
  'AWS::IAM::InstanceProfile': 'instance-profile',
  'AWS::IAM::ManagedPolicy': 'policy',
  'AWS::IAM::SAMLProvider': 'saml-provider',
};

export function entityArn(t: Template, id: string): string | Unknown {
  const res = t.resources[id];
  if (!isObject(res)) return new Unknown(`no resource ${id} in this template`, undefined, 'missing-reference');
  const type = String(res.Type);
  const props = isObject(res.Properties) ? res.Properties : {};
  if (type === 'AWS::IAM::OIDCProvider') {
    const url = resolve(t, props.Url, new Set([id]));
    if (typeof url !== 'string') return new Unknown(`URL of OIDC provider ${id}`, `arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/?`);
    return `arn:aws:iam::${SELF_ACCOUNT}:oidc-provider/${url.replace(/^https:\/\//, '')}`;
  }
  const kind = ARN_KIND[type];
  if (!kind) return `\${${id}.Arn}`;
  const name = entityName(t, id);
  const rawPath = props.Path === undefined ? '/' : resolve(t, props.Path, new Set([id]));
  const path = typeof rawPath === 'string' ? rawPath : '/';
  if (isUnknown(name)) return new Unknown(name.reason, `arn:aws:iam::${SELF_ACCOUNT}:${kind}${path}?`, name.cause);
  return `arn:aws:iam::${SELF_ACCOUNT}:${kind}${path}${name}`;
}

function getAtt(t: Template, id: string, attr: string): unknown {
  const res = t.resources[id];
  if (!isObject(res)) return new Unknown(`Fn::GetAtt ${id}.${attr}: no resource ${id} in this template`, undefined, 'missing-reference');
  if (attr === 'Arn' || attr === 'PolicyArn') return entityArn(t, id);
  return new Unknown(`Fn::GetAtt ${id}.${attr}`, `\${${id}.${attr}}`);
}

function ref(t: Template, name: string, seen: Set<string>): unknown {
  if (name in PSEUDO) return PSEUDO[name];
  if (name in t.parameters) {
    const p = t.parameters[name];
    if (isObject(p)) {
      if (p.Default !== undefined) {
        const d = p.Default;
        return typeof d === 'number' ? String(d) : d;
      }
      if (Array.isArray(p.AllowedValues) && p.AllowedValues.length === 1) return String(p.AllowedValues[0]);
      const allowed = Array.isArray(p.AllowedValues) ? ` (allowed: ${p.AllowedValues.join(', ')})` : '';
      return new Unknown(`parameter ${name} has no default${allowed}`, undefined, 'parameter');
    }
  }
  if (name in t.resources) {
    if (seen.has(name)) return '${' + name + '}';
    return refOf(t, name);
  }
  return new Unknown(`Ref ${name}: no parameter or resource ${name} in this template`, undefined, 'missing-reference');
}

function str(v: unknown): string | Unknown {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isUnknown(v)) return v;
  return new Unknown('a list or map where a string belongs');
}

/** Join string parts; any unknown part makes the whole an Unknown whose partial keeps the known text. */
function concat(parts: Array<string | Unknown>): string | Unknown {
  const unknowns = parts.filter(isUnknown);
  if (unknowns.length === 0) return parts.join('');
  const partial = parts.map((p) => (isUnknown(p) ? (p.partial ?? '?') : p)).join('');
  const missing = unknowns.find((u) => u.cause === 'missing-reference');
  return new Unknown(unknowns.map((u) => u.reason).join('; '), partial, missing ? 'missing-reference' : unknowns[0].cause);
}

function sub(t: Template, template: string, vars: Record<string, unknown>, seen: Set<string>): string | Unknown {
  const parts: Array<string | Unknown> = [];
  let last = 0;
  const re = /\$\{([^}]*)\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1].trim();
    if (name.startsWith('!')) {
      parts.push('${' + name.slice(1) + '}');
      continue;
    }
    if (name in vars) parts.push(str(resolve(t, vars[name], seen)));
    else if (name.includes('.') && !(name in t.parameters)) {
      const dot = name.indexOf('.');
      parts.push(str(getAtt(t, name.slice(0, dot), name.slice(dot + 1))));
    } else parts.push(str(ref(t, name, seen)));
  }
  parts.push(template.slice(last));
  return concat(parts);
}

/**
 * Resolve intrinsic functions as far as the template allows (Fn::If must already be expanded, see variants.ts).
 * What cannot be resolved becomes an Unknown with its reason.
 */
export function resolve(t: Template, v: unknown, seen: Set<string> = new Set()): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(t, x, seen));
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const [fn] = keys;
    const arg = v[fn];
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? ref(t, arg, seen) : new Unknown('Ref of a non-string');
      case 'Fn::GetAtt': {
        const a = Array.isArray(arg) ? arg.map((x) => resolve(t, x, seen)) : typeof arg === 'string' ? arg.split('.') : [];
        if (typeof a[0] === 'string' && typeof a[1] === 'string') return getAtt(t, a[0], a.slice(1).join('.'));
        return new Unknown('Fn::GetAtt with a computed argument');
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return sub(t, arg, {}, seen);
        if (Array.isArray(arg) && typeof arg[0] === 'string') return sub(t, arg[0], isObject(arg[1]) ? arg[1] : {}, seen);
        return new Unknown('Fn::Sub with a computed template');
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg)) return new Unknown('Fn::Join of a non-list');
        const delim = str(resolve(t, arg[0], seen));
        const list = resolve(t, arg[1], seen);
        if (isUnknown(delim)) return delim;
        if (isUnknown(list)) return list;
        if (!Array.isArray(list)) return new Unknown('Fn::Join of a non-list');
        const parts: Array<string | Unknown> = [];
        list.forEach((x, i) => {
          if (i > 0) parts.push(delim);
          parts.push(str(x));
        });
        return concat(parts);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return new Unknown('Fn::Select of a non-list');
        const idx = Number(resolve(t, arg[0], seen));
        const list = resolve(t, arg[1], seen);
        if (isUnknown(list)) return list;
        if (!Array.isArray(list) || !Number.isInteger(idx) || idx < 0 || idx >= list.length) return new Unknown('Fn::Select out of range');
        return list[idx];
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg)) return new Unknown('Fn::Split of a non-list');
        const delim = resolve(t, arg[0], seen);
        const s = str(resolve(t, arg[1], seen));
        if (isUnknown(s)) return s;
        return typeof delim === 'string' && delim ? s.split(delim) : new Unknown('Fn::Split with a computed delimiter');
      }
      case 'Fn::FindInMap':
        return findInMap(t, arg, seen);
      case 'Fn::ImportValue': {
        const name = str(resolve(t, arg, seen));
        return new Unknown(`Fn::ImportValue ${isUnknown(name) ? (name.partial ?? name.reason) : name}`, undefined, 'import');
      }
      case 'Fn::If':
        return new Unknown('Fn::If in an unexpected place');
      case 'Fn::Base64':
      case 'Fn::Cidr':
      case 'Fn::GetAZs':
      case 'Fn::Transform':
      case 'Fn::ToJsonString':
      case 'Fn::Length':
        return new Unknown(`${fn} is not evaluated`, undefined, 'unsupported');
      default:
        break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = resolve(t, x, seen);
  return out;
}

function findInMap(t: Template, arg: unknown, seen: Set<string>): unknown {
  if (!Array.isArray(arg) || arg.length < 3) return new Unknown('Fn::FindInMap with fewer than three arguments');
  const [m, k1, k2] = arg.map((x) => resolve(t, x, seen));
  const map = typeof m === 'string' ? t.mappings[m] : undefined;
  if (!isObject(map)) return new Unknown(`Fn::FindInMap: no mapping ${String(m)}`, undefined, 'missing-reference');
  const second = (top: unknown): unknown => {
    if (!isObject(top)) return undefined;
    if (typeof k2 === 'string') return top[k2];
    return undefined;
  };
  if (typeof k1 === 'string' && /^\$\{AWS::/.test(k1) === false) {
    const v = second(map[k1]);
    return v === undefined ? new Unknown(`Fn::FindInMap ${String(m)}.${k1}.${String(k2)} is not in the mapping`) : v;
  }
  // Top-level key depends on the deployment (AWS::Region, a parameter …): known only if every entry agrees.
  const values = Object.values(map).map(second);
  const first = JSON.stringify(values[0]);
  if (values.length > 0 && values[0] !== undefined && values.every((x) => JSON.stringify(x) === first)) return values[0];
  return new Unknown(`Fn::FindInMap ${String(m)} depends on ${isUnknown(k1) ? k1.reason : String(k1)}`);
}
