// pnpm bench cluster: a 20,000-trial sweep (bench/sweep-trend.yaml, N = 20…519 × commission
// 0…39 bps) through Redis with two local `regime worker` processes, against the same sweep with
// `--jobs 2` on this machine, end to end (process start to exit), alternating so both see the
// same load; FAILS (exit 1) if the two JSON documents differ. Then: the batch size (50, 250,
// 1,000 trials), and a throughput model for more workers from the measured per-batch times.
// Needs `pnpm build`, real data (REGIME_DATA_DIR or ../shared/data) and /usr/bin/redis-server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStudyPlan, catalogForDataDir, loadConfigFile, runTrials, DataStore } from '../packages/core/dist/index.js';
import { encodeSummaries, decodeSummaries } from '../packages/cluster/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const config = join(root, 'bench/sweep-trend.yaml');
const dataDir = resolve(process.env.REGIME_DATA_DIR ?? join(root, '../shared/data'));
if (!existsSync(bin)) throw new Error('build first: pnpm build');
if (!existsSync(join(dataDir, 'daily/SPY.csv'))) throw new Error(`no market data at ${dataDir}: set REGIME_DATA_DIR`);
if (!existsSync('/usr/bin/redis-server')) throw new Error('/usr/bin/redis-server is missing: apt-get install redis-server');
const env = { ...process.env, REGIME_DATA_DIR: dataDir };
const GRID = ['--grid', 'params.n=20:519:1', '--grid', 'costs.commission_bps=0:39:1'];
const N = 500 * 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmp = mkdtempSync(join(tmpdir(), 'regime-cluster-bench-'));

const port = await new Promise((ok) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => ok(p));
  });
});
const url = `redis://127.0.0.1:${port}`;
const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp], { stdio: 'ignore' });
const workers = [0, 1].map(() => {
  const w = spawn(process.execPath, [bin, 'worker', '--queue', url], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  w.log = '';
  w.stderr.setEncoding('utf8').on('data', (d) => (w.log += d));
  return w;
});
const stopAll = () => {
  for (const w of workers) w.kill('SIGKILL');
  redis.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
};
process.on('exit', stopAll);
for (let i = 0; i < 100 && !workers.every((w) => /worker .* on redis:/.test(w.log)); i++) await sleep(100);
if (!workers.every((w) => /worker .* on redis:/.test(w.log))) throw new Error(`workers did not start:\n${workers.map((w) => w.log).join('\n')}`);

/** CPU seconds (user + system, every thread) of a process so far. */
function cpuOf(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100/s)
}

/** One `regime sweep` from process start to exit: wall and CPU seconds (the sweep process, plus the workers for --queue). */
function sweep(args, extraEnv = {}) {
  const workersBefore = workers.reduce((s, w) => s + cpuOf(w.pid), 0);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu=%U+%S', process.execPath, bin, 'sweep', config, ...GRID, '--json', ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`regime sweep ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [u, s] = /cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr).slice(1).map(Number);
  const workersCpu = workers.reduce((t, w) => t + cpuOf(w.pid), 0) - workersBefore;
  return { seconds, own: u + s, cpu: u + s + (args.includes('--queue') ? workersCpu : 0), stdout: r.stdout };
}

/** The per-batch lines the workers logged since `from`: [batch id, trials, ms]. */
function batchLines(from) {
  return workers.flatMap((w, i) => [...w.log.slice(from[i]).matchAll(/batch (\d+-\d+): (\d+) trials in (\d+) ms/g)].map((m) => ({ worker: i, id: m[1], trials: Number(m[2]), ms: Number(m[3]) })));
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${loadavg()[0].toFixed(1)} (start)`);
console.log(`sweep: ${N.toLocaleString('en')} trials (bench/sweep-trend.yaml, ${GRID.filter((g) => g !== '--grid').join(' × ')}); Redis ${url}; 2 worker processes, 1 thread each`);

// 1. Queue against --jobs 2, alternating.
const local = [];
const queued = [];
let reference;
const batches = [];
for (let k = 0; k < ROUNDS; k++) {
  const l = sweep(['--jobs', '2']);
  local.push(l);
  reference ??= l.stdout;
  if (l.stdout !== reference) throw new Error('two local runs gave different documents');
  await sleep(300); // the workers' log lines of earlier runs are in
  const from = workers.map((w) => w.log.length);
  const q = sweep(['--queue', url]);
  await sleep(300); // this run's lines (read while the bench waited for the sweep) are in
  queued.push(q);
  if (q.stdout !== reference) {
    console.error('FAIL: the document through the queue differs from the local one');
    process.exit(1);
  }
  batches.push(batchLines(from));
}
const lt = median(local.map((r) => r.seconds));
const qt = median(queued.map((r) => r.seconds));
console.log(`--jobs 2 locally:       median ${lt.toFixed(1)} s = ${Math.round(N / lt)} trials/s (runs ${local.map((r) => r.seconds.toFixed(1)).join(', ')} s; CPU ${local.map((r) => r.cpu.toFixed(1)).join(', ')} s)`);
console.log(`--queue, 2 workers:     median ${qt.toFixed(1)} s = ${Math.round(N / qt)} trials/s (runs ${queued.map((r) => r.seconds.toFixed(1)).join(', ')} s; CPU, sweep + workers ${queued.map((r) => r.cpu.toFixed(1)).join(', ')} s)`);
const ratios = local.map((l, k) => queued[k].seconds / l.seconds - 1);
const overhead = qt / lt - 1;
console.log(`queue overhead: ${(100 * overhead).toFixed(1)} % of the local time (medians; per round ${ratios.map((r) => `${(100 * r).toFixed(0)} %`).join(', ')}); CPU overhead ${(100 * (median(queued.map((r) => r.cpu)) / median(local.map((r) => r.cpu)) - 1)).toFixed(1)} %`);
console.log(`target < 20 %: ${overhead < 0.2 ? 'met' : 'NOT met'}; documents identical in every round`);

// 2. Batch size.
console.log('\nbatch size (one queue run each, same load as far as possible):');
for (const size of [50, 250, 1000]) {
  const q = sweep(['--queue', url], { REGIME_QUEUE_BATCH: String(size) });
  if (q.stdout !== reference) throw new Error(`batch ${size}: the document differs`);
  console.log(`  ${String(size).padStart(5)} trials per batch (${Math.ceil(N / size)} batches): ${q.seconds.toFixed(1)} s`);
}

// 3. The throughput model, from the measured batches of the timed queue runs.
const all = batches.flat();
const firsts = new Set();
const warm = [];
const steady = [];
for (const [k, round] of batches.entries())
  for (const b of round) {
    const key = `${k}:${b.worker}`;
    (firsts.has(key) ? steady : warm).push(b.ms / 1000);
    firsts.add(key);
  }
const B = all[0].trials;
const nb = Math.ceil(N / B);
const b = median(steady);
const w = median(warm) - b;
// The submitting side's own time: its CPU time (process start, plan, the base run, gathering,
// the overfitting figures, the document); it is mostly idle while the workers run.
const F = median(queued.map((r) => r.own));

// Gathering one batch on the submitting side: decoding its summaries (measured in process).
const source = loadConfigFile(config);
const plan = await buildStudyPlan(source, { store: new DataStore(dataDir, catalogForDataDir(dataDir)), grid: GRID.filter((g) => g !== '--grid') });
const sample = await runTrials(plan, Array.from({ length: B }, (_, i) => i));
// What goes through Redis: BullMQ stores the result as JSON and parses it on the submitting side.
const text = JSON.stringify(encodeSummaries(sample));
const t0 = performance.now();
for (let i = 0; i < 5; i++) decodeSummaries(JSON.parse(text));
const g = (performance.now() - t0) / 5 / 1000;

console.log(`\nper batch of ${B} trials (${nb} batches): median ${b.toFixed(2)} s on a worker (${steady.length} batches; first batch of a study on each worker +${w.toFixed(2)} s: reading and aligning the data); result ${(text.length / 1e6).toFixed(2)} MB, parsed and decoded in ${(1000 * g).toFixed(0)} ms on the submitting side`);
console.log(`submitting side's own time F = ${F.toFixed(1)} s (its CPU time, median: process start, plan, base run, gathering, overfitting figures, document)`);
console.log('model: T(W) = F + w + max(⌈nb / W⌉ · b, nb · g); throughput N / T(W); one worker = one thread on its own core');
for (const W of [1, 2, 4, 8, 16, 32, 64]) {
  const T = F + w + Math.max(Math.ceil(nb / W) * b, nb * g);
  console.log(`  W = ${String(W).padStart(2)}: ${T.toFixed(1).padStart(6)} s = ${String(Math.round(N / T)).padStart(5)} trials/s${W === 2 ? '  (measured on this machine: ' + qt.toFixed(1) + ' s)' : ''}`);
}
console.log(`limit: ${Math.round(N / (F + w + nb * g))} trials/s for this sweep, set by F (the submitter's serial part) and gathering (${Math.round(B / g)} trials/s)`);
console.log(`load average at the end: ${loadavg()[0].toFixed(1)}`);
process.exit(0);
