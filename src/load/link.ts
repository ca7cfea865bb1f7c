import { awsManagedPolicy } from '../data/aws-managed-policies.js';
import { type AttachedPolicy, isUnknown, type Located, type ManagedPolicy, type Model, type PolicyDocument, type SourceRef } from '../model/index.js';
import { plainDocument } from './policy/normalize.js';

const AWS_MANAGED_ARN = /^arn:aws[\w-]*:iam::aws:policy\//;

/**
 * After every file is loaded: resolve managed policy ARNs to documents — AWS managed ones from the
 * checked-in table, customer managed ones from the scanned templates of the same file. A policy the same file
 * defines (an account export lists AWS managed policies too, with the document deployed) wins over the table.
 */
export function linkManagedPolicies(model: Model): void {
  const aws = new Map<string, PolicyDocument>();
  const awsDoc = (name: string, document: unknown, at: SourceRef): PolicyDocument => {
    // One copy per policy and file (large AWS policies list thousands of actions), located at its first attachment there.
    const key = `${name}\u0000${at.file}`;
    let d = aws.get(key);
    if (!d) {
      // Located at the attachment: the user wrote the ARN, not the policy.
      d = plainDocument({ kind: 'identity', owner: { type: 'managed-policy', id: name, policyName: name }, file: at.file, source: at, raw: document, locate: () => at });
      aws.set(key, d);
    }
    return d;
  };
  // Managed policies of each file by ARN (the first one wins, as the templates' order gives it).
  const scanned = new Map<string, ManagedPolicy>();
  for (const m of model.entities) if (m.kind === 'managed-policy' && !isUnknown(m.arn) && !scanned.has(`${m.file}\u0000${m.arn}`)) scanned.set(`${m.file}\u0000${m.arn}`, m);
  const resolve = (file: string, arn: Located): AttachedPolicy | undefined => {
    if (isUnknown(arn.value)) return undefined;
    const value = arn.value;
    const known = awsManagedPolicy(value);
    const customer = scanned.get(`${file}\u0000${value}`);
    // An account export lists the AWS managed policies it uses with their deployed document: that one wins.
    if (customer?.document) return { arn, document: customer.document, label: known || AWS_MANAGED_ARN.test(value) ? `AWS managed policy ${customer.id}` : `managed policy ${customer.id}` };
    return known ? { arn, document: awsDoc(known.name, known.document, arn.source), label: `AWS managed policy ${known.name}` } : undefined;
  };
  for (const e of model.entities) {
    if (e.kind !== 'role' && e.kind !== 'user' && e.kind !== 'group') continue;
    for (const arn of e.managedPolicyArns) {
      const a = resolve(e.file, arn);
      if (a && !e.policies.includes(a.document)) e.attached.push(a);
    }
    // The permissions boundary: the most the principal's identity policies can grant (sts-semantics.md §9.5).
    if (e.kind !== 'group' && e.permissionsBoundary) e.boundary = resolve(e.file, e.permissionsBoundary);
  }
}
