/**
 * `regime sweep` end to end with the built CLI on real data: the JSON document, --jobs 1 and
 * 2 give the same document, `regime run` of single trials gives exactly the sweep's metrics,
 * the CSV, the terminal table, and input errors (exit 2, the sweep line, no stack trace).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult, SweepDocument } from '@regime/core';
import { spawnSync } from 'node:child_process';
import { BIN, DATA_DIR, ROOT, regime, requireData, type CliResult } from './support.js';

const CONFIG = 'bench/sweep-trend.yaml';
const GRID = ['--grid', 'params.n=50,100,200', '--grid', 'costs.commission_bps=0,10'];

describe('regime sweep on real data', () => {
  let one: CliResult;
  let two: CliResult;
  let doc: SweepDocument;
  const dir = mkdtempSync(join(tmpdir(), 'regime-sweep-'));

  beforeAll(() => {
    requireData();
    one = regime(['sweep', CONFIG, ...GRID, '--json', '--jobs', '1', '--csv', join(dir, 'trials.csv')]);
    two = regime(['sweep', CONFIG, ...GRID, '--json', '--jobs', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    doc = JSON.parse(one.stdout);
  });

  it('--json prints the sweep document: grid, objective, every trial in grid order, best, base, overfitting', () => {
    expect(doc.study).toBe('sweep');
    expect(doc.grid).toEqual({ 'params.n': [50, 100, 200], 'costs.commission_bps': [0, 10] });
    expect(doc.objective).toBe('sharpe:USD');
    expect(doc.trials.map((t) => t.params)).toEqual([
      { 'params.n': 50, 'costs.commission_bps': 0 },
      { 'params.n': 50, 'costs.commission_bps': 10 },
      { 'params.n': 100, 'costs.commission_bps': 0 },
      { 'params.n': 100, 'costs.commission_bps': 10 },
      { 'params.n': 200, 'costs.commission_bps': 0 },
      { 'params.n': 200, 'costs.commission_bps': 10 },
    ]);
    for (const t of doc.trials) expect(Object.keys(t.metrics.USD)).toEqual(['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'turnover']);
    const best = Math.max(...doc.trials.map((t) => t.metrics.USD.sharpe!));
    expect(doc.best!.metrics.USD.sharpe).toBe(best);
    // Costs only lower the return of the same trades: commission 0 beats 10 at every n.
    for (let k = 0; k < 6; k += 2) expect(doc.trials[k].metrics.USD.totalReturn!).toBeGreaterThan(doc.trials[k + 1].metrics.USD.totalReturn!);
    expect(doc.overfitting.trials).toBe(6);
    expect(doc.overfitting.deflatedSharpe).toBeGreaterThan(0);
    expect(doc.overfitting.deflatedSharpe).toBeLessThanOrEqual(1);
    expect(doc.overfitting.pbo).toBeGreaterThanOrEqual(0);
    expect(doc.overfitting.basis).toMatchObject({ numeraire: 'USD', blocks: 16, splits: 12870, months: 240 });
    expect(doc.base.rank).toBeGreaterThanOrEqual(1);
  });

  it('gives the same document for --jobs 1 and --jobs 2', () => {
    expect(two.stdout).toBe(one.stdout);
  });

  it('gives the same document for --jobs 1 and --jobs 2 when the threads run: the trials and the PBO shared among them', () => {
    // 150 × 2 = 300 trials: enough for two threads (a thread takes at least 256; smaller grids run on one, whatever --jobs says).
    const grid = ['--grid', 'params.n=50:199:1', '--grid', 'costs.commission_bps=0,10'];
    const here = regime(['sweep', CONFIG, ...grid, '--json', '--jobs', '1']);
    const threads = regime(['sweep', CONFIG, ...grid, '--json', '--jobs', '2']);
    expect(here.status, here.stderr).toBe(0);
    expect(threads.status, threads.stderr).toBe(0);
    expect(here.stderr).toMatch(/300 trials in .*, 1 job\)/);
    const jobs = Math.min(2, availableParallelism());
    expect(threads.stderr).toMatch(new RegExp(`300 trials in .*, ${jobs} jobs?\\)`));
    const shared = JSON.parse(threads.stdout) as SweepDocument;
    // A PBO to compare, not two nulls; every figure, to the last digit, is in the document.
    expect(shared.overfitting.pbo).not.toBeNull();
    expect(shared.overfitting.basis.splits).toBe(12870);
    expect(threads.stdout).toBe(here.stdout);
  });

  it('runs trials that share signals together whatever the grid order: costs written first give the same trials, in its grid order, for any --jobs', () => {
    // A 300-trial grid with the costs dimension written first: trial k is then (costs = k / 150, n = 50 + k % 150).
    const file = join(dir, 'costs-first.yaml');
    writeFileSync(file, readFileSync(CONFIG, 'utf8').replace(/sweep:[\s\S]*$/, 'sweep:\n  grid:\n    costs.commission_bps: [0, 10]\n    params.n: { from: 50, to: 199, step: 1 }\n  objective: sharpe:USD\n'));
    const a = regime(['sweep', file, '--json', '--jobs', '1']);
    const b = regime(['sweep', file, '--json', '--jobs', '2']);
    const ref = regime(['sweep', CONFIG, '--grid', 'params.n=50:199:1', '--grid', 'costs.commission_bps=0,10', '--json', '--jobs', '1']);
    for (const r of [a, b, ref]) expect(r.status, r.stderr).toBe(0);
    expect(b.stderr).toMatch(new RegExp(`300 trials in .*, ${Math.min(2, availableParallelism())} jobs?\\)`));
    expect(b.stdout).toBe(a.stdout);
    const swapped: SweepDocument = JSON.parse(a.stdout);
    const byN: SweepDocument = JSON.parse(ref.stdout);
    expect(swapped.trials.map((t) => t.index)).toEqual(Array.from({ length: 300 }, (_, k) => k));
    swapped.trials.forEach((t, k) => {
      expect(t.params).toEqual({ 'costs.commission_bps': [0, 10][Math.floor(k / 150)], 'params.n': 50 + (k % 150) });
      const same = byN.trials.find((u) => u.params['params.n'] === t.params['params.n'] && u.params['costs.commission_bps'] === t.params['costs.commission_bps'])!;
      expect(t.metrics).toEqual(same.metrics);
    });
  });

  it('where Node may not compile code (--disallow-code-generation-from-strings), the kernel runs its own loop: the same document', () => {
    // The compiled summary pass (simulation/summaryPass.ts) is made with new Function; without it
    // simulate()'s general loop runs the trials, with the same arithmetic.
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', BIN, 'sweep', CONFIG, ...GRID, '--json', '--jobs', '1'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(one.stdout);
  });

  it('regime run of a single trial reports exactly the metrics the sweep reports for it', () => {
    const text = readFileSync(CONFIG, 'utf8');
    for (const k of [1, 4]) {
      const t = doc.trials[k];
      const yaml = text.replace('params: { n: 200 }', `params: { n: ${t.params['params.n']} }`).replace('costs: { commission_bps: 5 }', `costs: { commission_bps: ${t.params['costs.commission_bps']} }`);
      const file = join(dir, `trial-${k}.yaml`);
      writeFileSync(file, yaml);
      const run = regime(['run', file, '--json', '--out', join(dir, `run-${k}`)]);
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as RunResult;
      for (const n of ['USD', 'gold'])
        for (const [key, value] of Object.entries(t.metrics[n])) expect([k, n, key, value]).toEqual([k, n, key, result.metrics[n][key as keyof (typeof result.metrics)[string]]]);
    }
  });

  it('--csv writes one row per trial with every summary metric in every numeraire', () => {
    const lines = readFileSync(join(dir, 'trials.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(7);
    const header = lines[0].split(',');
    expect(header.slice(0, 4)).toEqual(['trial', 'params.n', 'costs.commission_bps', 'totalReturn_USD']);
    expect(header).toContain('turnover_gold');
    const row = lines[3].split(',');
    expect(row.slice(0, 3)).toEqual(['2', '100', '0']);
    expect(Number(row[header.indexOf('sharpe_USD')])).toBe(doc.trials[2].metrics.USD.sharpe);
  });

  it('the terminal table ranks the trials and says where the base config stands and how overfit the best is', () => {
    const r = regime(['sweep', CONFIG, ...GRID, '--objective', 'cagr:gold', '--top', '3']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/6 trials over params.n \(3\) × costs.commission_bps \(2\).*ranked by cagr:gold/);
    expect(r.stdout).toMatch(/CAGR \(gold\) ★/);
    expect(r.stdout.split('\n').filter((l) => /^[123] {4}/.test(l))).toHaveLength(3);
    expect(r.stdout).toMatch(/base config \(as written\) .*, rank \d+ of 6/);
    expect(r.stdout).toMatch(/Deflated Sharpe Ratio of the best trial: 0\.\d{3}/);
    expect(r.stdout).toMatch(/Probability of backtest overfitting: \d\.\d{3}/);
  });

  it('bad sweeps stop with exit 2, the place and the path, no stack trace', () => {
    const badPath = regime(['sweep', CONFIG, '--grid', 'overlays.0.vol_target.target=0.1']);
    expect(badPath.status).toBe(2);
    expect(badPath.stderr).toMatch(/--grid overlays.0.vol_target.target=0.1: sweep path overlays.0.vol_target.target: the config has no list overlays/);
    expect(badPath.stderr).not.toMatch(/at .*\.js:\d+/);
    const badType = regime(['sweep', CONFIG, '--grid', 'execution.delay=1,soon']);
    expect(badType.status).toBe(2);
    expect(badType.stderr).toMatch(/sweep value execution.delay = "soon" makes the config invalid: .*execution.delay: expected a number, found the text "soon"/);
    // regime validate checks a sweep: block the same way.
    const badFile = join(dir, 'bad-sweep.yaml');
    writeFileSync(badFile, readFileSync(CONFIG, 'utf8').replace('costs.commission_bps: [0, 5, 10, 20]', 'costs.comission_bps: [0, 5]'));
    const validate = regime(['validate', badFile]);
    expect(validate.status).toBe(2);
    expect(validate.stderr).toMatch(/bad-sweep.yaml:\d+:5: sweep value costs.comission_bps = 0 makes the config invalid: .*unknown key "comission_bps" in costs/);
    const noGrid = regime(['sweep', 'configs/sixty-forty.yaml']);
    expect(noGrid.status).toBe(2);
    expect(noGrid.stderr).toMatch(/nothing to sweep/);
    const badObjective = regime(['sweep', CONFIG, '--objective', 'sharpe:yen']);
    expect(badObjective.status).toBe(2);
    expect(badObjective.stderr).toMatch(/--objective sharpe:yen: objective: numeraire "yen" is not compared; expected one of USD, gold/);
  });
});

describe('regime sweep --jobs 2 when a trial is bad', () => {
  it('stops with exit 2 and the trial named, no stack trace, even when this thread fails before the worker is ready', () => {
    // A data directory of its own without the gold numeraire's series (XAUUSD): trial 0, the
    // first this thread runs, fails at once, while the worker thread is still loading.
    const dir = mkdtempSync(join(tmpdir(), 'regime-sweep-bad-trial-'));
    mkdirSync(join(dir, 'daily'));
    const day = (k: number) => new Date(Date.UTC(2020, 0, 6) + 86_400_000 * (7 * Math.floor(k / 5) + (k % 5))).toISOString().slice(0, 10);
    for (const [symbol, drift] of [['SPY', 0.001], ['GLD', 0.0004]] as const)
      writeFileSync(join(dir, 'daily', `${symbol}.csv`), ['date,close', ...Array.from({ length: 300 }, (_, k) => `${day(k)},${(100 * (1 + drift) ** k * (1 + 0.01 * Math.sin(k))).toFixed(4)}`)].join('\n') + '\n');
    const file = join(dir, 'trend.yaml');
    writeFileSync(file, 'name: trend\nperiod: { start: 2020-01-06, end: 2021-02-26 }\nuniverse: [SPY, GLD]\nparams: { n: 10 }\nsignals:\n  up: "SPY > sma(SPY, n)"\nregimes:\n  risk_on: up\n  risk_off: true\nallocations:\n  risk_on: { SPY: 1 }\n  risk_off: { GLD: 1 }\n');
    // 150 × 2 trials: enough for a worker thread (smaller grids run on one thread).
    const r = regime(['sweep', file, '--grid', 'params.n=5:154:1', '--grid', 'costs.commission_bps=0,10', '--jobs', '2'], { REGIME_DATA_DIR: dir });
    expect(r.stderr).toMatch(/sweep trial 0 \(params.n = 5, costs.commission_bps = 0\) makes the config invalid: .*no local data for XAUUSD/);
    expect(r.stderr).not.toMatch(/sweep worker stopped|at .*\.c?js:\d+/);
    expect(r.status).toBe(2);
  });
});

describe('regime sweep keeps the warnings of regime run', () => {
  it('a price index held as a proxy (GSPC) and an empty period: each trial warns as regime run of its YAML does', () => {
    requireData();
    const dir = mkdtempSync(join(tmpdir(), 'regime-sweep-proxy-'));
    const config = (bps: number) => `name: Index proxy
period: { start: 2020-01-01, end: 2020-12-31 }
universe: [GSPC]
weights: { GSPC: 1 }
periods:
  before_run: { start: 2019-01-01, end: 2019-06-30 }
rebalance: { every: quarterly }
costs: { commission_bps: ${bps} }
sweep:
  grid:
    costs.commission_bps: [0, 10]
`;
    const file = join(dir, 'proxy.yaml');
    writeFileSync(file, config(5));
    const sweep = regime(['sweep', file, '--json', '--jobs', '2']);
    expect(sweep.status, sweep.stderr).toBe(0);
    const doc = JSON.parse(sweep.stdout) as SweepDocument;
    // The base's warnings also reach standard error, as regime run's do.
    expect(sweep.stderr).toContain('warning: asset GSPC');
    expect(sweep.stderr).toContain('is a price index held as a proxy');
    for (const [k, bps] of [0, 10].entries()) {
      // Trial k's YAML, under the same file name (warnings name the file and line).
      const trialDir = join(dir, `trial-${k}`);
      mkdirSync(trialDir);
      writeFileSync(join(trialDir, 'proxy.yaml'), config(bps));
      const run = regime(['run', join(trialDir, 'proxy.yaml'), '--json', '--out', join(dir, `run-${k}`)]);
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as RunResult;
      const warnings = result.warnings.map((w) => w.replace(join(trialDir, 'proxy.yaml'), file));
      expect(doc.trials[k].warnings).toEqual(warnings);
      // Both warnings are there, so the comparison is not of two empty lists.
      expect(warnings.some((w) => w.startsWith('asset GSPC') && w.includes('is a price index held as a proxy'))).toBe(true);
      expect(warnings.some((w) => w.includes('period "before_run" (2019-01-01 to 2019-06-30) has no bars in the run'))).toBe(true);
    }
  });
});
