/**
 * `regime worker`: serves every live study on one Redis. Every second it beats its heart, looks
 * up the registered studies, attaches a BullMQ worker to each new study's queue and detaches
 * from finished ones; a study whose submitter has been silent for a minute (it died) is
 * removed. Batches run in worker threads, so the main thread keeps the jobs' locks alive; a
 * worker that dies loses its batch's lock, and BullMQ's stalled-job check hands the batch to
 * another worker.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { resolveDataDir } from '@regime/core';
import { hostname } from 'node:os';
import { INPUT_PREFIX, STUDIES_KEY, STUDY_STALE_MS, WORKERS_KEY, type BatchJob, type BatchResult } from './protocol.js';
import { connect, redisNow, redisOptions, within } from './redis.js';
import { BatchError, ThreadPool } from './threads.js';
import { parseQueueUrl } from './url.js';

export interface WorkerOptions {
  url: string;
  dataDir?: string;
  /** Batches run at once (threads); default 1. */
  concurrency?: number;
  /** BullMQ lockDuration (ms): a dead worker's batch is free again this long after its last renewal (default 30 s). */
  lockDuration?: number;
  /** BullMQ stalledInterval (ms): how often workers look for such batches (default 15 s). */
  stalledInterval?: number;
  say?: (line: string) => void;
  /** Resolves to stop the worker (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWorker(options: WorkerOptions): Promise<void> {
  const say = options.say ?? ((l: string) => process.stderr.write(`${l}\n`));
  const address = parseQueueUrl(options.url);
  const dataDir = resolveDataDir(options.dataDir);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const lockDuration = options.lockDuration ?? 30_000;
  const stalledInterval = options.stalledInterval ?? 15_000;
  const { client } = await connect(address, { worker: true });
  const id = `${hostname()}:${process.pid}`;
  const pool = new ThreadPool(concurrency, dataDir);
  const attached = new Map<string, Worker>();
  let stopping = false;
  const stop =
    options.stop ??
    new Promise<void>((resolve) => {
      const on = () => {
        if (stopping) process.exit(130);
        resolve();
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
    });
  void stop.then(() => (stopping = true));
  say(`worker ${id} on ${address.shown}: ${concurrency} thread${concurrency === 1 ? '' : 's'}, data directory ${dataDir}`);

  const process_ = async (job: Job<BatchJob>): Promise<BatchResult> => {
    const started = performance.now();
    try {
      const { result, ms } = await pool.run(job.data);
      say(`${job.data.study} batch ${job.id}: ${job.data.indices.length} trials in ${ms.toFixed(0)} ms (${(performance.now() - started).toFixed(0)} ms with waiting)`);
      return result;
    } catch (e) {
      const input = e instanceof BatchError && e.input;
      say(`${job.data.study} batch ${job.id} failed: ${(e as Error).message}`);
      const err = new Error(`${input ? INPUT_PREFIX : ''}${(e as Error).message}`);
      err.stack = (e as Error).stack;
      throw err;
    }
  };

  const attach = (name: string) => {
    const w = new Worker<BatchJob, BatchResult>(name, process_, {
      connection: { ...redisOptions(address), maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(200 * times, 2000) },
      concurrency,
      lockDuration,
      stalledInterval,
      maxStalledCount: 3,
      drainDelay: 1,
    });
    // Redis trouble is reported once by the registry loop; a finished study's late batches have nowhere to go.
    w.on('error', () => {});
    w.on('stalled', (jobId: string) => say(`${name} batch ${jobId}: its worker stopped answering (died?); the batch is taken again`));
    attached.set(name, w);
    say(`study ${name}: taking batches`);
  };

  const detach = async (name: string) => {
    const w = attached.get(name);
    attached.delete(name);
    if (w) await within(2000, () => w.close(true)).catch(() => {});
    // The submitter removed the queue when it finished; a worker that was still attached may
    // have written a key or two since (its queue's meta): remove what is left.
    const q = new Queue(name, { connection: client });
    await within(2000, () => q.obliterate({ force: true })).catch(() => {});
    await q.close().catch(() => {});
    say(`study ${name}: done`);
  };

  let trouble = false;
  while (!stopping) {
    try {
      const now = await redisNow(client);
      await client.zadd(WORKERS_KEY, now, id);
      await client.zremrangebyscore(WORKERS_KEY, '-inf', now - 10 * STUDY_STALE_MS);
      const entries = await client.zrange(STUDIES_KEY, 0, -1, 'WITHSCORES');
      const live = new Set<string>();
      for (let i = 0; i < entries.length; i += 2) {
        const name = entries[i];
        if (Number(entries[i + 1]) >= now - STUDY_STALE_MS) live.add(name);
        else if ((await client.zrem(STUDIES_KEY, name)) === 1) {
          // Its submitter died: nobody will gather its results.
          say(`study ${name}: abandoned by its submitter; removing its queue`);
          const q = new Queue(name, { connection: client });
          await q.obliterate({ force: true }).catch(() => {});
          await q.close().catch(() => {});
        }
      }
      for (const name of live) if (!attached.has(name)) attach(name);
      for (const name of [...attached.keys()]) if (!live.has(name)) await detach(name);
      if (trouble) say(`Redis at ${address.shown} is back`);
      trouble = false;
    } catch (e) {
      if (!trouble) say(`Redis at ${address.shown} is not answering (${(e as Error).message}); retrying`);
      trouble = true;
    }
    await Promise.race([sleep(500), stop]);
  }
  say(`worker ${id}: stopping`);
  await Promise.all([...attached.keys()].map((n) => within(10_000, () => attached.get(n)!.close()).catch(() => {})));
  await client.zrem(WORKERS_KEY, id).catch(() => {});
  await pool.close();
  await within(1000, () => client.quit()).catch(() => {});
  client.disconnect();
}
