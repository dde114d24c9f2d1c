import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/load.js';
import { runBacktest } from '../../run/runBacktest.js';
import { days, tmpData, type Table } from '../../../../../test/fixtures/tmpData.js';
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
    // The test run starts on the training window's last close, in cash, and ends with its window.
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

  it('chains the test windows: each starts from the previous ending equity, and equals its own run scaled', async () => {
    const doc = await wf(data);
    const oos = doc.series.outOfSample.USD;
    expect(oos[0]).toBe(100_000);
    let level = 100_000;
    for (const fold of doc.folds) {
      const source = parseConfigText(YAML.replace('params: { n: 20 }', `params: { n: ${fold.chosen['params.n']} }`), 'wf.yaml');
      source.config.period = { start: fold.test.start, end: fold.test.end };
      const { result } = await runBacktest(source, { store: data.store() });
      const from = doc.series.dates.indexOf(fold.test.start);
      const curve = result.series.equity.USD;
      for (let t = 0; t < curve.length; t += 17) expect(oos[from + t]).toBeCloseTo((curve[t] * level) / 100_000, 6);
      level = (curve[curve.length - 1] * level) / 100_000;
      expect(fold.outOfSample).toBeCloseTo(result.metrics.USD.sharpe!, 12);
    }
    expect(oos[oos.length - 1]).toBeCloseTo(level, 6);
    expect(doc.outOfSample.metrics.USD.totalReturn).toBeCloseTo(level / 100_000 - 1, 9);
    // Walk-forward efficiency: out-of-sample CAGR over the mean in-sample CAGR of the choices.
    const meanIs = doc.folds.reduce((s, f) => s + f.inSampleCagr!, 0) / doc.folds.length;
    if (meanIs > 0) expect(doc.efficiency).toBeCloseTo(doc.outOfSample.metrics.USD.cagr! / meanIs, 12);
    else expect(doc.efficiency).toBeNull();
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

  it('needs a grid, and a period long enough for one fold', async () => {
    await expect(wf(data, YAML.replace(/sweep:[\s\S]*$/, ''))).rejects.toThrow('walkforward needs a sweep grid to choose from');
    await expect(wf(data, YAML, { train: '4y', test: '1y' })).rejects.toThrow('is too short for one fold of --train 4y followed by --test 1y');
  });
});
