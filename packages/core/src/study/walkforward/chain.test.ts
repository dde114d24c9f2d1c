import { describe, expect, it } from 'vitest';
import { chainCurves, chainValues } from './chain.js';
import { choiceStability } from './stability.js';

const I = (...v: number[]) => Int32Array.from(v);
const F = (...v: number[]) => Float64Array.from(v);

describe('chaining test windows', () => {
  it('each window starts from the previous ending equity, on the shared bar', () => {
    // Window 1: 100 → 110 → 121 (days 0..2). Window 2 starts on day 2 at 100 (its own capital) and goes
    // 100 → 90 → 99: scaled by 121/100 it is 121 → 108.9 → 119.79.
    const out = chainCurves(
      [
        { dates: I(0, 1, 2), equity: F(100, 110, 121) },
        { dates: I(2, 3, 4), equity: F(100, 90, 99) },
      ],
      100,
    );
    expect(Array.from(out.dates)).toEqual([0, 1, 2, 3, 4]);
    const e = Array.from(out.equity);
    expect(e[0]).toBe(100);
    expect(e[2]).toBeCloseTo(121, 12);
    expect(e[3]).toBeCloseTo(108.9, 12);
    expect(e[4]).toBeCloseTo(119.79, 12);
  });

  it('costs of a trade at the shared close show on that bar', () => {
    // Window 2 trades at once (delay 0): its first close is 99.9 of 100 (10 bps on what it changed).
    const out = chainCurves(
      [
        { dates: I(0, 1), equity: F(100, 120) },
        { dates: I(1, 2), equity: F(99.9, 109.89) },
      ],
      100,
    );
    expect(out.equity[1]).toBeCloseTo(119.88, 12);
    expect(out.equity[2]).toBeCloseTo(131.868, 12);
  });

  it('refuses windows that do not share their boundary bar', () => {
    expect(() => chainCurves([{ dates: I(0, 1), equity: F(1, 1) }, { dates: I(2, 3), equity: F(1, 1) }], 1)).toThrow('must start on the last bar');
  });

  it('joins per-bar values with the later window on the shared bar', () => {
    expect(Array.from(chainValues([{ values: F(1, 2, 3) }, { values: F(7, 8) }]))).toEqual([1, 2, 7, 8]);
  });
});

describe('stability of the chosen values', () => {
  it('counts changes, distinct values, range and the most common value', () => {
    const chosen = [
      { 'params.n': 50, 'rebalance.every': 'monthly' },
      { 'params.n': 50, 'rebalance.every': 'weekly' },
      { 'params.n': 200, 'rebalance.every': 'weekly' },
      { 'params.n': 50, 'rebalance.every': 'weekly' },
    ];
    const s = choiceStability(['params.n', 'rebalance.every'], chosen);
    expect(s['params.n']).toEqual({ changes: 2, distinct: 2, min: 50, max: 200, mostCommon: 50, share: 0.75 });
    expect(s['rebalance.every']).toEqual({ changes: 1, distinct: 2, min: null, max: null, mostCommon: 'weekly', share: 0.75 });
  });
});
