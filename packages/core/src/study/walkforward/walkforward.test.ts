import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/load.js';
import { runBacktest } from '../../run/runBacktest.js';
import { days, tmpData, type Table } from '../../../../../test/fixtures/tmpData.js';
import { parseDay, yearFraction } from '../../util/dates.js';
import { runWalkForward } from './run.js';

// Four years of every-day bars (2020–2023): two assets whose lead changes with a slow cycle.
const bars = 1461;
const A = Array.from({ length: bars }, (_, t) => 100 * (1 + 0.0003 * t) * (1 + 0.1 * Math.sin(t / 29)) * (1 + 0.02 * Math.sin(t / 3.1)));
const B = Array.from({ length: bars }, (_, t) => 80 * (1 + 0.0002 * t) * (1 + 0.06 * Math.cos(t / 41)));
const G = Array.from({ length: bars }, (_, t) => 1500 * (1 + 0.0001 * t));
const tables = (a: Table = days('2020-01-01', A)) => ({ A: a, B: days('2020-01-01', B), XAUUSD: days('2020-01-01', G) });

const YAML = `name: trend
period: { start: 2020-01-01, end: 2023-12-31 }
universe: [A, B]
benchmark: A
params: { n: 20 }
signals:
  up: "A > sma(A, n)"
regimes:
  risk_on: up
  risk_off: true
allocations:
  risk_on: { A: 1 }
  risk_off: { B: 1 }
rebalance: { every: weekly, on_regime_change: true }
costs: { commission_bps: 5 }
execution: { delay: 1 }
sweep:
  grid:
    params.n: [5, 10, 20, 40, 80]
  objective: sharpe:USD
`;

// Two years of every-day bars. B stays at 100. A rises 100 → 150 through 2020, falls back to
// 100 by 2021-06-15, stays there until 2021-07-15, then drifts up. A static mix of w in A,
// rebalanced daily, chosen by total return on 12-month training windows, tested 3 months at a
// time: the windows ending 2020-12 and 2021-03 (A up) choose 80 % A; those ending 2021-06 and
// 2021-09 (A down) 20 %. Around the switch (2021-06-30) no price moves, so daily rebalancing
// trades nothing there but the switch.
const N2 = 731;
const dayOf = (d: string) => (Date.parse(`${d}T00:00:00Z`) - Date.parse('2020-01-01T00:00:00Z')) / 86_400_000;
const [yearEnd, bottom, flatEnd] = [dayOf('2020-12-31'), dayOf('2021-06-15'), dayOf('2021-07-15')];
const A2 = Array.from({ length: N2 }, (_, t) =>
  t <= yearEnd ? 100 + (50 * t) / yearEnd : t <= bottom ? 150 - (50 * (t - yearEnd)) / (bottom - yearEnd) : t <= flatEnd ? 100 : 100 + 0.05 * (t - flatEnd),
);
const switchTables = () => ({ A: days('2020-01-01', A2), B: days('2020-01-01', Array(N2).fill(100)), XAUUSD: days('2020-01-01', Array(N2).fill(1500)) });
const switchYaml = (delay: number, w = 0.5) => `name: switch
period: { start: 2020-01-01, end: 2021-12-31 }
universe: [A, B]
params: { w: ${w} }
weights: { A: "w", B: "1 - w" }
rebalance: { every: daily }
costs: { commission_bps: 10 }
execution: { delay: ${delay} }
sweep:
  grid:
    params.w: [0.2, 0.8]
  objective: totalReturn:USD
`;

const wf = (data: ReturnType<typeof tmpData>, yaml = YAML, extra: { anchored?: boolean; train?: string; test?: string } = {}) =>
  runWalkForward(parseConfigText(yaml, 'wf.yaml'), { store: data.store(), train: extra.train ?? '12m', test: extra.test ?? '6m', anchored: extra.anchored });

describe('regime walkforward', () => {
  const data = tmpData(tables());

  it('lays out the folds and chooses, in each, the trial with the best training objective (checked by running each trial as regime run would)', async () => {
    const doc = await wf(data);
    // 12 months of training, then 6-month tests: 2021H1 … 2023H2.
    expect(doc.folds.map((f) => f.fold)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doc.folds[0].train).toEqual({ start: '2020-01-01', end: '2020-12-31' });
    expect(doc.folds[1].train).toEqual({ start: '2020-07-01', end: '2021-06-30' });
    // The test run starts on the training window's last close (where the choice is made) and ends with its window.
    expect(doc.folds[0].test).toEqual({ start: '2020-12-31', end: '2021-06-30' });
    expect(doc.folds[5].test.end).toBe('2023-12-31');
    for (const fold of [doc.folds[0], doc.folds[3]]) {
      const sharpes: number[] = [];
      for (const n of [5, 10, 20, 40, 80]) {
        const source = parseConfigText(YAML.replace('params: { n: 20 }', `params: { n: ${n} }`), 'wf.yaml');
        source.config.period = { start: fold.train.start, end: fold.train.end };
        sharpes.push((await runBacktest(source, { store: data.store() })).result.metrics.USD.sharpe!);
      }
      const best = sharpes.indexOf(Math.max(...sharpes));
      expect(fold.chosen).toEqual({ 'params.n': [5, 10, 20, 40, 80][best] });
      expect(fold.inSample).toBeCloseTo(sharpes[best], 12);
    }
  });

  it.each([
    ['a regime config whose choice never changes', () => data, YAML, (c: Record<string, unknown>) => YAML.replace('params: { n: 20 }', `params: { n: ${c['params.n']} }`), '6m', 1, 6],
    ['a static mix that switches once', () => tmpData(switchTables()), switchYaml(1), (c: Record<string, unknown>) => switchYaml(1, c['params.w'] as number), '3m', 2, 2],
  ] as const)('chains the test windows, carrying positions (%s): one run per stretch of folds with the same choice, each from what the previous one held', async (_, store, yaml, yamlOf, test, stretchCount, longestStretch) => {
    const d = store();
    const doc = await wf(d, yaml, { test });
    const oos = doc.series.outOfSample.USD;
    expect(oos[0]).toBe(100_000);
    let level = 100_000;
    let carried: Record<string, number> | undefined;
    let stretches = 0;
    let longest = 0;
    for (let a = 0; a < doc.folds.length; ) {
      let b = a;
      while (b + 1 < doc.folds.length && doc.folds[b + 1].trial === doc.folds[a].trial) b++;
      const source = parseConfigText(yamlOf(doc.folds[a].chosen), 'wf.yaml');
      source.config.period = { start: doc.folds[a].test.start, end: doc.folds[b].test.end };
      const { result, arrays } = await runBacktest(source, { store: d.store(), initialWeights: carried });
      const from = doc.series.dates.indexOf(doc.folds[a].test.start);
      const curve = result.series.equity.USD;
      for (let t = 0; t < curve.length; t++) expect(oos[from + t] / ((curve[t] * level) / 100_000)).toBeCloseTo(1, 12);
      // Each fold's out-of-sample figures are measured on its own bars of the stretch's run.
      for (let k = a; k <= b; k++) {
        const f = doc.folds[k];
        const i0 = result.series.dates.indexOf(f.test.start);
        const i1 = result.series.dates.indexOf(f.test.end);
        expect(i1).toBeGreaterThan(i0);
        const years = yearFraction(parseDay(f.test.start)!, parseDay(f.test.end)!);
        expect(f.outOfSampleCagr).toBeCloseTo((curve[i1] / curve[i0]) ** (1 / years) - 1, 12);
      }
      if (a === b) expect(doc.folds[a].outOfSample).toBeCloseTo(result.metrics.USD[doc.objective.split(':')[0] as 'sharpe']!, 12);
      level = (curve[curve.length - 1] * level) / 100_000;
      const m = arrays.assets.length;
      const last = arrays.simulation.weights.subarray((arrays.dates.length - 1) * m);
      carried = Object.fromEntries(arrays.assets.map((asset, j) => [asset, last[j]]));
      stretches++;
      longest = Math.max(longest, b - a + 1);
      a = b + 1;
    }
    expect([stretches, longest]).toEqual([stretchCount, longestStretch]);
    expect(oos[oos.length - 1] / level).toBeCloseTo(1, 12);
    expect(doc.outOfSample.metrics.USD.totalReturn).toBeCloseTo(level / 100_000 - 1, 9);
    // Walk-forward efficiency: out-of-sample CAGR over the mean in-sample CAGR of the choices.
    const meanIs = doc.folds.reduce((s, f) => s + f.inSampleCagr!, 0) / doc.folds.length;
    if (meanIs > 0) expect(doc.efficiency).toBeCloseTo(doc.outOfSample.metrics.USD.cagr! / meanIs, 12);
    else expect(doc.efficiency).toBeNull();
  });

  it('when every fold keeps the base config, the out-of-sample equity is the base config over the same dates', async () => {
    // A grid of one value, the base's own: nothing is liquidated or re-entered at a refit.
    const doc = await wf(data, YAML.replace('params.n: [5, 10, 20, 40, 80]', 'params.n: [20]'));
    expect(doc.folds.every((f) => f.chosen['params.n'] === 20)).toBe(true);
    const { dates, outOfSample, base } = doc.series;
    expect(dates.length).toBeGreaterThan(700);
    for (const name of ['USD', 'gold']) for (let t = 0; t < dates.length; t++) expect(outOfSample[name][t] / base[name][t]).toBeCloseTo(1, 12);
    for (const k of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'maxDrawdown'] as const) expect(doc.outOfSample.metrics.USD[k]).toBeCloseTo(doc.base.metrics.USD[k]!, 12);
  });

  describe('a switch of choice pays costs on the weights it changes, at the boundary', () => {
    const flat = tmpData(switchTables());
    const at = (doc: Awaited<ReturnType<typeof wf>>, d: string) => doc.series.outOfSample.USD[doc.series.dates.indexOf(d)];

    it('delay 0: at the boundary close, |0.2 − 0.8| + |0.8 − 0.2| = 1.2 of equity traded at 10 bps', async () => {
      const doc = await wf(flat, switchYaml(0), { test: '3m' });
      expect(doc.folds.map((f) => f.chosen['params.w'])).toEqual([0.8, 0.8, 0.2, 0.2]);
      expect(doc.folds[2].test.start).toBe('2021-06-30');
      // (From cash it would have paid on 1.0 of equity, and the 80 % A dropped for free.)
      expect(at(doc, '2021-06-30') / at(doc, '2021-06-29')).toBeCloseTo(1 - 1.2 * 0.001, 12);
      // The next close's daily rebalance restores the mix the cost (paid from cash) upset:
      // holdings 0.2 V and 0.8 V against targets of E = V (1 − 0.0012): 0.0012 V traded at 10 bps.
      expect(at(doc, '2021-07-01') / at(doc, '2021-06-30')).toBeCloseTo(1 - (0.001 * 0.0012) / (1 - 0.0012), 12);
    });

    it('delay 1: the boundary bar holds the carried 80/20 (prices flat: no change), the next close pays the switch', async () => {
      const doc = await wf(flat, switchYaml(1), { test: '3m' });
      expect(doc.folds.map((f) => f.chosen['params.w'])).toEqual([0.8, 0.8, 0.2, 0.2]);
      expect(at(doc, '2021-06-30') / at(doc, '2021-06-29')).toBeCloseTo(1, 12);
      expect(at(doc, '2021-07-01') / at(doc, '2021-06-30')).toBeCloseTo(1 - 1.2 * 0.001, 12);
      expect(at(doc, '2021-07-02') / at(doc, '2021-07-01')).toBeCloseTo(1 - (0.001 * 0.0012) / (1 - 0.0012), 12);
    });

    it('keeping a choice is no refit: the fold boundary inside a stretch trades nothing (2021-03-31, prices moving)', async () => {
      const doc = await wf(flat, switchYaml(0), { test: '3m' });
      // Up to the switch the out-of-sample equity is the 80 % config's own, run once from 2020-12-31.
      const source = parseConfigText(switchYaml(0, 0.8), 'wf.yaml');
      source.config.period = { start: '2020-12-31', end: '2021-06-29' };
      const { result } = await runBacktest(source, { store: flat.store() });
      const own = (d: string) => result.series.equity.USD[result.series.dates.indexOf(d)];
      for (const d of ['2021-03-30', '2021-03-31', '2021-04-01', '2021-06-29']) expect(at(doc, d) / own(d)).toBeCloseTo(1, 12);
    });
  });

  it('puts the base config over the same dates beside it', async () => {
    const doc = await wf(data);
    const source = parseConfigText(YAML, 'wf.yaml');
    source.config.period = { start: doc.outOfSample.period.start, end: doc.outOfSample.period.end };
    const { result } = await runBacktest(source, { store: data.store() });
    expect(doc.base.metrics.USD.cagr).toBeCloseTo(result.metrics.USD.cagr!, 12);
    expect(doc.base.metrics.gold.sharpe).toBeCloseTo(result.metrics.gold.sharpe!, 12);
  });

  it('no data after a fold’s training window can change its choice', async () => {
    const before = await wf(data);
    // Rewrite A after fold 3's training window (ends 2021-12-31): a different future.
    const cut = Date.parse('2022-01-01T00:00:00Z');
    const changed: Table = {};
    for (const [d, v] of Object.entries(days('2020-01-01', A))) changed[d] = Date.parse(`${d}T00:00:00Z`) >= cut ? v * (1 + 0.3 * Math.sin(Date.parse(d) / 86_400_000 / 5)) : v;
    const after = await wf(tmpData(tables(changed)));
    for (let k = 0; k < 3; k++) {
      expect(after.folds[k].chosen).toEqual(before.folds[k].chosen);
      expect(after.folds[k].inSample).toBe(before.folds[k].inSample);
      expect(after.folds[k].train).toEqual(before.folds[k].train);
    }
    // The change did reach the later folds (so the check above could have failed).
    expect(after.folds.slice(3).map((f) => f.inSample)).not.toEqual(before.folds.slice(3).map((f) => f.inSample));
  });

  it('anchored: every training window starts at the period start', async () => {
    const doc = await wf(data, YAML, { anchored: true });
    expect(doc.folds.every((f) => f.train.start === '2020-01-01')).toBe(true);
    expect(doc.folds[2].train.end).toBe('2021-12-31');
    expect(doc.anchored).toBe(true);
  });

  it('reports how stable the choices are', async () => {
    const doc = await wf(data);
    const chosen = doc.folds.map((f) => f.chosen['params.n'] as number);
    let changes = 0;
    for (let k = 1; k < chosen.length; k++) if (chosen[k] !== chosen[k - 1]) changes++;
    expect(doc.stability['params.n'].changes).toBe(changes);
    expect(doc.stability['params.n'].min).toBe(Math.min(...chosen));
    expect(doc.stability['params.n'].max).toBe(Math.max(...chosen));
  });

  it('a fold whose training window starts before the data is an input error naming it', async () => {
    await expect(wf(data, YAML.replace('start: 2020-01-01', 'start: 2019-01-01'))).rejects.toThrow(
      'fold 1: the training window 2019-01-01 to 2019-12-31 has data only from 2020-01-01; expected data from its start',
    );
  });

  describe('monthly bars, rolling windows', () => {
    // With frequency: monthly a window starting on the 1st first trades at that month's end,
    // 30 days later: that is not data starting late.
    const MONTHLY = YAML.replace('universe: [A, B]', 'frequency: monthly\nuniverse: [A, B]')
      .replace('every: weekly', 'every: monthly')
      .replace('params.n: [5, 10, 20, 40, 80]', 'params.n: [2, 3, 4]');

    it('run: each training window starts at its first month end', async () => {
      const doc = await wf(data, MONTHLY);
      expect(doc.folds.map((f) => f.train)).toEqual([
        { start: '2020-01-31', end: '2020-12-31' },
        { start: '2020-07-31', end: '2021-06-30' },
        { start: '2021-01-31', end: '2021-12-31' },
        { start: '2021-07-31', end: '2022-06-30' },
        { start: '2022-01-31', end: '2022-12-31' },
        { start: '2022-07-31', end: '2023-06-30' },
      ]);
      expect(doc.folds[5].test).toEqual({ start: '2023-06-30', end: '2023-12-31' });
    });

    it('a window whose data starts later is still refused (here from 2020-03-10: first bar 2020-03-31)', async () => {
      const late = (t: Table) => Object.fromEntries(Object.entries(t).filter(([d]) => d >= '2020-03-10'));
      const lateData = tmpData({ A: late(days('2020-01-01', A)), B: late(days('2020-01-01', B)), XAUUSD: days('2020-01-01', G) });
      await expect(wf(lateData, MONTHLY)).rejects.toThrow('fold 1: the training window 2020-01-01 to 2020-12-31 has data only from 2020-03-31; expected data from its start');
    });
  });

  it('needs a grid, and a period long enough for one fold', async () => {
    await expect(wf(data, YAML.replace(/sweep:[\s\S]*$/, ''))).rejects.toThrow('walkforward needs a sweep grid to choose from');
    await expect(wf(data, YAML, { train: '4y', test: '1y' })).rejects.toThrow('is too short for one fold of --train 4y followed by --test 1y');
  });
});
