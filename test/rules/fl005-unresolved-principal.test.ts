import rule from '../../rules/inputs/fl005-unresolved-principal.js';
import { ruleTester } from '../helpers/rule-tester.js';

const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

ruleTester(rule, {
  valid: [
    // An account export lists no identity providers: a deployed role's trust in its own account's provider (IAM
    // Identity Center's SSO roles) is not reported as undefined.
    'good-account-export-sso.json',
    // Terraform plan: the SAML provider is created by the same plan.
    'good-tfplan.json',
    // Terraform: the role, the SAML provider and the variable's default are all in the module.
    'good-defined-references.tf',
    // Providers defined in the template, built-in web identity providers, and values unknown by design
    // (a parameter without default, an Fn::ImportValue) are not FL005.
    'good-defined-providers.yaml',
    'good-shared-providers.yaml',
    // The providers come from the shared stack: scanned together, the trust resolves.
    { fixture: 'bad-provider-in-other-stack.yaml', with: ['good-shared-providers.yaml'] },
    // …or the config lists them (the stack's own account is symbolic, so any account of that name matches).
    { fixture: 'bad-provider-in-other-stack.yaml', settings: { knownProviders: [GITHUB, 'arn:aws:iam::111122223333:saml-provider/EntraID'] } },
    { fixture: 'bad-undefined-provider.json', settings: { knownProviders: ['arn:aws:iam::111122223333:saml-provider/*'] } },
  ],
  invalid: [
    {
      // Terraform plan: a trust policy that refers to a role of the same apply is only known after apply (`after_unknown`),
      // reported at the values of the role; a SAML provider named by ARN that the plan does not create.
      fixture: 'bad-tfplan.json',
      findings: [
        { messageId: 'trustNotEvaluated', line: 33, column: 21, endLine: 41, endColumn: 12, includes: ['Role aws_iam_role.deploy', 'known after apply'] },
        { messageId: 'undefinedProvider', line: 52, column: 228, endColumn: 276, includes: ['Role aws_iam_role.okta_admin', 'SAML provider', 'saml-provider/Okta'] },
      ],
    },
    {
      fixture: 'bad-unevaluated-trust.yaml',
      findings: [
        { messageId: 'trustNotEvaluated', line: 7, column: 33, includes: ['Role SharedTrustRole', 'Fn::ImportValue shared-trust-policy'] },
        { messageId: 'notEvaluated', line: 16, column: 20, includes: ['Role EncodedRole', 'Fn::Base64 is not evaluated'] },
      ],
    },
    {
      // Terraform: a reference to a resource not in the module, a variable without default, an undefined SAML provider.
      fixture: 'bad-unresolved-references.tf',
      findings: [
        { messageId: 'missingReference', line: 13, column: 29, endColumn: 55, includes: ['Role aws_iam_role.deploy', 'aws_iam_role.ci_runner.arn refers to a resource that is not in this module'] },
        { messageId: 'decidedAtDeployment', line: 18, column: 29, endColumn: 69, includes: ['Role aws_iam_role.deploy', 'variable ci_account_id has no default'] },
        { messageId: 'undefinedProvider', line: 23, column: 35, endColumn: 81, includes: ['Role aws_iam_role.deploy', 'SAML provider', 'saml-provider/Okta'] },
      ],
    },
    {
      fixture: 'bad-deploy-time-principals.yaml',
      findings: [
        { messageId: 'decidedAtDeployment', line: 20, column: 19, includes: ['Role CrossAccountRole', 'parameter TrustedAccountId has no default'] },
        { messageId: 'decidedAtDeployment', line: 21, column: 19, includes: ['Fn::ImportValue shared-tooling-account-arn'] },
      ],
    },
    {
      fixture: 'bad-missing-references.yaml',
      findings: [
        { messageId: 'missingReference', line: 25, column: 20, endColumn: 44, includes: ['Role CatalogDeployRole', 'no resource DeployerRole in this template'], when: [] },
        { messageId: 'missingReference', line: 29, column: 26, endColumn: 49, includes: ['Role CatalogDeployRole', 'Ref GithubOidcProvider'] },
        { messageId: 'missingReference', line: 44, column: 36, endColumn: 61, includes: ['Role CatalogOpsRole', 'no resource CentralCiRole'], when: [{ condition: 'CentralCi', value: true }] },
        { messageId: 'undefinedProvider', line: 48, column: 26, endColumn: 82, includes: ['Role CatalogOpsRole', 'SAML provider', 'saml-provider/Okta'] },
      ],
    },
    {
      fixture: 'bad-provider-in-other-stack.yaml',
      findings: [
        { messageId: 'undefinedProvider', line: 13, column: 26, endColumn: 101, includes: ['Role ReportingDeployRole', 'OIDC provider', GITHUB] },
        { messageId: 'undefinedProvider', line: 28, column: 26, endColumn: 99, includes: ['Role ReportingAnalystRole', 'saml-provider/EntraID'] },
      ],
    },
    {
      // A configured provider of another name does not cover this one.
      fixture: 'bad-undefined-provider.json',
      settings: { knownProviders: ['arn:aws:iam::111122223333:saml-provider/Okta'] },
      findings: [{ messageId: 'undefinedProvider', line: 8, column: 22, endColumn: 71, includes: ['bad-undefined-provider.json', 'arn:aws:iam::111122223333:saml-provider/AzureAD'] }],
    },
  ],
});
