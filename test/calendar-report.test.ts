/**
 * The buyback-window strategy on real data (2024), through `regime run --report`: the regime
 * switches on the dates worked out by hand from the trading calendar, and the report's regime
 * bands show them — in Chromium, the band colour at a date inside the blackout is the
 * blackout's, at a date inside an open window the open window's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@regime/core';
import { launchChromium, openReport } from './browser.js';
import { regime, requireData } from './support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output', 'calendar');
// The first two regime colours of the report's palette (blackout is listed first).
const BLACKOUT = '#4e79a7';
const OPEN = '#f28e2b';

let browser: Browser;
let result: RunResult;
const report = join(OUT, 'report.html');

beforeAll(async () => {
  requireData();
  mkdirSync(OUT, { recursive: true });
  const config = join(OUT, 'buyback-2024.yaml');
  writeFileSync(
    config,
    `name: Buyback window 2024
period: { start: 2024-01-01, end: 2024-12-31 }
benchmark: SPY
numeraires: [USD, gold]
cash: { series: IRX }
strategy: { use: buyback-window, params: { stocks: SPY, refuge: cash, before: 10, after: 20 } }
rebalance: { every: never, on_regime_change: true }
execution: { delay: 0 }
`,
  );
  const r = regime(['run', config, '--out', join(OUT, 'run'), '--report', report]);
  expect(r.status, r.stderr).toBe(0);
  result = JSON.parse(readFileSync(join(OUT, 'run', 'result.json'), 'utf8'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const regimeOn = (date: string) => {
  const t = result.series.dates.indexOf(date);
  expect(t, date).toBeGreaterThanOrEqual(0);
  return result.series.regime![t];
};

/** Band pixels of each colour in the plot's column at a date (faint: alpha about 14 %). */
async function bandAt(page: Page, date: string): Promise<{ blackout: number; open: number }> {
  return page.evaluate(
    ([date, blackout, open]) => {
      const u = (window as any).regimeReport.charts.equity;
      const t = (u.data[0] as number[]).findIndex((x) => new Date(x * 1000).toISOString().slice(0, 10) === date);
      const x = Math.round(u.valToPos(u.data[0][t], 'x', true));
      const canvas = u.ctx.canvas as HTMLCanvasElement;
      const copy = document.createElement('canvas');
      [copy.width, copy.height] = [canvas.width, canvas.height];
      const ctx = copy.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(canvas, 0, 0);
      const { top, height } = u.bbox;
      const { data } = ctx.getImageData(x, top, 1, height);
      const near = (i: number, hex: string) => {
        const v = parseInt(hex.slice(1), 16);
        return Math.abs(data[i] - ((v >> 16) & 255)) <= 4 && Math.abs(data[i + 1] - ((v >> 8) & 255)) <= 4 && Math.abs(data[i + 2] - (v & 255)) <= 4 && data[i + 3] >= 20 && data[i + 3] <= 60;
      };
      let b = 0;
      let o = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (near(i, blackout)) b++;
        else if (near(i, open)) o++;
      }
      return { blackout: b, open: o };
    },
    [date, BLACKOUT, OPEN] as const,
  );
}

describe('buyback-window on 2024, regime run --report', () => {
  it('switches on the hand-worked dates', () => {
    // Q1 2024's last trading day is Thursday 03-28 (Good Friday), but bars_to_quarter_end()
    // counts the weekday schedule, Good Friday included: 10 weekdays are left after Friday
    // 03-15 (18..22, 25..29), 11 after Thursday 03-14, so the rule (the next bar is in the
    // blackout) first holds on 03-15. Q2's first 20 bars are 04-01 .. 04-26 (real bars), so the
    // last blackout decision is 04-25 and 04-26 reopens.
    expect([regimeOn('2024-03-14'), regimeOn('2024-03-15'), regimeOn('2024-04-25'), regimeOn('2024-04-26')]).toEqual(['window_open', 'blackout', 'blackout', 'window_open']);
    // In cash over the blackout: no SPY weight after the close of 03-15 until the close of 04-26.
    const spy = result.series.weights.SPY;
    const t = result.series.dates.indexOf('2024-04-10');
    expect(spy[t]).toBe(0);
    expect(spy[result.series.dates.indexOf('2024-05-20')]).toBeGreaterThan(0.99);
  });

  it('shades the blackout and the open windows in their own colours', async () => {
    const o = await openReport(browser, report);
    const blackout = await bandAt(o.page, '2024-04-10');
    const open = await bandAt(o.page, '2024-05-20');
    expect(blackout.blackout, JSON.stringify(blackout)).toBeGreaterThan(100);
    expect(blackout.open).toBe(0);
    expect(open.open, JSON.stringify(open)).toBeGreaterThan(100);
    expect(open.blackout).toBe(0);
    expect(await o.page.locator('#regime-legend').textContent()).toMatch(/blackout[\s\S]*window_open/);
    await o.page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    expect(o.errors).toEqual([]);
    await o.page.context().close();
  });
});
