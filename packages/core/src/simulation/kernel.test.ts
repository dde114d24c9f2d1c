import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, type SimulationInput } from './kernel.js';
import { parseDay } from '../util/dates.js';

/** Builds kernel input from small tables: prices[bar][asset], targets[bar][asset]. */
function input(p: {
  dates: string[];
  prices: number[][];
  targets: number[][];
  decide?: number[];
  delay?: number;
  cashRate?: number;
  band?: number;
  bandRelative?: number;
  costBps?: number;
  borrowBps?: number;
  spreadBps?: number;
  capital?: number;
  initialWeights?: number[];
  initialSale?: number;
  live?: number[][];
}): SimulationInput {
  const n = p.dates.length;
  return {
    dates: Int32Array.from(p.dates, (d) => parseDay(d)!),
    assets: p.prices[0].length,
    prices: Float64Array.from(p.prices.flat()),
    targets: Float64Array.from(p.targets.flat()),
    decide: Uint8Array.from(p.decide ?? [1, ...Array(n - 1).fill(0)]),
    cashRate: new Float64Array(n).fill(p.cashRate ?? 0),
    delay: p.delay ?? 0,
    band: p.band ?? 0,
    bandRelative: p.bandRelative ?? 0,
    costRate: (p.costBps ?? 0) / 10_000,
    borrowRate: (p.borrowBps ?? 0) / 10_000,
    financingSpread: (p.spreadBps ?? 0) / 10_000,
    capital: p.capital ?? 1000,
    initialWeights: p.initialWeights ? Float64Array.from(p.initialWeights) : undefined,
    initialSale: p.initialSale,
    live: p.live ? Uint8Array.from(p.live.flat()) : undefined,
  };
}

const four = ['2024-01-31', '2024-02-29', '2024-03-29', '2024-04-30'];

describe('simulation kernel', () => {
  it('60/40 rebalanced on schedule drifts with prices in between', () => {
    // bar0: buy 600 A, 400 B. bar1: A +10% -> A 660, B 400, equity 1060 (drift, no trade).
    // bar2: B -10% -> B 360, equity 1020; rebalance -> A 612, B 408.
    // bar3: A +10% -> A 673.2, equity 1081.2.
    const out = simulate(
      input({
        dates: four,
        prices: [[100, 100], [110, 100], [110, 90], [121, 90]],
        targets: Array(4).fill([0.6, 0.4]),
        decide: [1, 0, 1, 0],
      }),
    );
    expect(Array.from(out.equity)).toEqual([1000, 1060, 1020, 1081.2].map((x) => expect.closeTo(x, 9)));
    expect(out.weights[2]).toBeCloseTo(660 / 1060, 12);
    expect(out.weights[3]).toBeCloseTo(400 / 1060, 12);
    expect(out.weights[4]).toBeCloseTo(0.6, 12);
    expect(out.weights[6]).toBeCloseTo(673.2 / 1081.2, 12);
    expect(Array.from(out.traded)).toEqual([1, 0, 1, 0]);
    // Turnover at bar2: |612-660| + |408-360| = 96 of 1020.
    expect(out.turnover[2]).toBeCloseTo(96 / 1020, 12);
  });

  it('an absolute band triggers only when drift exceeds it', () => {
    // 50/50. bar1: A +10% -> 550/500, wA = 0.5238 (inside 0.05). bar2: A 110 -> 130:
    // 650/500, wA = 0.5652 (outside) -> rebalance at once (delay 0) to 575/575.
    // bar3: A +10% -> 632.5/575, wA = 0.5238 (inside).
    const out = simulate(
      input({
        dates: four,
        prices: [[100, 100], [110, 100], [130, 100], [143, 100]],
        targets: Array(4).fill([0.5, 0.5]),
        band: 0.05,
      }),
    );
    expect(Array.from(out.traded)).toEqual([1, 0, 1, 0]);
    expect(Array.from(out.equity)).toEqual([1000, 1050, 1150, 1207.5].map((x) => expect.closeTo(x, 9)));
    expect(out.weights[4]).toBeCloseTo(0.5, 12);
    expect(out.weights[6]).toBeCloseTo(632.5 / 1207.5, 12);
  });

  it('a band breach with delay 1 trades one bar later, to the target of the breach day', () => {
    const out = simulate(
      input({
        dates: four,
        prices: [[100, 100], [100, 100], [130, 100], [130, 100]],
        targets: Array(4).fill([0.5, 0.5]),
        band: 0.05,
        delay: 1,
      }),
    );
    // Bought at bar1 (decided bar0); breach at bar2 (650/500); traded at bar3.
    expect(Array.from(out.traded)).toEqual([0, 1, 0, 1]);
    expect(out.weights[6]).toBeCloseTo(0.5, 12);
  });

  it('a relative band is measured against each target', () => {
    // 80/20 with a 25 % relative band: B may move ±0.05, A ±0.2. B +40% -> 800/280,
    // wB = 280/1080 = 0.259 (outside 0.25 ± 0.05... i.e. 0.2 ± 0.05) -> rebalance.
    const prices = [[100, 100], [100, 140], [100, 140], [100, 140]];
    const relative = simulate(input({ dates: four, prices, targets: Array(4).fill([0.8, 0.2]), bandRelative: 0.25 }));
    const absolute = simulate(input({ dates: four, prices, targets: Array(4).fill([0.8, 0.2]), band: 0.1 }));
    expect(Array.from(relative.traded)).toEqual([1, 1, 0, 0]);
    expect(Array.from(absolute.traded)).toEqual([1, 0, 0, 0]); // 0.059 drift is inside an absolute 0.1
  });

  it('commission and slippage are charged on traded notional', () => {
    // 10 + 5 bps. bar0: buy 1000 of A, cost 1.5 -> equity 998.5 (cash -1.5).
    // bar1: A +10% -> 1100 - 1.5 = 1098.5; to 50/50: sell 550.75 A, buy 549.25 B,
    // notional 1100, cost 1.65 -> 1096.85.
    const out = simulate(
      input({
        dates: four.slice(0, 2),
        prices: [[100, 50], [110, 50]],
        targets: [[1, 0], [0.5, 0.5]],
        decide: [1, 1],
        costBps: 15,
      }),
    );
    expect(out.tradingCost[0]).toBeCloseTo(1.5, 12);
    expect(out.tradingCost[1]).toBeCloseTo(1.65, 12);
    expect(out.equity[0]).toBeCloseTo(998.5, 10);
    expect(out.equity[1]).toBeCloseTo(1096.85, 10);
    expect(out.turnover[1]).toBeCloseTo(1100 / 1098.5, 12);
  });

  it('a short pays the borrow fee daily and its proceeds stay in cash', () => {
    // Short 50 % of A; 365 bps a year = 1 bp a day on 500 of notional = 0.05 a day.
    // bar1: fee 0.05 -> 999.95. bar2: fee 0.05 on 500 (notional at the start of the day),
    // then A falls 10 %: short worth -450, cash 1499.90 -> 1049.90.
    const out = simulate(
      input({
        dates: ['2024-01-01', '2024-01-02', '2024-01-03'],
        prices: [[100], [100], [90]],
        targets: [[-0.5], [-0.5], [-0.5]],
        borrowBps: 365,
      }),
    );
    expect(out.borrowCost[1]).toBeCloseTo(0.05, 12);
    expect(out.equity[1]).toBeCloseTo(999.95, 10);
    expect(out.equity[2]).toBeCloseTo(1049.9, 10);
    expect(out.weights[2]).toBeCloseTo(-450 / 1049.9, 12);
  });

  it('cash accrues at the cash rate, actual/365, over weekends too', () => {
    // 3.65 % a year = 1 bp a calendar day. Fri -> Mon is three days.
    const out = simulate(
      input({
        dates: ['2024-01-04', '2024-01-05', '2024-01-08'],
        prices: [[100], [100], [100]],
        targets: [[0], [0], [0]],
        cashRate: 0.0365,
      }),
    );
    expect(out.equity[1]).toBeCloseTo(1000 * 1.0001, 10);
    expect(out.equity[2]).toBeCloseTo(1000 * 1.0001 * 1.0003, 10);
    expect(out.cashInterest[2]).toBeCloseTo(1000.1 * 0.0003, 10);
  });

  it('borrowed cash pays the cash rate plus the financing spread', () => {
    // 150 % long A: cash -500. Rate 3.65 % + spread 365 bps = 2 bp a day on 500 = 0.10.
    const out = simulate(
      input({
        dates: ['2024-01-01', '2024-01-02'],
        prices: [[100], [100]],
        targets: [[1.5], [1.5]],
        cashRate: 0.0365,
        spreadBps: 365,
      }),
    );
    expect(out.financingCost[1]).toBeCloseTo(0.1, 12);
    expect(out.equity[1]).toBeCloseTo(999.9, 10);
  });

  it('delay 0 trades at the deciding close, delay 1 at the next close', () => {
    // The target moves from A to B at bar1; A then rises 10 % at bar2.
    const base = {
      dates: four,
      prices: [[100, 100], [100, 100], [110, 100], [121, 100]],
      targets: [[1, 0], [0, 1], [0, 1], [0, 1]],
      decide: [1, 1, 0, 0],
    };
    const now = simulate(input({ ...base, delay: 0 }));
    const next = simulate(input({ ...base, delay: 1 }));
    // delay 0: in A at bar0, switched to B at bar1 -> misses A's rise.
    expect(Array.from(now.equity)).toEqual([1000, 1000, 1000, 1000]);
    // delay 1: cash at bar0, buys A at bar1 (decided bar0), switches at bar2 after A's +10 %.
    expect(Array.from(next.equity)).toEqual([1000, 1000, 1100, 1100].map((x) => expect.closeTo(x, 9)));
    expect(Array.from(next.traded)).toEqual([0, 1, 1, 0]);
  });

  it('an asset with no price yet is not held, whatever the target says', () => {
    const out = simulate(
      input({
        dates: four.slice(0, 3),
        prices: [[100, NaN], [100, 50], [100, 55]],
        targets: [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]],
        decide: [1, 1, 0],
      }),
    );
    expect(out.weights[1]).toBe(0); // B at bar0: not tradable
    expect(out.weights[3]).toBeCloseTo(0.5, 12);
    expect(out.equity[2]).toBeCloseTo(1000 + 500 * 0.1, 10);
  });

  it('a band breach with delay 2 is traded once, not on every bar while the trade is pending', () => {
    // 50/50, band 5 %, delay 2: bought at bar 2. A jumps at bar 3 (breach), traded at bar 5.
    // Bar 4 is still drifted, but that trade is on its way: no second decision (which would
    // trade again at bar 6, where A moved a little).
    const out = simulate(
      input({
        dates: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07'],
        prices: [[100, 100], [100, 100], [100, 100], [130, 100], [131, 100], [131, 100], [132, 100]],
        targets: Array(7).fill([0.5, 0.5]),
        band: 0.05,
        delay: 2,
        costBps: 10,
      }),
    );
    expect(Array.from(out.traded)).toEqual([0, 0, 1, 0, 0, 1, 0]);
  });

  it('a rebalance that moves nothing is not counted as a trade', () => {
    const out = simulate(input({ dates: four, prices: [[100], [101], [102], [103]], targets: Array(4).fill([0]), decide: [1, 1, 1, 1] }));
    expect(Array.from(out.traded)).toEqual([0, 0, 0, 0]);
  });

  it('closes everything when equity reaches zero', () => {
    // 200 % long A; A halves: 2000 * 0.5 = 1000 - 1000 borrowed = 0.
    const out = simulate(
      input({
        dates: four.slice(0, 3),
        prices: [[100], [50], [100]],
        targets: [[2], [2], [2]],
        decide: [1, 0, 1],
      }),
    );
    expect(out.ruinedAt).toBe(1);
    expect(out.equity[2]).toBe(0);
  });

  describe('a start holding carried positions (walk-forward test windows)', () => {
    it('with delay 1 the first bar drifts with prices, and the first trade pays costs on the difference only', () => {
      // Carried 50/50 of 1000: A 500, B 500, cash 0. Target 20/80 decided at bar0, traded at bar1.
      // bar0: no trade (delay 1), equity 1000.
      // bar1: A +20 % -> A 600, B 500, equity 1100; trade to A 220, B 880: notional
      //       |220 - 600| + |880 - 500| = 760, cost 10 bps = 0.76 -> 1099.24 (cash -0.76).
      //       (From cash the same trade would have bought 1100 and paid 1.10.)
      // bar2: B +10 % -> B 968: 220 + 968 - 0.76 = 1187.24.
      const out = simulate(
        input({
          dates: four.slice(0, 3),
          prices: [[100, 100], [120, 100], [120, 110]],
          targets: Array(3).fill([0.2, 0.8]),
          delay: 1,
          costBps: 10,
          initialWeights: [0.5, 0.5],
        }),
      );
      expect(out.equity[0]).toBe(1000);
      expect(Array.from(out.weights.subarray(0, 2))).toEqual([0.5, 0.5]);
      expect(Array.from(out.traded)).toEqual([0, 1, 0]);
      expect(out.tradingCost[1]).toBeCloseTo(0.76, 12);
      expect(out.turnover[1]).toBeCloseTo(760 / 1100, 12);
      expect(out.equity[1]).toBeCloseTo(1099.24, 10);
      expect(out.weights[2]).toBeCloseTo(220 / 1099.24, 12);
      expect(out.equity[2]).toBeCloseTo(1187.24, 10);
    });

    it('with delay 0 it trades at the first close from the carried weights: costs on the difference, the first close worth the capital before them', () => {
      // Carried 70 % A of 1000 (cash 300). Target 40 % A: sell 300, cost 20 bps = 0.60.
      const out = simulate(input({ dates: four.slice(0, 2), prices: [[100], [110]], targets: [[0.4], [0.4]], costBps: 20, initialWeights: [0.7] }));
      expect(out.tradingCost[0]).toBeCloseTo(0.6, 12);
      expect(out.equity[0]).toBeCloseTo(999.4, 10);
      // bar1: A 400 -> 440, cash 600 - 0.6 = 599.4: 1039.4.
      expect(out.equity[1]).toBeCloseTo(1039.4, 10);
      // Carrying exactly the target costs nothing and is no trade.
      const same = simulate(input({ dates: four.slice(0, 2), prices: [[100], [110]], targets: [[0.4], [0.4]], costBps: 20, initialWeights: [0.4] }));
      expect(same.tradingCost[0]).toBe(0);
      expect(same.traded[0]).toBe(0);
      expect(same.equity[0]).toBe(1000);
    });

    it('the first close is worth the capital exactly, even where cash + holdings rounds differently', () => {
      // 3 - 0.3 - 2.1 - 0.6 + 0.3 + 2.1 + 0.6 is 3.0000000000000004 in floating point.
      const w = [0.1, 0.7, 0.2];
      const h = w.map((x) => x * 3);
      expect(3 - h[0] - h[1] - h[2] + h[0] + h[1] + h[2]).not.toBe(3);
      const out = simulate(input({ dates: four.slice(0, 2), prices: [[1, 1, 1], [1, 1, 1]], targets: [w, w], decide: [0, 0], capital: 3, initialWeights: w }));
      expect(out.equity[0]).toBe(3);
    });

    it('carried positions outside the universe are sold at the first close, paying costs on that notional there', () => {
      // Carried: A 0.5 (in this universe), 0.5 in an asset this run does not trade. Capital 1000, 10 bps.
      // Start: A 500; the other 500 is sold: cash 1000 − 500 − 0.5 (cost on 500) = 499.5.
      // bar0: equity 999.5; turnover 500/1000, cost 0.5, a trade; delay 1: no trade of its own yet.
      // bar1: A +10 % → 550; value 1049.5; to A 1.0: buys 499.5, cost 0.4995 → 1049.0005.
      const out = simulate(
        input({
          dates: four.slice(0, 2),
          prices: [[100], [110]],
          targets: [[1], [1]],
          delay: 1,
          costBps: 10,
          initialWeights: [0.5],
          initialSale: 0.5,
        }),
      );
      expect(out.equity[0]).toBe(999.5);
      expect(out.turnover[0]).toBe(0.5);
      expect(out.tradingCost[0]).toBe(0.5);
      expect(Array.from(out.traded)).toEqual([1, 1]);
      expect(out.tradingCost[1]).toBeCloseTo(0.4995, 12);
      expect(out.turnover[1]).toBeCloseTo(499.5 / 1049.5, 12);
      expect(out.equity[1]).toBeCloseTo(1049.0005, 10);
    });

    it('with delay 0 the sale and the first trade share the first close: their costs and turnover add up', () => {
      // Start as above (cash 499.5 after the sale's 0.5). bar0 value 999.5; to A 1.0: buys 499.5,
      // cost 0.4995: equity 999.0005; turnover 0.5 + 499.5/999.5; cost 0.5 + 0.4995.
      const out = simulate(input({ dates: four.slice(0, 1), prices: [[100]], targets: [[1]], delay: 0, costBps: 10, initialWeights: [0.5], initialSale: 0.5 }));
      expect(out.equity[0]).toBeCloseTo(999.0005, 10);
      expect(out.tradingCost[0]).toBeCloseTo(0.9995, 12);
      expect(out.turnover[0]).toBeCloseTo(0.5 + 499.5 / 999.5, 12);
      expect(out.traded[0]).toBe(1);
    });

    it('scales with its capital: costs, cash interest, financing and borrow fees are all proportional', () => {
      const p = {
        dates: ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'],
        prices: [[100, 50], [103, 49], [99, 51], [104, 52], [101, 50]],
        targets: [[1.3, -0.2], [1.3, -0.2], [0.5, 0.6], [0.5, 0.6], [-0.4, 1.2]],
        decide: [1, 0, 1, 0, 1],
        delay: 1,
        cashRate: 0.04,
        costBps: 12,
        borrowBps: 80,
        spreadBps: 150,
        band: 0.03,
        initialWeights: [0.9, -0.3],
      };
      const one = simulate(input({ ...p, capital: 1000 }));
      const seven = simulate(input({ ...p, capital: 7000 }));
      for (let t = 0; t < 5; t++) {
        expect(seven.equity[t] / one.equity[t]).toBeCloseTo(7, 12);
        expect(seven.weights[2 * t]).toBeCloseTo(one.weights[2 * t], 12);
      }
      // Every charge was exercised, so the check above covers them.
      for (const k of ['tradingCost', 'borrowCost', 'financingCost', 'cashInterest'] as const) expect(one[k].some((x) => x > 0)).toBe(true);
    });
  });

  describe('an asset trades only at its own prints (live)', () => {
    // Fri 01-05, Sat 01-06, Sun 01-07, Mon 01-08: A trades every day (crypto), B only on
    // weekdays, so its Saturday and Sunday prices are Friday's close carried forward.
    const weekend = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'];
    const live = [[1, 1], [1, 0], [1, 0], [1, 1]];

    it("a leg due on a bar without the asset's print fills at its next print, at that price, with costs on that leg only", () => {
      // 10 bps. bar0 (Fri): buy 500 A and 500 B, cost 1: cash -1, equity 999.
      // bar1 (Sat): A 100 -> 110: A 550, B 500, value 1049. Decided [0, 1], delay 0: A is live,
      //   sold: 550 traded, cost 0.55, cash -1 + 550 - 0.55 = 548.45, equity 1048.45. B has no
      //   print: it keeps 500 and its leg waits.
      // bar2 (Sun): nothing moves, B still waits, no trade.
      // bar3 (Mon): B 50 -> 55: B 550, value 548.45 + 550 = 1098.45. B's leg fills at 55 to
      //   1 × 1098.45: 548.45 traded, cost 0.54845, cash -0.54845, equity 1097.90155.
      const out = simulate(
        input({
          dates: weekend,
          prices: [[100, 50], [110, 50], [110, 50], [121, 55]],
          targets: [[0.5, 0.5], [0, 1], [0, 1], [0, 1]],
          decide: [1, 1, 0, 0],
          costBps: 10,
          live,
        }),
      );
      expect(Array.from(out.equity)).toEqual([999, 1048.45, 1048.45, 1097.90155].map((x) => expect.closeTo(x, 9)));
      expect(Array.from(out.traded)).toEqual([1, 1, 0, 1]);
      expect(Array.from(out.tradingCost)).toEqual([1, 0.55, 0, 0.54845].map((x) => expect.closeTo(x, 12)));
      expect(out.turnover[1]).toBeCloseTo(550 / 1049, 12);
      expect(out.turnover[3]).toBeCloseTo(548.45 / 1098.45, 12);
      // Held over the weekend: B's 500 is 500 / 1048.45 of the account on Saturday and Sunday.
      expect(out.weights[3]).toBeCloseTo(500 / 1048.45, 12);
      expect(out.weights[5]).toBeCloseTo(500 / 1048.45, 12);
      expect(out.weights[6]).toBe(0);
      expect(out.weights[7]).toBeCloseTo(1098.45 / 1097.90155, 12);
    });

    it('a weekend decision with delay 1 folds into the next print, newest target first: no gain from the carried close', () => {
      // Delay 1, no costs. Decided Fri [0, 0], Sat [0, 1], Sun [0, 0.5].
      // bar1 (Sat) executes Friday's decision: A stays 0; B has no print, waits.
      // bar2 (Sun) executes Saturday's: B still has no print; its leg now holds Saturday's target.
      // bar3 (Mon) executes Sunday's, superseding Saturday's: B fills at its own 60 to 0.5 × 1000.
      // The account never held B over the 50 -> 60 move: equity 1000 throughout.
      const base = {
        dates: weekend,
        prices: [[100, 50], [100, 50], [100, 50], [100, 60]],
        targets: [[0, 0], [0, 1], [0, 0.5], [0, 0.5]],
        decide: [1, 1, 1, 0],
        delay: 1,
      };
      const out = simulate(input({ ...base, live }));
      expect(Array.from(out.equity)).toEqual([1000, 1000, 1000, 1000]);
      expect(Array.from(out.traded)).toEqual([0, 0, 0, 1]);
      expect(out.weights[7]).toBeCloseTo(0.5, 12);
      expect(out.turnover[3]).toBeCloseTo(0.5, 12);
      // Without the mask (every bar live), Saturday's decision bought 1000 of B on Sunday at
      // Friday's 50, and Monday's +20 % is booked: 1200, then Sunday's target sells half.
      const stale = simulate(input(base));
      expect(Array.from(stale.equity)).toEqual([1000, 1000, 1000, 1200]);
    });

    it('with delay 0, a print dated before the bar (2, a monthly bar) does not fill a decision of that bar; the next one does', () => {
      // Month ends; B's last print of February and March is before the month's last day (2).
      // bar0: all in A. bar1: decided [0, 1]: A sold at once; B's print is older than the
      // decision, so its leg waits. bar2: B's March print (110) is after the decision: bought
      // with the 1000 held in cash. No gain is booked from February's 100.
      const out = simulate(
        input({
          dates: ['2024-01-31', '2024-02-29', '2024-03-31'],
          prices: [[100, 100], [100, 100], [100, 110]],
          targets: [[1, 0], [0, 1], [0, 1]],
          decide: [1, 1, 0],
          live: [[1, 1], [1, 2], [1, 2]],
        }),
      );
      expect(Array.from(out.equity)).toEqual([1000, 1000, 1000]);
      expect(Array.from(out.traded)).toEqual([1, 1, 1]);
      expect(Array.from(out.weights)).toEqual([1, 0, 0, 0, 0, 1]);
    });

    it("a waiting leg answers its own asset's drift; the other assets' drift still decides", () => {
      // Band 0.05, delay 1, 50/50 throughout; Fri, Sat, Sun, Mon.
      // bar0 (Fri): the entry is decided (a cash account is past the band too: bandDecide 1).
      // bar1 (Sat): buys 500 A; B has no print, its leg waits. B sits at 0 against 0.5, but a
      //   trade for it is already on its way: no band decision (A is at 0.5).
      // bar2 (Sun): A 100 -> 130: A 650, cash 500, value 1150, wA 0.565: A's drift decides.
      // bar3 (Mon): that decision is due; it supersedes B's waiting leg (same 0.5): A sells 75
      //   to 575, B buys 575 at its own 50. Equity 1150, weights 0.5 / 0.5.
      const out = simulate(
        input({
          dates: weekend,
          prices: [[100, 50], [100, 50], [130, 50], [130, 50]],
          targets: Array(4).fill([0.5, 0.5]),
          decide: [1, 0, 0, 0],
          delay: 1,
          band: 0.05,
          live,
        }),
      );
      expect(Array.from(out.bandDecide)).toEqual([1, 0, 1, 0]);
      expect(Array.from(out.traded)).toEqual([0, 1, 0, 1]);
      expect(Array.from(out.equity)).toEqual([1000, 1000, 1150, 1150]);
      expect(out.turnover[3]).toBeCloseTo(650 / 1150, 12);
      expect(out.weights[6]).toBeCloseTo(0.5, 12);
      expect(out.weights[7]).toBeCloseTo(0.5, 12);
    });

    it('a leg that waits long (a halted asset) keeps its holding and does not stop the band for the others', () => {
      // B has no print after bar1 (its close is carried: 0). Band 0.05, delay 0.
      // bar0: 500 A, 500 B. bar2: decided [0.5, 0] (sell B; B at 0.5 is past the band against
      //   it too, so the band flags the same bar): A is at target; B's leg waits for
      //   a print that never comes, B keeps its 500. bar3: A 100 -> 150: A 750, value 1250,
      //   wA 0.6 > 0.55: the band decides and trades A at once to 0.5 × 1250 = 625.
      const out = simulate(
        input({
          dates: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
          prices: [[100, 100], [100, 100], [100, 100], [150, 100]],
          targets: [[0.5, 0.5], [0.5, 0.5], [0.5, 0], [0.5, 0]],
          decide: [1, 0, 1, 0],
          band: 0.05,
          live: [[1, 1], [1, 1], [1, 0], [1, 0]],
        }),
      );
      expect(Array.from(out.bandDecide)).toEqual([1, 0, 1, 1]);
      expect(Array.from(out.traded)).toEqual([1, 0, 0, 1]);
      expect(Array.from(out.equity)).toEqual([1000, 1000, 1000, 1250]);
      expect(out.weights[6]).toBeCloseTo(0.5, 12);
      expect(out.weights[7]).toBeCloseTo(500 / 1250, 12);
    });

    it('property: a mask with a print on every bar gives exactly the outputs of no mask, whether dated the bar (1) or, with delay ≥ 1, before it (2)', () => {
      const n = 30;
      const m = 3;
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: n * m, maxLength: n * m }),
          fc.array(fc.constantFrom(-0.5, 0, 0.3, 0.6, 1.2), { minLength: n * m, maxLength: n * m }),
          fc.array(fc.constantFrom(0, 0, 0, 1), { minLength: n, maxLength: n }),
          fc.record({ delay: fc.integer({ min: 0, max: 3 }), band: fc.constantFrom(0, 0.03), bandRelative: fc.constantFrom(0, 0.2), late: fc.integer({ min: 0, max: 10 }) }),
          fc.array(fc.constantFrom(1, 2), { minLength: n * m, maxLength: n * m }),
          (moves, targets, decide, p, dated) => {
            const prices: number[][] = [];
            for (let t = 0; t < n; t++)
              prices.push(Array.from({ length: m }, (_, j) => (j === 2 && t < p.late ? NaN : (t === 0 ? 100 : prices[t - 1][j] || 100) * (1 + moves[t * m + j]))));
            const base = {
              dates: Array.from({ length: n }, (_, t) => `2024-01-${String(t + 1).padStart(2, '0')}`),
              prices,
              targets: Array.from({ length: n }, (_, t) => targets.slice(t * m, t * m + m)),
              decide: [1, ...decide.slice(1)],
              delay: p.delay,
              band: p.band,
              bandRelative: p.bandRelative,
              costBps: 7,
              borrowBps: 50,
              spreadBps: 100,
              cashRate: 0.03,
            };
            // A print wherever the asset has a price (NaN before C's first price: not a print). A print
            // dated before the bar (2, a monthly bar) fills every decision of an earlier bar, so with
            // delay ≥ 1 it changes nothing either: the mask must then be invisible in every output.
            const live = prices.map((row, t) => row.map((v, j) => (v !== v ? 0 : p.delay >= 1 && t > 0 ? dated[t * m + j] : 1)));
            const masked = simulate(input({ ...base, live }));
            const plain = simulate(input(base));
            for (const k of ['equity', 'weights', 'turnover', 'tradingCost', 'borrowCost', 'financingCost', 'cashInterest', 'traded', 'bandDecide'] as const)
              expect(Array.from(masked[k]).every((v, i) => Object.is(v, plain[k][i])), k).toBe(true);
            expect(masked.ruinedAt).toBe(plain.ruinedAt);
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  it('property: summaryOnly (a study trial) gives equity, turnover and band decisions bit for bit, records nothing else, and reused buffers start clean', () => {
    const n = 25;
    const m = 2;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: n * m, maxLength: n * m }),
        fc.array(fc.constantFrom(-0.5, 0, 0.4, 1, 1.5), { minLength: n * m, maxLength: n * m }),
        fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
        fc.record({ delay: fc.integer({ min: 0, max: 2 }), band: fc.constantFrom(0, 0.03), live: fc.boolean() }),
        (moves, targets, decide, p) => {
          const prices: number[][] = [];
          for (let t = 0; t < n; t++) prices.push(Array.from({ length: m }, (_, j) => (t === 0 ? 100 : prices[t - 1][j]) * (1 + moves[t * m + j])));
          const base = {
            dates: Array.from({ length: n }, (_, t) => `2024-02-${String(t + 1).padStart(2, '0')}`),
            prices,
            targets: Array.from({ length: n }, (_, t) => targets.slice(t * m, t * m + m)),
            decide: [1, ...decide.slice(1)],
            delay: p.delay,
            band: p.band,
            costBps: 9,
            borrowBps: 40,
            spreadBps: 80,
            cashRate: 0.02,
            ...(p.live ? { live: prices.map((row, t) => row.map((_, j) => (t % 3 === j ? 0 : 1))) } : {}),
          };
          const full = simulate(input(base));
          // Reusing the buffers of another run (as a study does) must not leak its values.
          const other = simulate({ ...input({ ...base, targets: base.targets.map((r) => r.map((w) => -w)) }), summaryOnly: true });
          const lean = simulate({ ...input(base), summaryOnly: true }, other);
          expect(lean).toBe(other);
          for (const k of ['weights', 'tradingCost', 'borrowCost', 'financingCost', 'cashInterest', 'traded'] as const) expect(lean[k].length, k).toBe(0);
          for (const k of ['equity', 'turnover', 'bandDecide'] as const)
            expect(Array.from(lean[k]).every((v, i) => Object.is(v, full[k][i])), k).toBe(true);
          expect(lean.ruinedAt).toBe(full.ruinedAt);
        },
      ),
      { numRuns: 200 },
    );
  });
});
