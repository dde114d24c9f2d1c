import { describe, expect, it } from 'vitest';
import { applyMissing } from './missing.js';
import { allocationTargets } from './allocation.js';
import { volTarget } from './overlays/volTarget.js';
import { trendFilter } from './overlays/trendFilter.js';
import { caps } from './overlays/caps.js';
import { assetReturns, definedReturns, type OverlayContext } from './overlays/overlay.js';

const ctx = (prices: number[][], periodsPerYear = 252): OverlayContext => {
  const m = prices[0].length;
  const flat = Float64Array.from(prices.flat());
  return { assets: Array.from({ length: m }, (_, j) => `X${j}`), prices: flat, returns: assetReturns(flat, m), defined: definedReturns(flat, m), bars: prices.length, periodsPerYear };
};

describe('allocation and the missing-data policy', () => {
  it('each bar gets its regime\'s weights', () => {
    const table = Float64Array.from([0.6, 0.4, /* regime 1 */ 0, -0.5]);
    expect(Array.from(allocationTargets(Int32Array.from([0, 1, 0]), table, 2))).toEqual([0.6, 0.4, 0, -0.5, 0.6, 0.4]);
  });

  it('redistribute keeps the long and the short totals, side by side', () => {
    // GLD 0.6, DBC 0.4 (no data), TLT -0.5 -> GLD takes the whole long 1.0; TLT keeps -0.5.
    const targets = Float64Array.from([0.6, 0.4, -0.5]);
    applyMissing(targets, Float64Array.from([1, NaN, 1]), 3, 'redistribute');
    expect(Array.from(targets)).toEqual([1, 0, -0.5]);
    const cash = Float64Array.from([0.6, 0.4, -0.5]);
    applyMissing(cash, Float64Array.from([1, NaN, 1]), 3, 'cash');
    expect(Array.from(cash)).toEqual([0.6, 0, -0.5]);
  });

  it('with nothing left on that side, the weight stays in cash', () => {
    const targets = Float64Array.from([0.5, -0.5]);
    applyMissing(targets, Float64Array.from([1, NaN]), 2, 'redistribute');
    expect(Array.from(targets)).toEqual([0.5, 0]);
  });
});

describe('the missing-data policy over many bars', () => {
  it('rows after the last missing price are left alone; rows with one are handled wherever they are', () => {
    // Three bars × 2 assets: B has no price on bar 0 and (a hole) on bar 2; bar 1 is complete.
    const targets = Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    applyMissing(targets, Float64Array.from([1, NaN, 1, 1, 1, NaN]), 2, 'redistribute');
    expect(Array.from(targets)).toEqual([1, 0, 0.5, 0.5, 1, 0]);
    // No missing price at all: nothing changes (even weights an overlay could not hold).
    const full = Float64Array.from([2, -3, 0.25, 0]);
    applyMissing(full, Float64Array.from([1, 2, 3, 4]), 2, 'cash');
    expect(Array.from(full)).toEqual([2, -3, 0.25, 0]);
    // Only the last bar has a missing price: it is the one changed.
    const last = Float64Array.from([0.5, 0.5, 0.5, 0.5]);
    applyMissing(last, Float64Array.from([1, 1, NaN, 1]), 2, 'cash');
    expect(Array.from(last)).toEqual([0.5, 0.5, 0, 0.5]);
  });
});

describe('overlays', () => {
  it('vol_target scales to the target from trailing realised volatility', () => {
    // Returns +1 %, -1 %, +1 %, -1 %: sample stdev = sqrt(4e-4 / 3) a bar.
    // A target of half that (annualised) halves the weight once the window is full.
    const prices = [[100], [100 * 1.01], [100 * 1.01 * 0.99], [100 * 1.01 * 0.99 * 1.01], [100 * 1.01 * 0.99 * 1.01 * 0.99]];
    const c = ctx(prices);
    const vol = Math.sqrt(4e-4 / 3) * Math.sqrt(252);
    const targets = new Float64Array(5).fill(1);
    volTarget(vol / 2, 4, 1).apply(targets, c);
    expect(targets[0]).toBe(1); // window not full: unchanged (within max_leverage)
    expect(targets[3]).toBe(1);
    expect(targets[4]).toBeCloseTo(0.5, 12);
  });

  it('vol_target never takes gross exposure above max_leverage', () => {
    const prices = [[100], [101], [99.99], [100.9899], [99.980001]];
    const targets = Float64Array.from([0.8, 0.8, 0.8, 0.8, 0.8]);
    volTarget(10, 4, 1.5).apply(targets, ctx(prices));
    expect(targets[4]).toBeCloseTo(1.5, 12);
    expect(targets[0]).toBeCloseTo(0.8, 12);
  });

  it('trend_filter holds an asset only above its moving average, else moves it to cash or another asset', () => {
    // Prices 1 2 3 4 3 2, 3-bar SMA: -, -, 2, 3, 3.33, 3 -> held, held, held, held, out, out.
    const prices = [[1, 10], [2, 10], [3, 10], [4, 10], [3, 10], [2, 10]];
    const toCash = Float64Array.from(Array(6).fill([0.7, 0.3]).flat());
    trendFilter(3, Uint8Array.from([1, 0]), -1).apply(toCash, ctx(prices));
    expect(Array.from({ length: 6 }, (_, t) => toCash[t * 2])).toEqual([0.7, 0.7, 0.7, 0.7, 0, 0]);
    const toOther = Float64Array.from(Array(6).fill([0.7, 0.3]).flat());
    trendFilter(3, Uint8Array.from([1, 0]), 1).apply(toOther, ctx(prices));
    expect(toOther[9]).toBeCloseTo(1, 12);
  });

  it('vol_target counts only bars where every held asset has a return (no 0 % days before a listing)', () => {
    // X1 lists at bar 3. A 50/50 book needs 4 bars where both have returns: bars 4..7 exist
    // only from bar 7, so bars 0-6 stay unscaled; at bar 7 the window is bars 4-7.
    const r = [0.01, -0.01, 0.01, -0.01];
    const x0 = [100];
    for (let t = 1; t < 8; t++) x0.push(x0[t - 1] * (1 + r[t % 4]));
    const x1 = [NaN, NaN, NaN, 50];
    for (let t = 4; t < 8; t++) x1.push(x1[t - 1] * (1 + r[t % 4]));
    const c = ctx(x0.map((p, t) => [p, x1[t]]));
    const targets = Float64Array.from(Array(8).fill([0.5, 0.5]).flat());
    // Both move together: the portfolio's returns are r, sample stdev sqrt(4e-4 / 3).
    const vol = Math.sqrt(4e-4 / 3) * Math.sqrt(252);
    volTarget(vol / 2, 4, 2).apply(targets, c);
    for (let t = 0; t < 7; t++) expect(targets[t * 2 + 1], `bar ${t}`).toBe(0.5);
    expect(targets[14]).toBeCloseTo(0.25, 12);
    expect(targets[15]).toBeCloseTo(0.25, 12);
  });

  it('trend_filter does not depend on the order of the universe when its destination is below trend too', () => {
    // Both fall below their 2-bar average on bar 2: with to = the other one, everything goes to cash.
    const prices = [[10, 10], [10, 10], [9, 9]];
    for (const to of [0, 1]) {
      const t = Float64Array.from(Array(3).fill([0.5, 0.5]).flat());
      trendFilter(2, Uint8Array.from([1, 1]), to).apply(t, ctx(prices));
      expect(Array.from(t.subarray(4))).toEqual([0, 0]);
    }
  });

  it('caps limit each asset, then gross, then net exposure', () => {
    // [0.7, 0.5, -0.3] -> per asset 0.6: [0.6, 0.5, -0.3], gross 1.4 -> 1.2: x 6/7.
    const t1 = Float64Array.from([0.7, 0.5, -0.3]);
    caps(Float64Array.from([0.6, 0.6, 0.6]), 1.2, Infinity).apply(t1, ctx([[1, 1, 1]]));
    expect(Array.from(t1)).toEqual([0.6 * 6 / 7, 0.5 * 6 / 7, -0.3 * 6 / 7].map((x) => expect.closeTo(x, 12)));
    // Net 0.8 -> 0.5: x 5/8.
    const t2 = Float64Array.from([0.5, 0.5, -0.2]);
    caps(Float64Array.from([Infinity, Infinity, Infinity]), Infinity, 0.5).apply(t2, ctx([[1, 1, 1]]));
    expect(Array.from(t2)).toEqual([0.3125, 0.3125, -0.125].map((x) => expect.closeTo(x, 12)));
  });
});
