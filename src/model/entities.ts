import type { Guard, Located, PolicyDocument } from './policy.js';
import type { SourceRef } from './source.js';
import type { Unknown } from './unknown.js';

interface EntityBase {
  /** Logical ID (CloudFormation) or resource address: unique inside its file. */
  id: string;
  file: string;
  source: SourceRef;
  /** Where the resource is named (its logical ID key / block label): the usual place to report on it. */
  idSource: SourceRef;
  /** Resource-level CloudFormation `Condition`, when set. */
  when: Guard[];
  /** The account this entity is deployed to (SELF_ACCOUNT for templates). */
  account: string;
}

/** A managed policy attached by ARN, resolved by the loader (AWS managed table or a scanned customer policy). */
export interface AttachedPolicy {
  arn: Located;
  document: PolicyDocument;
  /** "AWS managed policy AdministratorAccess", "managed policy DeployPolicy". */
  label: string;
}

export interface Role extends EntityBase {
  kind: 'role';
  name: string | Unknown;
  arn: string | Unknown;
  path: string;
  trust?: PolicyDocument;
  /** Inline policies (Policies / RolePolicy / Policy resources naming the role). */
  policies: PolicyDocument[];
  /** Managed policy ARNs attached, in any form (literal, Ref to a ManagedPolicy, unknown). */
  managedPolicyArns: Located[];
  /** managedPolicyArns that could be resolved to a document. */
  attached: AttachedPolicy[];
  maxSessionDuration?: Located<number>;
  /**
   * MaxSessionDuration per Fn::If branch, with the guards that select it (one unguarded entry when there is no
   * Fn::If; absent when the property is not set). `text` is the resolved value as written, for messages.
   */
  maxSessionDurations?: Array<Located<number> & { when: Guard[]; text: string }>;
  permissionsBoundary?: Located;
  /** The boundary's document, when the policy is AWS managed or scanned (linked after loading). */
  boundary?: AttachedPolicy;
  tags: Record<string, string>;
}

export interface User extends EntityBase {
  kind: 'user';
  name: string | Unknown;
  arn: string | Unknown;
  policies: PolicyDocument[];
  managedPolicyArns: Located[];
  attached: AttachedPolicy[];
  /** Group names or references. */
  groups: Located[];
  loginProfile?: SourceRef;
  permissionsBoundary?: Located;
  /** The boundary's document, when the policy is AWS managed or scanned (linked after loading). */
  boundary?: AttachedPolicy;
}

export interface Group extends EntityBase {
  kind: 'group';
  name: string | Unknown;
  arn: string | Unknown;
  policies: PolicyDocument[];
  managedPolicyArns: Located[];
  attached: AttachedPolicy[];
}

export interface ManagedPolicy extends EntityBase {
  kind: 'managed-policy';
  name: string | Unknown;
  arn: string | Unknown;
  document?: PolicyDocument;
  roles: Located[];
  users: Located[];
  groups: Located[];
}

export interface AccessKey extends EntityBase {
  kind: 'access-key';
  user: Located;
  /** Places where the secret leaves the stack (Outputs, exports). */
  secretExposedAt: SourceRef[];
}

export interface SamlProvider extends EntityBase {
  kind: 'saml-provider';
  name: string | Unknown;
  arn: string | Unknown;
}

export interface OidcProvider extends EntityBase {
  kind: 'oidc-provider';
  url?: Located;
  arn: string | Unknown;
  clientIds?: Located[];
  clientIdSource?: SourceRef;
  thumbprints?: Located[];
}

export interface InstanceProfile extends EntityBase {
  kind: 'instance-profile';
  roles: Located[];
}

export interface IdentityPool extends EntityBase {
  kind: 'identity-pool';
  allowUnauthenticated?: Located<boolean>;
  allowClassicFlow?: Located<boolean>;
}

export interface IdentityPoolRoleAttachment extends EntityBase {
  kind: 'identity-pool-role-attachment';
  pool: Located;
  authenticatedRole?: Located;
  unauthenticatedRole?: Located;
}

export type Entity =
  | Role
  | User
  | Group
  | ManagedPolicy
  | AccessKey
  | SamlProvider
  | OidcProvider
  | InstanceProfile
  | IdentityPool
  | IdentityPoolRoleAttachment;
