/**
 * The O(n) kernels (rolling sum, monotonic deque) against the definitions written naively:
 * for each bar, take the window, skip to NaN if it holds one, compute directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as k from './indicators.js';

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(NaN) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }) }, // ties and flat windows
  // Prices with cents: realistic magnitudes, no subnormals (where squaring underflows and the
  // naive formula itself is wrong).
  { weight: 6, arbitrary: fc.integer({ min: -1e6, max: 1e6 }).map((c) => c / 100) },
);
const column = fc.array(value, { minLength: 0, maxLength: 60 });

function naive(xs: number[], n: number, f: (window: number[]) => number): number[] {
  return xs.map((_, t) => {
    if (t < n - 1) return NaN;
    const w = xs.slice(t - n + 1, t + 1);
    return w.some(Number.isNaN) ? NaN : f(w);
  });
}

function expectClose(actual: Float64Array, expected: number[]): void {
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(actual[i], `bar ${i}`).toBeNaN();
    else expect(Math.abs(actual[i] - e), `bar ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
  });
}

const mean = (w: number[]): number => w.reduce((a, b) => a + b, 0) / w.length;
const sd = (w: number[]): number => {
  const m = mean(w);
  return Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / (w.length - 1));
};

describe('kernels match their naive definitions', () => {
  const n = fc.integer({ min: 1, max: 8 });

  it('sma', () => {
    fc.assert(fc.property(column, n, (xs, w) => expectClose(k.sma(Float64Array.from(xs), w), naive(xs, w, mean))));
  });
  it('rolling_max and rolling_min', () => {
    fc.assert(
      fc.property(column, n, (xs, w) => {
        expectClose(k.rollingMax(Float64Array.from(xs), w), naive(xs, w, (v) => Math.max(...v)));
        expectClose(k.rollingMin(Float64Array.from(xs), w), naive(xs, w, (v) => Math.min(...v)));
      }),
    );
  });
  it('zscore', () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 2, max: 8 }), (xs, w) => {
        const expected = naive(xs, w, (v) => {
          const s = sd(v);
          return v.every((y) => y === v[0]) ? NaN : (v[v.length - 1] - mean(v)) / s;
        });
        expectClose(k.zscore(Float64Array.from(xs), w), expected);
      }),
    );
  });
  it('percentile', () => {
    fc.assert(
      fc.property(column, n, (xs, w) =>
        expectClose(k.percentile(Float64Array.from(xs), w), naive(xs, w, (v) => v.filter((y) => y <= v[v.length - 1]).length / v.length)),
      ),
    );
  });
  it('ema on a series without gaps is the recursion seeded by the first sma', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { maxLength: 40 }), n, (xs, w) => {
        const alpha = 2 / (w + 1);
        const expected = xs.map(() => NaN);
        if (xs.length >= w) {
          expected[w - 1] = mean(xs.slice(0, w));
          for (let t = w; t < xs.length; t++) expected[t] = alpha * xs[t] + (1 - alpha) * expected[t - 1];
        }
        expectClose(k.ema(Float64Array.from(xs), w), expected);
      }),
    );
  });
});
