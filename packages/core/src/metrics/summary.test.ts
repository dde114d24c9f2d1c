import { describe, expect, it } from 'vitest';
import { computeMetrics } from './summary.js';
import { drawdownEpisodes } from './drawdown.js';
import { periodReturns } from './periodReturns.js';
import fc from 'fast-check';
import { formatDay, parseDay } from '../util/dates.js';

const D = (...d: string[]) => Int32Array.from(d, (x) => parseDay(x)!);
const E = (...v: number[]) => Float64Array.from(v);

describe('metrics on curves with known answers', () => {
  it('CAGR over exactly two years', () => {
    // 100 -> 121 over 2020-01-01 .. 2022-01-01: (1.21)^(1/2) - 1 = 10 %.
    const m = computeMetrics({ equity: E(100, 110, 121), dates: D('2020-01-01', '2021-01-01', '2022-01-01'), periodsPerYear: 1 });
    expect(m.cagr).toBeCloseTo(0.1, 12);
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
  });

  it('max drawdown with its dates, duration and Calmar', () => {
    // Peak 120 on 01-02, trough 90 on 01-04 (-25 %), back to 120 on 01-06.
    const equity = E(100, 120, 100, 90, 110, 120, 130);
    const dates = D('2021-01-01', '2021-01-02', '2021-01-03', '2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07');
    const m = computeMetrics({ equity, dates, periodsPerYear: 252 });
    expect(m.maxDrawdown).toBeCloseTo(-0.25, 12);
    expect(m.maxDrawdownInfo).toEqual({ depth: expect.closeTo(-0.25, 12), peak: '2021-01-02', trough: '2021-01-04', recovery: '2021-01-06', days: 4, bars: 4 });
    expect(m.calmar).toBeCloseTo(m.cagr! / 0.25, 12);
  });

  it('an unrecovered drawdown lasts to the end', () => {
    const episodes = drawdownEpisodes(E(100, 90, 95, 80));
    expect(episodes).toEqual([{ peak: 0, trough: 3, recovery: -1, depth: expect.closeTo(-0.2, 12) }]);
  });

  it('Sharpe and Sortino over a constant cash rate', () => {
    // Returns 2 %, 0 %, 4 % against 1 % cash per bar: excess 1 %, -1 %, 3 %;
    // mean 1 %, sample stdev 2 % -> Sharpe = 0.5 * sqrt(252).
    // Downside deviation = sqrt((-1 %)^2 / 3) -> Sortino = 1 % / (1 % / sqrt 3) * sqrt(252).
    const equity = E(100, 102, 102, 106.08);
    const dates = D('2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07');
    const m = computeMetrics({ equity, dates, periodsPerYear: 252, riskFree: E(0.01, 0.01, 0.01) });
    expect(m.sharpe).toBeCloseTo(0.5 * Math.sqrt(252), 10);
    expect(m.sortino).toBeCloseTo(Math.sqrt(3) * Math.sqrt(252), 10);
    // Volatility is of raw returns: stdev(2 %, 0 %, 4 %) = 2 %.
    expect(m.volatility).toBeCloseTo(0.02 * Math.sqrt(252), 10);
  });

  it('best and worst bar, VaR and CVaR from the empirical distribution', () => {
    // Returns: +10 %, -20 %, +5 %, -5 %, 0 %. Sorted: -20, -5, 0, 5, 10.
    // 5 % quantile (linear): position 0.05 * 4 = 0.2 -> -20 + 0.2 * 15 = -17 %.
    // CVaR: mean of returns <= -17 % = -20 %.
    const equity = E(100, 110, 88, 92.4, 87.78, 87.78);
    const dates = D('2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08', '2021-01-11');
    const m = computeMetrics({ equity, dates, periodsPerYear: 252 });
    expect(m.bestDay).toEqual({ period: '2021-01-05', return: expect.closeTo(0.1, 12) });
    expect(m.worstDay).toEqual({ period: '2021-01-06', return: expect.closeTo(-0.2, 12) });
    expect(m.var95).toBeCloseTo(-0.17, 12);
    expect(m.cvar95).toBeCloseTo(-0.2, 12);
  });

  it('skew and excess kurtosis from population moments', () => {
    // Returns 1 %, 1 %, 1 %, -3 % ... built from the curve below: mean 0, m2 = 3e-4,
    // m3 = (3e-6 - 27e-6)/4 = -6e-6, skew = -6e-6 / (3e-4)^1.5; m4 = (3e-8 + 81e-8)/4 = 21e-8,
    // kurtosis = 21e-8 / 9e-8 - 3.
    const r = [0.01, 0.01, 0.01, -0.03];
    const equity = new Float64Array(5);
    equity[0] = 1;
    for (let i = 0; i < 4; i++) equity[i + 1] = equity[i] * (1 + r[i]);
    const dates = D('2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08');
    const m = computeMetrics({ equity, dates, periodsPerYear: 252 });
    expect(m.skew).toBeCloseTo(-6e-6 / Math.pow(3e-4, 1.5), 8);
    expect(m.kurtosis).toBeCloseTo(21e-8 / 9e-8 - 3, 8);
  });

  it('beta, correlation and alpha against a benchmark', () => {
    // Strategy returns are exactly half the benchmark's plus 0.1 % a bar:
    // beta 0.5, correlation 1, alpha = 0.1 % * 252 per year (no cash rate).
    const rb = [0.02, -0.01, 0.03, -0.02];
    const bench = new Float64Array(5);
    const strat = new Float64Array(5);
    bench[0] = strat[0] = 100;
    for (let i = 0; i < 4; i++) {
      bench[i + 1] = bench[i] * (1 + rb[i]);
      strat[i + 1] = strat[i] * (1 + 0.5 * rb[i] + 0.001);
    }
    const dates = D('2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08');
    const m = computeMetrics({ equity: strat, dates, periodsPerYear: 252, benchmark: bench });
    expect(m.beta).toBeCloseTo(0.5, 10);
    expect(m.correlation).toBeCloseTo(1, 10);
    expect(m.alpha).toBeCloseTo(0.001 * 252, 10);
  });

  it('monthly and yearly returns: a period ends where the next bar is in another month or year, by hand and against the plain definition', () => {
    // Dec 2020 → Jan 2021 → a bar back in Dec 2020 (unsorted input still splits where the period changes).
    const equity = E(100, 110, 121, 100);
    const dates = D('2020-12-30', '2021-01-04', '2021-01-05', '2020-12-31');
    expect(periodReturns(equity, dates, 'month')).toEqual([
      { period: '2021-01', return: expect.closeTo(0.21, 12) },
      { period: '2020-12', return: expect.closeTo(100 / 121 - 1, 12) },
    ]);
    expect(periodReturns(equity, dates, 'year').map((r) => r.period)).toEqual(['2021', '2020']);
    // The plain definition: bar t closes a period when key(dates[t + 1]) differs from key(dates[t]).
    const plain = (eq: Float64Array, ds: Int32Array, by: 'month' | 'year') => {
      const key = (d: number) => formatDay(d).slice(0, by === 'month' ? 7 : 4);
      const out: { period: string; return: number }[] = [];
      let base = eq[0];
      for (let t = 0; t < eq.length && eq.length >= 2; t++)
        if (t === eq.length - 1 || key(ds[t + 1]) !== key(ds[t])) {
          if (t > 0) out.push({ period: key(ds[t]), return: base > 0 ? eq[t] / base - 1 : 0 });
          base = eq[t];
        }
      return out;
    };
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), fc.array(fc.integer({ min: -40, max: 400 }), { maxLength: 60 }), fc.boolean(), (first, steps, sorted) => {
        const days = [first];
        for (const s of steps) days.push(days[days.length - 1] + (sorted ? Math.abs(s) : s));
        const ds = Int32Array.from(days);
        const eq = Float64Array.from(days, (_, i) => 100 + ((i * 37) % 11) - (i % 3 === 0 ? 120 : 0));
        for (const by of ['month', 'year'] as const) expect(periodReturns(eq, ds, by)).toEqual(plain(eq, ds, by));
      }),
      { numRuns: 500 },
    );
  });

  it('monthly and yearly returns start from the first bar', () => {
    // Jan: 100 -> 110 (+10 %); Feb: 110 -> 99 (-10 %); Mar: 99 -> 108.9 (+10 %).
    const equity = E(100, 105, 110, 99, 108.9);
    const dates = D('2021-01-04', '2021-01-15', '2021-01-29', '2021-02-26', '2021-03-31');
    expect(periodReturns(equity, dates, 'month')).toEqual([
      { period: '2021-01', return: expect.closeTo(0.1, 12) },
      { period: '2021-02', return: expect.closeTo(-0.1, 12) },
      { period: '2021-03', return: expect.closeTo(0.1, 12) },
    ]);
    expect(periodReturns(equity, dates, 'year')).toEqual([{ period: '2021', return: expect.closeTo(0.089, 12) }]);
    const m = computeMetrics({ equity, dates, periodsPerYear: 252 });
    expect(m.positiveMonths).toBeCloseTo(2 / 3, 12);
    expect(m.bestMonth?.period).toBe('2021-01');
    expect(m.worstMonth).toEqual({ period: '2021-02', return: expect.closeTo(-0.1, 12) });
  });

  it('a flat curve has no Sharpe (null), not NaN or Infinity', () => {
    const m = computeMetrics({ equity: E(100, 100, 100), dates: D('2021-01-04', '2021-01-05', '2021-01-06'), periodsPerYear: 252 });
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.maxDrawdown).toBe(0);
    expect(m.calmar).toBeNull();
  });

  it('an all-cash account has no Sharpe or Sortino: rounding noise is not risk', () => {
    // Cash at 2 % a year, act/365: returns equal the risk-free rate up to floating-point noise.
    const n = 300;
    const equity = new Float64Array(n);
    const rf = new Float64Array(n - 1).fill(0.02 / 365);
    equity[0] = 100_000;
    for (let t = 1; t < n; t++) equity[t] = equity[t - 1] * (1 + rf[t - 1]);
    const dates = Int32Array.from({ length: n }, (_, t) => parseDay('2024-01-01')! + t);
    const m = computeMetrics({ equity, dates, periodsPerYear: 365, riskFree: rf });
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.cagr).toBeGreaterThan(0);
  });
});
