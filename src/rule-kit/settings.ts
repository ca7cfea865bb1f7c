/** What rules may read of the configuration (the CLI validates and fills it). */
export interface RuleSettings {
  /** Known account IDs (internal to the organisation) → display name. */
  /** Known accounts; `paths` globs map the files deployed to an account (the trust graph's accounts). */
  accounts: Record<string, { name?: string; paths?: string[] }>;
  organization?: string;
  sensitive: {
    /** Role name or ARN wildcard patterns that are always sensitive. */
    roles: string[];
    /** Actions that make a role sensitive (replaces the default list when configured). */
    actions: string[];
  };
  /** Longest acceptable MaxSessionDuration for a sensitive role, seconds. */
  maxSessionDuration: number;
  /** SAML/OIDC provider ARNs that exist outside the scanned files (FL005). */
  knownProviders: string[];
  /** The most roles one entry point may reach before FL605 reports it. */
  maxEntryRoles: number;
  /** The most paths (SARIF codeFlows) one graph finding carries; the message still counts them all. */
  maxPaths: number;
  /**
   * Whether a role session created with MFA passes MFA context on to the next AssumeRole (role chaining).
   * sts-semantics.md §10 item 1 marks this unverified; true, the default, never hides a path.
   */
  mfaSurvivesChaining: boolean;
}

/** Admin-equivalent IAM actions that count only when granted on every resource (rules.md, "Sensitive role"). */
export const ADMIN_ACTIONS = [
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:CreatePolicyVersion',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateLoginProfile',
  'iam:AddUserToGroup',
  'iam:PassRole',
];

/** Destructive actions that make a role sensitive on any resource (rules.md, "Sensitive role"). */
export const DESTRUCTIVE_ACTIONS = [
  'ec2:TerminateInstances',
  'rds:DeleteDBInstance',
  'rds:DeleteDBCluster',
  's3:DeleteBucket',
  'kms:ScheduleKeyDeletion',
  'organizations:LeaveOrganization',
  'organizations:DeleteOrganization',
  'organizations:RemoveAccountFromOrganization',
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'dynamodb:DeleteTable',
  'backup:DeleteRecoveryPoint',
];

export const DEFAULT_SETTINGS: RuleSettings = {
  accounts: {},
  sensitive: { roles: [], actions: [...DESTRUCTIVE_ACTIONS] },
  maxSessionDuration: 3600,
  maxEntryRoles: 5,
  maxPaths: 10,
  mfaSurvivesChaining: true,
  knownProviders: [],
};
