/**
 * The comparison report in a real browser (Debian's chromium via playwright-core), with the
 * run report's checks: it makes no request, logs no error, draws every chart with content,
 * reacts to the numeraire switch and the log toggle, and shows a hostile strategy name as
 * text. Two pages: four synthetic runs (one with a hostile name) rendered here, and every
 * shipped config compared by the built CLI on real data. Screenshots go to test-output/.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@regime/core';
import { renderCompareReport } from '@regime/report';
import { syntheticRun } from './fixtures/syntheticRun.js';
import { countColor, launchChromium, openReport, type Opened } from './browser.js';
import { regime, requireData } from './support.js';
import { shippedConfigFiles } from '@regime/cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output');
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';


let browser: Browser;
const files: Record<string, string> = {};
let synthetic: RunResult[];
let renderMs = 0;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  synthetic = [
    syntheticRun({ years: 16, seed: 11, name: 'Hard assets vs duration' }),
    syntheticRun({ years: 16, seed: 22, name: HOSTILE, description: '<b>bold?</b> & "quoted"', regimes: false }),
    syntheticRun({ years: 16, seed: 33, name: 'Static 60/40-ish', regimes: false, benchmark: false }),
    syntheticRun({ years: 16, seed: 44, name: 'Regime rotation' }),
  ];
  const t0 = performance.now();
  const html = renderCompareReport(
    {
      results: synthetic,
      order: [3, 0, 1, 2],
      sortKey: { metric: 'sharpe', numeraire: 'USD' },
      common: { start: synthetic[0].period.start, end: synthetic[0].period.end },
      ranges: [
        { label: 'gfc', start: '2007-10-09', end: '2009-03-09' },
        { label: 'recent', start: '2020-01-01' },
        { label: 'before <all>', start: '1990-01-01', end: '1999-12-31' },
      ],
    },
    { toolVersion: '0.1.0-test' },
  );
  renderMs = performance.now() - t0;
  files.synthetic = join(OUT, 'compare-synthetic.html');
  writeFileSync(files.synthetic, html);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});



/** A short fingerprint of what a chart's canvas shows (failures stay readable). */
const chartPng = (o: Opened, name: string): Promise<string> =>
  o.page.evaluate((n) => {
    const url: string = (window as any).regimeReport.charts[n].ctx.canvas.toDataURL();
    let h = 0;
    for (let i = 0; i < url.length; i++) h = (Math.imul(h, 31) + url.charCodeAt(i)) | 0;
    return `${url.length}:${h}`;
  }, name);
const runColors = (o: Opened): Promise<string[]> => o.page.evaluate(() => JSON.parse(document.getElementById('regime-data')!.textContent!).runs.map((r: any) => r.color));

describe('comparison report in chromium (synthetic runs)', () => {
  it('renders four 16-year daily runs quickly and compactly', () => {
    const size = statSync(files.synthetic).size;
    console.info(`compare-synthetic.html: ${(size / 1024).toFixed(0)} KiB, rendered in ${renderMs.toFixed(0)} ms`);
    expect(size).toBeLessThan(2 * 1024 * 1024);
    expect(renderMs).toBeLessThan(5_000);
  });

  it('opens offline: no request besides the file, no failed request, no console error', async () => {
    const o = await openReport(browser, files.synthetic);
    await o.page.waitForTimeout(200);
    expect(o.errors).toEqual([]);
    expect(o.failed).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    await o.page.context().close();
  });

  it('overlays every strategy on the equity and drawdown charts, with axes and a legend', async () => {
    const o = await openReport(browser, files.synthetic);
    const colors = await runColors(o);
    expect(colors).toHaveLength(4);
    expect(new Set(colors).size).toBe(4);
    for (const sel of ['#chart-equity', '#chart-drawdown']) {
      expect(await o.page.locator(`${sel} .u-axis`).count(), `${sel} axes`).toBe(2);
      const legend = await o.page.locator(`${sel} .u-legend .u-series`).allTextContents();
      expect(legend).toHaveLength(5);
      for (const c of colors) expect(await countColor(o.page, sel, c, 12), `${sel} line ${c}`).toBeGreaterThan(300);
    }
    const labels = await o.page.evaluate(() => (window as any).regimeReport.charts.equity.series.map((s: any) => s.label));
    // In ranking order, as the table.
    expect(labels).toEqual(['Date', ...[3, 0, 1, 2].map((k) => synthetic[k].name)]);
    // Growth of 100: every curve starts at 100.
    const firsts = await o.page.evaluate(() => (window as any).regimeReport.charts.equity.data.slice(1).map((c: number[]) => c[0]));
    expect(firsts).toEqual([100, 100, 100, 100]);
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });

  it('ranks in the given order, re-sorts on a header click, and shows the tables', async () => {
    const o = await openReport(browser, files.synthetic);
    const names = () => o.page.locator('#ranking-table tbody td.name').allTextContents();
    expect(await names()).toEqual([3, 0, 1, 2].map((k) => synthetic[k].name));
    // Sort by CAGR in gold: best first, by the run documents' own values.
    const cagrGold = (r: RunResult) => r.metrics.gold.cagr ?? -Infinity;
    const expected = [...synthetic].sort((a, b) => cagrGold(b) - cagrGold(a)).map((r) => r.name);
    await o.page.click('#ranking-table th[title="Sort by CAGR in gold, best first"]');
    expect(await names()).toEqual(expected);
    expect(await o.page.locator('#ranking-table tbody td:first-child').allTextContents()).toEqual(['1', '2', '3', '4']);
    await o.page.click('#ranking-table th[title="Sort by CAGR in gold, best first"]');
    expect(await names()).toEqual([...expected].reverse());
    // Volatility: lowest first.
    await o.page.click('#ranking-table th[title="Sort by Volatility in USD, best first"]');
    const vols = await o.page.locator('#ranking-table tbody td.sorted').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-v'))));
    expect(vols).toEqual(synthetic.map((r) => r.metrics.USD.volatility).sort((a, b) => a! - b!));
    // Correlation matrix: 4 × 4 colored cells per numeraire, USD shown first.
    expect(await o.page.locator('table.corr[data-numeraire="USD"] td').count()).toBe(16);
    expect(await o.page.locator('table.corr[data-numeraire="USD"] td[style*="rgb("]').count()).toBe(12);
    expect(await o.page.locator('table.corr[data-numeraire="USD"]').isVisible()).toBe(true);
    expect(await o.page.locator('table.corr[data-numeraire="gold"]').isVisible()).toBe(false);
    // Periods: the 1990s are outside every run, named below the table instead of a column of dashes.
    const header = await o.page.locator('table.periods[data-numeraire="USD"] thead th').allTextContents();
    expect(header.slice(1).map((t) => t.split(/\d{4}/)[0])).toEqual(['gfc', 'recent']);
    expect(await o.page.locator('#periods .note').textContent()).toContain('Outside every run: before <all> (1990-01-01 → 1999-12-31)');
    const firstRow = await o.page.locator('table.periods[data-numeraire="USD"] tbody tr').first().locator('td').allTextContents();
    expect(firstRow).toHaveLength(3);
    for (const cell of firstRow.slice(1)) expect(cell).toMatch(/^[+-]?\d+\.\d%$/);
    // One section per strategy.
    expect(await o.page.locator('article.strategy').count()).toBe(4);
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });

  it('switches numeraire (charts and tables) and log scale', async () => {
    const o = await openReport(browser, files.synthetic);
    const usd = await chartPng(o, 'equity');
    const usdDd = await chartPng(o, 'drawdown');
    await o.page.click('button[data-numeraire="gold"]');
    expect(await o.page.getAttribute('button[data-numeraire="gold"]', 'aria-pressed')).toBe('true');
    expect(await chartPng(o, 'equity')).not.toBe(usd);
    expect(await chartPng(o, 'drawdown')).not.toBe(usdDd);
    expect(await o.page.evaluate(() => (window as any).regimeReport.charts.equity.axes[1].label)).toContain('gold');
    expect(await o.page.locator('table.corr[data-numeraire="gold"]').isVisible()).toBe(true);
    expect(await o.page.locator('table.corr[data-numeraire="USD"]').isVisible()).toBe(false);
    expect(await o.page.locator('table.periods[data-numeraire="gold"]').isVisible()).toBe(true);
    const colors = await runColors(o);
    for (const c of colors) expect(await countColor(o.page, '#chart-equity', c, 12), `gold line ${c}`).toBeGreaterThan(300);
    // Hiding a strategy in the legend survives a switch.
    await o.page.locator('#chart-equity .u-legend .u-series').nth(1).click();
    await o.page.click('button[data-numeraire="USD"]');
    expect(await o.page.evaluate(() => (window as any).regimeReport.charts.equity.series[1].show)).toBe(false);
    await o.page.locator('#chart-equity .u-legend .u-series').nth(1).click();
    expect(await o.page.evaluate(() => (window as any).regimeReport.charts.equity.series[1].show)).toBe(true);
    await o.page.check('#log-scale');
    expect(await o.page.evaluate(() => (window as any).regimeReport.charts.equity.scales.y.distr)).toBe(3);
    expect(await chartPng(o, 'equity')).not.toBe(usd);
    await o.page.uncheck('#log-scale');
    expect(await o.page.evaluate(() => (window as any).regimeReport.charts.equity.scales.y.distr)).toBe(1);
    expect(o.errors).toEqual([]);
    await o.page.screenshot({ path: join(OUT, 'compare-synthetic.png'), fullPage: true });
    await o.page.context().close();
  });

  it('shows a hostile strategy name as text everywhere and runs no injected script', async () => {
    const o = await openReport(browser, files.synthetic);
    await o.page.waitForTimeout(200);
    expect(o.dialogs).toEqual([]);
    expect(await o.page.locator('img').count()).toBe(0);
    expect(await o.page.locator('b').count()).toBe(0);
    expect(await o.page.locator('script').count()).toBe(3);
    expect(await o.page.locator('#ranking-table tbody td.name').nth(2).textContent()).toBe(HOSTILE);
    expect(await o.page.locator('article.strategy h3').nth(2).textContent()).toBe(HOSTILE);
    expect(await o.page.locator('article.strategy .desc').nth(2).textContent()).toBe('<b>bold?</b> & "quoted"');
    const legend = await o.page.locator('#chart-equity .u-legend .u-series').nth(3).textContent();
    expect(legend).toContain(HOSTILE);
    expect(await o.page.locator('table.corr[data-numeraire="USD"] tbody th.row').nth(2).textContent()).toBe(`3${HOSTILE}`);
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    await o.page.context().close();
  });

  it('prints: controls hidden, every numeraire panel shown, nothing wider than the page', async () => {
    const o = await openReport(browser, files.synthetic);
    await o.page.emulateMedia({ media: 'print' });
    await o.page.setViewportSize({ width: 703, height: 1123 });
    expect(await o.page.locator('nav.bar').isVisible()).toBe(false);
    expect(await o.page.locator('table.corr[data-numeraire="gold"]').isVisible()).toBe(true);
    const overflow = await o.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('.uplot canvas, table.data:not(.rank), table.corr, section.card')]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .map((e) => e.id || e.className);
    });
    expect(overflow).toEqual([]);
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });
});

describe('comparison report of every shipped config on real data, written by `regime compare --report`', () => {
  const file = join(OUT, 'compare.html');
  const SHIPPED = shippedConfigFiles().length;
  let stderr = '';

  beforeAll(() => {
    requireData();
    const r = regime(['compare', 'configs/*.yaml', '--report', file, '--csv', join(OUT, 'compare.csv')]);
    expect(r.status, r.stderr).toBe(0);
    stderr = r.stderr;
  });

  it('ranks every one, opens offline, draws every strategy and switches numeraire', async () => {
    expect(stderr).toMatch(new RegExp(`\\[${SHIPPED}/${SHIPPED}\\] configs/[\\w-]+\\.yaml \\d+ ms`));
    const size = statSync(file).size;
    console.info(`compare.html (${SHIPPED} shipped configs, common period): ${(size / 1024).toFixed(0)} KiB`);
    expect(size).toBeLessThan(4 * 1024 * 1024);
    const o = await openReport(browser, file);
    expect(o.requests).toEqual([o.url]);
    expect(await o.page.locator('#ranking-table tbody tr').count()).toBe(SHIPPED);
    const colors = await runColors(o);
    expect(colors).toHaveLength(SHIPPED);
    // All the overlaid lines cover each other: every color must still show somewhere.
    for (const c of colors) expect(await countColor(o.page, '#chart-equity', c, 6), `equity line ${c}`).toBeGreaterThan(10);
    for (const c of colors) expect(await countColor(o.page, '#chart-drawdown', c, 6), `drawdown line ${c}`).toBeGreaterThan(10);
    // The ranking follows Sharpe in USD, best first.
    const sharpe = await o.page.locator('#ranking-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => Number((r as HTMLTableRowElement).querySelector('td.sorted')!.getAttribute('data-v'))),
    );
    expect(sharpe).toEqual([...sharpe].sort((a, b) => b - a));
    // gold-ratio-rotation's four eras: the two that reach into the common period are tabulated
    // for every strategy, the two before it are named.
    const heads = await o.page.locator('table.periods[data-numeraire="USD"] thead th').allTextContents();
    expect(heads.slice(1).map((t) => t.split(/\d{4}/)[0])).toEqual(['stocks_decade', 'debasement']);
    expect(await o.page.locator('table.periods[data-numeraire="USD"] tbody tr').count()).toBe(SHIPPED);
    expect(await o.page.locator('#periods .note').textContent()).toMatch(/Outside every run: bubble_bust \(1999-01-01 → 2002-06-30\), gold_bull/);
    expect(await o.page.locator('table.corr[data-numeraire="USD"] td').count()).toBe(SHIPPED * SHIPPED);
    const before = await chartPng(o, 'equity');
    await o.page.click('button[data-numeraire="gold"]');
    expect(await chartPng(o, 'equity')).not.toBe(before);
    await o.page.click('button[data-numeraire="USD"]');
    expect(o.errors).toEqual([]);
    expect(o.failed).toEqual([]);
    await o.page.screenshot({ path: join(OUT, 'compare.png'), fullPage: true });
    await o.page.context().close();
  });
});
