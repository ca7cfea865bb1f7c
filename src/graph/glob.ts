import { wildcardMatch } from './conditions.js';

/** IAM wildcard matching (`*` any run, `?` one character), case-insensitive as IAM actions are (sts-semantics.md §9.4). */
export function globMatch(pattern: string, value: string, caseSensitive = false): boolean {
  return wildcardMatch(pattern, value, { ignoreCase: !caseSensitive });
}

/** Whether some string matches both wildcard patterns (used to compare an action pattern with a pattern list). */
export function globsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (i < x.length && x[i] === '*') r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === '*') r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i < x.length && j < y.length && (x[i] === y[j] || x[i] === '?' || y[j] === '?')) r = go(i + 1, j + 1);
    else r = false;
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}
