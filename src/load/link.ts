import { awsManagedPolicy } from '../data/aws-managed-policies.js';
import { isUnknown, type Model, type PolicyDocument, type SourceRef } from '../model/index.js';
import { plainDocument } from './policy/normalize.js';

/**
 * After every file is loaded: resolve managed policy ARNs to documents — AWS managed ones from the
 * checked-in table, customer managed ones from the scanned templates of the same file.
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
  for (const e of model.entities) {
    if (e.kind !== 'role' && e.kind !== 'user' && e.kind !== 'group') continue;
    for (const arn of e.managedPolicyArns) {
      if (isUnknown(arn.value)) continue;
      const value = arn.value;
      const known = awsManagedPolicy(value);
      if (known) {
        e.attached.push({ arn, document: awsDoc(known.name, known.document, arn.source), label: `AWS managed policy ${known.name}` });
        continue;
      }
      const customer = model.entities.find((m) => m.kind === 'managed-policy' && m.file === e.file && m.arn === value);
      if (customer?.kind === 'managed-policy' && customer.document && !e.policies.includes(customer.document))
        e.attached.push({ arn, document: customer.document, label: `managed policy ${customer.id}` });
    }
  }
}
