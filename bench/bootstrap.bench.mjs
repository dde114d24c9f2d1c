// pnpm bench bootstrap: 1,000 stationary-bootstrap resamples of a 20-year daily run (5040 bars,
// strategy and benchmark resampled jointly, with a cash rate), automatic block length included;
// then `regime run --bootstrap 1000` against the same run without it, on real data.
// The bar: 1,000 resamples of a 20-year daily run in under a second.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, bootstrapReturns } from '../packages/core/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bars = 5040;
const rng = new Rng(42);
const benchmark = new Float64Array(bars);
const strategy = new Float64Array(bars);
let prev = 0;
for (let t = 0; t < bars; t++) {
  prev = 0.1 * prev + 0.011 * rng.normal();
  benchmark[t] = 0.0003 + prev;
  strategy[t] = 0.6 * benchmark[t] + 0.0001 + 0.004 * rng.normal();
}
const riskFree = new Float64Array(bars).fill(0.02 / 252);
const joint = { strategy, benchmark, riskFree, years: 20, periodsPerYear: 252 };

const once = () => bootstrapReturns(joint, { resamples: 1000 });
once(); // warm-up: let the JIT compile the loops
const xs = [];
for (let i = 0; i < 9; i++) {
  const t0 = process.hrtime.bigint();
  once();
  xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const u = once();
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}`);
console.log(`bootstrap, 1000 resamples × ${bars} bars, strategy + benchmark, one numeraire (block ${u.blockLength.toFixed(1)} auto): median ${median(xs).toFixed(0)} ms (9 runs; bar: < 1000 ms)`);

const dataDir = resolve(process.env.REGIME_DATA_DIR ?? join(root, '../shared/data'));
if (!existsSync(join(dataDir, 'daily/SPY.csv'))) {
  console.log(`regime run --bootstrap: skipped, no data at ${dataDir} (set REGIME_DATA_DIR)`);
} else {
  const out = mkdtempSync(join(tmpdir(), 'regime-bench-boot-'));
  const wall = (extra) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), 'run', join(root, 'bench/ten-assets.yaml'), '--out', out, '--data-dir', dataDir, ...extra], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const plain = [];
  const boot = [];
  // Interleaved, so both see the same machine load.
  for (let i = 0; i < 5; i++) {
    plain.push(wall([]));
    boot.push(wall(['--bootstrap', '1000']));
  }
  console.log(`regime run bench/ten-assets.yaml (20 y daily, USD and gold): median ${median(plain).toFixed(0)} ms; with --bootstrap 1000: median ${median(boot).toFixed(0)} ms (+${(median(boot) - median(plain)).toFixed(0)} ms, 5 runs each, interleaved)`);
}
