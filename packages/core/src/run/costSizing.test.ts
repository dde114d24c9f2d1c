import { describe, expect, it } from 'vitest';
import { runYaml, tmpData, type Table } from '../../../../test/fixtures/tmpData.js';

/**
 * The costs contract (docs/semantics.md, "Costs"): targets are sized on the equity before
 * costs and the costs are paid from cash. A fully invested book therefore holds its whole
 * pre-cost equity in the asset and owes the costs: the weights sit above target by the cost
 * fraction, and the negative cash balance is borrowed like any other (cash rate + spread).
 * This is real exposure, not a display artefact; worked by hand on a flat price.
 */
const DATES = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const flat: Table = Object.fromEntries(DATES.map((d) => [d, 100]));

const yaml = (delay: number, bps: number) => `name: sizing
period: { start: 2024-01-02 }
capital: 10000
universe: [A]
numeraires: [USD]
cash: { rate: 0.05 }
weights: { A: 1 }
rebalance: { every: never }
costs: { commission_bps: ${bps}, financing_spread_bps: 100 }
execution: { delay: ${delay} }
`;

describe('targets sized on equity before costs (by design)', () => {
  it('delay 0, 10 bps: 10 000 of A on 9 990 of equity, a 10 USD debit financed at 6 %', async () => {
    const { result } = await runYaml(tmpData({ A: flat }), yaml(0, 10));
    // Close of 01-02: buy 1 × 10 000 (the equity before costs); cost 10 bps = 10 USD from cash.
    // Cash −10, equity 9 990, weight 10 000 / 9 990 = 1 / (1 − 0.001).
    // Each later day the debit grows by the cash rate plus the spread, 6 % / 365 (act/365, one
    // calendar day per bar): after k days the debit is 10 (1 + a)^k, a = 0.06 / 365.
    const a = 0.06 / 365;
    const debit = [0, 1, 2, 3].map((k) => 10 * (1 + a) ** k);
    const equity = debit.map((d) => 10000 - d);
    expect(result.series.weights.A[0]).toBeCloseTo(1 / 0.999, 12);
    for (let k = 0; k < 4; k++) {
      expect(result.series.equity.USD[k]).toBeCloseTo(equity[k], 9);
      expect(result.series.weights.A[k]).toBeCloseTo(10000 / equity[k], 12);
    }
    // The debit's interest is financing, not a trading cost: 10 ((1 + a)^3 − 1) = 0.0049323 USD.
    expect(result.trading.costs.trading).toBeCloseTo(10, 12);
    expect(result.trading.costs.financing).toBeCloseTo(10 * ((1 + a) ** 3 - 1), 12);
    expect(result.trading.costs.financing).toBeCloseTo(0.0049323, 7);
    // The exposure metric averages the same post-trade weights the P&L runs on: ≈ 100.10 %.
    const mean = equity.reduce((s, e) => s + 10000 / e, 0) / 4;
    expect(result.trading.averageGrossExposure).toBeCloseTo(mean, 12);
    expect(result.metrics.USD.grossExposure).toBeCloseTo(mean, 12);
    expect(mean).toBeGreaterThan(1.001);
    expect(mean).toBeLessThan(1.0011);
  });

  it('5 bps gives the 100.05 % of a fully invested book; the same with delay 1, at the trade\'s close', async () => {
    const zero = (await runYaml(tmpData({ A: flat }), yaml(0, 5))).result;
    // 10 000 of A on 10 000 − 5: 1 / (1 − 0.0005) = 1.00050025…
    expect(zero.series.weights.A[0]).toBeCloseTo(1 / 0.9995, 12);
    const one = (await runYaml(tmpData({ A: flat }), yaml(1, 5))).result;
    // Delay 1: in cash over the first day, earning 5 % for one day: 10 000 (1 + 0.05 / 365);
    // the trade at the close of 01-03 buys all of it and owes 5 bps of it.
    const value = 10000 * (1 + 0.05 / 365);
    expect(one.series.weights.A[0]).toBe(0);
    expect(one.series.equity.USD[1]).toBeCloseTo(value * (1 - 0.0005), 9);
    expect(one.series.weights.A[1]).toBeCloseTo(1 / 0.9995, 12);
  });

  it('without costs a 100 % target is exactly 100 %, and nothing is borrowed', async () => {
    const { result } = await runYaml(tmpData({ A: flat }), yaml(0, 0));
    for (let k = 0; k < 4; k++) expect(result.series.weights.A[k]).toBe(1);
    expect(result.trading.costs.financing).toBe(0);
    expect(result.series.equity.USD.at(-1)).toBe(10000);
  });
});
