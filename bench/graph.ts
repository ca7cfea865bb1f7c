/**
 * Trust-graph benchmark: generated estates of roles with random trust and identity policies (account and role trusts,
 * services, outside accounts, GitHub OIDC, MFA conditions, role hops, PassRole and trust-rewriting escalations),
 * loaded like any scan, then the graph built and every path rule run over it (FL503, FL601–FL605). Prints, per size,
 * the load time (parse + load, for scale), graph build time, the path rules' time, edges, the cost per 1,000 edges
 * (flat when cost grows linearly with edges) and the peak RSS. It never fails; it prints figures.
 *
 *   node --import tsx bench/graph.ts            # 1,000 and 10,000 roles
 *   node --import tsx bench/graph.ts --large    # also 50,000
 *
 * Target (issue 4): 10,000 roles, graph and all path rules, under 2 s on one core.
 */
import { RULES } from '../rules/index.js';
import { scanInputs } from '../src/cli/scan.js';
import { runRules } from '../src/engine/index.js';
import { buildTrustGraph } from '../src/graph/trust-graph.js';
import { DEFAULT_SETTINGS } from '../src/rule-kit/index.js';

const ROLES_PER_TEMPLATE = 200;
const ACCOUNT = '111122223333';

/** A small deterministic PRNG (mulberry32), so every run builds the same estate. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` roles in templates of 200: trusts of the account (a third of them with MFA), another role, a service, an
 * outside account or GitHub; a third may assume a role (a few any role); one in fifty may pass `ops-*` roles to EC2,
 * one in a hundred may rewrite one role's trust; one in twenty is an administrator. */
export function estate(n: number): Array<{ rel: string; bytes: Uint8Array }> {
  const rnd = random(n);
  const pick = (k: number) => Math.floor(rnd() * k);
  const files: Array<{ rel: string; bytes: Uint8Array }> = [];
  for (let t = 0; t * ROLES_PER_TEMPLATE < n; t++) {
    const resources: Record<string, unknown> = {};
    for (let i = t * ROLES_PER_TEMPLATE; i < Math.min(n, (t + 1) * ROLES_PER_TEMPLATE); i++) {
      const r = rnd();
      const mfa = r < 0.35 && rnd() < 0.33 ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {};
      const principal =
        r < 0.35 ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
        : r < 0.75 ? { AWS: `arn:aws:iam::${ACCOUNT}:role/r${pick(n)}` }
        : r < 0.9 ? { Service: 'ec2.amazonaws.com' }
        : r < 0.97 ? { AWS: `arn:aws:iam::${String(100000000000 + pick(50))}:root` }
        : { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` };
      const action = 'Federated' in principal ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole';
      const policies = [];
      if (rnd() < 0.33) policies.push({ PolicyName: 'hop', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: rnd() < 0.05 ? '*' : `arn:aws:iam::${ACCOUNT}:role/r${pick(n)}` }] } });
      const e = rnd();
      if (e < 0.02) policies.push({ PolicyName: 'launch', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: `arn:aws:iam::${ACCOUNT}:role/ops-*` }] } });
      else if (e < 0.03) policies.push({ PolicyName: 'trust-edit', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: `arn:aws:iam::${ACCOUNT}:role/r${pick(n)}` }] } });
      resources[`R${i}`] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: i % 10 === 0 ? `ops-r${i}` : `r${i}`,
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...mfa }] },
          ...(policies.length ? { Policies: policies } : {}),
          ...(rnd() < 0.05 ? { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } : {}),
        },
      };
    }
    files.push({ rel: `estate/t${t}.json`, bytes: new TextEncoder().encode(JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources })) });
  }
  return files;
}

const PATH_RULES = RULES.filter((r) => r.id.startsWith('FL6') || r.id === 'FL503');

function run(n: number): void {
  const files = estate(n);
  const settings = { ...DEFAULT_SETTINGS, accounts: { [ACCOUNT]: { paths: ['estate/**'] } } };
  let t = performance.now();
  const { model } = scanInputs(files, [], settings);
  const loadMs = performance.now() - t;
  t = performance.now();
  const graph = buildTrustGraph(model, settings.accounts);
  const buildMs = performance.now() - t;
  t = performance.now();
  // The rules build their own graph (lazily, once); their time is what remains.
  const { findings } = runRules(PATH_RULES, model, settings);
  const rulesMs = performance.now() - t - buildMs;
  const edges = graph.edges.length;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const count = (id: string) => findings.filter((f) => f.ruleId === id).length;
  const f = (x: number) => `${x.toFixed(0).padStart(7)} ms`;
  console.log(
    `${String(n).padStart(6)} roles  ${String(edges).padStart(8)} edges  load ${f(loadMs)}  graph ${f(buildMs)}  path rules ${f(rulesMs)}  graph+rules per 1k edges ${((buildMs + rulesMs) / (edges / 1000)).toFixed(2).padStart(6)} ms  findings FL601 ${count('FL601')} FL602 ${count('FL602')} FL603 ${count('FL603')} FL604 ${count('FL604')} FL605 ${count('FL605')} FL503 ${count('FL503')}  peak RSS ${rssMb.toFixed(0)} MB`,
  );
}

if (process.argv[1]?.endsWith('graph.ts')) {
  const sizes = [1000, 10000, ...(process.argv.includes('--large') ? [50000] : [])];
  console.log(`fedlint trust-graph benchmark, node ${process.version}: graph build and every path rule (FL503, FL601–FL605)`);
  for (const n of sizes) run(n);
}
