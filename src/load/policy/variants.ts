import type { Guard } from '../../model/index.js';
import { isUnknown, pointerSegment } from '../../model/index.js';

/** At most this many distinct Fn::If conditions are expanded per value (2^n variants). */
const MAX_CONDITIONS = 5;

export interface Variant {
  value: unknown;
  /** The branch chosen for every Fn::If condition met while building this variant. */
  choices: Map<string, boolean>;
  /** Original pointers of the Fn::If nodes met, with the branch taken. */
  ifs: Array<{ pointer: string; guard: Guard }>;
  /** Variant pointer → original pointer, where they differ; look up the nearest recorded ancestor. */
  origin: Map<string, string>;
}

export const NO_VALUE = Symbol('AWS::NoValue');

function isNoValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && (v as Record<string, unknown>).Ref === 'AWS::NoValue';
}

function conditionNames(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) v.forEach((x) => conditionNames(x, out));
  else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const f = o['Fn::If'];
    if (Array.isArray(f) && typeof f[0] === 'string') out.add(f[0]);
    Object.values(o).forEach((x) => conditionNames(x, out));
  }
}

/**
 * Every combination of the Fn::If conditions used inside `value`: each variant has the chosen
 * branches in place, AWS::NoValue removed, and a map back to the original pointers.
 */
export function expandIfs(value: unknown): Variant[] {
  const names = new Set<string>();
  conditionNames(value, names);
  const conds = [...names].sort().slice(0, MAX_CONDITIONS);
  const combos = 1 << conds.length;
  const out: Variant[] = [];
  for (let c = 0; c < combos; c++) {
    const choices = new Map<string, boolean>();
    conds.forEach((name, i) => choices.set(name, (c & (1 << i)) === 0));
    out.push(build(value, choices));
  }
  return out;
}

function build(root: unknown, choices: Map<string, boolean>): Variant {
  const origin = new Map<string, string>();
  const ifs: Variant['ifs'] = [];
  const walk = (v: unknown, vp: string, op: string): unknown => {
    if (vp !== op) origin.set(vp, op);
    if (isNoValue(v)) return NO_VALUE;
    if (isUnknown(v)) return v;
    if (Array.isArray(v)) {
      const arr: unknown[] = [];
      v.forEach((x, i) => {
        const r = walk(x, `${vp}/${arr.length}`, `${op}/${i}`);
        if (r !== NO_VALUE) arr.push(r);
      });
      return arr;
    }
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      const f = o['Fn::If'];
      if (Object.keys(o).length === 1 && Array.isArray(f) && typeof f[0] === 'string' && f.length === 3) {
        const branch = choices.get(f[0]) ?? true;
        ifs.push({ pointer: op, guard: { condition: f[0], value: branch } });
        return walk(branch ? f[1] : f[2], vp, `${op}/Fn::If/${branch ? 1 : 2}`);
      }
      const obj: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) {
        const seg = pointerSegment(k);
        const r = walk(x, `${vp}/${seg}`, `${op}/${seg}`);
        if (r !== NO_VALUE) obj[k] = r;
      }
      return obj;
    }
    return v;
  };
  const value = walk(root, '', '');
  return { value: value === NO_VALUE ? null : value, choices, ifs, origin };
}

/** Original pointer of a variant pointer. */
export function originalPointer(variant: Variant, pointer: string): string {
  let p = pointer;
  for (;;) {
    const o = variant.origin.get(p);
    if (o !== undefined) return o + pointer.slice(p.length);
    if (p === '') return pointer;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The Fn::If choices that decide the subtree at `originalPtr` (inside it or on its path). */
export function guardsFor(variant: Variant, originalPtr: string): Guard[] {
  const seen = new Map<string, Guard>();
  for (const { pointer, guard } of variant.ifs) {
    if (pointer === originalPtr || pointer.startsWith(originalPtr + '/') || originalPtr.startsWith(pointer + '/')) seen.set(guard.condition, guard);
  }
  return [...seen.values()].sort((a, b) => (a.condition < b.condition ? -1 : a.condition > b.condition ? 1 : 0));
}
