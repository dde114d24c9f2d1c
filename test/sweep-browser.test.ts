/**
 * The sweep report in a real browser (Debian's chromium via playwright-core): a synthetic
 * sweep of 10,000 trials over three dimensions (small and quick to open, every heatmap cell
 * drawn, the axes and held values switch), a hostile name shown as text, and the page the
 * built CLI writes for a real sweep. Screenshots go to test-output/.
 */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport, type SweepReportInput } from '@regime/report';
import { countColor, launchChromium, openReport } from './browser.js';
import { regime, requireData } from './support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output');
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

/** 50 × 50 × 4 trials: the objective peaks at n = 120, k = 0.6 and falls with the cost. */
function syntheticSweep(): SweepReportInput {
  const ns = Array.from({ length: 50 }, (_, i) => 20 + 5 * i);
  const ks = Array.from({ length: 50 }, (_, i) => Number((0.02 * (i + 1)).toFixed(2)));
  const costs = [0, 5, 10, 20];
  const values: (number | null)[] = [];
  for (const n of ns) for (const k of ks) for (const c of costs) values.push(0.8 - ((n - 120) / 200) ** 2 - (k - 0.6) ** 2 - c / 100);
  values[7] = null; // one undefined trial
  let best = 0;
  values.forEach((v, i) => (v !== null && v > values[best]! ? (best = i) : undefined));
  const days = 16 * 252;
  const dates = Array.from({ length: days }, (_, t) => new Date(Date.UTC(2008, 0, 1) + t * 86_400_000 * 1.45).toISOString().slice(0, 10));
  const curve = (g: number) => Array.from({ length: days }, (_, t) => 100_000 * Math.exp(g * t + 0.05 * Math.sin(t / 40)));
  return {
    name: HOSTILE,
    description: '<b>bold?</b> & "quoted"',
    period: { start: dates[0], end: dates[days - 1] },
    numeraires: ['USD', 'gold'],
    grid: [
      { path: 'params.n', values: ns },
      { path: 'params.k', values: ks },
      { path: 'costs.commission_bps', values: costs },
    ],
    objective: { text: 'sharpe:USD', metric: 'sharpe', numeraire: 'USD', higherIsBetter: true },
    values,
    best: { index: best, params: { 'params.n': 120, 'params.k': 0.6, 'costs.commission_bps': 0 }, value: values[best] },
    base: { value: 0.5, rank: 4000 },
    median: 0.4,
    overfitting: { trials: 10_000, deflatedSharpe: 0.91, pbo: 0.27, basis: { numeraire: 'USD', months: 192, blocks: 16, splits: 12870, bestSharpe: 0.2, expectedMaxSharpe: 0.15, sharpeVariance: 0.002 } },
    curves: { dates, best: { USD: curve(0.0004), gold: curve(0.0002) }, base: { USD: curve(0.0003), gold: curve(0.0001) } },
    warnings: [`a warning with ${HOSTILE}`],
  };
}

let browser: Browser;
let file = '';
let renderMs = 0;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const t0 = performance.now();
  const html = renderSweepReport(syntheticSweep(), { toolVersion: '0.1.0-test' });
  renderMs = performance.now() - t0;
  file = join(OUT, 'sweep-synthetic.html');
  writeFileSync(file, html);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const heat = (o: Awaited<ReturnType<typeof openReport>>) => o.page.evaluate(() => (window as any).regimeReport.heat);

describe('sweep report in chromium (10,000 synthetic trials)', () => {
  it('is small: one number per trial, not whole results', () => {
    const size = statSync(file).size;
    console.info(`sweep-synthetic.html: ${(size / 1024).toFixed(0)} KiB for 10,000 trials, rendered in ${renderMs.toFixed(0)} ms`);
    expect(size).toBeLessThan(1024 * 1024);
  });

  it('opens offline with no request, error or dialog, and shows the hostile name as text', async () => {
    const o = await openReport(browser, file);
    await o.page.waitForTimeout(200);
    expect(o.errors).toEqual([]);
    expect(o.failed).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    expect(o.dialogs).toEqual([]);
    expect(await o.page.locator('#report-title').textContent()).toBe(HOSTILE);
    expect(await o.page.locator('.warnings li').textContent()).toBe(`a warning with ${HOSTILE}`);
    await o.page.screenshot({ path: join(OUT, 'sweep-synthetic.png'), fullPage: true });
    await o.page.context().close();
  });

  it('draws the heatmap over two chosen dimensions with the others held at the best trial, and switches them', async () => {
    const o = await openReport(browser, file);
    let h = await heat(o);
    expect(h).toMatchObject({ nx: 50, ny: 50, cells: 2500, x: 'params.k', y: 'params.n' });
    expect(await countColor(o.page, '#heat', '#1f4e9c', 40)).toBeGreaterThan(100); // the best region, blue
    // Only the dimension not on an axis offers a held value, set to the best trial's (cost 0).
    expect(await o.page.locator('.fixed-dim:visible').count()).toBe(1);
    expect(await o.page.locator('select[data-fixed="2"]').inputValue()).toBe('0');
    // Hovering the best cell reads its trial and value.
    await o.page.locator('#heat-canvas').scrollIntoViewIfNeeded();
    const box = (await o.page.locator('#heat-canvas').boundingBox())!;
    const bestK = 29; // k = 0.6 is the 30th value
    const bestN = 20; // n = 120 is the 21st value
    await o.page.mouse.move(box.x + h.left + (bestK + 0.5) * h.cellW, box.y + h.top + (h.ny - 1 - bestN + 0.5) * h.cellH);
    expect(await o.page.locator('#heat-readout').textContent()).toMatch(/params.n = 120, params.k = 0.6, costs.commission_bps = 0 → 0\.800/);
    // Cost on the horizontal axis instead: 4 columns, and k is now held at its best value.
    await o.page.selectOption('#heat-x', '2');
    h = await heat(o);
    expect(h).toMatchObject({ nx: 4, ny: 50, x: 'costs.commission_bps', y: 'params.n' });
    expect(await o.page.locator('select[data-fixed="1"]').inputValue()).toBe(String(bestK));
    // Back to n × k, with the cost held at 20 bps: the same cell now reads 0.8 - 0.2.
    await o.page.selectOption('#heat-x', '1');
    await o.page.selectOption('select[data-fixed="2"]', '3');
    h = await heat(o);
    await o.page.mouse.move(box.x + h.left + (bestK + 0.5) * h.cellW, box.y + h.top + (h.ny - 1 - bestN + 0.5) * h.cellH);
    expect(await o.page.locator('#heat-readout').textContent()).toMatch(/params.n = 120, params.k = 0.6, costs.commission_bps = 20 → 0\.600/);
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });

  it('shows the distribution with base and best marked, both figures in words, and both equity charts', async () => {
    const o = await openReport(browser, file);
    expect(await o.page.locator('svg.hist rect').count()).toBe(40);
    expect(await o.page.locator('#mark-base text').textContent()).toBe('base 0.500');
    expect(await o.page.locator('#mark-best text').textContent()).toBe('best 0.800');
    expect(await o.page.locator('#dsr .v').textContent()).toBe('0.910');
    expect(await o.page.locator('#dsr p').textContent()).toMatch(/luck of picking the best of 10,000 trials: 91\.0% — below the usual 95 % bar/);
    expect(await o.page.locator('#pbo .v').textContent()).toBe('0.270');
    expect(await o.page.locator('#pbo p').textContent()).toMatch(/In 27% of the 12,870 ways to split the 192 months into halves/);
    for (const n of ['USD', 'gold']) {
      expect(await o.page.locator(`#equity-${n} .u-axis`).count()).toBe(2);
      expect(await countColor(o.page, `#equity-${n}`, '#1f4e9c', 30)).toBeGreaterThan(200);
      expect(await countColor(o.page, `#equity-${n}`, '#d6602a', 30)).toBeGreaterThan(200);
    }
    await o.page.context().close();
  });
});

describe('sweep report written by the CLI on real data', () => {
  it('regime sweep --report writes a page that opens cleanly with every section', async () => {
    requireData();
    const dir = mkdtempSync(join(tmpdir(), 'regime-sweep-report-'));
    const out = join(dir, 'sweep.html');
    const r = regime(['sweep', 'bench/sweep-trend.yaml', '--grid', 'params.n=50:250:50', '--report', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`report: ${out}`);
    const o = await openReport(browser, out);
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    expect(await heat(o)).toMatchObject({ nx: 4, ny: 5, cells: 20 });
    expect(await o.page.locator('#report-title').textContent()).toBe('SPY trend or gold');
    expect(await o.page.locator('#dsr .v').textContent()).toMatch(/^0\.\d{3}$/);
    expect(await o.page.locator('#pbo .v').textContent()).toMatch(/^[01]\.\d{3}$/);
    await o.page.screenshot({ path: join(OUT, 'sweep-real.png'), fullPage: true });
    await o.page.context().close();
  });
});
