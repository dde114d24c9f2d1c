import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The real-browser harness the report tests share: Debian's chromium driven by
 * playwright-core, a page opened over file:// with every console error, request, failed
 * request and dialog recorded, and pixel counts read off a chart's canvas.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** No skipping: in CI a missing browser fails, and locally the message says how to fix it. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing${process.env.CI ? ' in CI' : ''}: the report's browser tests need Debian's chromium (apt-get install -y chromium).`);
}

export function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Opened {
  page: Page;
  url: string;
  errors: string[];
  requests: string[];
  failed: string[];
  dialogs: string[];
}

/** Opens a report and waits until its script says every chart is drawn. */
export async function openReport(browser: Browser, file: string, width = 1366): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const o: Opened = { page, url, errors: [], requests: [], failed: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') o.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => o.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => o.requests.push(r.url()));
  page.on('requestfailed', (r) => o.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('dialog', async (d) => {
    o.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.getAttribute('data-report-ready') === 'true', null, { timeout: 10_000 });
  return o;
}

/** How many pixels of a chart's canvas are within `tol` of a colour (alpha in [alphaMin, alphaMax]). */
export async function countColor(page: Page, selector: string, hex: string, tol = 10, alphaMin = 200, alphaMax = 255): Promise<number> {
  return page.evaluate(
    ([sel, hex, tol, alphaMin, alphaMax]) => {
      const canvas = document.querySelector(`${sel} canvas`) as HTMLCanvasElement;
      const copy = document.createElement('canvas');
      [copy.width, copy.height] = [canvas.width, canvas.height];
      const ctx = copy.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(canvas, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const v = parseInt(hex.slice(1), 16);
      const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
      let k = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < alphaMin || data[i + 3] > alphaMax) continue;
        if (Math.abs(data[i] - r) <= tol && Math.abs(data[i + 1] - g) <= tol && Math.abs(data[i + 2] - b) <= tol) k++;
      }
      return k;
    },
    [selector, hex, tol, alphaMin, alphaMax] as const,
  );
}
