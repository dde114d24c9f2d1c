import { describe, expect, it } from 'vitest';
import { sensitivity } from './sensitivity.js';

describe('sensitivity of forward returns to a signal', () => {
  it('slope, correlation and means by level on non-overlapping samples', () => {
    // horizon 2: samples at bars 0, 2, 4 (bar 6 has no bar 8).
    // signal 0, 1, 2 -> forward returns 0 %, +10 %, +20 %: slope 0.1 per unit, correlation 1.
    const prices = Float64Array.from([100, 100, 100, 105, 110, 120, 132]);
    const score = Float64Array.from([0, 9, 1, 9, 2, 9, 9]);
    const s = sensitivity('BTC', 'score', 2, prices, score);
    expect(s.samples).toBe(3);
    expect(s.beta).toBeCloseTo(0.1, 12);
    expect(s.correlation).toBeCloseTo(1, 12);
    expect(s.byLevel).toEqual([
      { level: 0, samples: 1, meanReturn: 0, tStat: null },
      { level: 1, samples: 1, meanReturn: expect.closeTo(0.1, 12), tStat: null },
      { level: 2, samples: 1, meanReturn: expect.closeTo(0.2, 12), tStat: null },
    ]);
    // A perfect fit has no residual: its t-statistic is not a number to show.
    expect(s.tStat).toBeNull();
  });
  it('the slope’s t-statistic and the number of observations', () => {
    // horizon 1: signal 0, 1, 2, 3 → forward returns 0, 10 %, 10 %, 30 %.
    // x̄ 1.5, ȳ 0.125; Σdx² = 5, Σdxdy = 0.45 → beta 0.09; Σdy² = 0.0475;
    // residual SS = 0.0475 − 0.09 · 0.45 = 0.007, over n − 2 = 2: 0.0035;
    // SE(beta) = √(0.0035 / 5) = √0.0007 → t = 0.09 / √0.0007 ≈ 3.40.
    const s = sensitivity('X', 'x', 1, Float64Array.from([100, 100, 110, 121, 157.3]), Float64Array.from([0, 1, 2, 3, 9]));
    expect(s.samples).toBe(4);
    expect(s.beta).toBeCloseTo(0.09, 12);
    expect(s.tStat).toBeCloseTo(0.09 / Math.sqrt(0.0007), 9);
  });
  it('a level’s t-statistic is its mean forward return over its standard error', () => {
    // horizon 1: levels 1, 1, 2, 2 → returns +10 %, -10 % (level 1) and +10 %, +30 % (level 2).
    // Level 1: mean 0 → t 0. Level 2: mean 20 %, sd √((0.1² + 0.1²) / 1) = 0.1·√2, SE 0.1 → t 2.
    const s = sensitivity('X', 'x', 1, Float64Array.from([100, 110, 99, 108.9, 141.57]), Float64Array.from([1, 1, 2, 2, 9]));
    expect(s.byLevel).toEqual([
      { level: 1, samples: 2, meanReturn: expect.closeTo(0, 12), tStat: expect.closeTo(0, 9) },
      { level: 2, samples: 2, meanReturn: expect.closeTo(0.2, 12), tStat: expect.closeTo(2, 9) },
    ]);
  });
  it('skips undefined signal values', () => {
    const s = sensitivity('X', 'y', 1, Float64Array.from([1, 2, 3]), Float64Array.from([NaN, 1, 1]));
    expect(s.samples).toBe(1);
    expect(s.beta).toBeNull();
  });
});
