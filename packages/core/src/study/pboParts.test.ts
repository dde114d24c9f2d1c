/**
 * PBO in parts (pboBlocks, pboSteps, pboJoin): the sweep's threads each walk some of the
 * steps, and the result must be pbo()'s to the bit for any way of cutting the steps.
 */
import { describe, expect, it } from 'vitest';
import { seededUniforms } from './seededUniforms.js';
import { pbo, pboBlocks, pboJoin, pboRanges, pboStepCount, pboSteps, type PboBlocks, type PboResult } from './overfitting.js';

/** Seeded, so the cases are fixed. */
const uniforms = seededUniforms;

/** PBO from parts cut at `cuts` (step numbers, ascending), joined in reverse order. */
function inParts(p: PboBlocks, cuts: number[]): PboResult {
  const edges = [0, ...cuts, pboStepCount(p.blocks)];
  const parts = edges.slice(1).map((to, k) => pboSteps(p, edges[k], to));
  return pboJoin(p, parts.reverse());
}

/** Bit for bit: Object.is tells 0 from −0 and NaN from NaN, as toEqual on arrays of numbers would not say of bits. */
function expectSame(a: PboResult, b: PboResult) {
  expect(a.value).toBe(b.value);
  expect(a.splits).toBe(b.splits);
  expect(a.logits.length).toBe(b.logits.length);
  const differ = Array.from(a.logits).filter((x, k) => !Object.is(x, b.logits[k])).length;
  expect(differ).toBe(0);
}

/** Cuts into 1, 2, 3 and 7 parts as pboRanges makes them, uneven ones, and ones with empty parts. */
function cutsOf(blocks: number): number[][] {
  const steps = pboStepCount(blocks);
  const ranged = (parts: number) => pboRanges(blocks, parts).slice(1).map(([from]) => from);
  const uneven = [[1], [steps - 1], [3, 4, steps - 2], [0, 0, 2, 5, 5, steps - 1, steps]];
  return [[], ranged(2), ranged(3), ranged(7), ...uneven.map((c) => c.filter((x) => x >= 0 && x <= steps).sort((a, b) => a - b))];
}

describe('PBO in parts', () => {
  // Exact binary fractions (the hand-worked cases of overfitting.test.ts): good = (0.5, 0), bad = (0, −0.5).
  const good = [0.5, 0];
  const bad = [0, -0.5];

  it('gives pbo() exactly on the hand-worked cases (PBO = 1 and PBO = 0)', () => {
    const overfit = [
      [...good, ...good, ...bad, ...bad],
      [...bad, ...bad, ...good, ...good],
    ];
    const honest = [
      [...good, ...good, ...good, ...good],
      [...bad, ...bad, ...bad, ...bad],
    ];
    for (const [returns, value] of [
      [overfit, 1],
      [honest, 0],
    ] as const) {
      const whole = pbo(returns, 4);
      expect(whole.value).toBe(value);
      const p = pboBlocks(returns, 4)!;
      expect(pboStepCount(4)).toBe(3); // C(4, 2) / 2
      for (const cuts of cutsOf(4)) expectSame(inParts(p, cuts), whole);
    }
  });

  it('gives pbo() exactly on random returns, for any cut of the steps', () => {
    const u = uniforms(5);
    const returns = Array.from({ length: 60 }, () => Array.from({ length: 97 }, () => 0.1 * (u() - 0.48)));
    const whole = pbo(returns, 8);
    expect(whole.splits).toBe(70);
    const p = pboBlocks(returns, 8)!;
    for (const cuts of cutsOf(8)) expectSame(inParts(p, cuts), whole);
  });

  it('replays the sums in the walk\'s order: trials equal in exact arithmetic and not in floating point rank as one walk ranks them', () => {
    // Trial 2k + 1 is trial 2k with its first two blocks' returns swapped: on every half that
    // holds both blocks or neither their sums are equal in exact arithmetic, so which one ranks
    // first hangs on the last bit of sums reached by different additions. Sums recomputed from
    // scratch at a part's first step (instead of replayed) break some of these ties otherwise.
    const u = uniforms(8);
    const T = 64;
    const returns: number[][] = [];
    for (let k = 0; k < 40; k++) {
      const r = Array.from({ length: T }, () => 0.1 * (u() - 0.48));
      returns.push(r, [...r.slice(4, 8), ...r.slice(0, 4), ...r.slice(8)]);
    }
    const whole = pbo(returns, 16);
    const p = pboBlocks(returns, 16)!;
    for (const cuts of [[3217], [1000, 2000, 3000, 4000, 5000, 6000], [6434]]) expectSame(inParts(p, cuts), whole);
  });

  it('is undefined where pbo() is: one trial, too few months, trials that all return the same', () => {
    expect(pboBlocks([[0.1, 0.2, 0.3, 0.1, 0, 0.2, 0.1, 0]], 4)).toBeNull();
    expect(pboBlocks([new Array(31).fill(0.01), new Array(31).fill(0.02)], 16)).toBeNull();
    const r = [0.5, 0, 0, -0.5, 0.25, 0, 0.5, -0.25];
    expect(pboBlocks([r, [...r]], 4)).toBeNull();
  });

  it('refuses parts that leave a step out or walk one twice', () => {
    const p = pboBlocks([[...good, ...good, ...bad, ...bad], [...bad, ...bad, ...good, ...good]], 4)!;
    expect(() => pboJoin(p, [pboSteps(p, 0, 1), pboSteps(p, 2, 3)])).toThrow('expected steps from 1, found 2..3');
    expect(() => pboJoin(p, [pboSteps(p, 0, 2), pboSteps(p, 1, 3)])).toThrow('expected steps from 2, found 1..3');
    expect(() => pboJoin(p, [pboSteps(p, 0, 2)])).toThrow('expected steps up to 3, found up to 2');
    expect(() => pboSteps(p, 2, 4)).toThrow('expected a range within 0..3, found 2..4');
    expect(() => pboSteps(p, 2, 1)).toThrow('expected a range within 0..3, found 2..1');
  });

  it('cuts the steps into ranges that cover them once, later ones shorter (they replay the steps before them)', () => {
    for (const parts of [1, 2, 3, 7]) {
      const ranges = pboRanges(16, parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0][0]).toBe(0);
      expect(ranges[parts - 1][1]).toBe(6435);
      for (let j = 1; j < parts; j++) {
        expect(ranges[j][0]).toBe(ranges[j - 1][1]);
        expect(ranges[j][1] - ranges[j][0]).toBeLessThan(ranges[j - 1][1] - ranges[j - 1][0]);
      }
    }
    // Two parts, a replayed step costing 0.2 of a scored one: the first part's a steps cost what
    // the second's 0.2·a replayed and 6435 − a scored do: a = 0.2·a + 6435 − a ⇒ a = 6435 / 1.8 = 3575.
    expect(pboRanges(16, 2)).toEqual([
      [0, 3575],
      [3575, 6435],
    ]);
  });
});
