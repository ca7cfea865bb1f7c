/**
 * A service principal in its global form: regional names (`logs.us-east-1.amazonaws.com`, or
 * `logs.${AWS::Region}.amazonaws.com` from a template) and China-partition names (`…amazonaws.com.cn`) map to
 * `<service>.amazonaws.com`, lower-cased (sts-semantics.md §7.1: the format is usually `<service>.amazonaws.com`,
 * with exceptions in other partitions).
 */
export function canonicalService(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com')
    .replace(/\.\$\{aws::region\}\.amazonaws\.com$/, '.amazonaws.com');
  return s.replace(/^(.+?)\.[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d\.amazonaws\.com$/, '$1.amazonaws.com');
}
