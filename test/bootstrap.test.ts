/**
 * `regime run --bootstrap` end to end on real data: the uncertainty block's shape, that it is
 * reproducible, that its PSR is the formula applied to the run's own returns (recomputed here
 * from the result's equity and cash rate, in plain JavaScript), the flags' errors, and the
 * "How sure can we be?" section of the report in real Chromium.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../packages/core/src/index.js';
import { launchChromium, openReport } from './browser.js';
import { regime, requireData } from './support.js';

const OUT = mkdtempSync(join(tmpdir(), 'regime-bootstrap-'));
const CONFIG = 'configs/sixty-forty.yaml';

function runJson(...extra: string[]): RunResult {
  const r = regime(['run', CONFIG, '--out', join(OUT, 'run'), '--json', ...extra]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

let base: RunResult;
beforeAll(() => {
  requireData();
  base = runJson('--bootstrap', '300');
});

describe('regime run --bootstrap', () => {
  it('adds intervals, differences, probabilities and PSR for every numeraire', () => {
    expect(Object.keys(base.uncertainty!)).toEqual(base.numeraires);
    for (const n of base.numeraires) {
      const u = base.uncertainty![n];
      expect(u.resamples).toBe(300);
      expect(u.blockRule).toBe('auto');
      expect(u.blockLength).toBeGreaterThanOrEqual(1);
      for (const m of ['cagr', 'volatility', 'sharpe', 'maxDrawdown'] as const) {
        const i = u[m]!;
        expect(i.p05).toBeLessThanOrEqual(i.p50);
        expect(i.p50).toBeLessThanOrEqual(i.p95);
        const d = u.vsBenchmark![m]!;
        expect(d.p05).toBeLessThanOrEqual(d.p95);
      }
      // 60/40 over 2003–2026: the measured CAGR and Sharpe sit inside their intervals.
      expect(base.metrics[n].cagr!).toBeGreaterThan(u.cagr!.p05);
      expect(base.metrics[n].cagr!).toBeLessThan(u.cagr!.p95);
      expect(u.probBeatsBenchmark).toBeGreaterThanOrEqual(0);
      expect(u.probBeatsBenchmark).toBeLessThanOrEqual(1);
    }
  });

  it('PSR is the formula on the run’s own excess returns (recomputed here)', () => {
    const e = base.series.equity.USD;
    const dates = base.series.dates;
    const x: number[] = [];
    for (let t = 1; t < e.length; t++) {
      const days = (Date.parse(dates[t]) - Date.parse(dates[t - 1])) / 86_400_000;
      x.push(e[t] / e[t - 1] - 1 - (base.series.cashRate[t - 1] * days) / 365);
    }
    const n = x.length;
    const mu = x.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
    const m2 = x.reduce((a, b) => a + (b - mu) ** 2, 0) / n;
    const skew = x.reduce((a, b) => a + (b - mu) ** 3, 0) / n / m2 ** 1.5;
    const kurt = x.reduce((a, b) => a + (b - mu) ** 4, 0) / n / m2 ** 2;
    const sr = mu / sd;
    const z = (sr * Math.sqrt(n - 1)) / Math.sqrt(1 - skew * sr + ((kurt - 1) / 4) * sr * sr);
    // Φ(z) = ½ + φ(z)·(z + z³/3 + z⁵/(3·5) + …), summed here to 200 terms.
    let sum = z;
    let term = z;
    for (let i = 3; i < 400; i += 2) sum += term *= (z * z) / i;
    const phi = 0.5 + sum * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    expect(base.uncertainty!.USD.psr.vsZero).toBeCloseTo(phi, 9);
    expect(base.metrics.USD.sharpe).toBeCloseTo(sr * Math.sqrt(base.periodsPerYear), 9);
  });

  it('is reproducible: the same seed agrees, another seed differs, --block fixes the length', () => {
    const again = runJson('--bootstrap', '300');
    expect(again.uncertainty).toEqual(base.uncertainty);
    const other = runJson('--bootstrap', '300', '--seed', '7', '--block', '20');
    expect(other.uncertainty!.USD.seed).toBe(7);
    expect(other.uncertainty!.USD.blockLength).toBe(20);
    expect(other.uncertainty!.USD.blockRule).toBe('fixed');
    expect(other.uncertainty!.USD.sharpe).not.toEqual(base.uncertainty!.USD.sharpe);
    // Without --bootstrap the result document has no uncertainty block.
    expect(runJson().uncertainty).toBeUndefined();
  });

  it('shows the intervals in the terminal', () => {
    const r = regime(['run', CONFIG, '--out', join(OUT, 'run'), '--bootstrap', '100']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('How sure can we be? 100 resampled histories');
    expect(r.stdout).toMatch(/in USD \(block [\d.]+ bars, auto\)\s+measured\s+5%\s+50%\s+95%\s+minus SPY 5%/);
    expect(r.stdout).toMatch(/PSR \(true Sharpe > 0\): [\d.]+%/);
    expect(r.stdout).toMatch(/P\(ends above SPY\): [\d.]+%/);
  });

  it.each([
    [['--bootstrap', 'many'], '--bootstrap: expected a whole number of resamples from 1 to 1,000,000; found "many"'],
    [['--bootstrap', '0'], '--bootstrap: expected a whole number of resamples from 1 to 1,000,000; found "0"'],
    [['--bootstrap', '10', '--block', '0.5'], '--block: expected auto or a mean block length in bars, 1 or more; found "0.5"'],
    [['--bootstrap', '10', '--seed', '-1'], '--seed: expected a whole number from 0 to 4294967295; found "-1"'],
    [['--seed', '3'], '--seed sets up the bootstrap: add --bootstrap N'],
  ])('refuses %j with exit 2', (args, message) => {
    const r = regime(['run', CONFIG, '--out', join(OUT, 'bad'), ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('the report’s "How sure can we be?" section, in Chromium', () => {
  let browser: Browser;
  const file = join(OUT, 'report.html');
  beforeAll(async () => {
    const r = regime(['run', CONFIG, '--out', join(OUT, 'rep'), '--bootstrap', '200', '--report', file]);
    expect(r.status).toBe(0);
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('draws one range per metric next to its point estimate, for each numeraire and against the benchmark', async () => {
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('How sure can we be?');
    const o = await openReport(browser, file);
    expect(o.errors).toEqual([]);
    expect(o.requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    const blocks = await o.page.$$eval('[data-uncertainty]', (els) => els.map((e) => e.getAttribute('data-uncertainty')));
    expect(blocks).toEqual(['USD', 'gold']);
    // 5 metrics own + 5 against SPY, per numeraire; each range bar has a visible width.
    const widths = await o.page.$$eval('#uncertainty svg.u-range rect.u-bar', (els) => els.map((e) => (e as SVGGraphicsElement).getBoundingClientRect().width));
    expect(widths.length).toBe(20);
    expect(widths.every((w) => w >= 1)).toBe(true);
    // The measured dot lies within the drawing, and the row shows the measured value in text.
    const row = await o.page.$eval('[data-uncertainty="USD"] tr[data-metric="cagr"]', (e) => e.textContent);
    expect(row).toMatch(/CAGR\d+\.\d%/);
    await o.page.locator('#uncertainty').screenshot({ path: join(OUT, 'uncertainty.png') });
    const navLink = await o.page.$eval('nav a[href="#uncertainty"]', (e) => e.textContent);
    expect(navLink).toBe('How sure?');
  });
});

describe('regime compare --bootstrap', () => {
  const configs = ['configs/sixty-forty.yaml', 'configs/gold-only.yaml', 'configs/buy-and-hold-spy.yaml'];
  let browser: Browser;
  const file = join(OUT, 'compare.html');
  let runs: RunResult[];
  beforeAll(async () => {
    const r = regime(['compare', ...configs, '--bootstrap', '200', '--json', '--report', file, '--jobs', '1']);
    expect(r.status).toBe(0);
    runs = JSON.parse(r.stdout).runs;
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('marks exactly the strategies whose Sharpe interval overlaps the leader’s (worked out here from the runs)', async () => {
    const sharpe = runs.map((r) => r.metrics.USD.sharpe!);
    const leader = sharpe.indexOf(Math.max(...sharpe));
    const li = runs[leader].uncertainty!.USD.sharpe!;
    const expected = runs.map((r, k) => {
      const i = r.uncertainty!.USD.sharpe!;
      return k !== leader && i.p05 <= li.p95 && li.p05 <= i.p95;
    });
    const o = await openReport(browser, file);
    expect(o.errors).toEqual([]);
    const tagged = await o.page.$$eval('#ranking-table tbody tr', (rows) => rows.map((tr) => [Number(tr.getAttribute('data-run')), tr.querySelector('.u-overlap') !== null] as const));
    expect(tagged.length).toBe(3);
    for (const [k, has] of tagged) expect(has).toBe(expected[k]);
    const bars = await o.page.$$eval('#ranking-intervals svg g[data-run] rect.u-bar', (els) => els.length);
    expect(bars).toBe(3);
    await o.page.locator('#ranking-intervals').screenshot({ path: join(OUT, 'compare-intervals.png') });
  });

  it('prints each strategy’s interval and the ≈ marks in the terminal', () => {
    const r = regime(['compare', ...configs, '--bootstrap', '100', '--jobs', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('How sure is the ranking? Sharpe in USD, 5–95 % of 100 resampled histories of each run.');
    expect(r.stdout).toMatch(/^1\s+\S.*leader$/m);
  });
});
