/**
 * localPool's error paths with stand-in workers (the real ones need the built CLI:
 * test/cli-sweep.test.ts runs them): the work is posted to a worker before it has answered
 * its plan request, so a run must end, with the right error and nothing left unhandled, when
 * this thread fails first or when a worker stops before that answer.
 */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type StudyPlan } from '@regime/core';
import type { BatchOutcome, ClaimedBatches } from './job.js';
import { localPool, type SweepThreads } from './pool.js';

/** A plan of 32 trials whose every trial fails on this thread as a bad value does. */
function failingPlan(): StudyPlan {
  const values = Array.from({ length: 16 }, (_, k) => 50 + 10 * k);
  return {
    grid: { dimensions: [{ path: 'params.n', segments: ['params', 'n'], values, where: 'test' }, { path: 'costs.commission_bps', segments: ['costs', 'commission_bps'], values: [0, 10], where: 'test' }], size: 32 },
    trial: (index: number) => {
      throw new InputError(`sweep trial ${index} makes the config invalid`);
    },
  } as unknown as StudyPlan;
}

/**
 * A worker still building its plan (its answer to the plan request never comes) that, when
 * `claimsAll`, takes every batch as the work arrives and then stops without an error event,
 * as a thread ended from outside does; terminate() stops it as Worker.terminate does.
 */
function standIn(claimsAll = false): Worker {
  const w = new EventEmitter() as EventEmitter & { postMessage(m: ClaimedBatches): void; terminate(): Promise<number> };
  w.postMessage = (m) => {
    if (!claimsAll) return;
    Atomics.store(new Int32Array(m.counter), 0, m.batches.length);
    setImmediate(() => w.emit('exit', 0));
  };
  w.terminate = async () => {
    setImmediate(() => w.emit('exit', 1));
    return 1;
  };
  return w as unknown as Worker;
}

function threadsOf(workers: Worker[]): SweepThreads {
  return {
    spec: { file: 'test.yaml', text: '', grid: [] },
    workers,
    // The plan requests, not answered yet.
    ready: workers.map(() => new Promise<BatchOutcome>(() => undefined)),
    terminate: async () => void (await Promise.all(workers.map((w) => w.terminate()))),
    shrink: async () => undefined,
  };
}

describe('the local pool when something fails before a worker is ready', () => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => void unhandled.push(e);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it("this thread's input error is the run's error, and ending the threads after it leaves no rejection unhandled", async () => {
    const threads = threadsOf([standIn()]);
    const pool = localPool(failingPlan(), threads);
    await expect(pool.run(Array.from({ length: 32 }, (_, k) => k))).rejects.toThrow(InputError);
    // As the sweep command does in `finally`: the worker exits before it ever answered.
    await pool.close();
    await settle();
    expect(unhandled.map(String)).toEqual([]);
  });

  it('a worker that stops before its plan is answered ends the run with its error instead of hanging', async () => {
    const threads = threadsOf([standIn(true)]);
    const pool = localPool(failingPlan(), threads);
    const outcome = await Promise.race([
      pool.run(Array.from({ length: 32 }, (_, k) => k)).then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
      new Promise((r) => setTimeout(() => r('still running after 2 s'), 2000)),
    ]);
    expect(outcome).toBe('sweep worker stopped (exit code 0)');
    await settle();
    expect(unhandled.map(String)).toEqual([]);
  });
});

describe('how many threads a sweep is worth', () => {
  it('one per TRIALS_PER_THREAD trials at most, never more than asked or than the machine has', async () => {
    const { sweepWorkers, TRIALS_PER_THREAD } = await import('./pool.js');
    const { availableParallelism } = await import('node:os');
    const cores = Math.max(1, availableParallelism());
    expect(TRIALS_PER_THREAD).toBe(256);
    expect(sweepWorkers(undefined, 10_000)).toBe(1); // default: this thread only
    expect(sweepWorkers(2, 64)).toBe(1); // a small grid is not worth a second thread
    expect(sweepWorkers(2, 256)).toBe(1);
    expect(sweepWorkers(2, 257)).toBe(Math.min(2, cores));
    expect(sweepWorkers(8, 1124)).toBe(Math.min(5, cores)); // ⌈1,124 / 256⌉ = 5
    expect(sweepWorkers(3, 0)).toBe(1);
  });
});
