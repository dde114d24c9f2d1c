import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfigText } from '../config/load.js';
import { runBacktest } from './runBacktest.js';
import { loadFrame } from './frame.js';
import { memoryStore, runYaml, tmpData, type Table } from '../../../../test/fixtures/tmpData.js';
import { formatDay, parseDay } from '../util/dates.js';

/**
 * The calendar is the union of the universe's days and prices are carried forward onto the
 * days an asset does not trade; an asset is nonetheless traded only at its own prints. A
 * decision made on a crypto weekend (or a holiday of one exchange) fills an ETF's leg at its
 * next close, never at the close carried from before the decision.
 */

/** Every day from `start` for crypto; `weekdays` skips Saturdays and Sundays. */
function table(start: string, values: number[], weekdaysOnly = false): Table {
  const out: Table = {};
  let day = parseDay(start)!;
  for (const v of values) {
    while (weekdaysOnly && [0, 6].includes(new Date(day * 86_400_000).getUTCDay())) day++;
    out[formatDay(day)] = v;
    day++;
  }
  return out;
}

// Mon 2021-01-04 .. Fri 2021-01-15. XBT trades every day and jumps on Saturday 01-09 (100 -> 110);
// SPY trades on weekdays and jumps on Monday 01-11 (100 -> 105).
const XBT = table('2021-01-04', [100, 100, 100, 100, 100, 110, 110, 110, 110, 110, 110, 110]);
const SPY = table('2021-01-04', [100, 100, 100, 100, 100, 105, 105, 105, 105, 105], true);
const config = (delay: number) => `name: weekend
universe: [SPY, XBT]
numeraires: [USD]
period: { start: 2021-01-04, end: 2021-01-15 }
signals: { up: "XBT > 105" }
regimes: { on: up, off: true }
allocations: { on: { SPY: 1 }, off: {} }
rebalance: { every: never }
costs: { commission_bps: 10 }
execution: { delay: ${delay} }
`;

describe('an asset trades only at its own prints', () => {
  it('a weekend signal with delay 1 buys SPY at Monday’s close, not Friday’s carried one: no gain from the Monday move', async () => {
    // XBT > 105 from Saturday 01-09: the regime turns "on" there, due Sunday (delay 1). SPY has
    // no Sunday print, so its leg fills Monday 01-11 at its own 105. Capital 100 000 (default),
    // 10 bps: 100 000 bought, 100 paid, equity 99 900 from Monday on; SPY is flat after that.
    // Trading Sunday at Friday's 100 would have booked Monday's +5 %.
    const { result } = await runYaml(tmpData({ SPY, XBT }), config(1));
    const dates = result.series.dates;
    expect(dates.slice(4, 8)).toEqual(['2021-01-08', '2021-01-09', '2021-01-10', '2021-01-11']);
    expect(result.trades).toEqual([{ date: '2021-01-11', asset: 'SPY', weightBefore: 0, weightAfter: expect.closeTo(100_000 / 99_900, 12), notional: expect.closeTo(100_000, 6), side: 'buy', cost: expect.closeTo(100, 9) }]);
    const equity = result.series.equity.USD;
    for (let t = 0; t < 7; t++) expect(equity[t]).toBe(100_000);
    for (let t = 7; t < dates.length; t++) expect(equity[t]).toBeCloseTo(99_900, 6);
    expect(result.metrics.USD.totalReturn).toBeCloseTo(-0.001, 12);
  });

  it('with delay 0 the Saturday decision also waits for Monday’s print', async () => {
    const { result } = await runYaml(tmpData({ SPY, XBT }), config(0));
    expect(result.trades!.map((t) => `${t.date} ${t.asset} ${t.side}`)).toEqual(['2021-01-11 SPY buy']);
    expect(result.series.equity.USD.at(-1)).toBeCloseTo(99_900, 6);
  });

  it('monthly: an asset trades at its last print of the month for earlier decisions; a delay-0 decision of that bar waits a month', async () => {
    // Month-end bars Sun 01-31, Sun 02-28, Wed 03-31 (XBT trades every day); SPY's last prints
    // are Fri 01-29 at 100, Fri 02-26 at 110, Wed 03-31 at 121. weights { SPY: 1 }, no costs.
    // delay 1: decided 01-31, filled at the 02-28 bar at SPY's own 110 (its February print is
    //   after the decision): 100 000, then 03-31 at 121: 110 000.
    // delay 0: decided 01-31, but SPY's print there (01-29) is older than the decision, which
    //   may know Saturday's and Sunday's news: it waits for February's, the same 110. February's
    //   own decision (the monthly schedule) waits in turn for March's print, dated the bar.
    const spy: Table = {};
    for (const d of Object.keys(table('2021-01-04', Array(63).fill(0), true)))
      if (d <= '2021-03-31') spy[d] = d < '2021-02-01' ? 100 : d < '2021-03-01' ? 110 : 121;
    const xbt = table('2021-01-01', Array(90).fill(100));
    const yaml = (delay: number) => `name: monthly
universe: [SPY, XBT]
numeraires: [USD]
frequency: monthly
period: { start: 2021-01-01, end: 2021-03-31 }
weights: { SPY: 1 }
execution: { delay: ${delay} }
`;
    for (const delay of [1, 0]) {
      const { result } = await runYaml(tmpData({ SPY: spy, XBT: xbt }), yaml(delay));
      expect(result.series.dates).toEqual(['2021-01-31', '2021-02-28', '2021-03-31']);
      expect(result.trades!.map((t) => `${t.date} ${t.asset} ${t.side} ${t.notional}`), `delay ${delay}`).toEqual(['2021-02-28 SPY buy 100000']);
      expect(result.series.equity.USD.map((v) => Number(v.toFixed(6))), `delay ${delay}`).toEqual([100_000, 100_000, 110_000]);
    }
  });

  it('the frame marks each asset’s own prints; a universe on one calendar has no mask; after its last print an asset is live', async () => {
    const data = tmpData({ SPY, XBT });
    const source = parseConfigText(config(1), 'test.yaml');
    const frame = await loadFrame(data.store(), source, source.config, undefined);
    const m = frame.assets.length;
    const first = frame.warmup;
    // Fri 01-08, Sat, Sun, Mon 01-11 for [SPY, XBT].
    expect(Array.from(frame.liveFull!.subarray((first + 4) * m, (first + 8) * m))).toEqual([1, 1, 0, 1, 0, 1, 1, 1]);
    const same = tmpData({ SPY, IEF: table('2021-01-04', [50, 51, 52, 53, 54, 55, 56, 57, 58, 59], true) });
    const sameSource = parseConfigText(config(1).replace('[SPY, XBT]', '[SPY, IEF]').replace('XBT > 105', 'IEF > 55'), 'test.yaml');
    expect((await loadFrame(same.store(), sameSource, sameSource.config, undefined)).liveFull).toBeUndefined();
    // XBT's file ends on Fri 01-08 (its last print): the weekend and Monday after it are live,
    // so a leg of XBT fills at its last price instead of waiting forever.
    const ended = tmpData({ SPY, XBT: table('2021-01-01', [100, 101, 102, 103, 104, 105, 106, 107], false) });
    const endedFrame = await loadFrame(ended.store(), source, source.config, undefined);
    const f = endedFrame.full;
    // (No mask at all means every bar is live: here every other bar is SPY's own print.)
    const after = Array.from(f).map((d, t) => [formatDay(d), endedFrame.liveFull?.[t * m + 1] ?? 1] as const).filter(([d]) => d > '2021-01-08');
    expect(after.length).toBeGreaterThan(0);
    for (const [d, live] of after) expect(live, d).toBe(1);
  });

  it('property: on random calendars no trade ever fills an asset on a day it has no print', async () => {
    const DAYS = 70;
    const day0 = parseDay('2024-01-01')!;
    // Per asset: which days it trades (its first day always, so the three start together) and its returns.
    const asset = fc.record({
      open: fc.array(fc.boolean(), { minLength: DAYS, maxLength: DAYS }),
      moves: fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: DAYS, maxLength: DAYS }),
    });
    const params = fc.record({
      delay: fc.integer({ min: 0, max: 3 }),
      every: fc.constantFrom('daily', 'weekly', 'never'),
      band: fc.constantFrom(0, 0.02, 0.1),
      fast: fc.integer({ min: 2, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(asset, asset, asset, params, async (a, b, c, p) => {
        const own = new Map<string, Set<string>>();
        const tables: Record<string, { dates: Int32Array; values: Float64Array }> = {};
        for (const [name, s] of [['A', a], ['B', b], ['C', c]] as const) {
          const dates: number[] = [];
          const values: number[] = [];
          let price = 100;
          for (let i = 0; i < DAYS; i++) {
            price *= 1 + s.moves[i];
            if (i === 0 || s.open[i]) {
              dates.push(day0 + i);
              values.push(price);
            }
          }
          own.set(name, new Set(dates.map(formatDay)));
          tables[name] = { dates: Int32Array.from(dates), values: Float64Array.from(values) };
        }
        const yaml = `name: property
period: { start: 2024-01-10 }
capital: 1000
universe: [A, B, C]
numeraires: [USD]
signals: { up: "A > sma(A, ${p.fast})", down: "ret(B, 2) < 0" }
regimes: { rules: { risk_on: up, rotate: down, defensive: true } }
allocations: { risk_on: { A: 0.7, C: 0.5 }, rotate: { B: 0.6, C: -0.3 }, defensive: { B: 0.3 } }
rebalance: { every: ${p.every}${p.band ? `, band: ${p.band}` : ''} }
costs: { commission_bps: 5 }
execution: { delay: ${p.delay} }
`;
        const { result } = await runBacktest(parseConfigText(yaml, 'property.yaml'), { store: memoryStore(tables), version: 'test' });
        // After its last print an asset's price is final: a trade there fills at it (a sale at the last price).
        const lastPrint = (asset: string) => [...own.get(asset)!].sort().at(-1)!;
        for (const trade of result.trades!)
          expect(own.get(trade.asset)!.has(trade.date) || trade.date > lastPrint(trade.asset), `${trade.asset} traded ${trade.date} without a print`).toBe(true);
        // The trades still add up to the costs the run reports.
        const costs = result.trades!.reduce((s, t) => s + t.cost, 0);
        expect(costs).toBeCloseTo(result.trading.costs.trading, 6);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
