import type { Guard } from '../model/index.js';

const sameGuard = (a: Guard, b: Guard) => a.condition === b.condition && a.value === b.value;
const sortGuards = (g: Guard[]) => [...g].sort((a, b) => (a.condition < b.condition ? -1 : a.condition > b.condition ? 1 : 0));

/**
 * Reduce the Fn::If branch sets under which one finding holds: `[C=true]` and `[C=false]` become `[]`
 * (it holds whatever C is), and a set that contains another one is dropped (the smaller set already covers it).
 */
export function mergeGuards(whens: Guard[][]): Guard[][] {
  let sets = whens.map(sortGuards);
  for (let changed = true; changed; ) {
    changed = false;
    outer: for (let i = 0; i < sets.length; i++) {
      for (let j = 0; j < sets.length; j++) {
        if (i === j) continue;
        const [a, b] = [sets[i], sets[j]];
        if (a.every((g) => b.some((h) => sameGuard(g, h)))) {
          sets = sets.filter((_, k) => k !== j);
          changed = true;
          break outer;
        }
        if (a.length !== b.length) continue;
        const diff = a.filter((g) => !b.some((h) => sameGuard(g, h)));
        if (diff.length === 1 && b.some((h) => h.condition === diff[0].condition)) {
          const merged = a.filter((g) => g.condition !== diff[0].condition);
          sets = [...sets.filter((_, k) => k !== i && k !== j), merged];
          changed = true;
          break outer;
        }
      }
    }
  }
  return sets;
}
