import { describe, expect, it } from 'vitest';
import * as k from './indicators.js';

const col = (...v: number[]): Float64Array => Float64Array.from(v);
const N = NaN;

/** Compares bar by bar; NaN must match NaN, numbers to ~15 digits. */
function expectColumn(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(actual[i], `bar ${i}`).toBeNaN();
    else expect(actual[i], `bar ${i}`).toBeCloseTo(e, 12);
  });
}

// The series most tests use; small integers so every expected value can be worked by hand.
const x = col(1, 2, 3, 7, 3, 5);

describe('lag, change, ret', () => {
  it('lag(x, 2) is the value two bars earlier', () => {
    expectColumn(k.lag(x, 2), [N, N, 1, 2, 3, 7]);
  });
  it('change(x, 2) = x[t] - x[t-2]', () => {
    // 3-1, 7-2, 3-3, 5-7
    expectColumn(k.change(x, 2), [N, N, 2, 5, 0, -2]);
  });
  it('ret(x, 1) = x[t]/x[t-1] - 1', () => {
    // 2/1-1, 3/2-1, 7/3-1, 3/7-1, 5/3-1
    expectColumn(k.ret(x, 1), [N, 1, 0.5, 4 / 3, -4 / 7, 2 / 3]);
  });
  it('ret is undefined on a zero base and propagates NaN', () => {
    // bar 1: base 0 → undefined; bar 3: base NaN; bar 4: 4/2-1 = 1
    expectColumn(k.ret(col(0, 1, NaN, 2, 4), 1), [N, N, N, N, 1]);
  });
});

describe('sma', () => {
  it('is the mean of the last n values after n-1 warm-up bars', () => {
    // (1+2+3)/3, (2+3+7)/3, (3+7+3)/3, (7+3+5)/3
    expectColumn(k.sma(x, 3), [N, N, 2, 4, 13 / 3, 5]);
  });
  it('is undefined while the window holds a NaN, and recovers after', () => {
    // windows of 2: [1,N] [N,3] [3,4] [4,5]
    expectColumn(k.sma(col(1, N, 3, 4, 5), 2), [N, N, N, 3.5, 4.5]);
  });
  it('is exactly the value on a flat window (0.1+0.1+0.1)/3 would be 0.10000000000000002', () => {
    const out = k.sma(col(0.3, 0.1, 0.1, 0.1, 0.1), 3);
    expect(out[3]).toBe(0.1);
    expect(out[4]).toBe(0.1);
  });
  it('does not drift after many additions and removals', () => {
    const long = new Float64Array(100_000).map((_, i) => (i % 7) * 0.1 + 1e6 * (i % 2));
    const out = k.sma(long, 10);
    const t = long.length - 1;
    let direct = 0;
    for (let i = t - 9; i <= t; i++) direct += long[i];
    expect(out[t]).toBeCloseTo(direct / 10, 9);
  });
  it('sma(x, 1) is x', () => {
    expectColumn(k.sma(x, 1), [...x]);
  });
});

describe('ema', () => {
  it('seeds with the SMA of the first n values, then alpha = 2/(n+1)', () => {
    // n=3, alpha=0.5: seed (1+2+3)/3 = 2; (2+7)/2 = 4.5; (4.5+3)/2 = 3.75; (3.75+5)/2 = 4.375
    expectColumn(k.ema(x, 3), [N, N, 2, 4.5, 3.75, 4.375]);
  });
  it('skips leading NaNs and restarts after a gap', () => {
    // n=2, alpha=2/3. Seed at bar 2: (1+2)/2 = 1.5; bar 3: 1.5 + 2/3*(3-1.5) = 2.5;
    // bar 4 NaN restarts: bar 5 is the first value of a new seed; bar 6: (4+6)/2 = 5;
    // bar 7: 5 + 2/3*(8-5) = 7.
    expectColumn(k.ema(col(N, 1, 2, 3, N, 4, 6, 8), 2), [N, N, 1.5, 2.5, N, N, 5, 7]);
  });
});

describe('vol', () => {
  // prices 1, 2, 1, 1.5, 3 have one-bar returns 1, -0.5, 0.5, 1; periodsPerYear 4 → × 2.
  const p = col(1, 2, 1, 1.5, 3);
  it('is the sample stdev of the last n returns, annualised', () => {
    // n=2: {1,-0.5}: mean .25, squared deviations .5625*2 = 1.125, /(2-1) → sd √1.125, ×2 = √4.5
    //      {-0.5,.5}: ss .5 → ×2 = √2;   {.5,1}: ss .125 → ×2 = √.5
    expectColumn(k.vol(p, 2, 4), [N, N, Math.sqrt(4.5), Math.SQRT2, Math.sqrt(0.5)]);
    // n=3 needs 4 prices. Bar 3: {1,-0.5,.5}: mean 1/3, deviations 2/3, -5/6, 1/6,
    // ss 16/36+25/36+1/36 = 7/6, var 7/12, ×2 → √(7/3). Bar 4: {-0.5,.5,1}: mean 1/3,
    // deviations -5/6, 1/6, 2/3: the same squares, so √(7/3) again.
    expectColumn(k.vol(p, 3, 4), [N, N, N, Math.sqrt(7 / 3), Math.sqrt(7 / 3)]);
  });
  it('is 0 for a constant price and undefined across a NaN', () => {
    expectColumn(k.vol(col(5, 5, 5, N, 5, 5, 5), 2, 252), [N, N, 0, N, N, N, 0]);
  });
  it('refuses a window below 2', () => {
    expect(() => k.vol(p, 1, 4)).toThrow(RangeError);
  });
});

describe('zscore', () => {
  it('is (x - mean) / sample stdev of the last n values', () => {
    // {1,2,3}: mean 2, sd 1 → 1.   {2,3,7}: mean 4, ss 4+1+9 = 14, sd √7 → 3/√7.
    // {3,7,3}: mean 13/3, ss 16/9+64/9+16/9 = 32/3, var 16/3, sd 4/√3 → (-4/3)/(4/√3) = -1/√3.
    // {7,3,5}: mean 5, sd 2 → 0.
    expectColumn(k.zscore(x, 3), [N, N, 1, 3 / Math.sqrt(7), -1 / Math.sqrt(3), 0]);
  });
  it('is undefined on a flat window (0/0), even with values that do not sum exactly', () => {
    expectColumn(k.zscore(col(0.1, 0.1, 0.1, 0.2), 3), [N, N, N, 2 / Math.sqrt(3)]);
  });
});

describe('rolling_max, rolling_min', () => {
  it('track the extremes of the last n values', () => {
    expectColumn(k.rollingMax(x, 3), [N, N, 3, 7, 7, 7]);
    expectColumn(k.rollingMin(x, 3), [N, N, 1, 2, 3, 3]);
  });
  it('expire old extremes (falling then rising series)', () => {
    const y = col(5, 4, 3, 2, 1, 6);
    expectColumn(k.rollingMax(y, 2), [N, 5, 4, 3, 2, 6]);
    expectColumn(k.rollingMin(y, 2), [N, 4, 3, 2, 1, 1]);
  });
  it('are undefined while the window holds a NaN', () => {
    expectColumn(k.rollingMax(col(1, N, 3, 4, 2), 2), [N, N, N, 4, 4]);
  });
});

describe('drawdown', () => {
  it('is x over the running peak minus 1, skipping bars before the data starts', () => {
    // peaks 100, 120, 120, 120, 150, -, 150: 0, 0, 90/120-1, 60/120-1, 0, NaN, 75/150-1
    expectColumn(k.drawdown(col(N, 100, 120, 90, 60, 150, N, 75)), [N, 0, 0, -0.25, -0.5, 0, N, -0.5]);
  });
  it('is undefined while the peak is not positive', () => {
    expectColumn(k.drawdown(col(-2, 0, 4, 2)), [N, N, 0, -0.5]);
  });
});

describe('percentile', () => {
  it('is the share of the window at or below today', () => {
    // windows of 3: {4,2,3} today 3 → 2/3; {2,3,1} today 1 → 1/3; {3,1,5} today 5 → 1
    expectColumn(k.percentile(col(4, 2, 3, 1, 5), 3), [N, N, 2 / 3, 1 / 3, 1]);
  });
  it('counts ties as at or below (a flat window gives 1) and is undefined across NaN', () => {
    expectColumn(k.percentile(col(2, 2, N, 2, 2), 2), [N, 1, N, N, 1]);
  });
});

describe('cross_above, cross_below', () => {
  const a = col(1, 2, 3, 2, 4, N, 5);
  const b = col(2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5);
  it('fire on the bar the order flips', () => {
    // bar 2: 2 <= 2.5 then 3 > 2.5; bar 4: 2 then 4. Bars 5 and 6 touch a NaN.
    expectColumn(k.crossAbove(a, b), [N, 0, 1, 0, 1, N, N]);
    expectColumn(k.crossBelow(a, b), [N, 0, 0, 1, 0, N, N]);
  });
  it('count touching the line on the previous bar as not yet crossed', () => {
    expectColumn(k.crossAbove(col(2, 3), col(2, 2)), [N, 1]);
    expectColumn(k.crossBelow(col(2, 1), col(2, 2)), [N, 1]);
  });
});

describe('windows', () => {
  it('must be whole numbers of at least 1 bar', () => {
    expect(() => k.sma(x, 0)).toThrow(RangeError);
    expect(() => k.lag(x, 1.5)).toThrow(RangeError);
  });
  it('longer than the series leave everything undefined', () => {
    expectColumn(k.sma(x, 10), [N, N, N, N, N, N]);
    expectColumn(k.rollingMax(x, 10), [N, N, N, N, N, N]);
  });
});
