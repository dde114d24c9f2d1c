/**
 * A worker thread of `regime worker`: runs batches (batch.ts) off the main thread, so the main
 * thread keeps renewing the jobs' locks in Redis while trials run. Loaded from the built JS.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isInputError } from '@regime/core';
import { openStore, runBatchJob } from './batch.js';
import { encodeSummaries, type BatchJob } from './protocol.js';
import type { ThreadReply } from './threads.js';

if (!parentPort) throw new Error('cluster/thread.js must run as a worker thread');
const port = parentPort;
const store = openStore((workerData as { dataDir?: string }).dataDir);

port.on('message', async (msg: { id: number; job: BatchJob }) => {
  let reply: ThreadReply;
  try {
    const started = performance.now();
    const trials = await runBatchJob(msg.job, store);
    reply = { id: msg.id, ok: true, result: encodeSummaries(trials), ms: performance.now() - started };
  } catch (e) {
    const err = e as Error;
    reply = { id: msg.id, ok: false, message: err?.message ?? String(e), input: isInputError(e), stack: err?.stack };
  }
  port.postMessage(reply);
});
