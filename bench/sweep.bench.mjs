// pnpm bench sweep: `regime sweep` end to end (process start to files written) on the
// 1,124-trial grid of bench/sweep-trend.yaml — SPY above its N-day average → SPY, else GLD,
// daily 2006–2025, one-day delay, N = 20…300 × commission {0, 5, 10, 20} bps — with 1 and 2
// jobs; peak memory at 1,000 and 10,000 trials; and a check that FAILS (exit 1) if any
// sampled trial's metrics differ from `regime run` of that trial's YAML.
// Needs `pnpm build` and real data (REGIME_DATA_DIR or ../shared/data).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTrials, buildStudyPlan, loadConfigFile, runTrials, DataStore, catalogForDataDir, overfitting } from '../packages/core/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const config = join(root, 'bench/sweep-trend.yaml');
const dataDir = resolve(process.env.REGIME_DATA_DIR ?? join(root, '../shared/data'));
if (!existsSync(bin)) throw new Error('build first: pnpm build');
if (!existsSync(join(dataDir, 'daily/SPY.csv'))) throw new Error(`no market data at ${dataDir}: set REGIME_DATA_DIR`);
// Each sweep in its own process (a `regime server` of the user's does not take them), except
// the server's own figure (its cache folder, started and stopped here).
const env = { ...process.env, REGIME_DATA_DIR: dataDir, REGIME_NO_SERVER: '1' };
const serverEnv = { ...env, REGIME_NO_SERVER: '', REGIME_CACHE_DIR: mkdtempSync(join(tmpdir(), 'rsb-')) };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = mkdtempSync(join(tmpdir(), 'regime-sweep-bench-'));
const hasTime = existsSync('/usr/bin/time');

/** One `regime sweep` from process start to exit (JSON and CSV written); wall seconds and peak RSS. */
function sweep(args, tag, withEnv = env) {
  const json = join(out, `${tag}.json`);
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = [...(hasTime ? ['-f', 'maxrss=%M', process.execPath] : []), bin, 'sweep', config, '--json', '--csv', join(out, `${tag}.csv`), ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env: withEnv, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`regime sweep ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  writeFileSync(json, r.stdout);
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { seconds, rss, doc: JSON.parse(r.stdout) };
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);

// 1. Speed, 1 and 2 jobs in their own processes and 1 job through a warm `regime server`
// (started here, warmed up by three sweeps), alternating so all see the same machine load.
const server = (what) => spawnSync(process.execPath, [bin, 'server', what], { env: serverEnv, encoding: 'utf8' });
if (server('start').status !== 0) throw new Error('regime server start failed');
const runs = { 1: [], 2: [], served: [] };
let doc1;
let doc2;
let docServed;
try {
  for (let k = 0; k < 3; k++) sweep(['--jobs', '1'], `warm-server-${k}`, serverEnv);
  for (let k = 0; k < 5; k++) {
    for (const jobs of [1, 2]) {
      const r = sweep(['--jobs', String(jobs)], `speed-${jobs}-${k}`);
      runs[jobs].push(r.seconds);
      if (jobs === 1) doc1 = r.doc;
      else doc2 = r.doc;
    }
    const r = sweep(['--jobs', '1'], `speed-server-${k}`, serverEnv);
    runs.served.push(r.seconds);
    docServed = r.doc;
  }
} finally {
  server('stop');
}
const trials = doc1.trials.length;
if (trials !== 1124) throw new Error(`expected 1,124 trials, found ${trials}`);
const label = { 1: '--jobs 1', 2: '--jobs 2', served: '--jobs 1 through a warm regime server' };
for (const jobs of [1, 2, 'served']) {
  const s = median(runs[jobs]);
  console.log(`sweep, ${trials} trials, ${label[jobs]}: median ${s.toFixed(2)} s end to end = ${Math.round(trials / s)} trials/s (runs: ${runs[jobs].map((x) => x.toFixed(2)).join(', ')} s)`);
}
const own = Math.max(...[1, 2].map((j) => trials / median(runs[j])));
const served = trials / median(runs.served);
const verdict = (x) => `${x >= 2000 ? 'met' : 'NOT met'} (${Math.round(x)} trials/s)`;
console.log(`target ≥ 2,000 trials/s end to end: in its own process ${verdict(own)}; through a warm regime server ${verdict(served)}; vectorbt's published figure: ~565 trials/s`);

// 2. Results never depend on --jobs, or on the server.
let failed = false;
if (JSON.stringify(doc1) !== JSON.stringify(doc2)) {
  console.error('FAIL: --jobs 1 and --jobs 2 gave different sweep documents');
  failed = true;
}
if (JSON.stringify(doc1) !== JSON.stringify(docServed)) {
  console.error('FAIL: the sweep through regime server gave a different document');
  failed = true;
}

// 3. Every sampled trial equals `regime run` of its YAML, metric by metric, bit for bit.
const store = new DataStore(dataDir, catalogForDataDir(dataDir));
const plan = await buildStudyPlan(loadConfigFile(config), { store });
const sample = [0, 3, 141, 420, 563, 777, 1000, 1123];
for (const i of sample) {
  const file = join(out, `trial-${i}.yaml`);
  writeFileSync(file, plan.trialYaml(i));
  const r = spawnSync(process.execPath, [bin, 'run', file, '--json', '--out', join(out, `run-${i}`)], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`regime run of trial ${i} failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout);
  const trial = doc1.trials[i];
  for (const n of Object.keys(trial.metrics))
    for (const [key, value] of Object.entries(trial.metrics[n]))
      if (!Object.is(value, result.metrics[n][key])) {
        console.error(`FAIL: trial ${i} ${n}.${key}: sweep ${value}, regime run ${result.metrics[n][key]}`);
        failed = true;
      }
}
console.log(`sweep vs regime run: ${sample.length} trials × ${Object.keys(doc1.trials[0].metrics).length} numeraires × 8 metrics ${failed ? 'DIFFER' : 'identical'}`);

// 4. The engine alone, in this process, data already read: where the end-to-end time goes.
{
  const xs = [];
  const ps = [];
  for (let k = 0; k < 3; k++) {
    const p = await buildStudyPlan(loadConfigFile(config), { store });
    await runTrials(p, [0]); // the frame: data read and aligned
    const t0 = process.hrtime.bigint();
    const all = await runTrials(p, allTrials(p));
    xs.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const t1 = process.hrtime.bigint();
    overfitting(all, p.objective);
    ps.push(Number(process.hrtime.bigint() - t1) / 1e9);
  }
  console.log(`engine only (in process, data loaded, caches cold): median ${(median(xs) * 1000).toFixed(0)} ms for ${trials} trials = ${Math.round(trials / median(xs))} trials/s; overfitting figures (DSR + PBO, 12,870 splits): median ${(median(ps) * 1000).toFixed(0)} ms`);
}

// 5. Peak memory at 1,000 and 10,000 trials (memory should grow only by the summaries).
if (hasTime) {
  const m1 = sweep(['--grid', 'params.n=20:269:1', '--grid', 'costs.commission_bps=0,5,10,20'], 'mem-1000');
  const m10 = sweep(['--grid', 'params.n=20:269:1', '--grid', 'costs.commission_bps=0:39:1'], 'mem-10000');
  console.log(`peak RSS: ${m1.rss.toFixed(0)} MiB at ${m1.doc.trials.length} trials (${m1.seconds.toFixed(2)} s), ${m10.rss.toFixed(0)} MiB at ${m10.doc.trials.length} trials (${m10.seconds.toFixed(2)} s): +${((m10.rss - m1.rss) / 9).toFixed(1)} MiB per 1,000 trials`);
} else console.log('peak RSS: /usr/bin/time is missing, not measured');
console.log(`files in ${out}`);
if (failed) process.exit(1);
