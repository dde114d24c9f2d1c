import { describe, expect, it } from 'vitest';
import {
  dayOf,
  heatColor,
  heatScale,
  monthlyGrid,
  regimeSpells,
  riskFreePerBar,
  rollingStats,
  roundFixed,
  roundSig,
  sampleIndices,
  stackAllocation,
  underwater,
} from './compute.js';
import { niceStep } from './svg.js';

const close = (actual: (number | null)[], expected: (number | null)[], digits = 10) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (expected[i] === null) expect(a, `index ${i}`).toBeNull();
    else expect(a, `index ${i}`).toBeCloseTo(expected[i] as number, digits);
  });
};

describe('underwater', () => {
  it('is value over running peak minus one', () => {
    close(underwater([100, 120, 90, 130, 117]), [0, 0, -0.25, 0, -0.1]);
  });
});

describe('rollingStats', () => {
  // Bar returns: +10 %, -10 %, +10 %, +10 %.
  const equity = [100, 110, 99, 108.9, 119.79];
  // Benchmark bar returns: +5 %, -5 %, +5 %, 0.
  const benchmark = [100, 105, 99.75, 104.7375, 104.7375];

  it('computes the trailing return, volatility, Sharpe and beta worked out by hand (window 2)', () => {
    const r = rollingStats({ equity, window: 2, periodsPerYear: 4, benchmark });
    // t=2: 99/100 - 1; t=3: 108.9/110 - 1; t=4: 119.79/99 - 1.
    close(r.ret, [null, null, -0.01, -0.01, 0.21]);
    // Returns (0.1, -0.1): mean 0, sample sd = sqrt((0.01 + 0.01) / 1) = 0.141421…; × sqrt(4).
    // (-0.1, 0.1): the same. (0.1, 0.1): sd 0.
    close(r.vol, [null, null, 0.2828427125, 0.2828427125, 0]);
    // Sharpe: mean 0 → 0 at t=2,3; flat window at t=4 → undefined (null), never ±∞.
    close(r.sharpe, [null, null, 0, 0, null]);
    // t=2: cov((.1,-.1),(.05,-.05)) = (.005 + .005)/1 = .01; var(b) = .005 → beta 2.
    // t=3: (-.1,.1) vs (-.05,.05): beta 2. t=4: (.1,.1) vs (.05,0): cov 0 → beta 0.
    close(r.beta!, [null, null, 2, 2, 0]);
  });

  it('uses excess returns over the risk-free return for Sharpe', () => {
    // Returns 0.02 and 0.04 with rf 0.01 each: excess 0.01, 0.03; mean 0.02, sd sqrt(0.0002) = 0.0141421.
    const eq = [100, 102, 106.08];
    const r = rollingStats({ equity: eq, window: 2, periodsPerYear: 1, riskFree: [0, 0.01, 0.01] });
    expect(r.sharpe[2]).toBeCloseTo(0.02 / Math.sqrt(0.0002), 10);
    // Volatility is of raw returns, unaffected by rf.
    expect(r.vol[2]).toBeCloseTo(Math.sqrt(0.0002), 10);
    expect(r.beta).toBeNull();
  });

  it('gives nothing before a full window', () => {
    const r = rollingStats({ equity: [1, 2, 3], window: 5, periodsPerYear: 252 });
    expect(r.ret).toEqual([null, null, null]);
  });
});

describe('riskFreePerBar', () => {
  it('accrues the previous bar’s yearly rate act/365', () => {
    const rf = riskFreePerBar([0.0365, 0.073, 0], ['2024-01-05', '2024-01-08', '2024-01-09']);
    // Fri → Mon: 3 days at 3.65 %: 0.0003; Mon → Tue: 1 day at 7.3 %: 0.0002.
    expect(Array.from(rf).map((v) => Number(v.toFixed(12)))).toEqual([0, 0.0003, 0.0002]);
  });
  it('parses dates as UTC days', () => {
    expect(dayOf('1970-01-02')).toBe(1);
    expect(dayOf('2000-03-01') - dayOf('2000-02-28')).toBe(2);
  });
});

describe('monthlyGrid', () => {
  it('places monthly returns in a years × months grid, with the yearly return as the total', () => {
    const grid = monthlyGrid(
      [
        { period: '2020-11', return: 0.01 },
        { period: '2020-12', return: -0.02 },
        { period: '2021-01', return: 0.03 },
      ],
      [
        { period: '2020', return: -0.0102 },
        { period: '2021', return: 0.03 },
      ],
    );
    expect(grid.map((g) => g.year)).toEqual([2020, 2021]);
    expect(grid[0].months).toEqual([null, null, null, null, null, null, null, null, null, null, 0.01, -0.02]);
    expect(grid[0].total).toBe(-0.0102);
    expect(grid[1].months[0]).toBe(0.03);
    expect(grid[1].months.slice(1).every((m) => m === null)).toBe(true);
  });

  it('compounds the months when the yearly return is missing', () => {
    const grid = monthlyGrid([
      { period: '2019-01', return: 0.1 },
      { period: '2019-02', return: -0.1 },
    ]);
    // 1.1 × 0.9 - 1 = -0.01.
    expect(grid[0].total).toBeCloseTo(-0.01, 12);
  });
});

describe('heat colors', () => {
  it('is white at zero, 80 % green or red at ±scale, clamped beyond', () => {
    expect(heatColor(0, 0.05)).toBe('rgb(255,255,255)');
    // 255 + (26 - 255) × 0.8 = 71.8 → 72; 255 + (152 - 255) × 0.8 = 172.6 → 173; 255 + (80 - 255) × 0.8 = 115.
    expect(heatColor(0.05, 0.05)).toBe('rgb(72,173,115)');
    expect(heatColor(0.5, 0.05)).toBe('rgb(72,173,115)');
    // 255 + (215 - 255) × 0.4 = 239; 255 + (48 - 255) × 0.4 = 172.2; 255 + (39 - 255) × 0.4 = 168.6.
    expect(heatColor(-0.025, 0.05)).toBe('rgb(239,172,169)');
    expect(heatColor(null, 0.05)).toBe('transparent');
  });

  it('scales to the 95th percentile of absolute returns, at least 1 %', () => {
    const values = Array.from({ length: 101 }, (_, i) => (i % 2 ? -1 : 1) * i * 0.001);
    // |values| = 0 … 0.1; index floor(0.95 × 100) = 95 → 0.095.
    expect(heatScale(values)).toBeCloseTo(0.095, 12);
    expect(heatScale([0.001, -0.002, null])).toBe(0.01);
  });
});

describe('regimeSpells', () => {
  it('splits labels into consecutive spells and skips unlabelled bars', () => {
    expect(regimeSpells(['a', 'a', 'b', null, 'b', 'a'])).toEqual([
      { label: 'a', start: 0, end: 1 },
      { label: 'b', start: 2, end: 2 },
      { label: 'b', start: 4, end: 4 },
      { label: 'a', start: 5, end: 5 },
    ]);
  });
});

describe('stackAllocation', () => {
  it('stacks longs up, shorts down, cash outermost on its side', () => {
    const { long, short } = stackAllocation({ GLD: [0.6, 0.4], TLT: [-0.5, 0], SPY: [0, 0.8] }, 2);
    // Cash: 1 - 0.1 = 0.9 at bar 0; 1 - 1.2 = -0.2 at bar 1.
    expect(long.map((l) => l.label)).toEqual(['GLD', 'SPY', 'Cash']);
    close(long[0].edge, [0.6, 0.4]);
    close(long[1].edge, [0.6, 1.2]);
    close(long[2].edge, [1.5, 1.2]);
    close(long[2].weight, [0.9, 0]);
    expect(short.map((l) => l.label)).toEqual(['TLT (short)', 'Borrowed cash']);
    close(short[0].edge, [-0.5, 0]);
    close(short[1].edge, [-0.5, -0.2]);
  });

  it('adds no layer for a side an asset never reaches beyond the threshold', () => {
    const { long, short } = stackAllocation({ SPY: [1.00001, 1] }, 2);
    expect(long.map((l) => l.label)).toEqual(['SPY']);
    expect(short).toEqual([]);
  });
});

describe('sampling and rounding', () => {
  it('keeps every index up to the limit, else spreads them keeping first and last', () => {
    expect(sampleIndices(4, 10)).toEqual([0, 1, 2, 3]);
    expect(sampleIndices(11, 6)).toEqual([0, 2, 4, 6, 8, 10]);
    const s = sampleIndices(10_001, 1000);
    expect(s.length).toBe(1000);
    expect(s[0]).toBe(0);
    expect(s[s.length - 1]).toBe(10_000);
  });

  it('rounds compactly and maps non-finite to null', () => {
    expect(roundSig(123456.789, 7)).toBe(123456.8);
    expect(roundSig(0.000123456, 3)).toBe(0.000123);
    expect(roundSig(NaN, 3)).toBeNull();
    expect(roundFixed(0.123456, 4)).toBe(0.1235);
    expect(roundFixed(-0.00001, 4)).toBe(0);
    expect(Object.is(roundFixed(-0.00001, 4), -0)).toBe(false);
    expect(roundFixed(Infinity, 4)).toBeNull();
  });

  it('picks nice tick steps', () => {
    expect(niceStep(0.5, 5)).toBe(0.1);
    expect(niceStep(0.9, 5)).toBeCloseTo(0.2, 12);
    expect(niceStep(0.12, 5)).toBeCloseTo(0.025, 12);
  });
});
