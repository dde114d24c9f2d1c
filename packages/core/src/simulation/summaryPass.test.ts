import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, type SimulationInput } from './kernel.js';
import { SUMMARY_PASS_MAX_ASSETS, summaryPass, summaryPassSource } from './summaryPass.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(iso) / DAY;

/** A study trial's kernel input from small tables (prices and targets row by row); fees, band and delay 0 unless given. */
function trial(p: { days: string[]; assets: number; prices: number[]; targets: number[]; decide: number[]; cashRate?: number; costRate?: number; financingSpread?: number; capital: number }): SimulationInput {
  return {
    dates: Int32Array.from(p.days, day),
    assets: p.assets,
    prices: Float64Array.from(p.prices),
    targets: Float64Array.from(p.targets),
    decide: Uint8Array.from(p.decide),
    cashRate: new Float64Array(p.days.length).fill(p.cashRate ?? 0),
    delay: 0,
    band: 0,
    bandRelative: 0,
    costRate: p.costRate ?? 0,
    borrowRate: 0,
    financingSpread: p.financingSpread ?? 0,
    capital: p.capital,
    summaryOnly: true,
  };
}

describe('compiled summary pass (a study trial without live prints, band or carried start)', () => {
  it('hand-worked: two assets, costs paid from cash, financing on the negative cash', () => {
    // Bar 0 (capital 1000): buy 500 A and 500 B; 10 bps on 1000 traded = 1 → cash −1, equity 999,
    // turnover 1000 / 1000 = 1. Bar 1, 365 days later: cash −1 pays the 1 % spread over a 0 % rate
    // for a year (0.01) → −1.01; A +10 % → 550, B flat → 500; equity −1.01 + 550 + 500 = 1048.99.
    const out = simulate(trial({ days: ['2023-01-02', '2024-01-02'], assets: 2, prices: [100, 50, 110, 50], targets: [0.5, 0.5, 0.5, 0.5], decide: [1, 0], costRate: 0.001, financingSpread: 0.01, capital: 1000 }));
    expect(out.equity[0]).toBe(999);
    expect(out.equity[1]).toBeCloseTo(1048.99, 10);
    expect(Array.from(out.turnover)).toEqual([1, 0]);
    expect(out.ruinedAt).toBe(-1);
  });

  it('hand-worked: costs that take the account to exactly zero ruin it at that close', () => {
    // Capital 1000 all into one asset at 100 % costs: 1000 traded, 1000 paid → equity 0, ruined
    // at bar 0, and nothing after (a `<` for the `<=` would trade on with nothing).
    const out = simulate(trial({ days: ['2024-01-02', '2024-01-03', '2024-01-04'], assets: 1, prices: [10, 11, 12], targets: [1, 1, 1], decide: [1, 1, 1], cashRate: 0.05, costRate: 1, capital: 1000 }));
    expect(out.ruinedAt).toBe(0);
    expect(Array.from(out.equity)).toEqual([0, 0, 0]);
    expect(Array.from(out.turnover)).toEqual([1, 0, 0]);
  });

  it('hand-worked: a drift to exactly zero ruins the account at that close, before any trade there', () => {
    // Bar 0: 2× into one asset at 100 → 2000 held, cash −1000. Bar 1: the price halves → 1000
    // held, equity −1000 + 1000 = 0: ruined at bar 1 (trading there would divide by zero).
    const out = simulate(trial({ days: ['2024-01-02', '2024-01-03', '2024-01-04'], assets: 1, prices: [100, 50, 60], targets: [2, 2, 2], decide: [1, 1, 1], capital: 1000 }));
    expect(out.ruinedAt).toBe(1);
    expect(Array.from(out.equity)).toEqual([1000, 0, 0]);
    expect(Array.from(out.turnover)).toEqual([2, 0, 0]);
  });

  it('property: equity, turnover and the bar of ruin are simulate()’s own, bit for bit, for 1 to 8 assets', () => {
    const n = 30;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: SUMMARY_PASS_MAX_ASSETS }),
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: n * SUMMARY_PASS_MAX_ASSETS, maxLength: n * SUMMARY_PASS_MAX_ASSETS }),
        fc.array(fc.constantFrom(-1.5, -0.5, 0, 0.3, 1, 2.5, 6), { minLength: n * SUMMARY_PASS_MAX_ASSETS, maxLength: n * SUMMARY_PASS_MAX_ASSETS }),
        fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: SUMMARY_PASS_MAX_ASSETS, maxLength: SUMMARY_PASS_MAX_ASSETS }),
        fc.record({
          gap: fc.constantFrom(1, 31, 92),
          delay: fc.integer({ min: 0, max: 3 }),
          cost: fc.constantFrom(0, 0.0005, 0.02),
          borrow: fc.constantFrom(0, 0.004, 0.3),
          spread: fc.constantFrom(0, 0.008),
          rate: fc.constantFrom(0, 0.02, 0.5),
          capital: fc.constantFrom(1, 1000, 1e6),
        }),
        (m, moves, weights, decide, starts, p) => {
          // Each asset's prices start at its own bar (NaN before: it cannot be held yet).
          const prices = new Float64Array(n * m);
          for (let j = 0; j < m; j++)
            for (let t = 0; t < n; t++)
              prices[t * m + j] = t < starts[j] ? NaN : t === starts[j] ? 50 + j : prices[(t - 1) * m + j] * (1 + moves[t * m + j]);
          const targets = Float64Array.from({ length: n * m }, (_, i) => (Number.isNaN(prices[i]) ? 0 : weights[i]));
          const input: SimulationInput = {
            dates: Int32Array.from({ length: n }, (_, t) => 19_000 + p.gap * t + 2 * Math.floor(t / 5)),
            assets: m,
            prices,
            targets,
            decide: Uint8Array.from(decide, (d, t) => (t === 0 ? 1 : d)),
            cashRate: Float64Array.from({ length: n }, (_, t) => (t % 7 === 3 ? 0 : p.rate)),
            delay: p.delay,
            band: 0,
            bandRelative: 0,
            costRate: p.cost,
            borrowRate: p.borrow,
            financingSpread: p.spread,
            capital: p.capital,
          };
          const general = simulate(input); // the full record runs simulate()'s own loop
          const other = simulate({ ...input, targets: targets.map((w) => -w), summaryOnly: true });
          const lean = simulate({ ...input, summaryOnly: true }, other); // reused buffers, as a study does
          expect(lean).toBe(other);
          for (const k of ['equity', 'turnover', 'bandDecide'] as const)
            expect(Array.from(lean[k]).every((v, i) => Object.is(v, general[k][i])), k).toBe(true);
          expect(lean.ruinedAt).toBe(general.ruinedAt);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is made only for 1 to 8 assets, from the number of assets alone', () => {
    expect(summaryPass(0)).toBeNull();
    expect(summaryPass(1.5)).toBeNull();
    expect(summaryPass(SUMMARY_PASS_MAX_ASSETS + 1)).toBeNull();
    expect(summaryPass(3)).not.toBeNull();
    expect(summaryPass(3)).toBe(summaryPass(3));
    // One holding variable per asset, and no other name than the pass's own.
    expect(summaryPassSource(3).match(/\blet h\d\b/g)).toEqual(['let h0', 'let h1', 'let h2']);
  });
});
