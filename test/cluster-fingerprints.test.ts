/**
 * A grid dimension that switches a series, through a real redis-server and a real
 * `regime worker`: the file only the non-base value reads is fingerprinted, so a worker whose
 * copy of it differs stops the study (exit 2) naming the file and both fingerprints, instead
 * of computing that trial on other data. Small hand-made tables in temporary data directories
 * (one for the submitting machine, one per worker).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Proc, RedisServer, regimeAsync, startWorker } from './clusterSupport.js';
import { days, tmpData } from './fixtures/tmpData.js';

const TMP = mkdtempSync(join(tmpdir(), 'regime-cluster-fp-'));
const line = (p0: number, g: number) => Array.from({ length: 60 }, (_, t) => p0 * (1 + g * t));
// The submitting machine's data: A held, B the base benchmark, C the benchmark of trial 1 only.
const study = tmpData({ A: days('2020-01-01', line(100, 0.002)), B: days('2020-01-01', line(50, 0.001)), C: days('2020-01-01', line(20, -0.001)) });
const CONFIG = join(TMP, 'bench-switch.yaml');
writeFileSync(
  CONFIG,
  `name: benchmark switch
period: { start: 2020-01-20 }
numeraires: [USD]
universe: [A]
weights: { A: 1 }
benchmark: B
sweep:
  grid:
    benchmark: [B, C]
`,
);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const env = { REGIME_DATA_DIR: study.dir };

let redis: RedisServer;
const procs: Proc[] = [];
const worker = (url: string, dataDir: string) => {
  const w = startWorker(url, ['--data-dir', dataDir]);
  procs.push(w);
  return w;
};
/** A worker's own copy of the study's data directory. */
const copy = (name: string) => {
  const dir = join(TMP, name);
  cpSync(study.dir, dir, { recursive: true });
  return dir;
};

beforeAll(async () => {
  redis = await RedisServer.start();
});

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await redis?.dispose();
  rmSync(TMP, { recursive: true, force: true });
  rmSync(study.dir, { recursive: true, force: true });
});

describe('regime sweep --queue over benchmark: [B, C]', () => {
  it('with the same data on the worker: the same document as a local run', async () => {
    const url = redis.url(1);
    const w = worker(url, copy('same'));
    await w.waitFor(/worker .* on redis:/, 20_000);
    const [local, queued] = await Promise.all([regimeAsync(['sweep', CONFIG, '--json'], env), regimeAsync(['sweep', CONFIG, '--json', '--queue', url], env)]);
    expect(local.status, local.stderr).toBe(0);
    expect(queued.status, queued.stderr).toBe(0);
    expect(JSON.parse(queued.stdout).trials).toHaveLength(2);
    expect(queued.stdout).toBe(local.stdout);
    w.kill('SIGTERM');
    await w.exited;
  });

  it('a worker whose copy of C (read only by benchmark = C) differs fails the study: exit 2, the file and both fingerprints', async () => {
    const url = redis.url(2);
    const dir = copy('other');
    const c = join(dir, 'daily/C.csv');
    // The last close one cent higher on the worker.
    const lines = readFileSync(c, 'utf8').trimEnd().split('\n');
    const [d, v] = lines[lines.length - 1].split(',');
    lines[lines.length - 1] = `${d},${Number(v) + 0.01}`;
    writeFileSync(c, `${lines.join('\n')}\n`);
    expect(sha(c)).not.toBe(sha(join(study.dir, 'daily/C.csv')));
    const w = worker(url, dir);
    await w.waitFor(/worker .* on redis:/, 20_000);
    const r = await regimeAsync(['sweep', CONFIG, '--json', '--queue', url], env);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: data file daily/C.csv differs on worker');
    expect(r.stderr).toContain(`the study's sha256 is ${sha(join(study.dir, 'daily/C.csv'))}, this worker's is ${sha(c)}`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.stdout).toBe('');
    w.kill('SIGTERM');
    await w.exited;
  });
});
