/**
 * The WebAssembly walk of PBO (pboSteps.wat through pboWasm.ts) gives the JavaScript walk's
 * logits to the bit (wasmModules.test.ts checks the binary against its text).
 */
import { describe, expect, it } from 'vitest';
import { seededUniforms } from './seededUniforms.js';
import { pbo, pboBlocks, pboStepCount, pboSteps, pboStepsScalar, type PboSteps } from './overfitting.js';
import { pboWasmAvailable } from './pboWasm.js';

/** Seeded, so the cases are fixed. */
const uniforms = seededUniforms;

/** Object.is on every logit: 0 and −0, and NaN, are told apart as bits would be. */
function expectSameSteps(a: PboSteps, b: PboSteps) {
  expect([a.from, a.to, a.below]).toEqual([b.from, b.to, b.below]);
  expect(a.logits.length).toBe(b.logits.length);
  const differ = Array.from(a.logits).flatMap((x, k) => (Object.is(x, b.logits[k]) ? [] : [k]));
  expect(differ).toEqual([]);
}

describe('PBO in WebAssembly', () => {
  it('runs on this Node (WebAssembly with 128-bit SIMD), so the sweep uses it', () => {
    expect(pboWasmAvailable()).toBe(true);
  });

  it('gives the JavaScript walk to the bit: odd and even trial counts, ties, flat and extreme trials, any step range', () => {
    const random = uniforms(20261201);
    const cases: { name: string; returns: number[][]; blocks: number }[] = [];
    for (const n of [2, 3, 5, 64, 257]) {
      const T = 16 * 2 + Math.floor(random() * 40);
      const returns = Array.from({ length: n }, (_, i) => Array.from({ length: T }, () => (random() - 0.48) * 0.1 + (i % 5) * 0.001));
      cases.push({ name: `${n} random trials`, returns, blocks: 16 });
    }
    // Ties: copies of a trial (equal scores everywhere), and trials that differ in one month only.
    const base = Array.from({ length: 40 }, () => (random() - 0.5) * 0.05);
    cases.push({ name: 'copies', returns: [base, base.slice(), base.map((x) => x + 0.01), base.slice(), base.map((x) => -x)], blocks: 8 });
    cases.push({ name: 'one month apart', returns: [base, base.map((x, t) => (t === 7 ? x + 1e-9 : x)), base.map((x, t) => (t === 30 ? x - 1e-9 : x))], blocks: 8 });
    // A flat trial (no dispersion: the score is ±∞ or 0), an all-zero one, ±0 months, a huge one (s|s| overflows).
    const flat = base.map(() => 0.01);
    const zero = base.map(() => 0);
    const signedZeros = base.map((_, t) => (t % 2 ? -0 : 0));
    const huge = base.map((x) => x * 1e160);
    const negative = base.map(() => -0.02);
    cases.push({ name: 'flat, zero, ±0, huge, negative', returns: [base, flat, zero, signedZeros, huge, negative, base.map((x) => x * 2)], blocks: 8 });
    cases.push({ name: 'four blocks', returns: [base, flat, base.map((x) => x / 3)], blocks: 4 });
    for (const { name, returns, blocks } of cases) {
      const p = pboBlocks(returns, blocks);
      expect(p, name).not.toBeNull();
      const steps = pboStepCount(blocks);
      for (const [from, to] of [
        [0, steps],
        [1, Math.min(steps, 9)],
        [Math.floor(steps / 3), steps],
        [steps, steps],
        [steps - 1, steps],
      ])
        expectSameSteps(pboSteps(p!, from, to), pboStepsScalar(p!, from, to));
    }
  });

  it('gives pbo() near 1 for pure-noise trials and near 0 when one trial is truly better, as the JavaScript walk does', () => {
    const random = uniforms(7);
    const noise = Array.from({ length: 41 }, () => Array.from({ length: 160 }, () => (random() - 0.5) * 0.1));
    const better = noise.map((r, i) => (i === 0 ? r.map((x) => x + 0.2) : r));
    const noisy = pbo(noise);
    const honest = pbo(better);
    expect(noisy.value!).toBeGreaterThan(0.3);
    expect(honest.value).toBe(0);
    for (const returns of [noise, better]) {
      const p = pboBlocks(returns)!;
      expectSameSteps(pboSteps(p, 0, pboStepCount(16)), pboStepsScalar(p, 0, pboStepCount(16)));
    }
  });

  it('refuses a step range outside the walk, as the JavaScript walk does', () => {
    const random = uniforms(3);
    const p = pboBlocks(Array.from({ length: 3 }, () => Array.from({ length: 32 }, () => random() - 0.5)))!;
    expect(() => pboSteps(p, 2, 1)).toThrow('PBO steps: expected a range within 0..6435, found 2..1');
    expect(() => pboSteps(p, 0, 6436)).toThrow('found 0..6436');
  });
});
