import { isUnknown } from '../../src/model/index.js';
import { defineRule } from '../../src/rule-kit/index.js';

export default defineRule({
  id: 'FL302',
  name: 'user-long-term-keys',
  severity: 'medium',
  tags: ['identity', 'long-term-credentials'],
  scope: 'model',
  since: '0.1.0',
  short: 'The template creates a long-term access key for an IAM user.',
  full:
    'An `AWS::IAM::AccessKey` is a credential that never expires: it works until someone deletes or deactivates it, and it ends up in CI variables, config files and laptops, from where it leaks. Keys created by a template are worse: the secret is returned to the stack, and when it is put in an `Output` (or exported) anyone who can describe the stack can read it in clear text. Workloads get temporary credentials from a role instead (instance profile, task role, OIDC federation).',
  help: [
    'Remove the access key and give the workload a role. Where a key cannot be avoided, create it outside the template and keep the secret in Secrets Manager, never in an Output:',
    '',
    '```yaml',
    'DeployRole:',
    '  Type: AWS::IAM::Role',
    '  Properties:',
    '    AssumeRolePolicyDocument:',
    '      Version: "2012-10-17"',
    '      Statement:',
    '        - Effect: Allow',
    '          Principal:',
    '            Federated: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com',
    '          Action: sts:AssumeRoleWithWebIdentity',
    '          Condition:',
    '            StringEquals:',
    '              token.actions.githubusercontent.com:aud: sts.amazonaws.com',
    '              token.actions.githubusercontent.com:sub: repo:example-org/app:ref:refs/heads/main',
    '```',
  ].join('\n'),
  references: [
    { title: 'Security best practices in IAM: require workloads to use temporary credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles' },
    { title: 'Manage access keys for IAM users', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html' },
    { title: 'AWS::IAM::AccessKey (CloudFormation)', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-accesskey.html' },
  ],
  semantics: ['sts-semantics.md#11-comparison-table', 'sts-semantics.md#81-cloudformation-resource-properties'],
  messages: {
    accessKey: 'Access key {{key}} gives IAM user {{user}} a long-term credential that never expires: it stays usable from anywhere until someone deactivates or deletes it.',
    accessKeyExposed:
      'Access key {{key}} gives IAM user {{user}} a long-term credential that never expires, and its secret is written to {{outputs}}: anyone who can read those outputs (a stack\'s outputs and exports, or the Terraform state) can use it.',
  },
  check(ctx) {
    const users = ctx.entities('user');
    for (const key of ctx.entities('access-key')) {
      // sts-semantics.md §8.1: UserName is a user name (a Ref gives the template user's name).
      const name = key.user.value;
      const user = isUnknown(name) ? undefined : users.find((u) => u.file === key.file && u.name === name);
      const userText = user ? user.id : isUnknown(name) ? name.toString() : name;
      const exposed = key.secretExposedAt;
      const outputs = [...new Set(exposed.map((s) => s.pointer.split('/')[2] ?? 'Outputs'))].map((o) => `output ${o.replace(/~1/g, '/').replace(/~0/g, '~')}`);
      ctx.report({
        messageId: exposed.length > 0 ? 'accessKeyExposed' : 'accessKey',
        data: exposed.length > 0 ? { key: key.id, user: userText, outputs: outputs.join(', ') } : { key: key.id, user: userText },
        at: key.idSource,
        related: exposed.map((s) => ({ source: s, message: `secret access key of ${key.id} exposed here` })),
        when: key.when,
        key: [key.id, userText],
      });
    }
  },
});
