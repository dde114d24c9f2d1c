/**
 * Worker thread of `regime sweep --jobs N`: receives batches of trial indices, runs them on
 * its own study plan, posts the summaries (plain data) back. Loaded from the built JS.
 */
import { parentPort } from 'node:worker_threads';
import { runBatch, runClaimed, type ClaimedBatches, type SweepBatch } from './job.js';

if (!parentPort) throw new Error('sweep/worker.js must run as a worker thread');
const port = parentPort;
port.on('message', async (batch: SweepBatch | ClaimedBatches | null) => {
  if (batch === null) {
    port.close();
    return;
  }
  if ('counter' in batch) await runClaimed(batch, (o) => port.postMessage(o));
  else port.postMessage(await runBatch(batch));
});
