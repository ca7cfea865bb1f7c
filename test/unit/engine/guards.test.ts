import { describe, expect, it } from 'vitest';
import { mergeGuards } from '../../../src/engine/guards.js';

const g = (condition: string, value: boolean) => ({ condition, value });

describe('mergeGuards', () => {
  it('merges both branches of one condition into no guard', () => {
    expect(mergeGuards([[g('A', true)], [g('A', false)]])).toEqual([[]]);
  });
  it('keeps a finding that holds in one branch only', () => {
    expect(mergeGuards([[g('A', false)]])).toEqual([[g('A', false)]]);
  });
  it('merges all four combinations of two conditions', () => {
    expect(mergeGuards([[g('A', true), g('B', true)], [g('A', true), g('B', false)], [g('A', false), g('B', true)], [g('A', false), g('B', false)]])).toEqual([[]]);
  });
  it('keeps a resource Condition guard shared by both branches', () => {
    expect(mergeGuards([[g('R', true), g('A', true)], [g('A', false), g('R', true)]])).toEqual([[g('R', true)]]);
  });
  it('does not over-generalise diagonal branch pairs', () => {
    const out = mergeGuards([[g('A', true), g('B', true)], [g('A', false), g('B', false)]]);
    expect(out).toHaveLength(2);
  });
  it('drops a set that contains a smaller one', () => {
    expect(mergeGuards([[], [g('A', true)]])).toEqual([[]]);
  });
});
