// pnpm bench cli: how fast the `regime` command is from process start to exit, as ratios to an
// empty `node -e ''` measured in the same run, interleaved so machine noise hits every
// figure alike (issue 15). Needs `pnpm build` and real data (REGIME_DATA_DIR or ../shared/data).
//
// Targets: run (warm cache) ≤ 3×, run (cold cache) ≤ 6×, --version and --help ≤ 1.5×,
// compare of the shipped configs ≤ 12×. `--runs N` sets the samples per figure (default 9).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dataDir = resolve(process.env.REGIME_DATA_DIR ?? join(root, '../shared/data'));
if (!existsSync(bin)) {
  console.log(`cli bench: skipped, ${bin} is missing (run pnpm build)`);
  process.exit(0);
}
const haveData = existsSync(join(dataDir, 'daily/SPY.csv'));
const scratch = mkdtempSync(join(tmpdir(), 'regime-cli-bench-'));
const served = { REGIME_CACHE_DIR: mkdtempSync(join(tmpdir(), 'rcb-')), REGIME_NO_SERVER: '' }; // short: a socket path
const warmCache = join(scratch, 'warm-cache');
const out = join(scratch, 'out');
const configs = readdirSync(join(root, 'configs')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'configs', f));

// Every case in its own process (a `regime server` of the user's takes none), except the
// server's own cases, which start one on their cache folder.
function wall(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, REGIME_DATA_DIR: dataDir, REGIME_NO_SERVER: '1', ...env }, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

let coldN = 0;
const cases = [
  ['node -e \'\'', () => wall(['-e', ''])],
  ['regime --version', () => wall([bin, '--version'])],
  ['regime --help', () => wall([bin, '--help'])],
];
if (haveData) {
  const run = [bin, 'run', join(root, 'bench/ten-assets.yaml'), '--out', out];
  wall(run, { REGIME_CACHE_DIR: warmCache }); // fill the warm cache once
  wall([bin, 'server', 'start'], served);
  for (let i = 0; i < 5; i++) wall(run, served); // the server's first commands compile and warm up
  cases.push(
    ['regime run ten-assets, warm cache', () => wall(run, { REGIME_CACHE_DIR: warmCache })],
    ['regime run ten-assets, through a warm regime server', () => wall(run, served)],
    ['regime run ten-assets, cold cache', () => wall(run, { REGIME_CACHE_DIR: join(scratch, `cold-${coldN++}`) })],
    ['regime run ten-assets, --no-cache', () => wall([...run, '--no-cache'])],
  );
}
// compare as users run it (the ranked table on stdout; two worker threads by default), the
// same with --jobs 1, and --json (whole run documents, in the order given).
const compareLabel = `regime compare of the ${configs.length} shipped configs, warm cache`;
const compareCases = [
  [compareLabel, () => wall([bin, 'compare', ...configs], { REGIME_CACHE_DIR: warmCache })],
  // The same in this process, one config after the other (no worker threads).
  [`regime compare … --jobs 1, warm cache`, () => wall([bin, 'compare', ...configs, '--jobs', '1'], { REGIME_CACHE_DIR: warmCache })],
  [`regime compare … --json, warm cache`, () => wall([bin, 'compare', ...configs, '--json'], { REGIME_CACHE_DIR: warmCache })],
  [`regime compare …, through a warm regime server`, () => wall([bin, 'compare', ...configs], served)],
];
if (haveData) compareCases[2][1](); // fill the cache with every shipped config's series
if (haveData) compareCases[3][1](); // the server reads and caches them too

const samples = new Map(cases.map(([name]) => [name, []]));
const compareRuns = Math.max(3, Math.ceil(RUNS / 3));
if (haveData) for (const [name] of compareCases) samples.set(name, []);
for (let i = 0; i < RUNS; i++) {
  for (const [name, fn] of cases) samples.get(name).push(fn());
  if (haveData && i < compareRuns) for (const [name, fn] of compareCases) samples.get(name).push(fn());
}

const base = median(samples.get("node -e ''"));
const targets = {
  'regime --version': 1.5,
  'regime --help': 1.5,
  'regime run ten-assets, warm cache': 3,
  'regime run ten-assets, through a warm regime server': 3,
  'regime run ten-assets, cold cache': 6,
  [compareLabel]: 12,
};
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`median wall time, process start to exit (${RUNS} runs each, compare ${compareRuns}), and the ratio to an empty node process:`);
for (const [name, xs] of samples) {
  const m = median(xs);
  const target = targets[name];
  const ratio = m / base;
  console.log(`  ${name.padEnd(58)} ${m.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2).padStart(5)}×${target ? `  (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})` : ''}`);
}
if (!haveData) console.log(`  regime run / compare: skipped, no data at ${dataDir} (set REGIME_DATA_DIR)`);
if (haveData) wall([bin, 'server', 'stop'], served);
rmSync(scratch, { recursive: true, force: true });
rmSync(served.REGIME_CACHE_DIR, { recursive: true, force: true });
