/**
 * Worker thread of `regime compare`: receives jobs one at a time, runs each with the same
 * code as the sequential path, and posts the outcome (a structured-clone of the RunResult:
 * plain JSON-able data) back. Loaded from the built JS (dist/compare/worker.js).
 */
import { parentPort } from 'node:worker_threads';
import { settleJob, type CompareJob } from './job.js';

if (!parentPort) throw new Error('compare/worker.js must run as a worker thread');
const port = parentPort;
port.on('message', async (job: CompareJob | null) => {
  if (job === null) {
    port.close();
    return;
  }
  port.postMessage(await settleJob(job));
});
