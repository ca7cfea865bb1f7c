/**
 * Trust-graph benchmark: generated estates of roles with random trust and identity policies, loaded like any scan,
 * then the graph built and the FL601 path search run over it. Prints, per size, the load time (parse + load, for
 * scale), graph build time, path search time, edges, the cost per 1,000 edges (flat when cost grows linearly with
 * edges) and the peak RSS. It never fails; it prints figures.
 *
 *   node --import tsx bench/graph.ts            # 1,000 and 10,000 roles
 *   node --import tsx bench/graph.ts --large    # also 50,000
 *
 * Target (issue 4): 10,000 roles, graph and all path rules, under 2 s on one core.
 */
import { scanInputs } from '../src/cli/scan.js';
import { shortestPaths } from '../src/graph/paths.js';
import { buildTrustGraph } from '../src/graph/trust-graph.js';
import { DEFAULT_SETTINGS, roleSensitivity } from '../src/rule-kit/index.js';

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

/** `n` roles in templates of 200: trusts of the account, another role, a service, an outside account or GitHub; a
 * third may assume a role (a few any role); one in twenty is an administrator. */
export function estate(n: number): Array<{ rel: string; bytes: Uint8Array }> {
  const rnd = random(n);
  const pick = (k: number) => Math.floor(rnd() * k);
  const files: Array<{ rel: string; bytes: Uint8Array }> = [];
  for (let t = 0; t * ROLES_PER_TEMPLATE < n; t++) {
    const resources: Record<string, unknown> = {};
    for (let i = t * ROLES_PER_TEMPLATE; i < Math.min(n, (t + 1) * ROLES_PER_TEMPLATE); i++) {
      const r = rnd();
      const principal =
        r < 0.35 ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
        : r < 0.75 ? { AWS: `arn:aws:iam::${ACCOUNT}:role/r${pick(n)}` }
        : r < 0.9 ? { Service: 'ec2.amazonaws.com' }
        : r < 0.97 ? { AWS: `arn:aws:iam::${String(100000000000 + pick(50))}:root` }
        : { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` };
      const action = 'Federated' in principal ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole';
      const policies = [];
      if (rnd() < 0.33) policies.push({ PolicyName: 'hop', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: rnd() < 0.05 ? '*' : `arn:aws:iam::${ACCOUNT}:role/r${pick(n)}` }] } });
      resources[`R${i}`] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: `r${i}`,
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action }] },
          ...(policies.length ? { Policies: policies } : {}),
          ...(rnd() < 0.05 ? { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } : {}),
        },
      };
    }
    files.push({ rel: `estate/t${t}.json`, bytes: new TextEncoder().encode(JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources })) });
  }
  return files;
}

function run(n: number): void {
  const files = estate(n);
  let t = performance.now();
  const { model } = scanInputs(files, [], DEFAULT_SETTINGS);
  const loadMs = performance.now() - t;
  t = performance.now();
  const graph = buildTrustGraph(model, { [ACCOUNT]: { paths: ['estate/**'] } });
  const buildMs = performance.now() - t;
  t = performance.now();
  const sensitive = new Set(model.entities.flatMap((e) => (e.kind === 'role' && roleSensitivity(e, DEFAULT_SETTINGS).sensitive ? [graph.nodeOf(e)] : [])));
  const entries = [...graph.nodes.values()].filter((x) => x.kind !== 'role' && x.kind !== 'user').map((x) => x.id);
  const reached = shortestPaths(graph, entries, (id) => sensitive.has(id));
  const pathMs = performance.now() - t;
  const edges = graph.edges.length;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const f = (x: number) => `${x.toFixed(0).padStart(7)} ms`;
  console.log(`${String(n).padStart(6)} roles  ${String(edges).padStart(8)} edges  load ${f(loadMs)}  graph ${f(buildMs)}  paths ${f(pathMs)}  graph+paths per 1k edges ${((buildMs + pathMs) / (edges / 1000)).toFixed(2).padStart(6)} ms  sensitive reached ${String(reached.size).padStart(5)}/${sensitive.size}  peak RSS ${rssMb.toFixed(0)} MB`);
}

if (process.argv[1]?.endsWith('graph.ts')) {
  const sizes = [1000, 10000, ...(process.argv.includes('--large') ? [50000] : [])];
  console.log(`fedlint trust-graph benchmark, node ${process.version}, entry points: outside accounts, GitHub OIDC, services`);
  for (const n of sizes) run(n);
}
