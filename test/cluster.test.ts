/**
 * Studies on many machines (issue 13), end to end with a real redis-server and real
 * `regime worker` processes: the outputs through the queue are byte for byte those of a local
 * run; two studies on one Redis never mix; a SIGKILLed worker loses nothing; a worker with other
 * data stops the study (exit 2) naming the file and both fingerprints; Redis unreachable, gone
 * mid-study or without workers is said clearly, in bounded time. Each fault runs in its own
 * Redis database (redis://…/N) or its own server, so the tests do not see each other's workers.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, Proc, RedisServer, regimeAsync, startWorker, type Done } from './clusterSupport.js';
import { DATA_DIR, requireData } from './support.js';

const CONFIG = 'bench/sweep-trend.yaml';
// 81 × 2 = 162 trials (and the base config): 15 batches of 11, so two workers share them.
const GRID = ['--grid', 'params.n=20:100:1', '--grid', 'costs.commission_bps=0,10'];
const TMP = mkdtempSync(join(tmpdir(), 'regime-cluster-'));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** The closing line of a sweep says how long it took: the one line that may differ. */
const untimed = (stderr: string) => stderr.replace(/^\d+ trials in .*$/m, '').replace(/^(waiting for workers|\d+ workers? connected).*\n/gm, '');

let redis: RedisServer;
const procs: Proc[] = [];
const worker = (url: string, args: string[] = []) => {
  const w = startWorker(url, args);
  procs.push(w);
  return w;
};

beforeAll(async () => {
  requireData();
  redis = await RedisServer.start();
});

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await redis?.dispose();
  rmSync(TMP, { recursive: true, force: true });
});

describe('regime sweep --queue with two worker processes', () => {
  let workers: Proc[];
  let local: Done;
  let queued: Done;

  beforeAll(async () => {
    workers = [worker(redis.url()), worker(redis.url())];
    await Promise.all(workers.map((w) => w.waitFor(/worker .* on redis:/, 20_000)));
    [local, queued] = await Promise.all([
      regimeAsync(['sweep', CONFIG, ...GRID, '--json', '--csv', join(TMP, 'local.csv')]),
      regimeAsync(['sweep', CONFIG, ...GRID, '--json', '--csv', join(TMP, 'queued.csv'), '--queue', redis.url()]),
    ]);
    expect(local.status, local.stderr).toBe(0);
    expect(queued.status, queued.stderr).toBe(0);
  });

  it('writes the same JSON document and CSV as a local run, byte for byte', () => {
    expect(JSON.parse(queued.stdout).trials).toHaveLength(162);
    expect(queued.stdout).toBe(local.stdout);
    expect(readFileSync(join(TMP, 'queued.csv'), 'utf8')).toBe(readFileSync(join(TMP, 'local.csv'), 'utf8'));
    expect(queued.stderr).toMatch(/162 trials in .* queue redis:\/\/127\.0\.0\.1:\d+\)/);
  });

  it('shares the batches between both workers', () => {
    for (const w of workers) expect(w.err).toMatch(/batch 0-\d+: \d+ trials in/);
    const ran = workers.flatMap((w) => [...w.err.matchAll(/batch 0-(\d+): (\d+) trials in/g)].map((m) => [Number(m[1]), Number(m[2])]));
    // Every batch once (no batch was run twice): 162 trials and the base config (sent along
    // with the first batch), in 15 batches of ⌈163 / 16⌉ = 11.
    expect(ran.map(([k]) => k).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, k) => k));
    expect(ran.reduce((s, [, n]) => s + n, 0)).toBe(163);
  });

  it('removes finished jobs and the study queue: only the workers\' heartbeat key is left', async () => {
    await new Promise((r) => setTimeout(r, 1200)); // the workers detach within a second
    expect(redis.cli('--scan').split('\n').filter(Boolean).sort()).toEqual(['regime:workers']);
  });

  it('prints the same terminal table and writes the same report', async () => {
    const [a, b] = await Promise.all([
      regimeAsync(['sweep', CONFIG, ...GRID, '--top', '5', '--report', join(TMP, 'local.html')]),
      regimeAsync(['sweep', CONFIG, ...GRID, '--top', '5', '--report', join(TMP, 'queued.html'), '--queue', redis.url()]),
    ]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(b.stdout).toMatch(/^rank +trial/m);
    expect(readFileSync(join(TMP, 'queued.html'), 'utf8')).toBe(readFileSync(join(TMP, 'local.html'), 'utf8'));
  });

  it('runs two studies on the same Redis at the same time without mixing them', async () => {
    const seen = workers.map((w) => w.err.length);
    const gridA = ['--grid', 'params.n=30:90:2'];
    const gridB = ['--grid', 'params.n=100:160:2', '--objective', 'cagr:USD'];
    const [qa, qb, la, lb] = await Promise.all([
      regimeAsync(['sweep', CONFIG, ...gridA, '--json', '--queue', redis.url()]),
      regimeAsync(['sweep', CONFIG, ...gridB, '--json', '--queue', redis.url()]),
      regimeAsync(['sweep', CONFIG, ...gridA, '--json']),
      regimeAsync(['sweep', CONFIG, ...gridB, '--json']),
    ]);
    for (const r of [qa, qb, la, lb]) expect(r.status, r.stderr).toBe(0);
    expect(qa.stdout).toBe(la.stdout);
    expect(qb.stdout).toBe(lb.stdout);
    // Two queues, one per study, and batches of both ran.
    const logs = workers.map((w, i) => w.err.slice(seen[i])).join('\n');
    const studies = new Set([...logs.matchAll(/(regime-study-\S+) batch 0-\d+: \d+ trials in/g)].map((m) => m[1]));
    expect(studies.size).toBe(2);
  });

  it('regime walkforward --queue writes the same document as a local walk-forward', async () => {
    const args = ['walkforward', CONFIG, '--grid', 'params.n=50,100,200', '--train', '5y', '--test', '2y', '--json'];
    const [a, b] = await Promise.all([regimeAsync(args), regimeAsync([...args, '--queue', redis.url()])]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).folds.length).toBeGreaterThan(3);
    expect(b.stdout).toBe(a.stdout);
  });

  it('a trial that throws stops the study with its config path and value, as a local run does (exit 2)', async () => {
    const grid = ['--grid', 'params.n=0.5,200'];
    const [a, b] = await Promise.all([regimeAsync(['sweep', CONFIG, ...grid]), regimeAsync(['sweep', CONFIG, ...grid, '--queue', redis.url()])]);
    expect(a.status).toBe(2);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/^error: --grid params\.n=0\.5,200: sweep trial 0 \(params\.n = 0\.5, costs\.commission_bps = 0\) makes the config invalid: .*the window n of sma\(x, n\) must be/m);
    expect(untimed(b.stderr)).toBe(untimed(a.stderr));
    expect(b.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('faults', () => {
  it('a worker SIGKILLed in the middle of a batch loses nothing: another takes the batch again, same results', async () => {
    const url = redis.url(2);
    const a = worker(url);
    await a.waitFor(/worker .* on redis:/, 20_000);
    // 141 × 4 = 564 trials in batches of 60.
    const grid = ['--grid', 'params.n=20:300:2'];
    const local = regimeAsync(['sweep', CONFIG, ...grid, '--json']);
    const sweep = regimeAsync(['sweep', CONFIG, ...grid, '--json', '--queue', url], { REGIME_QUEUE_BATCH: '60' });
    // Kill A while it holds a batch: after its first batch, when Redis shows a job active.
    await a.waitFor(/batch 0-\d+: 60 trials in/, 60_000);
    const name = /study (regime-study-\S+): taking/.exec(a.err)![1];
    for (let i = 0; i < 200 && redis.cli('-n', '2', 'LLEN', `bull:${name}:active`) === '0'; i++) await new Promise((r) => setTimeout(r, 10));
    const held = redis.cli('-n', '2', 'LRANGE', `bull:${name}:active`, '0', '-1');
    a.kill('SIGKILL');
    expect(held).toMatch(/^0-\d+$/);
    const b = worker(url);
    const [q, l] = await Promise.all([sweep, local]);
    expect(q.status, q.stderr).toBe(0);
    expect(q.stdout).toBe(l.stdout);
    expect(JSON.parse(q.stdout).trials).toHaveLength(564);
    // B ran the batch A died holding.
    expect(b.err).toContain(`batch ${held}: its worker stopped answering (died?); the batch is taken again`);
    expect(b.err).toMatch(new RegExp(`batch ${held}: 60 trials in`));
    b.kill('SIGTERM');
  });

  it('a worker with a different data file fails the study with the file and both fingerprints (exit 2)', async () => {
    const url = redis.url(1);
    const dir = join(TMP, 'other-data');
    cpSync(DATA_DIR, dir, { recursive: true });
    const spy = join(dir, 'daily/SPY.csv');
    // One close changed by a cent on the last line.
    const lines = readFileSync(spy, 'utf8').trimEnd().split('\n');
    const [d, c] = lines[lines.length - 1].split(',');
    lines[lines.length - 1] = `${d},${(Number(c) + 0.01).toFixed(4)}`;
    writeFileSync(spy, lines.join('\n') + '\n');
    const w = worker(url, ['--data-dir', dir]);
    await w.waitFor(/worker .* on redis:/, 20_000);
    const r = await regimeAsync(['sweep', CONFIG, ...GRID, '--queue', url]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: data file daily/SPY.csv differs on worker');
    expect(r.stderr).toContain(`the study's sha256 is ${sha(join(DATA_DIR, 'daily/SPY.csv'))}, this worker's is ${sha(spy)}`);
    expect(r.stdout).toBe('');
    w.kill('SIGTERM');
    await w.exited;

    // A file missing on the worker.
    unlinkSync(join(dir, 'daily/GLD.csv'));
    writeFileSync(spy, readFileSync(join(DATA_DIR, 'daily/SPY.csv')));
    const w2 = worker(url, ['--data-dir', dir]);
    await w2.waitFor(/worker .* on redis:/, 20_000);
    const r2 = await regimeAsync(['sweep', CONFIG, ...GRID, '--queue', url]);
    expect(r2.status, r2.stderr).toBe(2);
    expect(r2.stderr).toContain(`error: data file daily/GLD.csv is missing on worker`);
    expect(r2.stderr).toContain(`the study's sha256 is ${sha(join(DATA_DIR, 'daily/GLD.csv'))}`);
    w2.kill('SIGTERM');
  });

  it('with no worker connected, the sweep says so within a few seconds; Ctrl-C stops it and removes its queue', async () => {
    const url = redis.url(3);
    const p = new Proc(process.execPath, ['packages/cli/dist/bin.js', 'sweep', CONFIG, ...GRID, '--queue', url]);
    procs.push(p);
    const t0 = Date.now();
    await p.waitFor(/waiting for workers on redis:\/\/127\.0\.0\.1:\d+\/3/, 8000);
    expect(Date.now() - t0).toBeLessThan(8000);
    p.kill('SIGINT');
    const { code } = await p.exited;
    expect(code).toBe(130);
    expect(p.err).toMatch(/error: interrupted \(SIGINT\) after 0 of 162 trials/);
    expect(redis.cli('-n', '3', '--scan')).toBe('');
  });

  it('when Redis cannot be reached, the sweep stops at once with a clear message (exit 1)', async () => {
    const port = await freePort();
    const r = await regimeAsync(['sweep', CONFIG, ...GRID, '--queue', `redis://127.0.0.1:${port}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`, 'm'));
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.ms).toBeLessThan(10_000);
  });
});

describe('Redis stopped in the middle of a study', () => {
  let own: RedisServer;
  afterAll(async () => {
    await own?.dispose();
  });

  it('stops the sweep with a clear message and exit 1 after a bounded wait; the sweep can then be run again', async () => {
    own = await RedisServer.start();
    const w = worker(own.url());
    await w.waitFor(/worker .* on redis:/, 20_000);
    // 281 × 2 = 562 trials in batches of 25.
    const sweep = regimeAsync(['sweep', CONFIG, '--grid', 'params.n=20:300:1', '--grid', 'costs.commission_bps=0,10', '--json', '--queue', own.url()], {
      REGIME_QUEUE_BATCH: '25',
      REGIME_QUEUE_LOST_MS: '2000',
    });
    await w.waitFor(/batch 0-\d+: 25 trials in/, 60_000);
    await own.stop();
    const stopped = Date.now();
    const r = await sweep;
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: lost Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*\) for \d+ s, after \d+ of 562 trials; the study stopped and wrote nothing/);
    expect(r.stdout).toBe('');
    expect(Date.now() - stopped).toBeLessThan(15_000);

    // Redis back (empty): the worker reconnects by itself and the same sweep runs through.
    await own.restart();
    const [again, local] = await Promise.all([regimeAsync(['sweep', CONFIG, ...GRID, '--json', '--queue', own.url()]), regimeAsync(['sweep', CONFIG, ...GRID, '--json'])]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(local.stdout);
    w.kill('SIGTERM');
  });
});
