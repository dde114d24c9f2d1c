import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load.js';
import { runBacktest } from '../run/runBacktest.js';
import { days, tmpData } from '../../../../test/fixtures/tmpData.js';
import { allTrials, BASE, runTrial, runTrials } from './trial.js';
import { buildStudyPlan } from './plan.js';

// 500 days of two assets that trend and swing, and a gold price, all made by hand.
const bars = 500;
const A = Array.from({ length: bars }, (_, t) => 100 * (1 + 0.0004 * t) * (1 + 0.08 * Math.sin(t / 17)));
const B = Array.from({ length: bars }, (_, t) => 50 * (1 + 0.0002 * t) * (1 + 0.05 * Math.cos(t / 23)));
const G = Array.from({ length: bars }, (_, t) => 1000 * (1 + 0.0003 * t));
const data = tmpData({ A: days('2020-01-01', A), B: days('2020-01-01', B), XAUUSD: days('2020-01-01', G) });

const regimeYaml = `name: trend
period: { start: 2020-03-01, end: 2021-04-30 }
universe: [A, B]
params: { n: 20, k: 1 }
signals:
  up: "A > k * sma(A, n)"
regimes:
  risk_on: up
  risk_off: true
allocations:
  risk_on: { A: 1 }
  risk_off: { B: 0.5 }
overlays:
  - vol_target: { target: 0.2, lookback: 20, max_leverage: 1.5 }
rebalance: { every: weekly }
costs: { commission_bps: 5 }
sweep:
  grid:
    params.n: [10, 20, 40]
    costs.commission_bps: { from: 0, to: 20, step: 10 }
    execution.delay: [0, 1, 2]
    overlays.0.vol_target.target: [0.1, 0.3]
  objective: sharpe:gold
`;

const staticYaml = `name: mix
period: { start: 2020-02-01 }
universe: [A, B]
weights: { A: 0.6, B: 0.4 }
rebalance: { every: monthly, band: 0.05 }
sweep:
  grid:
    weights.A: [0.2, 0.6, 1.0]
    rebalance.every: [monthly, quarterly, never]
`;

async function plan(yaml: string, grid?: string[]) {
  return buildStudyPlan(parseConfigText(yaml, 'test.yaml'), { store: data.store(), grid });
}

/** What `regime run` reports for the YAML of trial i. */
async function run(yaml: string) {
  return (await runBacktest(parseConfigText(yaml, 'trial.yaml'), { store: data.store() })).result;
}

const SUMMARY = ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'turnover'] as const;

describe('a sweep trial is exactly the run of its config', () => {
  for (const [label, yaml, sample] of [
    ['regimes, params, overlay, costs, delay', regimeYaml, [0, 7, 13, 26, 40, 53]],
    ['static weights and the schedule', staticYaml, [0, 4, 8]],
  ] as const) {
    it(`${label}: same metrics in every numeraire, monthly returns and warnings`, async () => {
      const p = await plan(yaml);
      for (const i of sample) {
        const trial = await runTrial(p, i);
        const result = await run(p.trialYaml(i));
        for (const n of ['USD', 'gold']) {
          for (const k of SUMMARY) expect([i, n, k, trial.metrics[n][k]]).toEqual([i, n, k, result.metrics[n][k]]);
          expect(trial.monthly.returns[n]).toEqual(result.metrics[n].monthlyReturns.map((m) => m.return));
        }
        expect(trial.warnings).toEqual(result.warnings);
        expect(trial.period).toEqual(result.period);
      }
      // The base config (as written) too.
      const base = await runTrial(p, BASE);
      const result = await run(yaml);
      for (const k of SUMMARY) expect(base.metrics.USD[k]).toEqual(result.metrics.USD[k]);
    });
  }

  it("every trial's config is the schema's parse of the trial YAML (each key parsed once per value)", async () => {
    // The plan parses only the top-level keys a trial's values touch; the whole-config parse
    // of the trial's own YAML must give exactly the same object, key for key.
    for (const yaml of [regimeYaml, staticYaml]) {
      const p = await plan(yaml);
      for (let i = 0; i < p.grid.size; i++) expect(p.trial(i).config).toStrictEqual(parseConfigText(p.trialYaml(i), 'trial.yaml').config);
    }
    // A key the base leaves out (execution, costs: defaults) is created by the value, as in the YAML.
    const p = await plan(staticYaml, ['execution.delay=0,2', 'costs.slippage_bps=3']);
    for (let i = 0; i < p.grid.size; i++) expect(p.trial(i).config).toStrictEqual(parseConfigText(p.trialYaml(i), 'trial.yaml').config);
    expect(p.trial(p.grid.size - 1).config.execution.delay).toBe(2);
    expect(p.trial(p.grid.size - 1).config.costs).toEqual({ commission_bps: 0, slippage_bps: 3, borrow_bps: 0, financing_spread_bps: 0 });
  });

  it('the trial YAML is the base with the values set', async () => {
    const p = await plan(regimeYaml);
    expect(p.grid.size).toBe(3 * 3 * 3 * 2);
    const yaml = p.trialYaml(53); // the last: n 40, commission 20, delay 2, target 0.3
    expect(yaml).toContain('params: { n: 40, k: 1 }');
    expect(yaml).toContain('costs: { commission_bps: 20 }');
    expect(yaml).toContain('- vol_target: { target: 0.3, lookback: 20, max_leverage: 1.5 }');
    expect(parseConfigText(yaml).config.execution.delay).toBe(2);
  });
});

describe('a sweep trial carries the warnings of `regime run` of its YAML', () => {
  // IDX is a price index (catalog kind: index), held as a proxy; the `periods:` range lies
  // before the data, so it has no bars. Both are warnings of `regime run`.
  const withIndex = tmpData(
    { A: days('2020-01-01', A.slice(0, 120)), IDX: days('2020-01-01', B.slice(0, 120)), XAUUSD: days('2020-01-01', G.slice(0, 120)) },
    { catalog: 'symbols:\n  IDX: { kind: index, frequency: daily, description: "a test price index (no dividends)" }\n' },
  );
  const yaml = `name: proxy
period: { start: 2020-01-01 }
universe: [A, IDX]
weights: { A: 0.5, IDX: 0.5 }
periods:
  before_data: { start: 2010-01-01, end: 2010-12-31 }
rebalance: { every: monthly }
sweep:
  grid:
    weights.IDX: [0.5, 0.2]
    costs.commission_bps: [0, 10]
`;

  it('the index-proxy warning and the empty period, for every trial and the base', async () => {
    const source = parseConfigText(yaml, 'proxy.yaml');
    const p = await buildStudyPlan(source, { store: withIndex.store() });
    for (const i of [BASE, ...allTrials(p)]) {
      const trial = await runTrial(p, i);
      // The trial's YAML keeps the base's lines (only values change), read under the same name.
      const result = (await runBacktest(parseConfigText(p.trialYaml(i), 'proxy.yaml'), { store: withIndex.store() })).result;
      expect([i, trial.warnings]).toEqual([i, result.warnings]);
    }
    const base = await runTrial(p, BASE);
    expect(base.warnings).toEqual([
      'asset IDX — a test price index (no dividends) — is a price index held as a proxy: it is not investable and excludes dividends, so its returns understate a fund that tracks it by the dividend yield',
      'proxy.yaml:6:3: period "before_data" (2010-01-01 to 2010-12-31) has no bars in the run (2020-01-01 to 2020-04-29): its figures are empty (no bars), not 0',
    ]);
  });
});

describe('the study engine', () => {
  it('gives the same summaries whatever the order and batching of the trials', async () => {
    const forward = await runTrials(await plan(regimeYaml), allTrials(await plan(regimeYaml)));
    const p = await plan(regimeYaml);
    const backward = await runTrials(p, allTrials(p).reverse());
    const batched = [...(await runTrials(await plan(regimeYaml), [50, 2, 31])), ...(await runTrials(await plan(regimeYaml), [7]))];
    expect(backward.reverse()).toEqual(forward);
    expect(batched).toEqual([50, 2, 31, 7].map((i) => forward[i]));
  });

  it('computes an indicator once per (function, input, window) and signals once per text and inputs', async () => {
    const p = await plan(regimeYaml);
    await runTrials(p, allTrials(p));
    const stats = p.cacheStats();
    expect(stats.frames).toBe(1);
    expect(stats.columns).toBe(4); // A aligned once, sma(A,10), sma(A,20), sma(A,40): not once per trial (54)
    expect(stats.evaluations).toBe(3); // one per value of params.n; costs, delay and the overlay do not re-evaluate signals
    expect(stats.targets).toBe(6); // n × overlay target
  });

  it('runs a trial over a window exactly as a run with that period (warm-up before it)', async () => {
    const p = await plan(regimeYaml);
    const window = { start: '2020-09-01', end: '2020-12-31' };
    const trial = await runTrial(p, 4, { window });
    const yaml = p.trialYaml(4).replace('period: { start: 2020-03-01, end: 2021-04-30 }', `period: { start: ${window.start}, end: ${window.end} }`);
    const result = await run(yaml);
    expect(trial.period).toEqual({ start: '2020-09-01', end: '2020-12-31' });
    for (const k of SUMMARY) expect(trial.metrics.gold[k]).toEqual(result.metrics.gold[k]);
  });

  it('a run from carried weights lists only what its first trade changes', async () => {
    // Carried A 50 %, B 40 % of 100,000; the mix is 60/40 (delay 0): buy 10,000 of A, no B.
    const { result } = await runBacktest(parseConfigText(staticYaml.replace(', band: 0.05', '').replace('sweep:', 'execution: { delay: 0 }\nsweep:'), 'mix.yaml'), { store: data.store(), initialWeights: { A: 0.5, B: 0.4 } });
    const first = result.trades!.filter((t) => t.date === result.period.start);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ asset: 'A', side: 'buy', weightBefore: 0.5 });
    expect(first[0].notional).toBeCloseTo(10_000, 6);
  });

  it('params are constants in expressions: sma(A, n) with n = 10 is sma(A, 10)', async () => {
    const withParam = await run(regimeYaml.replace('params: { n: 20, k: 1 }', 'params: { n: 10, k: 1 }'));
    const literal = await run(regimeYaml.replace('params: { n: 20, k: 1 }', 'params: { k: 1 }').replace('sma(A, n)', 'sma(A, 10)'));
    expect(withParam.series.equity.USD).toEqual(literal.series.equity.USD);
    expect(withParam.series.regime).toEqual(literal.series.regime);
  });
});

describe('a trial whose equity is not finite', () => {
  it('stops with the same message as regime run (the curves are built only to say where)', async () => {
    const d = tmpData({ A: { '2024-01-01': 100, '2024-01-02': 1e-300, '2024-01-03': 1e300, '2024-01-04': 1e300 }, XAUUSD: { '2024-01-01': 2000, '2024-01-02': 2000, '2024-01-03': 2000, '2024-01-04': 2000 } });
    const yaml = 'name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A]\nweights: { A: 1 }\nrebalance: { every: daily }\nsweep:\n  grid:\n    weights.A: [1, 0.5]\n';
    const p = await buildStudyPlan(parseConfigText(yaml, 'test.yaml'), { store: d.store() });
    const fromSweep = await runTrial(p, 0).catch((e: Error) => e);
    const fromRun = await runBacktest(parseConfigText(p.trialYaml(0), 'trial.yaml'), { store: d.store() }).catch((e: Error) => e);
    expect(fromRun).toBeInstanceOf(Error);
    expect((fromSweep as Error).message).toMatch(/the simulated equity is not a finite number on 2024-01-03/);
    expect((fromSweep as Error).message).toContain((fromRun as Error).message);
  });
});

describe('bad sweeps are input errors that name the sweep line and the path', () => {
  const withGrid = (grid: string) => regimeYaml.replace(/sweep:[\s\S]*$/, `sweep:\n  grid:\n${grid}`);

  it('a path that does not exist', async () => {
    // Line 19 of the YAML is the grid entry.
    await expect(plan(withGrid('    overlays.3.vol_target.target: [0.1]\n'))).rejects.toThrow(/^test.yaml:19:5: sweep path overlays.3.vol_target.target: overlays is a list of 1 item/);
    await expect(plan(withGrid('    params.m: [1, 2]\n'))).rejects.toThrow(/^test.yaml:19:5: sweep path params.m: the config declares no parameter "m"/);
    await expect(plan(withGrid('    costs.commision_bps: [1, 2]\n'))).rejects.toThrow(/^test.yaml:19:5: sweep value costs.commision_bps = 1 makes the config invalid: .*unknown key "commision_bps" in costs \(did you mean "commission_bps"\?\)/);
  });

  it('a value of the wrong type or out of range', async () => {
    await expect(plan(withGrid('    costs.commission_bps: [0, cheap]\n'))).rejects.toThrow(/^test.yaml:19:5: sweep value costs.commission_bps = "cheap" makes the config invalid: .*costs.commission_bps: expected a number, found the text "cheap"/);
    await expect(plan(withGrid('    execution.delay: [1, -1]\n'))).rejects.toThrow(/test.yaml:19:5: sweep value execution.delay = -1 makes the config invalid/);
    // A window of 0.5 bars is found when the signal compiles, in the trial that has it.
    await expect(plan(withGrid('    params.n: [20, 0.5]\n')).then((p) => runTrial(p, 1))).rejects.toThrow(/^test.yaml:19:5: sweep trial 1 \(params.n = 0.5\) makes the config invalid: .*the window n of sma\(x, n\) must be a constant whole number/);
  });

  it('an empty grid, and --grid values', async () => {
    await expect(plan(withGrid('    params.n: []\n'))).rejects.toThrow(/test.yaml:19:5: sweep.grid.params.n: expected a list of at least 1 item/);
    await expect(plan(regimeYaml, ['weights.A=0.5'])).rejects.toThrow(/^--grid weights.A=0.5: sweep value weights.A = 0.5 makes the config invalid: .*give either weights/);
    await expect(plan(regimeYaml, ['params.n=5:1:1'])).rejects.toThrow(/--grid params.n=5:1:1: sweep params.n: the range from 5 to 1 is empty/);
  });
});
