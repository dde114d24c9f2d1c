import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport } from './browser.js';
import { ROOT, regime, requireData } from './support.js';

/**
 * Reports of real runs in a real browser at common desktop widths: every table fits its box
 * (no column hidden behind a horizontal scroll bar), a run that grows many times opens its
 * equity chart in log scale, and the crypto report speaks of days, not trading days.
 */
const OUT = join(ROOT, 'test-output', 'fit');
let browser: Browser;
const reports: Record<string, string> = {};

beforeAll(async () => {
  requireData();
  mkdirSync(OUT, { recursive: true });
  for (const name of ['gold-ratio-rotation', 'crypto-liquidity-scaled']) {
    reports[name] = join(OUT, `${name}.html`);
    const r = regime(['run', `configs/${name}.yaml`, '--out', join(OUT, name), '--report', reports[name]]);
    expect(r.status, r.stderr).toBe(0);
  }
  reports.compare = join(OUT, 'compare.html');
  const c = regime(['compare', 'configs/*.yaml', '--report', reports.compare]);
  expect(c.status, c.stderr).toBe(0);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('reports fit desktop widths', () => {
  for (const width of [1280, 1400, 1920])
    it(`no table overflows its box at ${width} px`, async () => {
      for (const [name, file] of Object.entries(reports)) {
        const o = await openReport(browser, file, width);
        const overflowing = await o.page.evaluate(() =>
          [...document.querySelectorAll('table, .scroll')]
            .map((el) => {
              const box = el.tagName === 'TABLE' ? (el.parentElement as HTMLElement) : (el as HTMLElement);
              const table = el.tagName === 'TABLE' ? el.getBoundingClientRect().width : 0;
              return { where: el.closest('[id]')?.id ?? '?', box: box.clientWidth, content: Math.max(box.scrollWidth, Math.ceil(table)) };
            })
            .filter((x) => x.content > x.box + 1),
        );
        expect(overflowing, `${name} at ${width} px`).toEqual([]);
        expect(o.errors).toEqual([]);
        await o.page.context().close();
      }
    });
});

describe('the crypto report (grows many times over, trades every day, has sensitivities)', () => {
  it('opens the equity chart in log scale, says "days", and separates the sensitivity headers', async () => {
    const result = JSON.parse(readFileSync(join(OUT, 'crypto-liquidity-scaled', 'result.json'), 'utf8'));
    const usd: number[] = result.series.equity.USD;
    expect(Math.max(...usd) / Math.min(...usd)).toBeGreaterThan(20);
    const o = await openReport(browser, reports['crypto-liquidity-scaled'], 1400);
    expect(await o.page.isChecked('#log-scale')).toBe(true);
    expect(await o.page.evaluate(() => (window as any).regimeReport.charts.equity.scales.y.distr)).toBe(3);
    const html = readFileSync(reports['crypto-liquidity-scaled'], 'utf8');
    expect(html).not.toContain('trading days');
    expect(html).toContain('Trailing windows of 365 days');
    const heads = await o.page.locator('#sensitivities thead th').evaluateAll((ths) =>
      ths.map((th) => ({ text: th.textContent, pad: parseFloat(getComputedStyle(th).paddingLeft) + parseFloat(getComputedStyle(th).paddingRight) })),
    );
    expect(heads.length).toBeGreaterThanOrEqual(3);
    for (const h of heads) expect(h.pad, h.text ?? '').toBeGreaterThanOrEqual(8);
    expect(heads.map((h) => h.text)).toContain('Samples');
    await o.page.context().close();
  });

  it('a run that stays within a factor of 20 opens in linear scale', async () => {
    const result = JSON.parse(readFileSync(join(OUT, 'gold-ratio-rotation', 'result.json'), 'utf8'));
    const all = (Object.values(result.series.equity) as number[][]).concat(Object.values(result.series.benchmark ?? {}) as number[][]).flat();
    const spansLittle = Math.max(...all) / Math.min(...all) <= 20;
    const o = await openReport(browser, reports['gold-ratio-rotation'], 1400);
    expect(await o.page.isChecked('#log-scale')).toBe(!spansLittle);
    await o.page.context().close();
  });
});
