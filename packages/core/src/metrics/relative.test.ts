import { describe, expect, it } from 'vitest';
import { computeMetrics } from './summary.js';
import { parseDay } from '../util/dates.js';

const D = (...d: string[]) => Int32Array.from(d, (x) => parseDay(x)!);
const E = (...v: number[]) => Float64Array.from(v);
/** A curve from 100 through the given one-bar returns. */
const curve = (...returns: number[]) => {
  const out = [100];
  for (const r of returns) out.push(out[out.length - 1] * (1 + r));
  return Float64Array.from(out);
};

describe('benchmark-relative metrics, worked by hand', () => {
  it('tracking error and information ratio from one-bar active returns', () => {
    // Strategy 2 %, 1 %, 2 %; benchmark 1 %, 2 %, -1 %: active 1 %, -1 %, 3 %.
    // Mean active 1 %; deviations 0, -2 %, 2 %: sample variance (0 + 4 + 4) / 2 = 4 (%²), sd 2 %.
    // TE = 2 % · √252; IR = 1 % · 252 / (2 % · √252) = 0.5 · √252.
    const m = computeMetrics({
      equity: curve(0.02, 0.01, 0.02),
      benchmark: curve(0.01, 0.02, -0.01),
      dates: D('2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07'),
      periodsPerYear: 252,
    });
    expect(m.trackingError).toBeCloseTo(0.02 * Math.sqrt(252), 12);
    expect(m.informationRatio).toBeCloseTo(0.5 * Math.sqrt(252), 10);
  });

  it('active return is the CAGR difference', () => {
    // Two years exactly: strategy 100 → 121 (CAGR 10 %), benchmark 100 → 144 (CAGR 20 %).
    const m = computeMetrics({
      equity: E(100, 110, 121),
      benchmark: E(100, 120, 144),
      dates: D('2020-01-01', '2021-01-01', '2022-01-01'),
      periodsPerYear: 1,
    });
    expect(m.activeReturn).toBeCloseTo(-0.1, 12);
  });

  it('up and down capture: geometric mean monthly returns in the benchmark’s up and down months', () => {
    // Months:       Jan    Feb    Mar   Apr    May
    // benchmark    +20 %  -10 %  +20 %  -10 %   0 %  (May is flat: in neither)
    // strategy     +21 %  -36 %    0 %    0 %  +5 %
    // Up months (Jan, Mar): strategy (1.21 · 1)^(1/2) - 1 = 10 %, benchmark 20 % → 0.5.
    // Down months (Feb, Apr): strategy (0.64 · 1)^(1/2) - 1 = -20 %, benchmark -10 % → 2.
    const dates = D('2020-12-31', '2021-01-29', '2021-02-26', '2021-03-31', '2021-04-30', '2021-05-31');
    const m = computeMetrics({ equity: curve(0.21, -0.36, 0, 0, 0.05), benchmark: curve(0.2, -0.1, 0.2, -0.1, 0), dates, periodsPerYear: 12 });
    expect(m.upCapture).toBeCloseTo(0.5, 12);
    expect(m.downCapture).toBeCloseTo(2, 12);
  });

  it('capture counts calendar months of a daily curve, not bars', () => {
    // Strategy: three bars in January, 100 → 110 → 99 (January -1 %), February 99 → 108.9 (+10 %).
    // Benchmark: 100 → 101 → 101 (January +1 %), February 101 → 90.9 (-10 %).
    // Up months: January only: strategy -1 % over benchmark +1 % → -1.
    // Down months: February only: strategy +10 % over -10 % → -1.
    const dates = D('2021-01-04', '2021-01-05', '2021-01-06', '2021-02-01');
    const m = computeMetrics({ equity: E(100, 110, 99, 108.9), benchmark: E(100, 101, 101, 90.9), dates, periodsPerYear: 252 });
    expect(m.upCapture).toBeCloseTo(-1, 12);
    expect(m.downCapture).toBeCloseTo(-1, 12);
  });

  it('a strategy that is its benchmark: no tracking error, no IR, captures of one', () => {
    const c = curve(0.05, -0.02, 0.03);
    const m = computeMetrics({ equity: c, benchmark: Float64Array.from(c), dates: D('2020-12-31', '2021-01-29', '2021-02-26', '2021-03-31'), periodsPerYear: 12 });
    expect(m.trackingError).toBeNull();
    expect(m.informationRatio).toBeNull();
    expect(m.activeReturn).toBe(0);
    expect(m.upCapture).toBeCloseTo(1, 12);
    expect(m.downCapture).toBeCloseTo(1, 12);
  });

  it('no benchmark, or no down month: null, not zero', () => {
    const dates = D('2020-12-31', '2021-01-29', '2021-02-26');
    const alone = computeMetrics({ equity: curve(0.1, 0.1), dates, periodsPerYear: 12 });
    expect([alone.activeReturn, alone.trackingError, alone.informationRatio, alone.upCapture, alone.downCapture]).toEqual([null, null, null, null, null]);
    const rising = computeMetrics({ equity: curve(0.1, -0.1), benchmark: curve(0.02, 0.04), dates, periodsPerYear: 12 });
    expect(rising.downCapture).toBeNull();
    // Up months: strategy (1.1 · 0.9)^(1/2) - 1, benchmark (1.02 · 1.04)^(1/2) - 1.
    expect(rising.upCapture).toBeCloseTo((Math.sqrt(0.99) - 1) / (Math.sqrt(1.0608) - 1), 12);
  });
});
