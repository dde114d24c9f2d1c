/**
 * A sweep's PBO (CSCV) shared among its threads (--jobs N): after the trials the threads are
 * idle, and PBO's walk over the splits is the longest step left (about 0.2 s for 1,124 trials
 * on 16 blocks). This thread cuts the walk into one range of steps per thread (pboRanges),
 * sends each other thread the block sums and its range, walks its own, and joins the parts:
 * the result is pbo()'s to the bit for any number of threads (pboSteps replays the sums).
 */
import type { Worker } from 'node:worker_threads';
import { pboBlocks, pboJoin, pboRanges, pboSteps, undefinedPbo, type PboBlocks, type PboRunner, type PboSteps } from '@regime/core';
import type { BatchError } from './job.js';
import { converse } from '../workerThread.js';

/** What a worker thread is sent: the block sums and the steps it walks. */
export interface PboPart {
  pbo: PboBlocks;
  from: number;
  to: number;
}

export type PboOutcome = { ok: true; steps: PboSteps } | BatchError;

/** The worker's side: walks its steps (an error is sent back, not thrown). */
export function runPboPart(part: PboPart): PboOutcome {
  try {
    return { ok: true, steps: pboSteps(part.pbo, part.from, part.to) };
  } catch (e) {
    const err = e as Error;
    return { ok: false, error: { message: err?.message ?? String(e), input: false, stack: err?.stack } };
  }
}

/** PBO on this thread and `workers` (idle sweep threads, kept until the document is built). */
export function pboOnThreads(workers: readonly Worker[]): PboRunner {
  return async (returns, blocks) => {
    const p = pboBlocks(returns, blocks);
    if (!p) return undefinedPbo(blocks);
    const [mine, ...theirs] = pboRanges(blocks, workers.length + 1);
    // Posted before this thread walks its own range, so every thread walks at once.
    const sent = theirs.map(([from, to], k) => askWorker(workers[k], { pbo: p, from, to }));
    const here = pboSteps(p, mine[0], mine[1]);
    return pboJoin(p, [here, ...(await Promise.all(sent))]);
  };
}

function askWorker(worker: Worker, part: PboPart): Promise<PboSteps> {
  return converse<PboSteps>(
    worker,
    (happened) => `sweep worker ${happened}`,
    (o: PboOutcome | { ok: true }, done, fail) => {
      // Only the answer to this part: a late answer to the plan request ({ ok, trials: [] },
      // which a worker that claimed no batch may post after its `finished`) is not it.
      if (o.ok && !('steps' in o)) return;
      if (o.ok) done(o.steps);
      else fail(Object.assign(new Error(o.error.message), o.error.stack ? { stack: o.error.stack } : {}));
    },
    () => worker.postMessage(part),
  );
}
