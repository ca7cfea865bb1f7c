import type { PolicyDocument, Statement } from '../../src/model/index.js';
import { defineRule, isWildcardOnly, operatorParts, parsePrincipal, statementCoversAction, stringValues } from '../../src/rule-kit/index.js';
import { canonicalService } from '../../src/rule-kit/services.js';

/**
 * Service principals that assume a customer role *on behalf of a resource* (a rule, a recorder, a bucket …) that any
 * AWS customer can create, and that pass `aws:SourceAccount` / `aws:SourceArn` when they do (sts-semantics.md §7.2,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). Without those conditions another account's
 * resource may name this role and have the service act with it. Only services whose docs show the keys in the role
 * trust policy are listed: a condition on a key the service never sends makes the role unusable (§7.2). Compute
 * services that run the customer's own code with the role (ec2, lambda, ecs-tasks, eks) are deliberately absent.
 */
export const CONFUSED_DEPUTY_SERVICES: Readonly<Record<string, string>> = {
  // StackSets administration role: CloudFormation assumes it for a stack set; the StackSets prerequisites page pins
  // aws:SourceAccount and aws:SourceArn (arn:aws:cloudformation:*:<account>:stackset/*) in its trust.
  'cloudformation.amazonaws.com': 'a CloudFormation stack set',
  // AWS Config recorder role: the trust-policy example in the Config developer guide uses AWS:SourceAccount.
  'config.amazonaws.com': 'an AWS Config recorder',
  // EventBridge rule targets: the rule ARN is the aws:SourceArn when EventBridge assumes the target role.
  'events.amazonaws.com': 'an EventBridge rule',
  // EventBridge Scheduler execution role: documented with aws:SourceAccount / aws:SourceArn of the schedule group.
  'scheduler.amazonaws.com': 'an EventBridge schedule',
  // EventBridge Pipes execution role: documented with aws:SourceAccount / aws:SourceArn of the pipe.
  'pipes.amazonaws.com': 'an EventBridge pipe',
  // CloudWatch Logs subscription-filter / destination roles: documented with aws:SourceArn arn:aws:logs:<region>:<account>:*.
  'logs.amazonaws.com': 'a CloudWatch Logs subscription',
  // VPC Flow Logs publishing role: documented with aws:SourceAccount and aws:SourceArn (vpc-flow-log/*).
  'vpc-flow-logs.amazonaws.com': 'a VPC flow log',
  // S3 replication role: the replication permissions page adds aws:SourceAccount / aws:SourceArn of the source bucket.
  's3.amazonaws.com': 'an S3 bucket (replication)',
  // SNS delivery-status logging and Firehose subscription roles: the topic is the source (named by rules.md FL107).
  'sns.amazonaws.com': 'an SNS topic',
  // Step Functions state machine role: documented "cross-service confused deputy prevention" trust example.
  'states.amazonaws.com': 'a Step Functions state machine',
  // CodeBuild service role: documented with aws:SourceAccount / aws:SourceArn of the project.
  'codebuild.amazonaws.com': 'a CodeBuild project',
  // Systems Manager hybrid-activation service role: documented with aws:SourceAccount / aws:SourceArn arn:aws:ssm:*.
  'ssm.amazonaws.com': 'a Systems Manager hybrid activation',
  // AWS IoT rule actions and Device Defender roles: documented cross-service confused deputy prevention page.
  'iot.amazonaws.com': 'an AWS IoT rule',
};

/** Condition keys that say which resource (or whose) the service acts for (sts-semantics.md §2.6, §7.2). */
const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];
const isSourceKey = (key: string) => SOURCE_KEYS.some((k) => k.toLowerCase() === key.toLowerCase());

/** A source key pinned by a positive operator with a value that is not only wildcards (unknown values count). */
function sourcePin(stmt: Statement, ifExistsToo: boolean) {
  return stmt.conditions.find((c) => {
    if (!isSourceKey(c.key) || c.values.length === 0) return false;
    const op = operatorParts(c.operator);
    if (op.negated || op.base === 'Null' || op.set === 'ForAllValues' || (op.ifExists && !ifExistsToo)) return false;
    if (!/^(String|Arn)/i.test(op.base)) return false;
    return stringValues(c).every((v) => !isWildcardOnly(v));
  });
}

/**
 * A Deny in the same document that refuses the service whenever the source is not the expected one: every condition
 * negated on a source key (a negated operator is true when the key is absent, sts-semantics.md §9.2), principal the
 * service or `"*"`, and no Fn::If guard the Allow does not share.
 */
function denyGuard(doc: PolicyDocument, allow: Statement, service: string): boolean {
  return doc.statements.some((s) => {
    if (s.effect !== 'Deny' || s.conditions.length === 0 || !statementCoversAction(s, 'sts:AssumeRole')) return false;
    if (!s.when.every((g) => allow.when.some((h) => h.condition === g.condition && h.value === g.value))) return false;
    const hits = (s.principals ?? []).some((p) => {
      const parsed = parsePrincipal(p);
      return parsed.kind === 'public' || (parsed.kind === 'service' && canonicalService(parsed.text) === service);
    });
    return hits && s.conditions.every((c) => isSourceKey(c.key) && operatorParts(c.operator).negated && stringValues(c).every((v) => !isWildcardOnly(v)));
  });
}

const messages = {
  noSourcePin:
    '{{owner}} trusts {{service}} with no aws:SourceAccount or aws:SourceArn condition: the service can use this role for {{resource}} in any AWS account that names it (cross-service confused deputy).',
  ifExistsOnly:
    '{{owner}} trusts {{service}} with {{operator}} on {{key}} only: the …IfExists form passes when the service sends no source key, so the role is not tied to your resources.',
};

export default defineRule({
  id: 'FL107',
  name: 'service-trust-confused-deputy',
  severity: 'low',
  tags: ['trust', 'service', 'confused-deputy'],
  scope: 'document',
  since: '0.1.0',
  short: 'A service that acts for other accounts\' resources is trusted without aws:SourceAccount or aws:SourceArn.',
  full:
    'Services such as EventBridge, AWS Config, CloudWatch Logs, S3 replication or CloudFormation StackSets assume a role on behalf of a resource, and every AWS customer can create such resources. A trust that names only the service principal lets the service use the role for whichever resource names it, so a resource in another account can make the service act with this role (the cross-service confused deputy). `aws:SourceAccount`, `aws:SourceArn` (or `aws:SourceOrgID`) tell the role which resources it serves. Compute services that run your own code with the role (EC2, Lambda, ECS tasks) are not reported.',
  help: [
    'Pin the resources the service may act for. `aws:SourceAccount` allows any resource of the account; `aws:SourceArn` one resource (or a pattern). Prefer ARN operators for `aws:SourceArn`, and use both keys when the source ARN has no account (S3 buckets).',
    '',
    '```yaml',
    'Principal:',
    '  Service: events.amazonaws.com',
    'Action: sts:AssumeRole',
    'Condition:',
    '  StringEquals:',
    '    aws:SourceAccount: !Ref AWS::AccountId',
    '  ArnLike:',
    '    aws:SourceArn: !Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/nightly-*',
    '```',
    '',
    'Do not use the `…IfExists` forms: they pass when the key is absent.',
  ].join('\n'),
  references: [
    { title: 'IAM User Guide: The confused deputy problem (cross-service)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention' },
    { title: 'Global condition keys: aws:SourceAccount', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount' },
    { title: 'Global condition keys: aws:SourceArn', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn' },
  ],
  semantics: ['sts-semantics.md#72-confused-deputy-protection', 'sts-semantics.md#26-condition-keys-relevant-to-trust-policies'],
  messages,
  check(ctx) {
    for (const { doc, stmt } of ctx.trustStatements()) {
      if (stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'sts:AssumeRole')) continue;
      if (sourcePin(stmt, false)) continue;
      for (const p of stmt.principals ?? []) {
        const parsed = parsePrincipal(p);
        if (parsed.kind !== 'service') continue;
        const service = canonicalService(parsed.text);
        const resource = CONFUSED_DEPUTY_SERVICES[service];
        if (!resource || denyGuard(doc, stmt, service)) continue;
        const loose = sourcePin(stmt, true);
        const data = { owner: ctx.ownerLabel(doc), service: parsed.text, resource };
        if (loose) ctx.report({ messageId: 'ifExistsOnly', data: { ...data, operator: loose.operator, key: loose.key }, at: loose.source, when: stmt.when, key: [doc.owner.id, service] });
        else ctx.report({ messageId: 'noSourcePin', data, at: p.source, when: stmt.when, key: [doc.owner.id, service] });
      }
    }
  },
});
