/**
 * A value the loader could not resolve (a parameter without default, an ImportValue,
 * an attribute of a resource outside the scan …). Rules must never treat it as a literal.
 */
export class Unknown {
  readonly kind = 'unknown' as const;
  constructor(
    /** Why it is unknown, in words a user understands: "Fn::ImportValue SharedAccountId". */
    readonly reason: string,
    /** What is known of the string around the unknown part, with `?` for the unknown bits. */
    readonly partial?: string,
    /** `missing-reference`: the target is not in the scan (FL005). */
    readonly cause: 'missing-reference' | 'import' | 'parameter' | 'unsupported' | 'computed' = 'computed',
  ) {}

  toString(): string {
    return this.partial ?? `<unresolved: ${this.reason}>`;
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** The symbolic account ID of the stack or module a file is deployed to. */
export const SELF_ACCOUNT = '${AWS::AccountId}';
