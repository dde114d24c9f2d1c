/**
 * Where a study's trials run. A TrialPool takes trial indices (and, for walk-forward, a
 * window) and gives back their summaries in the order of the indices; the study's outputs are
 * built from those alone, so every pool writes the same documents. Two pools: this machine
 * (this thread, or this thread and N - 1 worker threads fed batches of indices: --jobs N), and
 * workers on other machines through Redis (--queue, queue.ts and @regime/cluster).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, runTrials, type DateWindow, type StudyPlan, type TrialSummary } from '@regime/core';
import type { BatchOutcome, SweepSpec } from './job.js';

export function sweepWorkerScript(): string {
  return fileURLToPath(new URL('../../dist/sweep/worker.js', import.meta.url));
}

/** --jobs: default 1; never more than the trials allow or the machine has. */
export function sweepWorkers(requested: number | undefined, trials: number): number {
  return Math.max(1, Math.min(requested ?? 1, Math.max(1, availableParallelism()), Math.ceil(trials / 16)));
}

export type Progress = (done: number, total: number) => void;

export interface TrialPool {
  /** Runs these trials (over `window`: walk-forward) and returns their summaries in the order of `indices`. */
  run(indices: number[], options?: { window?: DateWindow; progress?: Progress; enqueued?: () => void }): Promise<TrialSummary[]>;
  /** Frees what the pool holds (threads, a queue); safe after a failed run. */
  close(): Promise<void>;
  /** For the closing line: "2 jobs", "queue redis://host:6379". */
  label: string;
  /**
   * The trials run elsewhere (--queue): run() calls `enqueued` once they are handed over, and
   * this machine is free to do its own part (the base config's run) meanwhile.
   */
  remote?: boolean;
}

/** This machine: --jobs N threads (this one included). */
export function localPool(plan: StudyPlan, spec: SweepSpec, workers: number): TrialPool {
  return {
    label: `${workers} job${workers === 1 ? '' : 's'}`,
    run: (indices, options = {}) => runSweepTrials(plan, spec, indices, workers, options.progress, options.window),
    close: async () => {},
  };
}

export async function runSweepTrials(plan: StudyPlan, spec: SweepSpec, indices: number[], workers: number, progress?: Progress, window?: DateWindow): Promise<TrialSummary[]> {
  if (workers <= 1) return runTrials(plan, indices, { window, onDone: (d) => progress?.(d, indices.length) });
  const script = sweepWorkerScript();
  if (!existsSync(script)) throw new Error(`${script} is missing: build the CLI (pnpm build) or use --jobs 1`);
  // Batches small enough to balance the threads, large enough that messages cost little.
  const size = Math.max(8, Math.min(256, Math.ceil(indices.length / (workers * 8))));
  const batches: number[][] = [];
  for (let i = 0; i < indices.length; i += size) batches.push(indices.slice(i, i + size));
  const results: TrialSummary[][] = new Array(batches.length);
  let next = 0;
  let done = 0;
  // This thread, which already holds a plan, takes batches too: workers - 1 extra threads.
  const threads = Array.from({ length: workers - 1 }, () => {
    const w = new Worker(script, { stdout: true });
    w.stdout.pipe(process.stderr, { end: false });
    return w;
  });
  const drive = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let current = -1;
      const feed = () => {
        if (next >= batches.length) {
          cleanup();
          resolve();
          return;
        }
        current = next++;
        worker.postMessage({ spec, indices: batches[current], window });
      };
      const onMessage = (o: BatchOutcome) => {
        if (!o.ok) {
          cleanup();
          const e = o.error.input ? new InputError(o.error.message) : new Error(o.error.message);
          if (!o.error.input && o.error.stack) e.stack = o.error.stack;
          reject(e);
          return;
        }
        results[current] = o.trials;
        done += o.trials.length;
        progress?.(done, indices.length);
        feed();
      };
      const onError = (e: Error) => {
        cleanup();
        reject(new Error(`sweep worker failed: ${e.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`sweep worker stopped (exit code ${code})`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      feed();
    });
  const here = async () => {
    while (next < batches.length) {
      const k = next++;
      results[k] = await runTrials(plan, batches[k], { window });
      done += batches[k].length;
      progress?.(done, indices.length);
      // Let the workers' messages in between batches.
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([...threads.map(drive), here()]);
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results.flat().sort((a, b) => a.index - b.index);
}
