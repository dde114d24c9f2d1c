/**
 * Worker thread of `regime sweep --jobs N`: receives batches of trial indices, runs them on
 * its own study plan, posts the summaries (plain data) back; after the trials, a range of the
 * sweep's PBO steps (pboThreads.ts). Loaded from the built JS.
 */
import { parentPort } from 'node:worker_threads';
import { runBatch, runClaimed, type ClaimedBatches, type SweepBatch } from './job.js';
import { runPboPart, type PboPart } from './pboThreads.js';

if (!parentPort) throw new Error('sweep/worker.js must run as a worker thread');
const port = parentPort;
port.on('message', async (batch: SweepBatch | ClaimedBatches | PboPart | null) => {
  if (batch === null) {
    port.close();
    return;
  }
  if ('pbo' in batch) {
    const o = runPboPart(batch);
    // The logits move to the main thread rather than being copied (pboSteps made their buffer: not shared).
    port.postMessage(o, o.ok ? [o.steps.logits.buffer as ArrayBuffer] : []);
  } else if ('counter' in batch) await runClaimed(batch, (o) => port.postMessage(o));
  else port.postMessage(await runBatch(batch));
});
