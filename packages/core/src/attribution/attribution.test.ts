import { describe, expect, it } from 'vitest';
import { simulate } from '../simulation/kernel.js';
import { parseDay } from '../util/dates.js';
import { attributePnl, pnlTotal } from './pnl.js';
import { countTrades, listTrades } from './trades.js';

/**
 * A levered long A / short B book that is rebalanced into A 40 % / B 40 % (cash positive),
 * over four consecutive calendar days (each interval 1/365 of a year), delay 0.
 * Rates are chosen so a day is a round number: cash 3.65 %/yr → 0.01 % a day, the same spread
 * (financing 0.02 % a day), borrow 3.65 %/yr → 0.01 % a day on short notional; costs 10 bps.
 *
 * bar 0 (2020-12-30): buy A 1,500, sell B 200 (notional 1,700, cost 1.70).
 *   cash 1,000 − 1,500 + 200 − 1.70 = −301.70; equity 998.30.
 * bar 1 (2020-12-31): financing 301.70 × 0.02 % = 0.06034; borrow 200 × 0.01 % = 0.02.
 *   A 10 → 11: 1,500 → 1,650 (+150). B 50 → 45: −200 → −180 (+20).
 *   cash −301.78034; equity 1,168.21966.
 * bar 2 (2021-01-01): financing 301.78034 × 0.02 % = 0.060356068; borrow 180 × 0.01 % = 0.018.
 *   prices flat; value 1,168.141303932; rebalance to 40 % / 40 % of it: A and B 467.2565215728 each.
 *   sell A 1,182.7434784272, buy B 647.2565215728: notional 1,830, cost 1.83.
 *   cash 231.7982608864; equity 1,166.311303932.
 * bar 3 (2021-01-02): interest 231.7982608864 × 0.01 % = 0.02317982608864.
 *   A 11 → 12.1: 467.2565215728 → 513.98217373008 (+46.72565215728). B flat.
 */
const dates = ['2020-12-30', '2020-12-31', '2021-01-01', '2021-01-02'];
const prices = [[10, 50], [11, 45], [11, 45], [12.1, 45]];
const targets = [[1.5, -0.2], [1.5, -0.2], [0.4, 0.4], [0.4, 0.4]];
function run() {
  const d = Int32Array.from(dates, (x) => parseDay(x)!);
  const p = Float64Array.from(prices.flat());
  const simulation = simulate({
    dates: d,
    assets: 2,
    prices: p,
    targets: Float64Array.from(targets.flat()),
    decide: Uint8Array.from([1, 0, 1, 0]),
    cashRate: new Float64Array(4).fill(0.0365),
    delay: 0,
    band: 0,
    bandRelative: 0,
    costRate: 0.001,
    borrowRate: 0.0365,
    financingSpread: 0.0365,
    capital: 1000,
  });
  return { dates: d, prices: p, simulation, assets: ['A', 'B'], capital: 1000 };
}

const close = (x: number) => expect.closeTo(x, 9);

describe('P&L attribution against a hand-worked table', () => {
  it('each line, and the lines add up to final equity minus capital', () => {
    const r = run();
    const a = attributePnl(r);
    expect(a.pnl).toEqual({
      A: close(150 + 46.72565215728),
      B: close(20),
      cashInterest: close(0.02317982608864),
      tradingCosts: close(-(1.7 + 1.83)),
      borrowFees: close(-(0.02 + 0.018)),
      financing: close(-(0.06034 + 0.060356068)),
    });
    // 196.72565215728 + 20 + 0.02317982608864 − 3.53 − 0.038 − 0.120696068
    expect(pnlTotal(a.pnl)).toBeCloseTo(213.06013591536864, 9);
    expect(r.simulation.equity[3] - 1000).toBeCloseTo(213.06013591536864, 9);
  });

  it('by calendar year: each year adds up to its change in equity', () => {
    const a = attributePnl(r0);
    expect(a.byYear['2020']).toEqual({ A: close(150), B: close(20), cashInterest: 0, tradingCosts: close(-1.7), borrowFees: close(-0.02), financing: close(-0.06034) });
    expect(a.byYear['2021']).toEqual({
      A: close(46.72565215728),
      B: 0,
      cashInterest: close(0.02317982608864),
      tradingCosts: close(-1.83),
      borrowFees: close(-0.018),
      financing: close(-0.060356068),
    });
    expect(pnlTotal(a.byYear['2020'])).toBeCloseTo(168.21966, 9); // equity at the end of 2020 − capital
    expect(Object.keys(a.byYear)).toEqual(['2020', '2021']);
  });

  it('by regime: a bar belongs to the regime in force when it began; by period: to the bar’s own date range', () => {
    const a = attributePnl({
      ...r0,
      regimes: { labels: ['levered', 'balanced'], codes: Int32Array.from([0, 0, 0, 1]) },
      periods: { labels: ['new year'], codes: Int32Array.from([-1, -1, 0, 0]) },
    });
    // Regime codes 0,0,0,1: bar 3 began under 'levered' too (code of bar 2), so all is 'levered'.
    expect(pnlTotal(a.byRegime!.levered)).toBeCloseTo(213.06013591536864, 9);
    expect(pnlTotal(a.byRegime!.balanced)).toBe(0);
    const b = attributePnl({ ...r0, regimes: { labels: ['levered', 'balanced'], codes: Int32Array.from([0, 0, 1, 1]) } });
    // Codes 0,0,1,1: bars 0–2 under 'levered', bar 3 (began at bar 2) under 'balanced'.
    expect(b.byRegime!.balanced).toEqual({ A: close(46.72565215728), B: 0, cashInterest: close(0.02317982608864), tradingCosts: 0, borrowFees: 0, financing: 0 });
    expect(b.byRegime!.levered.tradingCosts).toBeCloseTo(-3.53, 9);
    // The period holds bars 2 and 3: the 2021 lines.
    expect(a.byPeriod!['new year']).toEqual(attributePnl(r0).byYear['2021']);
    expect(a.byPeriod!['new year'].A).toBeCloseTo(46.72565215728, 9);
  });

  it('a run wiped out: the shortfall the kernel wrote off is the ruin line', () => {
    // Capital 100 at 2× in A; A falls 60 %: holding 200 → 80, cash −100, value −20 → closed at 0.
    const simulation = simulate({
      dates: Int32Array.from(['2021-01-04', '2021-01-05', '2021-01-06'], (x) => parseDay(x)!),
      assets: 1,
      prices: Float64Array.from([10, 4, 5]),
      targets: Float64Array.from([2, 2, 2]),
      decide: Uint8Array.from([1, 0, 0]),
      cashRate: new Float64Array(3),
      delay: 0,
      band: 0,
      bandRelative: 0,
      costRate: 0,
      borrowRate: 0,
      financingSpread: 0,
      capital: 100,
    });
    expect(simulation.ruinedAt).toBe(1);
    const a = attributePnl({ dates: Int32Array.from([0, 1, 2]), assets: ['A'], prices: Float64Array.from([10, 4, 5]), capital: 100, simulation });
    expect(a.pnl).toEqual({ A: close(-120), cashInterest: 0, tradingCosts: 0, borrowFees: 0, financing: 0, ruin: close(20) });
    expect(pnlTotal(a.pnl)).toBeCloseTo(-100, 9);
  });
});

const r0 = run();

describe('trades against the same hand-worked table', () => {
  it('date, asset, weight before and after, notional and cost of every trade', () => {
    const trades = listTrades(r0);
    expect(trades).toEqual([
      { date: '2020-12-30', asset: 'A', weightBefore: 0, weightAfter: close(1500 / 998.3), notional: close(1500), side: 'buy', cost: close(1.5) },
      { date: '2020-12-30', asset: 'B', weightBefore: 0, weightAfter: close(-200 / 998.3), notional: close(200), side: 'sell', cost: close(0.2) },
      {
        date: '2021-01-01',
        asset: 'A',
        weightBefore: close(1650 / 1168.141303932),
        weightAfter: close(467.2565215728 / 1166.311303932),
        notional: close(1182.7434784272),
        side: 'sell',
        cost: close(1.1827434784272),
      },
      {
        date: '2021-01-01',
        asset: 'B',
        weightBefore: close(-180 / 1168.141303932),
        weightAfter: close(467.2565215728 / 1166.311303932),
        notional: close(647.2565215728),
        side: 'buy',
        cost: close(0.6472565215728),
      },
    ]);
  });

  it('notional over the value before costs adds up to the turnover the kernel reports', () => {
    const trades = listTrades(r0);
    const byDate = (d: string) => trades.filter((t) => t.date === d).reduce((s, t) => s + t.notional, 0);
    expect(byDate('2020-12-30') / 1000).toBeCloseTo(r0.simulation.turnover[0], 12);
    expect(byDate('2021-01-01') / 1168.141303932).toBeCloseTo(r0.simulation.turnover[2], 12);
    expect(trades.reduce((s, t) => s + t.cost, 0)).toBeCloseTo(3.53, 9);
  });

  it('a rebalance that finds an asset already at its target trades nothing in it', () => {
    // Prices flat at bar 1: the rebalance there finds A at its 50 % target and trades nothing.
    const simulation = simulate({
      dates: Int32Array.from([0, 1, 2]),
      assets: 2,
      prices: Float64Array.from([10, 10, 10, 10, 10, 20]),
      targets: Float64Array.from([0.5, 0, 0.5, 0, 0.5, 0.5]),
      decide: Uint8Array.from([1, 1, 1]),
      cashRate: new Float64Array(3),
      delay: 0,
      band: 0,
      bandRelative: 0,
      costRate: 0,
      borrowRate: 0,
      financingSpread: 0,
      capital: 100,
    });
    const trades = listTrades({ dates: Int32Array.from([0, 1, 2]), assets: ['A', 'B'], prices: Float64Array.from([10, 10, 10, 10, 10, 20]), capital: 100, simulation });
    // Bar 0 buys A 50. Bar 1: A still 50 of 100, target 50: no trade. Bar 2: B bought for 50.
    expect(trades.map((t) => [t.date, t.asset, t.side, t.notional])).toEqual([
      ['1970-01-01', 'A', 'buy', close(50)],
      ['1970-01-03', 'B', 'buy', close(50)],
    ]);
  });

  it('rounding residue is no trade: counts of trades and of bars with one', () => {
    expect(countTrades(r0)).toEqual({ trades: 4, rebalances: 2 });
    // A kernel output where bar 1 "traded" 1e-13 of the account (a target equal to the drifted
    // holding, but for the last bits): no trade, no rebalance.
    const simulation = {
      equity: Float64Array.from([100, 100]),
      weights: Float64Array.from([0.5, 0.5 + 1e-15]),
      tradingCost: Float64Array.from([0, 0]),
      traded: Uint8Array.from([1, 1]),
    };
    const input = { dates: Int32Array.from([0, 1]), assets: ['A'], prices: Float64Array.from([1, 1]), capital: 100, simulation };
    expect(listTrades(input).map((t) => t.date)).toEqual(['1970-01-01']);
    expect(countTrades(input)).toEqual({ trades: 1, rebalances: 1 });
  });
});
