/**
 * `regime walkforward` end to end on real data: terminal, --json and the report in real
 * Chromium (out-of-sample curve against the base, folds as bands, chosen values as steps,
 * the folds table), and its input errors.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WalkForwardDocument } from '../packages/core/src/index.js';
import { launchChromium, openReport } from './browser.js';
import { regime, requireData } from './support.js';

const DIR = mkdtempSync(join(tmpdir(), 'regime-walkforward-'));
const CONFIG = join(DIR, 'trend.yaml');
writeFileSync(
  CONFIG,
  `name: SPY trend or gold
period: { start: 2006-01-01, end: 2025-12-31 }
universe: [SPY, GLD]
benchmark: SPY
params: { n: 200 }
signals:
  up: "SPY > sma(SPY, n)"
regimes:
  risk_on: up
  risk_off: true
allocations:
  risk_on: { SPY: 1 }
  risk_off: { GLD: 1 }
rebalance: { every: daily, on_regime_change: true }
costs: { commission_bps: 5 }
execution: { delay: 1 }
sweep:
  grid:
    params.n: [50, 100, 150, 200, 250]
  objective: sharpe:USD
`,
);
const REPORT = join(DIR, 'walkforward.html');

let doc: WalkForwardDocument;
let browser: Browser;
beforeAll(async () => {
  requireData();
  const r = regime(['walkforward', CONFIG, '--train', '5y', '--test', '1y', '--json', '--report', REPORT]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.status).toBe(0);
  doc = JSON.parse(r.stdout);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('regime walkforward', () => {
  it('--json: 15 yearly folds after 5 years of training, chained out-of-sample beside the base', () => {
    expect(doc.study).toBe('walkforward');
    expect(doc.folds.length).toBe(15);
    expect(doc.folds[0].train.start).toBe('2006-01-03');
    expect(doc.folds[0].train.end).toBe('2010-12-31');
    expect(doc.folds[14].test.end).toBe('2025-12-31');
    for (const f of doc.folds) expect([50, 100, 150, 200, 250]).toContain(f.chosen['params.n']);
    expect(doc.outOfSample.period).toEqual({ start: doc.folds[0].test.start, end: '2025-12-31' });
    expect(doc.base.period).toEqual(doc.outOfSample.period);
    for (const n of ['USD', 'gold']) {
      expect(doc.outOfSample.metrics[n].cagr).not.toBeNull();
      expect(doc.base.metrics[n].sharpe).not.toBeNull();
    }
    // The chained curve's total return is the product of the test windows' own.
    const eq = doc.series.outOfSample.USD;
    expect(doc.outOfSample.metrics.USD.totalReturn).toBeCloseTo(eq[eq.length - 1] / eq[0] - 1, 9);
    const meanIs = doc.folds.reduce((s, f) => s + f.inSampleCagr!, 0) / doc.folds.length;
    expect(doc.efficiency).toBeCloseTo(doc.outOfSample.metrics.USD.cagr! / meanIs, 12);
  });

  it('the terminal shows the folds, out-of-sample against base, efficiency and stability', () => {
    const r = regime(['walkforward', CONFIG, '--train', '5y', '--test', '1y', '--anchored']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SPY trend or gold — walk-forward, anchored 5y training, 1y test, 15 folds × 5 trials, best by sharpe:USD');
    expect(r.stdout).toMatch(/^1\s+2006-01-03 – 2010-12-31\s+2010-12-31 – 2011-12-30\s+\d+/m);
    expect(r.stdout).toMatch(/^15\s+2006-01-03 – 2024-12-31/m);
    expect(r.stdout).toMatch(/out-of-sample USD\s+base USD\s+out-of-sample gold\s+base gold/);
    expect(r.stdout).toMatch(/Walk-forward efficiency (-?\d+\.\d\d|undefined)/);
    expect(r.stdout).toMatch(/params\.n\s+\d+ of 14\s+\d+/);
  });

  it('the report draws the curves, the folds as bands, the chosen values as steps and the folds table (Chromium)', async () => {
    const o = await openReport(browser, REPORT);
    expect(o.errors).toEqual([]);
    expect(o.requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    const charts = await o.page.$$eval('.wf-equity', (els) => els.map((e) => [e.getAttribute('data-numeraire'), e.querySelectorAll('path.wf-line').length, e.querySelectorAll('rect.wf-band').length]));
    expect(charts).toEqual([
      ['USD', 3, 15],
      ['gold', 3, 15],
    ]);
    // Every line is drawn across the chart (a path with many vertices and a visible extent).
    const widths = await o.page.$$eval('.wf-equity path.wf-line', (els) => els.map((e) => (e as SVGGraphicsElement).getBBox().width));
    expect(widths.every((w) => w > 500)).toBe(true);
    const steps = await o.page.$$eval('svg.wf-steps circle.wf-step-dot', (els) => els.length);
    expect(steps).toBe(15);
    const rows = await o.page.$$eval('#wf-folds tbody tr', (els) => els.map((e) => e.querySelectorAll('td')[3].textContent));
    expect(rows).toEqual(doc.folds.map((f) => String(f.chosen['params.n'])));
    await o.page.screenshot({ path: join(DIR, 'walkforward.png'), fullPage: true });
  });

  it.each([
    [['--train', '5 years', '--test', '1y'], '--train: expected a length of calendar time such as 5y, 18m or 90d (years, months, days); found "5 years"'],
    [['--train', '30y', '--test', '1y'], 'is too short for one fold of --train 30y followed by --test 1y'],
    [['--test', '1y'], "required option '--train <span>' not specified"],
    [['--train', '5y', '--test', '1y', '--objective', 'sharpe:EUR'], '--objective sharpe:EUR: objective: numeraire "EUR" is not compared; expected one of USD, gold'],
  ])('refuses %j with exit 2', (args, message) => {
    const r = regime(['walkforward', CONFIG, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('regime walkforward carries positions across folds', () => {
  // A grid of one value, the base's own: every fold chooses the base config, so the
  // out-of-sample equity must be the base config's over the same dates — nothing liquidated
  // at a refit, nothing paid to re-enter (before the carry, daily: 11.45 % CAGR against 11.93 %).
  const config = (frequency: 'daily' | 'monthly') => {
    const file = join(DIR, `same-${frequency}.yaml`);
    writeFileSync(
      file,
      `name: same choice, ${frequency}
period: { start: ${frequency === 'daily' ? '2006-01-01' : '2006-01-31'}, end: 2024-12-31 }
frequency: ${frequency}
universe: [SPY, GLD]
cash: { series: IRX }
params: { n: ${frequency === 'daily' ? 200 : 10} }
signals:
  up: "SPY > sma(SPY, n)"
regimes:
  risk_on: up
  risk_off: true
allocations:
  risk_on: { SPY: 1 }
  risk_off: { GLD: 1 }
rebalance: { every: monthly, on_regime_change: true }
costs: { commission_bps: 5 }
execution: { delay: 1 }
sweep:
  grid:
    params.n: [${frequency === 'daily' ? 200 : 10}]
  objective: sharpe:USD
`,
    );
    return file;
  };

  it.each([
    ['daily', [] as string[], 16, '2008-12-31'],
    // Monthly bars with rolling windows used to be refused: a window starting on a weekend
    // (2009-01-31) first trades at the next month end, 27 days later.
    ['monthly', [] as string[], 16, '2009-01-30'],
    ['monthly', ['--anchored'], 16, '2009-01-30'],
  ] as const)('%s %j: the out-of-sample equity is the base config over the same dates, bar for bar', (frequency, extra, folds, start) => {
    const r = regime(['walkforward', config(frequency), '--train', '3y', '--test', '1y', ...extra, '--json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    const d: WalkForwardDocument = JSON.parse(r.stdout);
    expect(d.folds.length).toBe(folds);
    expect(d.outOfSample.period).toEqual({ start, end: '2024-12-31' });
    expect(d.base.period).toEqual(d.outOfSample.period);
    for (const name of ['USD', 'gold']) {
      const oos = d.series.outOfSample[name];
      const base = d.series.base[name];
      expect(oos.length).toBe(d.series.dates.length);
      for (let t = 0; t < oos.length; t++) expect(oos[t] / base[t]).toBeCloseTo(1, 12);
      for (const k of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown'] as const) expect(d.outOfSample.metrics[name][k]).toBeCloseTo(d.base.metrics[name][k]!, 12);
    }
  });
});

describe('the sweep report shows the best trial’s Probabilistic Sharpe Ratio', () => {
  it('in the terminal, the document and the page (Chromium)', async () => {
    const report = join(DIR, 'sweep.html');
    const r = regime(['sweep', CONFIG, '--report', report, '--jobs', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Probabilistic Sharpe Ratio of the best trial: [01]\.\d{3} /);
    const json = JSON.parse(regime(['sweep', CONFIG, '--json', '--jobs', '1']).stdout);
    expect(json.overfitting.psr).toBeGreaterThan(0);
    expect(json.overfitting.psr).toBeLessThanOrEqual(1);
    // Judged alone it is never below the deflated figure, which accounts for the five trials.
    expect(json.overfitting.psr).toBeGreaterThanOrEqual(json.overfitting.deflatedSharpe);
    const o = await openReport(browser, report);
    expect(o.errors).toEqual([]);
    expect(await o.page.$eval('#psr .v', (e) => e.textContent)).toBe(json.overfitting.psr.toFixed(3));
  });
});

describe('a walk-forward whose choices trade different assets', () => {
  it('sells what the new choice does not trade at the shared close and goes on (no error)', () => {
    // Seeded random walks (weekdays 2000–2012) for a strategy whose gold leg is a parameter:
    // the folds switch between XAUUSD and GLD, so a switch carries a position the new run's
    // universe does not have.
    const dir = mkdtempSync(join(tmpdir(), 'regime-wf-switch-'));
    mkdirSync(join(dir, 'daily'));
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
    const days: string[] = [];
    for (let d = Date.UTC(2000, 0, 3); d <= Date.UTC(2012, 11, 31); d += 86_400_000) if (![0, 6].includes(new Date(d).getUTCDay())) days.push(new Date(d).toISOString().slice(0, 10));
    for (const [sym, vol] of [['SPY', 0.012], ['GSPC', 0.012], ['XAUUSD', 0.01], ['GLD', 0.015]] as const) {
      let p = 100;
      const rows = days.map((d) => `${d},${(p *= Math.exp(vol * gauss())).toFixed(4)}`);
      writeFileSync(join(dir, 'daily', `${sym}.csv`), `date,close\n${rows.join('\n')}\n`);
    }
    const config = join(dir, 'switch.yaml');
    writeFileSync(
      config,
      `name: wf universe switch
period: { start: 2000-01-03, end: 2012-12-31 }
strategy:
  use: gold-ratio-rotation
  params: { stocks: SPY, gold: XAUUSD, window: 50 }
rebalance: { every: monthly, on_regime_change: true }
costs: { commission_bps: 2 }
execution: { delay: 1 }
sweep:
  grid:
    strategy.params.gold: [XAUUSD, GLD]
  objective: sharpe:USD
`,
    );
    const r = regime(['walkforward', config, '--data-dir', dir, '--train', '2y', '--test', '1y', '--json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as WalkForwardDocument;
    const chosen = doc.folds.map((f) => f.chosen['strategy.params.gold']);
    // It did switch between the two (otherwise this test would prove nothing).
    expect(new Set(chosen)).toEqual(new Set(['XAUUSD', 'GLD']));
    expect(doc.folds.every((f) => f.outOfSample === null || Number.isFinite(f.outOfSample))).toBe(true);
  });
});
