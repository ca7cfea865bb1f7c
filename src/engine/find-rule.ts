/** A rule by ID or name, case-insensitive (style.md "Naming"). */
export function findRule<R extends { id: string; name: string }>(rules: readonly R[], idOrName: string): R | undefined {
  const k = idOrName.toLowerCase();
  return rules.find((r) => r.id.toLowerCase() === k || r.name.toLowerCase() === k);
}
