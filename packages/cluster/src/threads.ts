/** The worker process's threads: each runs one batch at a time; batches wait for a free thread. */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchJob, BatchResult } from './protocol.js';

export type ThreadReply = { id: number; ok: true; result: BatchResult; ms: number } | { id: number; ok: false; message: string; input: boolean; stack?: string };

export class BatchError extends Error {
  constructor(
    message: string,
    readonly input: boolean,
  ) {
    super(message);
  }
}

export function threadScript(): string {
  return fileURLToPath(new URL('./thread.js', import.meta.url));
}

export class ThreadPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly all: Worker[] = [];
  private nextId = 0;

  constructor(size: number, dataDir: string | undefined, script = threadScript()) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: { dataDir } });
      // A thread that dies takes the process with it: the batch's lock then expires and another worker takes it.
      w.on('error', (e) => {
        process.stderr.write(`worker thread failed: ${e.message}\n`);
        process.exit(1);
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  async run(job: BatchJob): Promise<{ result: BatchResult; ms: number }> {
    while (this.idle.length === 0) await new Promise<void>((r) => this.waiting.push(r));
    const w = this.idle.pop()!;
    const id = this.nextId++;
    try {
      const reply = await new Promise<ThreadReply>((resolve) => {
        const on = (m: ThreadReply) => {
          if (m.id !== id) return;
          w.off('message', on);
          resolve(m);
        };
        w.on('message', on);
        w.postMessage({ id, job });
      });
      if (!reply.ok) {
        const e = new BatchError(reply.message, reply.input);
        if (reply.stack) e.stack = reply.stack;
        throw e;
      }
      return { result: reply.result, ms: reply.ms };
    } finally {
      this.idle.push(w);
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
