// pnpm bench report: size and load time of the run report with 20 years of daily data and
// ten signals (bench/ten-signals.yaml, real data: REGIME_DATA_DIR or ../shared/data), opened
// in headless Chromium over file://. Load time is from navigation to the page script's
// "every chart drawn" mark (data-report-ready), median of 7 fresh pages. Needs `pnpm build`
// and /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dataDir = resolve(process.env.REGIME_DATA_DIR ?? join(root, '../shared/data'));
if (!existsSync(join(dataDir, 'daily/SPY.csv')) || !existsSync('/usr/bin/chromium')) {
  console.log(`report bench: skipped (needs data at ${dataDir} and /usr/bin/chromium)`);
  process.exit(0);
}

const out = mkdtempSync(join(tmpdir(), 'regime-report-bench-'));
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), 'run', join(root, 'bench/ten-signals.yaml'), '--out', out, '--report', '--data-dir', dataDir], { encoding: 'utf8' });
const wall = Number(process.hrtime.bigint() - t0) / 1e6;
if (r.status !== 0) throw new Error(r.stderr);
const file = join(out, 'report.html');
const mb = (f) => (statSync(join(out, f)).size / 1e6).toFixed(2);
// The same run without its signals (as a run of a config with none), for the signals' share.
const doc = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
doc.series.signals = null;
doc.thresholds = [];
writeFileSync(join(out, 'no-signals.json'), JSON.stringify(doc));
const plain = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), 'report', join(out, 'no-signals.json'), '-o', join(out, 'no-signals.html')], { encoding: 'utf8' });
if (plain.status !== 0) throw new Error(plain.stderr);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const errors = [];
async function load(html) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const start = Date.now();
  await page.goto(pathToFileURL(html).href);
  await page.waitForFunction(() => document.documentElement.getAttribute('data-report-ready') === 'true', null, { timeout: 30_000 });
  const ms = Date.now() - start;
  await page.close();
  return ms;
}
// Interleaved, so both see the same machine load.
const loads = [];
const plainLoads = [];
for (let i = 0; i < 7; i++) {
  loads.push(await load(file));
  plainLoads.push(await load(join(out, 'no-signals.html')));
}
await browser.close();
if (errors.length) throw new Error(`console errors: ${errors.join('; ')}`);

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`regime run bench/ten-signals.yaml --report (20 y daily, 10 assets, 10 signals): ${wall.toFixed(0)} ms wall (one run)`);
console.log(`report.html ${mb('report.html')} MB; result.json ${mb('result.json')} MB, trades.csv ${mb('trades.csv')} MB, signals.csv ${mb('signals.csv')} MB`);
console.log(`report load in Chromium to every chart drawn: median ${median(loads)} ms (7 loads: ${loads.join(', ')})`);
console.log(`the same without its 10 signals: ${mb('no-signals.html')} MB, median load ${median(plainLoads)} ms (the signals: ${(100 * (median(loads) / median(plainLoads) - 1)).toFixed(0)} % of load time)`);
