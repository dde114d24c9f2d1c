/**
 * The submitting side of a study on Redis: one BullMQ queue per study, the trials enqueued in
 * batches, the summaries gathered as batches finish and put back in trial order, so a sweep or
 * walk-forward writes exactly what a local run writes. Finished jobs are removed as they are
 * gathered, and the queue is removed at the end.
 */
import { InputError, type DateWindow, type TrialSummary } from '@regime/core';
import { Queue, type Job } from 'bullmq';
import { QueueError } from './errors.js';
import { INPUT_PREFIX, STUDIES_KEY, WORKERS_KEY, WORKER_STALE_MS, HEARTBEAT_MS, decodeSummaries, studyQueueName, type BatchJob, type BatchResult, type StudySpec } from './protocol.js';
import { connect, redisNow, within, type Connection } from './redis.js';
import { engineId } from './engine.js';
import { parseQueueUrl, type QueueAddress } from './url.js';

export interface QueueStudyOptions {
  /** redis://HOST:PORT */
  url: string;
  spec: StudySpec;
  /** plan.dataFingerprints() of this machine (or set `study.fingerprints` before the first run). */
  fingerprints?: Record<string, string>;
  /** Trials per batch (default: batchSize()). */
  batch?: number;
  /** Lines for stderr: waiting for workers, Redis trouble. */
  say?: (line: string) => void;
  /** How long Redis may stay away before the study stops (default 10 s, $REGIME_QUEUE_LOST_MS). */
  lostAfterMs?: number;
  /** How soon to say that no worker is connected (default 2 s). */
  noticeAfterMs?: number;
}

export type Progress = (done: number, total: number) => void;

/** A few hundred trials per batch (measured: see docs/cluster.md); smaller for small studies, so every worker gets some. */
export function batchSize(trials: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, requested);
  return Math.max(1, Math.min(250, Math.ceil(trials / 16)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class QueueStudy {
  readonly name: string;
  readonly address: QueueAddress;
  /** SHA-256 of every data file the study reads, as this machine reads them: every job carries them. */
  fingerprints: Record<string, string> | undefined;
  private readonly queue: Queue;
  private readonly heartbeat: NodeJS.Timeout;
  private round = 0;
  private interrupted: string | undefined;
  private lost = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.interrupted = signal;
  };

  private constructor(
    private readonly conn: Connection,
    address: QueueAddress,
    private readonly options: QueueStudyOptions,
  ) {
    this.address = address;
    this.fingerprints = options.fingerprints;
    this.name = studyQueueName(options.spec);
    this.queue = new Queue(this.name, { connection: conn.client });
    this.queue.on('error', () => {});
    const beat = () =>
      redisNow(conn.client)
        .then((now) => conn.client.zadd(STUDIES_KEY, now, this.name))
        .catch(() => {});
    beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Connects (or stops at once with a clear message) and registers the study for the workers. */
  static async open(options: QueueStudyOptions): Promise<QueueStudy> {
    const address = parseQueueUrl(options.url);
    const conn = await connect(address, { worker: false });
    return new QueueStudy(conn, address, options);
  }

  private say(line: string): void {
    (this.options.say ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  /** Runs these trials (over `window` for walk-forward) on the workers; summaries in the order of `indices`. */
  async run(indices: readonly number[], options: { window?: DateWindow; progress?: Progress } = {}): Promise<TrialSummary[]> {
    const fingerprints = this.fingerprints;
    if (!fingerprints) throw new Error('QueueStudy.run: set the data fingerprints first');
    const round = this.round++;
    const size = batchSize(indices.length, this.options.batch);
    const batches: number[][] = [];
    for (let i = 0; i < indices.length; i += size) batches.push(indices.slice(i, i + size));
    const results: (TrialSummary[] | undefined)[] = new Array(batches.length);
    // Progress and messages count the grid's trials (not the base config, BASE = -1, sent along).
    const total = indices.filter((i) => i >= 0).length;
    const jobs = batches.map((b, k) => {
      const data: BatchJob = { study: this.name, spec: this.options.spec, fingerprints, engine: engineId(), indices: b, window: options.window };
      return { name: 'batch', data, opts: { jobId: `${round}-${k}`, attempts: 1, removeOnComplete: false, removeOnFail: false } };
    });
    await this.guard(() => this.queue.addBulk(jobs));

    const lostAfter = this.options.lostAfterMs ?? (Number(process.env.REGIME_QUEUE_LOST_MS) || 10_000);
    const noticeAfter = this.options.noticeAfterMs ?? 2000;
    const started = Date.now();
    let lastOk = Date.now();
    let lastCheck = 0;
    let waiting = false;
    let troubleSaid = false;
    let done = 0;
    let gathered = 0;
    const failures = new Map<number, Job>();
    while (gathered < batches.length) {
      if (this.interrupted) throw new QueueError(`interrupted (${this.interrupted}) after ${done} of ${total} trials; the study's queue is removed`, 130);
      let got = 0;
      try {
        const [completed, failed] = await Promise.all([this.queue.getJobs(['completed'], 0, 19, true), this.queue.getJobs(['failed'], 0, 19, true)]);
        for (const job of failed) {
          const [r, k] = String(job.id).split('-').map(Number);
          if (r === round && !failures.has(k)) failures.set(k, job);
        }
        // Like a local run, stop at the first failing trial in grid order: once every batch before
        // the first failed one is in.
        if (failures.size) {
          const first = Math.min(...failures.keys());
          let settled = true;
          for (let j = 0; j < first && settled; j++) if (results[j] === undefined && !failures.has(j)) settled = false;
          if (settled) throw batchFailure(failures.get(first)!, this.address.shown);
        }
        for (const job of completed) {
          const [r, k] = String(job.id).split('-').map(Number);
          if (r === round && results[k] === undefined) {
            results[k] = decodeSummaries(job.returnvalue as BatchResult);
            gathered++;
            got++;
            done += results[k]!.filter((t) => t.index >= 0).length;
          }
          await job.remove();
        }
        if (got) options.progress?.(done, total);
        const now = Date.now();
        if (troubleSaid) this.say(`Redis at ${this.address.shown} is back`);
        troubleSaid = false;
        lastOk = now;
        // No progress: is anybody there?
        if (!got && now - started >= noticeAfter && now - lastCheck >= 1000) {
          lastCheck = now;
          const workers = await this.conn.client.zcount(WORKERS_KEY, (await redisNow(this.conn.client)) - WORKER_STALE_MS, '+inf');
          if (workers === 0 && !waiting)
            this.say(`waiting for workers on ${this.address.shown}: none is connected (start one on each machine: regime worker --queue ${this.address.shown} --data-dir DIR)`);
          else if (workers > 0 && waiting) this.say(`${workers} worker${workers === 1 ? '' : 's'} connected`);
          waiting = workers === 0;
        }
      } catch (e) {
        if (e instanceof InputError || e instanceof QueueError) throw e;
        const now = Date.now();
        const why = this.conn.lastError() ?? (e as Error)?.message ?? String(e);
        if (now - lastOk > lostAfter) {
          this.lost = true;
          throw new QueueError(
            `lost Redis at ${this.address.shown} (${why}) for ${Math.round((now - lastOk) / 1000)} s, after ${done} of ${total} trials; the study stopped and wrote nothing. Run it again when Redis is back`,
          );
        }
        if (!troubleSaid) this.say(`Redis at ${this.address.shown} is not answering (${why}); waiting up to ${Math.round(lostAfter / 1000)} s`);
        troubleSaid = true;
        await sleep(250);
        continue;
      }
      if (!got) await sleep(50);
    }
    return results.flat() as TrialSummary[];
  }

  /** A command that must not hang while Redis is away. */
  private async guard<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw new QueueError(`Redis at ${this.address.shown} failed: ${this.conn.lastError() ?? (e as Error)?.message}`);
    }
  }

  /** Removes the study's queue and its registration; never hangs on a Redis that went away. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    const client = this.conn.client;
    if (!this.lost && client.status === 'ready') {
      await within(5000, async () => {
        await client.zrem(STUDIES_KEY, this.name);
        await this.queue.obliterate({ force: true });
        await this.queue.close();
      }).catch(() => {});
      await within(1000, () => client.quit()).catch(() => {});
    }
    client.disconnect();
  }
}

/** A failed batch stops the study with its message: input errors (bad data, a bad trial) exit 2. */
function batchFailure(job: Job, shown: string): Error {
  const reason = job.failedReason ?? 'failed';
  if (reason.startsWith(INPUT_PREFIX)) return new InputError(reason.slice(INPUT_PREFIX.length));
  if (/stalled more than allowable limit/.test(reason))
    return new QueueError(`a batch (trials ${job.data?.indices?.[0]}…) was abandoned by its workers too often (${reason}); check the workers on ${shown}`);
  return new QueueError(`a batch failed on a worker: ${reason}`);
}
