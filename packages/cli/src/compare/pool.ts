/**
 * Runs the jobs of a comparison: in worker threads when more than one worker is allowed, else
 * one after the other in this thread. Outcomes come back in the order of the jobs; `onDone`
 * reports each as it finishes (progress). A pool keeps its workers between batches (the
 * alignment pass reuses warm workers), until closed.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { settleJob, type CompareJob, type JobOutcome } from './job.js';
import { converse, startWorker, workerScriptFor } from '../workerThread.js';

/** The built worker script (workerThread.ts): the bundled worker when fresh, else dist/compare/worker.js. */
export function workerScript(): string {
  return workerScriptFor(new URL('../../dist/compare/worker.js', import.meta.url), 'worker.cjs');
}

/**
 * --jobs: default 1 (this thread: a run of a comparison takes tens of milliseconds, less than
 * a worker thread takes to load and warm up the code — measured in docs/performance.md);
 * never more than the configs or os.availableParallelism().
 */
export function workerCount(requested: number | undefined, jobs: number): number {
  const cap = Math.max(1, availableParallelism());
  const wanted = requested ?? 1;
  return Math.max(1, Math.min(wanted, jobs, cap));
}

export type OnDone = (outcome: JobOutcome, done: number, total: number) => void;

export interface JobPool {
  readonly workers: number;
  run(jobs: readonly CompareJob[], onDone?: OnDone): Promise<JobOutcome[]>;
  close(): Promise<void>;
}

/** A pool of `workers` threads (started on first use), or an in-thread runner for 1. */
export function createPool(workers: number): JobPool {
  if (workers <= 1) {
    return {
      workers: 1,
      async run(jobs, onDone) {
        const outcomes: JobOutcome[] = [];
        for (const job of jobs) {
          outcomes.push(await settleJob(job));
          onDone?.(outcomes[outcomes.length - 1], outcomes.length, jobs.length);
        }
        return outcomes;
      },
      async close() {},
    };
  }
  const threads: Worker[] = [];
  const start = () => {
    const script = workerScript();
    if (!existsSync(script)) throw new Error(`${script} is missing: build the CLI (pnpm build) or use --jobs 1`);
    while (threads.length < workers) {
      // The worker's own stdout goes to our stderr: stdout carries only the JSON document.
      const w = startWorker(script);
      w.stdout.pipe(process.stderr, { end: false });
      threads.push(w);
    }
  };
  return {
    workers,
    async run(jobs, onDone) {
      if (!jobs.length) return [];
      start();
      const outcomes: JobOutcome[] = new Array(jobs.length);
      let next = 0;
      let completed = 0;
      const drive = (worker: Worker) => {
        let current = -1;
        return converse<void>(
          worker,
          (happened) => `compare worker ${happened} while running ${jobs[current]?.file ?? 'a config'}`,
          (o: JobOutcome, done) => {
            outcomes[current] = o;
            onDone?.(o, ++completed, jobs.length);
            feed(done);
          },
          (done) => feed(done),
        );
        function feed(done: () => void): void {
          if (next >= jobs.length) {
            done();
            return;
          }
          current = next++;
          worker.postMessage(jobs[current]);
        }
      };
      await Promise.all(threads.slice(0, Math.min(threads.length, jobs.length)).map(drive));
      return outcomes;
    },
    async close() {
      await Promise.all(threads.splice(0).map((w) => w.terminate()));
    },
  };
}
