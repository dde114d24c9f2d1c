import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, simulateLanes, type SimulationInput } from './kernel.js';
import { SUMMARY_PASS_MAX_ASSETS, SUMMARY_PASS_MAX_LANES, summaryPass, summaryPassSource } from './summaryPass.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(iso) / DAY;

describe('compiled summary pass (a study trial without live prints, band or carried start)', () => {
  it('hand-worked: two assets, costs paid from cash, financing on the negative cash', () => {
    // Bar 0 (capital 1000): buy 500 A and 500 B; 10 bps on 1000 traded = 1 → cash −1, equity 999,
    // turnover 1000 / 1000 = 1. Bar 1, 365 days later: cash −1 pays the 1 % spread over a 0 % rate
    // for a year (0.01) → −1.01; A +10 % → 550, B flat → 500; equity −1.01 + 550 + 500 = 1048.99.
    const input: SimulationInput = {
      dates: Int32Array.of(day('2023-01-02'), day('2024-01-02')),
      assets: 2,
      prices: Float64Array.of(100, 50, 110, 50),
      targets: Float64Array.of(0.5, 0.5, 0.5, 0.5),
      decide: Uint8Array.of(1, 0),
      cashRate: Float64Array.of(0, 0),
      delay: 0,
      band: 0,
      bandRelative: 0,
      costRate: 0.001,
      borrowRate: 0,
      financingSpread: 0.01,
      capital: 1000,
      summaryOnly: true,
    };
    const out = simulate(input);
    expect(out.equity[0]).toBe(999);
    expect(out.equity[1]).toBeCloseTo(1048.99, 10);
    expect(Array.from(out.turnover)).toEqual([1, 0]);
    expect(out.ruinedAt).toBe(-1);
  });

  // Random trials: each asset's prices start at its own bar (NaN before: it cannot be held yet);
  // weights from shorts to 6× leverage (some trials are ruined), costs, fees and rates per trial.
  const n = 30;
  const M = SUMMARY_PASS_MAX_ASSETS;
  const laneCosts = fc.record({
    cost: fc.constantFrom(0, 0.0005, 0.02),
    borrow: fc.constantFrom(0, 0.004, 0.3),
    spread: fc.constantFrom(0, 0.008),
    capital: fc.constantFrom(1, 1000, 1e6),
  });
  const trial = fc.record({
    m: fc.integer({ min: 1, max: M }),
    moves: fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: n * M, maxLength: n * M }),
    weights: fc.array(fc.constantFrom(-1.5, -0.5, 0, 0.3, 1, 2.5, 6), { minLength: n * M, maxLength: n * M }),
    decide: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
    starts: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: M, maxLength: M }),
    delay: fc.integer({ min: 0, max: 3 }),
    rate: fc.constantFrom(0, 0.02, 0.5),
  });
  type Trial = typeof trial extends fc.Arbitrary<infer T> ? T : never;
  type Costs = typeof laneCosts extends fc.Arbitrary<infer T> ? T : never;
  const inputOf = (p: Trial, c: Costs): SimulationInput => {
    const { m } = p;
    const prices = new Float64Array(n * m);
    for (let j = 0; j < m; j++)
      for (let t = 0; t < n; t++) prices[t * m + j] = t < p.starts[j] ? NaN : t === p.starts[j] ? 50 + j : prices[(t - 1) * m + j] * (1 + p.moves[t * m + j]);
    return {
      dates: Int32Array.from({ length: n }, (_, t) => 19_000 + t + 2 * Math.floor(t / 5)),
      assets: m,
      prices,
      targets: Float64Array.from({ length: n * m }, (_, i) => (Number.isNaN(prices[i]) ? 0 : p.weights[i])),
      decide: Uint8Array.from(p.decide, (d, t) => (t === 0 ? 1 : d)),
      cashRate: Float64Array.from({ length: n }, (_, t) => (t % 7 === 3 ? 0 : p.rate)),
      delay: p.delay,
      band: 0,
      bandRelative: 0,
      costRate: c.cost,
      borrowRate: c.borrow,
      financingSpread: c.spread,
      capital: c.capital,
    };
  };
  const sameRun = (lean: ReturnType<typeof simulate>, general: ReturnType<typeof simulate>) => {
    for (const k of ['equity', 'turnover', 'bandDecide'] as const) expect(Array.from(lean[k]).every((v, i) => Object.is(v, general[k][i])), k).toBe(true);
    expect(lean.ruinedAt).toBe(general.ruinedAt);
  };

  it('property: equity, turnover and the bar of ruin are simulate()’s own, bit for bit, for 1 to 8 assets', () => {
    fc.assert(
      fc.property(trial, laneCosts, (p, c) => {
        const input = inputOf(p, c);
        const general = simulate(input); // the full record runs simulate()'s own loop
        const other = simulate({ ...input, targets: input.targets.map((w) => -w), summaryOnly: true });
        const lean = simulate({ ...input, summaryOnly: true }, other); // reused buffers, as a study does
        expect(lean).toBe(other);
        sameRun(lean, general);
      }),
      { numRuns: 400 },
    );
  });

  it('property: trials that differ only in costs and capital run side by side, each exactly as alone', () => {
    fc.assert(
      fc.property(trial, fc.array(laneCosts, { minLength: 1, maxLength: SUMMARY_PASS_MAX_LANES }), (p, costs) => {
        const shared = inputOf(p, costs[0]);
        const inputs = costs.map((c) => ({ ...shared, costRate: c.cost, borrowRate: c.borrow, financingSpread: c.spread, capital: c.capital, summaryOnly: true }));
        // Reused buffers of other runs must not leak into the lanes.
        const reuse = inputs.map((x) => simulate({ ...x, targets: x.targets.map((w) => -w) }));
        const lanes = simulateLanes(inputs, reuse.map((r) => simulate({ ...inputs[0], targets: inputs[0].targets.map((w) => w / 2) }, r)));
        lanes.forEach((out, k) => sameRun(out, simulate({ ...inputs[k], summaryOnly: false })));
      }),
      { numRuns: 300 },
    );
  });

  it('inputs that do not share their prices, targets or decisions run one by one, with the same numbers', () => {
    const base: Trial = { m: 2, moves: Array(n * M).fill(0.01), weights: Array(n * M).fill(0.5), decide: Array(n).fill(1), starts: Array(M).fill(0), delay: 1, rate: 0.02 };
    const costs: Costs = { cost: 0.001, borrow: 0, spread: 0, capital: 1000 };
    const a = { ...inputOf(base, costs), summaryOnly: true };
    const b = { ...inputOf({ ...base, weights: Array(n * M).fill(-0.5) }, costs), summaryOnly: true };
    const [outA, outB] = simulateLanes([a, b]);
    sameRun(outA, simulate({ ...a, summaryOnly: false }));
    sameRun(outB, simulate({ ...b, summaryOnly: false }));
    expect(outB.equity[n - 1]).not.toBe(outA.equity[n - 1]);
  });

  it('is made only for 1 to 8 assets and 1 to 4 lanes, from those two numbers alone', () => {
    expect(() => summaryPass(0)).toThrow(RangeError);
    expect(() => summaryPass(SUMMARY_PASS_MAX_ASSETS + 1)).toThrow(RangeError);
    expect(() => summaryPass(2, 0)).toThrow(RangeError);
    expect(() => summaryPass(2, SUMMARY_PASS_MAX_LANES + 1)).toThrow(RangeError);
    expect(summaryPass(3, 2)).toBe(summaryPass(3, 2));
    // One holding variable per asset and lane.
    expect(summaryPassSource(3, 2).match(/\blet h\d_\d\b/g)).toEqual(['let h0_0', 'let h0_1', 'let h0_2', 'let h1_0', 'let h1_1', 'let h1_2']);
  });
});
