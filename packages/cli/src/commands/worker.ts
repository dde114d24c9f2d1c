import type { Command } from 'commander';
import { InputError } from '@regime/core';

export interface WorkerCommandOptions {
  queue: string;
  dataDir?: string;
  concurrency?: string;
  lockDuration?: string;
  stalledInterval?: string;
}

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${flag}: expected a whole number, ${min} or more; found "${text}"`);
  return n;
}

/** `regime worker`: takes batches of trials of any study on this Redis until stopped (Ctrl-C). */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take batches of sweep and walk-forward trials from Redis (`--queue` of sweep and walkforward) and run them here, until stopped')
    .requiredOption('--queue <redis://HOST:PORT>', 'the Redis the studies are submitted to (rediss:// for TLS, password in $REGIME_QUEUE_PASSWORD)')
    .option('--data-dir <dir>', 'data directory (default: $REGIME_DATA_DIR, else the repository data/); must hold the same files as the submitting machine')
    .option('--concurrency <n>', 'batches run at once, one thread each (default 1; at most the number of cores helps)')
    .option('--lock-duration <ms>', 'how long a batch stays locked without a renewal: a dead worker\'s batch is taken again after this (default 30000)')
    .option('--stalled-interval <ms>', 'how often to look for batches of dead workers (default 15000)')
    .action(async (opts: WorkerCommandOptions) => {
      const concurrency = wholeNumber('--concurrency', opts.concurrency, 1);
      const lockDuration = wholeNumber('--lock-duration', opts.lockDuration, 100);
      const stalledInterval = wholeNumber('--stalled-interval', opts.stalledInterval, 100);
      const { runWorker, parseQueueUrl } = await import('@regime/cluster');
      parseQueueUrl(opts.queue);
      await runWorker({ url: opts.queue, dataDir: opts.dataDir, concurrency, lockDuration, stalledInterval });
    });
}
