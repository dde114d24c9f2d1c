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
      { level: 0, samples: 1, meanReturn: 0 },
      { level: 1, samples: 1, meanReturn: expect.closeTo(0.1, 12) },
      { level: 2, samples: 1, meanReturn: expect.closeTo(0.2, 12) },
    ]);
  });
  it('skips undefined signal values', () => {
    const s = sensitivity('X', 'y', 1, Float64Array.from([1, 2, 3]), Float64Array.from([NaN, 1, 1]));
    expect(s.samples).toBe(1);
    expect(s.beta).toBeNull();
  });
});
