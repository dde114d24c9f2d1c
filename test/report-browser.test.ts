/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core. Renders a
 * 20-year daily synthetic run (and a hostile-name variant) to test-output/, opens the files
 * over file://, and checks that the page makes no request, logs no error, draws every chart,
 * reacts to its controls, and shows injected markup as text. Screenshots (screen and print)
 * are saved to test-output/ for a human to look at.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunReport } from '@regime/report';
import { syntheticRun } from './fixtures/syntheticRun.js';
import { countColor, launchChromium, openReport, type Opened } from './browser.js';
import { regime, requireData } from './support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output');
const HOSTILE = '<script>alert(1)</script>';


let browser: Browser;
const files: Record<string, string> = {};
const timing: Record<string, number> = {};

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const main = syntheticRun({ years: 20 });
  const t0 = performance.now();
  const html = renderRunReport(main, { toolVersion: '0.1.0-test' });
  timing.render = performance.now() - t0;
  files.main = join(OUT, 'report.html');
  writeFileSync(files.main, html);
  // The result document too, for trying `regime report test-output/synthetic-run.json` by hand.
  writeFileSync(join(OUT, 'synthetic-run.json'), JSON.stringify(main));
  files.hostile = join(OUT, 'report-hostile.html');
  writeFileSync(
    files.hostile,
    renderRunReport(
      syntheticRun({ years: 3, name: HOSTILE, description: '<img src=x onerror=alert(2)> & "thesis"', benchmark: false, extraNumeraires: ['CPI'] }),
      { toolVersion: '0.1.0-test' },
    ),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});


/** Distinct opaque colors drawn on a chart's canvas (a blank canvas has none). */
async function canvasColors(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(`${sel} canvas`) as HTMLCanvasElement | null;
    if (!canvas) return -1;
    // Read a copy, so the page's own canvas is not flagged for repeated readbacks.
    const copy = document.createElement('canvas');
    [copy.width, copy.height] = [canvas.width, canvas.height];
    const ctx = copy.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const colors = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) {
      if (data[i + 3] < 200) continue;
      const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      if (rgb !== 0xffffff) colors.add(rgb >> 3);
    }
    return colors.size;
  }, selector);
}

/**
 * Pixels of a chart's canvas within `tol` of a color (per channel) and with alpha in
 * [alphaMin, alphaMax] (the canvas is transparent where nothing is drawn): proves that a
 * series was drawn.
 */

const STRATEGY = '#1f4e9c';
const BENCHMARK = '#8a8f98';

describe('HTML report in chromium', () => {
  it('renders a 20-year daily run in reasonable size and time', () => {
    const size = statSync(files.main).size;
    console.info(`report.html: ${(size / 1024).toFixed(0)} KiB, rendered in ${timing.render.toFixed(0)} ms`);
    expect(size).toBeLessThan(3 * 1024 * 1024);
    expect(timing.render).toBeLessThan(5_000);
  });

  it('opens offline: no request besides the file, no failed request, no console error', async () => {
    const o = await openReport(browser, files.main);
    expect(o.errors).toEqual([]);
    expect(o.failed).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    await o.page.context().close();
  });

  it('draws every chart with content, with axes and legends', async () => {
    const o = await openReport(browser, files.main);
    const charts = ['#chart-equity', '#chart-drawdown', '#chart-allocation', '#chart-rolling-return', '#chart-rolling-vol', '#chart-rolling-sharpe', '#chart-rolling-beta'];
    for (const sel of charts) {
      const colors = await canvasColors(o.page, sel);
      expect(colors, `${sel} looks blank`).toBeGreaterThanOrEqual(4);
      const legend = await o.page.locator(`${sel} .u-legend .u-series`).count();
      expect(legend, `${sel} has no legend`).toBeGreaterThanOrEqual(2);
      // Axes: uPlot draws tick labels on the canvas; its axis elements exist for x and y.
      expect(await o.page.locator(`${sel} .u-axis`).count(), `${sel} axes`).toBe(2);
    }
    // The series themselves, not just axes and grid: count pixels of the series' colors.
    for (const sel of charts.filter((c) => c !== '#chart-allocation')) {
      expect(await countColor(o.page, sel, STRATEGY), `${sel} strategy line`).toBeGreaterThan(300);
      if (sel !== '#chart-rolling-beta') expect(await countColor(o.page, sel, BENCHMARK), `${sel} benchmark line`).toBeGreaterThan(300);
    }
    // Regime bands behind the equity curve: the two regime colors at 14 % opacity.
    expect(await countColor(o.page, '#chart-equity', '#4e79a7', 4, 30, 42), 'scarcity band').toBeGreaterThan(5_000);
    expect(await countColor(o.page, '#chart-equity', '#f28e2b', 4, 30, 42), 'abundance band').toBeGreaterThan(5_000);
    // Equity: strategy and benchmark lines; regime bands drawn behind them.
    const equitySeries = await o.page.evaluate(() => (window as any).regimeReport.charts.equity.series.map((s: any) => s.label));
    expect(equitySeries).toEqual(['Date', 'Strategy', 'SPY (benchmark)']);
    expect(await o.page.locator('#regime-legend').textContent()).toContain('scarcity');
    // Allocation: a short layer below zero and cash.
    const allocLabels = await o.page.evaluate(() => (window as any).regimeReport.charts.allocation.series.map((s: any) => s.label));
    expect(allocLabels).toContain('TLT (short)');
    expect(allocLabels).toContain('Cash');
    const allocMin = await o.page.evaluate(() => (window as any).regimeReport.charts.allocation.scales.y.min);
    expect(allocMin).toBeLessThan(0);
    const layerColors: string[] = await o.page.evaluate(() => (window as any).regimeReport.charts.allocation.series.slice(1).map((s: any) => s._fill ?? s.fill));
    for (const c of layerColors) expect(await countColor(o.page, '#chart-allocation', c, 2), `allocation layer ${c}`).toBeGreaterThan(1_000);
    // Static SVG bars and heatmaps for USD and gold.
    for (const n of ['USD', 'gold']) {
      expect(await o.page.locator(`table.heat[data-numeraire="${n}"] td[style*="background"]`).count()).toBeGreaterThan(200);
    }
    expect(await o.page.locator('svg.bars').count()).toBe(2);
    const barRects = await o.page.locator('svg.bars rect title').count();
    expect(barRects).toBeGreaterThanOrEqual(2 * 2 * 19);
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });

  it('switches numeraire and log scale on the equity chart', async () => {
    const o = await openReport(browser, files.main);
    const snap = () =>
      o.page.evaluate(() => {
        const c = (window as any).regimeReport.charts.equity;
        return { png: c.ctx.canvas.toDataURL(), last: c.data[1][c.data[1].length - 1], distr: c.scales.y.distr, label: c.axes[1].label };
      });
    const usd = await snap();
    await o.page.click('button[data-numeraire="gold"]');
    const gold = await snap();
    expect(gold.png).not.toBe(usd.png);
    expect(gold.last).not.toBe(usd.last);
    expect(gold.label).toContain('gold');
    expect(await o.page.getAttribute('button[data-numeraire="gold"]', 'aria-pressed')).toBe('true');
    // The drawdown and rolling charts follow the switch.
    const ddLast = await o.page.evaluate(() => (window as any).regimeReport.state.num);
    expect(ddLast).toBe('gold');
    await o.page.check('#log-scale');
    const log = await snap();
    expect(log.distr).toBe(3);
    expect(log.png).not.toBe(gold.png);
    expect(await canvasColors(o.page, '#chart-equity')).toBeGreaterThanOrEqual(4);
    await o.page.uncheck('#log-scale');
    expect((await snap()).distr).toBe(1);
    await o.page.click('button[data-numeraire="USD"]');
    expect((await snap()).last).toBe(usd.last);
    expect(o.errors).toEqual([]);
    await o.page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    await o.page.context().close();
  });

  it('shows a hostile strategy name as text and runs no injected script', async () => {
    const o = await openReport(browser, files.hostile);
    expect(await o.page.locator('h1#report-title').textContent()).toBe(HOSTILE);
    expect(await o.page.title()).toContain(HOSTILE);
    expect(await o.page.locator('.desc').textContent()).toBe('<img src=x onerror=alert(2)> & "thesis"');
    expect(await o.page.locator('#config-text').textContent()).toContain(`name: "${HOSTILE}"`);
    expect(await o.page.locator('img').count()).toBe(0);
    // Only the two report scripts and the JSON data element exist.
    expect(await o.page.locator('script').count()).toBe(3);
    await o.page.waitForTimeout(200);
    expect(o.dialogs).toEqual([]);
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    // No benchmark, three numeraires: the page still draws and switches.
    await o.page.click('button[data-numeraire="CPI"]');
    expect(await canvasColors(o.page, '#chart-equity')).toBeGreaterThanOrEqual(3);
    expect(await o.page.locator('#chart-rolling-beta').count()).toBe(0);
    await o.page.screenshot({ path: join(OUT, 'report-hostile.png'), fullPage: true });
    await o.page.context().close();
  });

  it('prints: print media hides the controls and keeps charts within the page', async () => {
    const o = await openReport(browser, files.main);
    await o.page.emulateMedia({ media: 'print' });
    // A4 less the 12 mm margins of the print stylesheet: 186 mm ≈ 703 CSS px.
    await o.page.setViewportSize({ width: 703, height: 1123 });
    expect(await o.page.locator('nav.bar').isVisible()).toBe(false);
    const overflow = await o.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('.uplot canvas, svg.bars, table.heat, table.data, pre.config')].filter((e) => e.getBoundingClientRect().right > width + 1).map((e) => e.id || e.className);
    });
    expect(overflow).toEqual([]);
    await o.page.screenshot({ path: join(OUT, 'report-print.png'), fullPage: true });
    const pdf = await o.page.pdf({ format: 'A4', printBackground: true, path: join(OUT, 'report.pdf') });
    expect(pdf.length).toBeGreaterThan(50_000);
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });
});

describe('HTML report of a shipped config on real data, written by `regime run --report`', () => {
  const file = join(OUT, 'report-real.html');

  beforeAll(() => {
    requireData();
    const r = regime(['run', 'configs/sixty-forty.yaml', '--out', join(OUT, 'real-run'), '--report', file]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('opens offline, draws every chart and switches numeraire', async () => {
    const size = statSync(file).size;
    console.info(`report-real.html (configs/sixty-forty.yaml, daily since 2002): ${(size / 1024).toFixed(0)} KiB`);
    expect(size).toBeLessThan(3 * 1024 * 1024);
    const o = await openReport(browser, file);
    expect(o.requests).toEqual([o.url]);
    for (const sel of ['#chart-equity', '#chart-drawdown', '#chart-rolling-return', '#chart-rolling-vol', '#chart-rolling-sharpe', '#chart-rolling-beta']) {
      expect(await countColor(o.page, sel, STRATEGY), `${sel} strategy line`).toBeGreaterThan(300);
    }
    expect(await canvasColors(o.page, '#chart-allocation')).toBeGreaterThanOrEqual(3);
    const before = await o.page.evaluate(() => (window as any).regimeReport.charts.equity.ctx.canvas.toDataURL());
    await o.page.click('button[data-numeraire="gold"]');
    const after = await o.page.evaluate(() => (window as any).regimeReport.charts.equity.ctx.canvas.toDataURL());
    expect(after).not.toBe(before);
    expect(o.errors).toEqual([]);
    expect(o.failed).toEqual([]);
    await o.page.click('button[data-numeraire="USD"]');
    await o.page.screenshot({ path: join(OUT, 'report-real.png'), fullPage: true });
    await o.page.context().close();
  });
});
