// pnpm bench: the engine's speed on a 20-year daily, 10-asset, monthly-rebalanced backtest
// with costs, then `regime run` from process start to files written. Needs `pnpm build`
// and real data for the second part (REGIME_DATA_DIR or ../shared/data).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate, scheduleFlags, computeMetrics, parseDay } from '../packages/core/dist/internal.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A deterministic 20-year daily panel: 5040 bars, 10 assets, random-walk prices.
const bars = 5040, assets = 10;
const dates = new Int32Array(bars);
let day = parseDay('2006-07-03');
for (let t = 0; t < bars; t++) {
  dates[t] = day;
  day += (day + 4) % 7 === 5 ? 3 : 1; // skip weekends
}
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5;
const prices = new Float64Array(bars * assets);
for (let j = 0; j < assets; j++) prices[j] = 100;
for (let t = 1; t < bars; t++) for (let j = 0; j < assets; j++) prices[t * assets + j] = prices[(t - 1) * assets + j] * (1 + 0.02 * rand());
const targets = new Float64Array(bars * assets).fill(0.1);
const decide = scheduleFlags(dates, 'monthly');
decide[0] = 1;
const input = {
  dates, assets, prices, targets, decide,
  cashRate: new Float64Array(bars).fill(0.02),
  delay: 1, band: 0, bandRelative: 0, costRate: 5e-4, borrowRate: 0, financingSpread: 0, capital: 100_000,
};

function time(fn, runs) {
  for (let i = 0; i < 50; i++) fn(); // warm-up: let the JIT compile the kernels
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return xs;
}

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const sim = time(() => { simulate(input); sample(); }, 500);
const full = time(() => {
  const out = simulate(input);
  computeMetrics({ equity: out.equity, dates, periodsPerYear: 252 });
  sample();
}, 200);

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`engine (simulate, ${bars} bars × ${assets} assets, monthly rebalance, costs): median ${median(sim).toFixed(3)} ms/run (500 runs)`);
console.log(`engine + metrics:                                                   median ${median(full).toFixed(3)} ms/run (200 runs)`);
console.log(`peak RSS during engine runs: ${(peak / 2 ** 20).toFixed(0)} MiB`);

const dataDir = resolve(process.env.REGIME_DATA_DIR ?? join(root, '../shared/data'));
if (!existsSync(join(dataDir, 'daily/SPY.csv'))) {
  console.log(`regime run: skipped, no data at ${dataDir} (set REGIME_DATA_DIR)`);
} else {
  const out = mkdtempSync(join(tmpdir(), 'regime-bench-'));
  const walls = [];
  let rss = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'packages/cli/dist/bin.js'), 'run', join(root, 'bench/ten-assets.yaml'), '--out', out, '--data-dir', dataDir], { encoding: 'utf8' });
    walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(r.stderr);
    rss = Math.max(rss, Number(r.stderr.trim().split('\n').pop()));
  }
  console.log(`regime run bench/ten-assets.yaml (20 y daily, 10 assets, real data, process start to files written): median ${median(walls).toFixed(0)} ms (7 runs), peak RSS ${(rss / 1024).toFixed(0)} MiB`);
}
