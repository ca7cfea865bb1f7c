import { assumptions, type Reach, reachersOf } from '../../src/graph/paths.js';
import { entityName } from '../../src/graph/trust-graph.js';
import { userPolicyDocuments } from '../../src/rule-kit/identity.js';
import { defineRule, pathSummary, permissionSensitivity } from '../../src/rule-kit/index.js';

export default defineRule({
  id: 'FL603',
  name: 'escalation-path',
  severity: 'high',
  tags: ['graph', 'escalation'],
  scope: 'graph',
  since: '0.1.0',
  short: 'A principal reaches a sensitive role it could not assume directly: by AssumeRole chains, rewriting a trust policy, passing a role to a service, or taking another user\'s credentials.',
  full:
    'A role or user that holds no sensitive permissions and cannot assume a sensitive role directly may still end up with its session. The trust graph adds, next to the AssumeRole hops that trust policies grant, the escalations that identity permissions grant inside an account: `iam:UpdateAssumeRolePolicy` on a role (rewrite its trust, then assume it); `iam:PassRole` on a role that trusts a service, together with the actions that make the service run with it (EC2 `RunInstances`, Lambda `CreateFunction` + `InvokeFunction`, CloudFormation stacks, CodeBuild, Glue, SageMaker, ECS tasks); `iam:Put*Policy`/`iam:Attach*Policy` on oneself or one\'s group and `iam:CreatePolicyVersion` on one\'s own customer managed policy (grant oneself anything, so every role of the account); `iam:CreateAccessKey` and login-profile changes on another user (their credentials). `sts:GetFederationToken` is drawn too, but a federated-user session can call no STS API (sts-semantics.md §0 R8) and leads nowhere. The rule searches backwards from each sensitive role and reports it once, naming the principals that reach it and showing the shortest path from each. MFA is carried along: a hop whose trust requires MFA is open to a user (who can present it) and to a role session only when `mfaSurvivesChaining` (§10 item 1). Paths through another sensitive role are left to that role\'s own findings.',
  help: [
    'Take away the step that escalates: scope `iam:PassRole` to the roles the workload may pass (and pin `iam:PassedToService`), do not grant `iam:UpdateAssumeRolePolicy` or policy-writing actions on roles and users outside the caller\'s remit, and remove `sts:AssumeRole` on roles that chain to the sensitive one:',
    '',
    '```yaml',
    '- Effect: Allow',
    '  Action: iam:PassRole',
    '  Resource: !GetAtt AppFunctionRole.Arn        # not "*"',
    '  Condition:',
    '    StringEquals: { "iam:PassedToService": lambda.amazonaws.com }',
    '```',
    '',
    '`fedlint explain <role>` lists every path to a role; `fedlint graph --focus <role>` draws them.',
  ].join('\n'),
  references: [
    { title: 'Granting a user permissions to pass a role to an AWS service', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html' },
    { title: 'Using an IAM role to grant permissions to applications running on Amazon EC2 instances', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html' },
    { title: 'Methods to assume a role (role chaining)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html' },
  ],
  semantics: ['sts-semantics.md#0-quick-rules-for-the-simulator', 'sts-semantics.md#73-ec2-instance-profiles', 'sts-semantics.md#62-getfederationtoken-specifics'],
  messages: {
    escalation: 'Sensitive {{role}} ({{reason}}) can be reached by {{count}} that cannot assume it directly: {{entries}}.',
  },
  check(ctx) {
    const graph = ctx.graph();
    const sensitiveRoles = new Map(ctx.entities('role').filter((r) => ctx.sensitivity(r).sensitive).map((r) => [graph.nodeOf(r), r]));
    if (!sensitiveRoles.size) return;
    // Principals that already hold sensitive permissions escalate to nothing new.
    const sensitiveUsers = new Set(ctx.entities('user').filter((u) => permissionSensitivity(userPolicyDocuments(u, ctx.model.entities).map((doc) => ({ doc, label: '' })), ctx.settings).sensitive).map((u) => graph.nodeOf(u)));
    const held = (id: string) => sensitiveRoles.has(id) || sensitiveUsers.has(id);
    for (const [id, role] of [...sensitiveRoles].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const reaches = reachersOf(graph, id, { mfaSurvivesChaining: ctx.settings.mfaSurvivesChaining, stopAt: held }).filter((r) => !held(r.entry) && !direct(r));
      if (!reaches.length) continue;
      const { count, named, paths, entries, when } = pathSummary(graph, reaches, ctx.settings.maxPaths);
      ctx.report({
        messageId: 'escalation',
        data: { role: `role ${entityName(role)}`, reason: ctx.sensitivity(role).reasons[0] ?? 'sensitive', count: count === 1 ? '1 principal' : `${count} principals`, entries: named },
        at: role.idSource,
        paths,
        when,
        entries,
        key: [role.id],
      });
    }
  },
});

/** One AssumeRole call the trust allows the principal: it can assume the role directly. */
function direct(r: Reach): boolean {
  const calls = assumptions(r.hops);
  return calls.length === 1 && calls[0].action === undefined;
}

