/**
 * Where a study's trials run. A TrialPool takes trial indices (and, for walk-forward, a
 * window) and gives back their summaries in the order of the indices; the study's outputs are
 * built from those alone, so every pool writes the same documents. Two pools: this machine
 * (this thread, or this thread and N - 1 worker threads fed batches of indices: --jobs N;
 * summaries come back in the order of the indices, so the result is the same for any --jobs), and
 * workers on other machines through Redis (--queue, queue.ts and @regime/cluster).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InputError, runTrials, sharedRun, type DateWindow, type StudyPlan, type TrialSummary } from '@regime/core';
import { batchIndices } from './batches.js';
import { claimBatch, type BatchOutcome, type ClaimedBatches, type ClaimOutcome, type SweepSpec } from './job.js';
import { converse, startWorker, workerScriptFor } from '../workerThread.js';

export function sweepWorkerScript(): string {
  // The bundled worker when fresh (workerThread.ts), else dist/sweep/worker.js.
  return workerScriptFor(new URL('../../dist/sweep/worker.js', import.meta.url), 'sweep-worker.cjs');
}

/**
 * Trials an extra thread must have to pay for itself: a worker thread costs ~0.3 s to start
 * (its own modules, plan and compiled code), a few hundred trials of one thread's work here;
 * with 64 trials `--jobs 2` took 0.65 s against 0.43 s for one thread.
 */
export const TRIALS_PER_THREAD = 256;

/** --jobs: default 1; never more than the trials allow (TRIALS_PER_THREAD each) or the machine has. */
export function sweepWorkers(requested: number | undefined, trials: number): number {
  return Math.max(1, Math.min(requested ?? 1, Math.max(1, availableParallelism()), Math.ceil(trials / TRIALS_PER_THREAD)));
}

export type Progress = (done: number, total: number) => void;

export interface TrialPool {
  /** Runs these trials (over `window`: walk-forward) and returns their summaries in the order of `indices`. */
  run(indices: number[], options?: { window?: DateWindow; progress?: Progress }): Promise<TrialSummary[]>;
  /** Frees what the pool holds (threads, a queue); safe after a failed run. */
  close(): Promise<void>;
  /** For the closing line: "2 jobs", "queue redis://host:6379". */
  label: string;
  /** The trials run elsewhere (--queue): the base config (index BASE) is best sent along with them. */
  remote?: boolean;
}

/**
 * This machine: this thread and the threads of startSweepThreads (--jobs N). The threads stay
 * after a run (the sweep's PBO is shared among them, pboThreads.ts); close() ends them.
 */
export function localPool(plan: StudyPlan, threads: SweepThreads): TrialPool {
  const jobs = threads.workers.length + 1;
  return {
    label: `${jobs} job${jobs === 1 ? '' : 's'}`,
    run: (indices, options = {}) => runSweepTrials(plan, indices, threads, options.progress, options.window),
    close: () => threads.terminate(),
  };
}

/**
 * Worker threads started before this thread builds its own plan: each loads its modules and
 * builds its plan (an empty batch) while this thread does the same, so on two cores the
 * start-up is paid once, not twice. Terminate them when done (the pool's close() does).
 */
export interface SweepThreads {
  spec: SweepSpec;
  workers: Worker[];
  /** Each worker's answer to the empty batch: its plan is built (or why not). */
  ready: Promise<BatchOutcome>[];
  terminate(): Promise<void>;
  /** Keeps the first `count` workers and stops the others (a grid too small for them all). */
  shrink(count: number): Promise<void>;
}

export function startSweepThreads(spec: SweepSpec, count: number): SweepThreads {
  const script = count > 0 ? sweepWorkerScript() : '';
  if (count > 0 && !existsSync(script)) throw new Error(`${script} is missing: build the CLI (pnpm build) or use --jobs 1`);
  const workers = Array.from({ length: count }, () => {
    const w = startWorker(script);
    w.stdout.pipe(process.stderr, { end: false });
    return w;
  });
  const ready = workers.map(
    (w) =>
      new Promise<BatchOutcome>((resolve) => {
        const done = (o: BatchOutcome) => {
          w.off('message', done);
          w.off('error', failed);
          resolve(o);
        };
        const failed = (e: Error) => done({ ok: false, error: { message: `sweep worker failed: ${e.message}`, input: false } });
        w.on('message', done);
        w.on('error', failed);
        w.postMessage({ spec, indices: [] });
      }),
  );
  return {
    spec,
    workers,
    ready,
    terminate: async () => void (await Promise.all(workers.map((w) => w.terminate()))),
    shrink: async (count) => {
      const extra = workers.splice(count);
      ready.splice(count);
      await Promise.all(extra.map((w) => w.terminate()));
    },
  };
}

/** Runs the trials here and on `threads` (started by startSweepThreads), which stay for more work. */
async function runSweepTrials(plan: StudyPlan, indices: number[], pool: SweepThreads, progress?: Progress, window?: DateWindow): Promise<TrialSummary[]> {
  const workers = pool.workers.length + 1;
  if (workers <= 1) return runTrials(plan, indices, { window, onDone: (d) => progress?.(d, indices.length) });
  const batches = batchIndices(indices, workers, sharedRun(plan.grid));
  const results: TrialSummary[][] = new Array(batches.length);
  // Every thread, this one included, claims the next batch from one shared counter.
  const counter = new SharedArrayBuffer(4);
  const claims = new Int32Array(counter);
  const stop = () => Atomics.store(claims, 0, batches.length);
  let done = 0;
  const finished = (k: number, trials: TrialSummary[]) => {
    results[k] = trials;
    done += trials.length;
    progress?.(done, indices.length);
  };
  const work: ClaimedBatches = { spec: pool.spec, batches, counter, window };
  // The work goes to each worker at once, not when its plan is built: this thread reads the
  // worker's "ready" only when it next yields, a whole batch later, and the worker sat idle
  // that long (~0.45 s on the benchmark). The worker builds its plan (its first message), then
  // claims batches; its answer to the first message is skipped here and checked below.
  const drive = async (worker: Worker, ready: Promise<BatchOutcome>) => {
    const claimed = converse<void>(
      worker,
      (happened) => `sweep worker ${happened}`,
      (o: ClaimOutcome | BatchOutcome, done, fail) => {
        if (o.ok && !('finished' in o) && !('batch' in o)) return; // the answer to the empty batch
        if (!o.ok) {
          const e = o.error.input ? new InputError(o.error.message) : new Error(o.error.message);
          if (!o.error.input && o.error.stack) e.stack = o.error.stack;
          fail(e);
        } else if ('finished' in o) done();
        else finished(o.batch, o.trials);
      },
      () => worker.postMessage(work),
    );
    // `claimed` is watched from here on: a worker that stops before it answers (ended by the
    // sweep's `finally` after this thread failed, or from outside) rejects it, and that must
    // neither go unhandled (an exit 1 with a stack trace instead of exit 2) nor wait for an
    // answer that never comes.
    const o = await Promise.race([ready, claimed.then((): BatchOutcome => ({ ok: true, trials: [] }))]);
    if (!o.ok) throw o.error.input ? new InputError(o.error.message) : new Error(o.error.message);
    return claimed;
  };
  const here = async () => {
    for (let k = claimBatch(claims, batches.length); k >= 0; k = claimBatch(claims, batches.length)) {
      finished(k, await runTrials(plan, batches[k], { window }));
      // Let the workers' results in between batches (they do not wait for them to be read).
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([...pool.workers.map((w, k) => drive(w, pool.ready[k])), here()]);
  } catch (e) {
    stop();
    throw e;
  }
  // Batch k is the k-th slice of `indices`: in batch order, the summaries are in the order asked.
  return results.flat();
}
