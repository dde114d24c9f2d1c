/**
 * The report's "why did it win?" parts in real Chromium: a 20-year daily synthetic run with
 * ten signals. Every signal chart, the relative-strength chart, the P&L table and stacked
 * bars and the trade tables are drawn with no console error and no request; the threshold
 * lines are drawn; zooming the equity curve zooms the signals to the same dates.
 * Screenshots go to test-output/ for a human to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunReport } from '@regime/report';
import { syntheticRun } from './fixtures/syntheticRun.js';
import { countColor, launchChromium, openReport, type Opened } from './browser.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output');

let browser: Browser;
let opened: Opened;
const run = syntheticRun({ years: 20, extraSignals: 8 });

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'report-why.html');
  writeFileSync(file, renderRunReport(run, { toolVersion: '0.1.0-test' }));
  browser = await launchChromium();
  opened = await openReport(browser, file);
});

afterAll(async () => {
  await browser?.close();
});

describe('why did it win, in the browser', () => {
  it('opens with no console error, no request, no dialog', () => {
    expect(opened.errors).toEqual([]);
    expect(opened.requests.filter((u) => u !== opened.url)).toEqual([]);
    expect(opened.dialogs).toEqual([]);
  });

  it('draws each of the ten signals on its own chart, with the threshold lines', async () => {
    const { page } = opened;
    expect(Object.keys(run.series.signals!)).toHaveLength(10);
    for (let k = 0; k < 10; k++) {
      // The signal's own line (#1d2228) is drawn on every chart.
      expect(await countColor(page, `#chart-signal-${k}`, '#1d2228', 12), `signal ${k}`).toBeGreaterThan(100);
    }
    // tlt_trend (chart 0) has its threshold -0.02 (first line colour #e15759) drawn dashed.
    expect(await countColor(page, '#chart-signal-0', '#e15759', 12)).toBeGreaterThan(50);
    const legend = await page.locator('#chart-signal-0 .u-legend').innerText();
    expect(legend).toContain('< -0.02 (signal yields_rising)');
    // The regime bands are drawn behind the signals: both regime colours at 14 % opacity.
    expect(await countColor(page, '#chart-signal-1', '#4e79a7', 4, 30, 42), 'scarcity band').toBeGreaterThan(2_000);
    expect(await countColor(page, '#chart-signal-1', '#f28e2b', 4, 30, 42), 'abundance band').toBeGreaterThan(2_000);
  });

  it('draws relative strength, the P&L table and its yearly bars, and the trade tables', async () => {
    const { page } = opened;
    expect(await countColor(page, '#chart-relative', '#1f4e9c', 12)).toBeGreaterThan(200);
    const rows = await page.locator('#pnl-table tbody tr').count();
    expect(rows).toBe(run.universe.length + 4 + 1);
    expect(await page.locator('#attribution svg.pnl-bars rect').count()).toBeGreaterThan(20 * 4);
    expect(await page.locator('#trades-last tbody tr').count()).toBe(15);
    expect(await page.locator('#trades-largest tbody tr').count()).toBe(15);
    expect(await page.locator('#trades-csv').getAttribute('href')).toBe('trades.csv');
    // The largest trade first: its notional is the largest in the run.
    const biggest = Math.max(...run.trades!.map((t) => t.notional));
    const first = await page.locator('#trades-largest tbody tr').first().locator('td').nth(4).innerText();
    expect(Number(first.replace(/,/g, ''))).toBe(Math.round(biggest));
  });

  it('zooming the equity curve zooms the signals and the relative curve to the same dates', async () => {
    const { page } = opened;
    const { min, max } = await page.evaluate(() => {
      const x = (window as any).regimeReport.charts.equity.scales.x;
      const range = { min: x.min + (x.max - x.min) * 0.25, max: x.min + (x.max - x.min) * 0.5 };
      (window as any).regimeReport.charts.equity.setScale('x', range);
      return range;
    });
    // uPlot commits a scale change (and fires its hooks) after the current task.
    const scales = await page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 50));
      const charts = (window as any).regimeReport.charts;
      return { signal: [charts['signal-3'].scales.x.min, charts['signal-3'].scales.x.max], relative: [charts.relative.scales.x.min, charts.relative.scales.x.max] };
    });
    expect(scales.signal).toEqual([min, max]);
    expect(scales.relative).toEqual([min, max]);
    await page.screenshot({ path: join(OUT, 'report-why-zoomed.png'), fullPage: true });
    expect(opened.errors).toEqual([]);
  });
});
