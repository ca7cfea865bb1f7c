import { describe, expect, it } from 'vitest';
import { AWS_MANAGED_POLICIES, awsManagedPolicy, type AwsManagedPolicy } from '../../../src/data/aws-managed-policies.js';

type Stmt = Record<string, unknown>;

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

/** IAM action wildcard match (`*` and `?`, case-insensitive). */
function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(action);
}

/** Does an unconditional-or-conditional Allow in the policy name this action (Action or NotAction)? */
function allows(p: AwsManagedPolicy, action: string): boolean {
  return p.document.Statement.some((s: Stmt) => {
    if (s.Effect !== 'Allow') return false;
    if (s.Action !== undefined) return asList(s.Action).some((a) => actionMatches(a, action));
    if (s.NotAction !== undefined) return !asList(s.NotAction).some((a) => actionMatches(a, action));
    return false;
  });
}

const mustHave = (arnOrName: string): AwsManagedPolicy => {
  const p = awsManagedPolicy(arnOrName);
  if (!p) throw new Error(`no managed policy for ${arnOrName}`);
  return p;
};

describe('AWS managed policies table', () => {
  it('holds every required policy under its real ARN path', () => {
    const expected: Record<string, string> = {
      AdministratorAccess: '',
      PowerUserAccess: '',
      IAMFullAccess: '',
      ReadOnlyAccess: '',
      SecurityAudit: '',
      ViewOnlyAccess: 'job-function/',
      Billing: 'job-function/',
      DatabaseAdministrator: 'job-function/',
      DataScientist: 'job-function/',
      NetworkAdministrator: 'job-function/',
      SupportUser: 'job-function/',
      SystemAdministrator: 'job-function/',
      AWSCloudFormationFullAccess: '',
      AmazonS3FullAccess: '',
      AmazonEC2FullAccess: '',
      AWSLambda_FullAccess: '',
      AmazonDynamoDBFullAccess: '',
      AWSCodeBuildAdminAccess: '',
      AmazonSSMFullAccess: '',
      AWSOrganizationsFullAccess: '',
      AmazonRDSFullAccess: '',
      AWSLambdaBasicExecutionRole: 'service-role/',
      AWSLambdaVPCAccessExecutionRole: 'service-role/',
      AmazonECSTaskExecutionRolePolicy: 'service-role/',
      AWSGlueServiceRole: 'service-role/',
      AmazonSSMManagedInstanceCore: '',
      AmazonEC2ContainerServiceforEC2Role: 'service-role/',
      AWSCodeDeployRole: 'service-role/',
    };
    for (const [name, path] of Object.entries(expected)) {
      expect(mustHave(name).arn, name).toBe(`arn:aws:iam::aws:policy/${path}${name}`);
    }
  });

  it('every entry is well formed: unique name, ARN ends with the name, source, Version, statements', () => {
    const names = new Set<string>();
    for (const p of AWS_MANAGED_POLICIES) {
      expect(names.has(p.name), `duplicate ${p.name}`).toBe(false);
      names.add(p.name);
      expect(p.arn).toMatch(/^arn:aws:iam::aws:policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/);
      expect(p.arn.endsWith(`/${p.name}`), p.name).toBe(true);
      expect(p.source.trim().length, p.name).toBeGreaterThan(0);
      expect(p.source, p.name).toMatch(/default version v\d+/);
      expect(p.document.Version, p.name).toBe('2012-10-17');
      expect(p.document.Statement.length, p.name).toBeGreaterThanOrEqual(1);
      for (const s of p.document.Statement) {
        expect(['Allow', 'Deny'], p.name).toContain(s.Effect);
        expect(s.Action !== undefined || s.NotAction !== undefined, p.name).toBe(true);
        expect(s.Resource !== undefined || s.NotResource !== undefined, p.name).toBe(true);
      }
    }
  });

  it('AdministratorAccess is Allow * on *', () => {
    const p = mustHave('AdministratorAccess');
    expect(p.document.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  it('PowerUserAccess allows everything except IAM/Organizations/Account, with a few IAM exceptions', () => {
    const p = mustHave('PowerUserAccess');
    expect(allows(p, 's3:DeleteBucket')).toBe(true);
    expect(allows(p, 'iam:PutRolePolicy')).toBe(false);
    expect(allows(p, 'iam:PassRole')).toBe(false);
    expect(allows(p, 'iam:CreateServiceLinkedRole')).toBe(true);
    expect(allows(p, 'organizations:LeaveOrganization')).toBe(false);
  });

  it('IAMFullAccess grants iam:* ', () => {
    const p = mustHave('IAMFullAccess');
    expect(allows(p, 'iam:UpdateAssumeRolePolicy')).toBe(true);
    expect(allows(p, 's3:GetObject')).toBe(false);
  });

  it('ReadOnlyAccess grants reads but no write-like action', () => {
    const p = mustHave('ReadOnlyAccess');
    expect(p.document.Statement.every((s) => s.Effect === 'Allow' && s.NotAction === undefined)).toBe(true);
    const actions = p.document.Statement.flatMap((s) => asList(s.Action));
    expect(actions.length).toBeGreaterThan(1000); // stored whole, not summarised
    expect(actions).not.toContain('*');
    expect(actions.filter((a) => /:\*$/.test(a))).toEqual([]);
    expect(actions.filter((a) => /:(Put|Delete|Update|Attach|Detach|Terminate|Modify|Remove|Pass|Tag|Untag)/i.test(a))).toEqual([]);
    for (const a of ['iam:PutRolePolicy', 'iam:DeleteRole', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy',
      'iam:CreateAccessKey', 'iam:PassRole', 's3:DeleteBucket', 's3:PutObject', 'ec2:TerminateInstances', 'sts:AssumeRole']) {
      expect(allows(p, a), a).toBe(false);
    }
    expect(allows(p, 'iam:GetRole')).toBe(true);
    expect(allows(p, 'ec2:DescribeInstances')).toBe(true);
  });

  it('ViewOnlyAccess and SecurityAudit grant no IAM write either', () => {
    for (const name of ['ViewOnlyAccess', 'SecurityAudit']) {
      const p = mustHave(name);
      for (const a of ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PassRole']) {
        expect(allows(p, a), `${name} ${a}`).toBe(false);
      }
      expect(allows(p, 'iam:ListRoles'), name).toBe(true);
    }
  });

  it('service-role policies carry their real grants', () => {
    const basic = mustHave('AWSLambdaBasicExecutionRole');
    expect(allows(basic, 'logs:PutLogEvents')).toBe(true);
    expect(allows(basic, 's3:GetObject')).toBe(false);
    expect(allows(mustHave('AWSLambda_FullAccess'), 'iam:PassRole')).toBe(true);
    expect(allows(mustHave('AWSOrganizationsFullAccess'), 'organizations:LeaveOrganization')).toBe(true);
  });
});

describe('awsManagedPolicy lookup', () => {
  it('finds by bare name, case-sensitively', () => {
    expect(awsManagedPolicy('AdministratorAccess')?.name).toBe('AdministratorAccess');
    expect(awsManagedPolicy('administratoraccess')).toBeUndefined();
    expect(awsManagedPolicy('ADMINISTRATORACCESS')).toBeUndefined();
  });

  it('finds by ARN in each partition form', () => {
    const arns = [
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws-cn:iam::aws:policy/AdministratorAccess',
      'arn:aws-us-gov:iam::aws:policy/AdministratorAccess',
      'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess',
      'arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess',
    ];
    for (const arn of arns) expect(awsManagedPolicy(arn)?.name, arn).toBe('AdministratorAccess');
  });

  it('resolves job-function and service-role paths', () => {
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')?.name).toBe('ViewOnlyAccess');
    expect(awsManagedPolicy('arn:${AWS::Partition}:iam::aws:policy/job-function/SystemAdministrator')?.name)
      .toBe('SystemAdministrator');
    expect(awsManagedPolicy('arn:aws-us-gov:iam::aws:policy/job-function/Billing')?.name).toBe('Billing');
    expect(awsManagedPolicy('job-function/DatabaseAdministrator')?.name).toBe('DatabaseAdministrator');
    expect(awsManagedPolicy('ViewOnlyAccess')?.arn).toBe('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess');
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')?.name)
      .toBe('AWSLambdaBasicExecutionRole');
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole')?.name).toBe('AWSCodeDeployRole');
  });

  it('rejects a wrong path, a customer-managed ARN, other placeholders and unknown names', () => {
    // real AWS ARNs include the path; without it there is no such policy
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole')).toBeUndefined();
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/ViewOnlyAccess')).toBeUndefined();
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AdministratorAccess')).toBeUndefined();
    expect(awsManagedPolicy('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
    expect(awsManagedPolicy('arn:${AWS::Region}:iam::aws:policy/AdministratorAccess')).toBeUndefined();
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy')).toBeUndefined();
    expect(awsManagedPolicy('NoSuchPolicy')).toBeUndefined();
    expect(awsManagedPolicy('')).toBeUndefined();
  });
});
