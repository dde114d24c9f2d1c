import type { Command } from 'commander';
import { InputError, type BootstrapOptions } from '@regime/core';

export interface BootstrapFlags {
  bootstrap?: string;
  block?: string;
  seed?: string;
}

/** Adds --bootstrap, --block and --seed to a command (run, compare). */
export function bootstrapFlags(command: Command): Command {
  return command
    .option('--bootstrap <n>', 'resample the returns n times (stationary bootstrap): intervals, probability of beating the benchmark, probabilistic Sharpe')
    .option('--block <auto|n>', 'mean block length of the bootstrap in bars (default auto: Politis & White)')
    .option('--seed <s>', 'seed of the bootstrap (default fixed, so two runs agree)');
}

const MAX_RESAMPLES = 1_000_000;

/** The bootstrap the flags ask for, or undefined; bad values are input errors naming the flag. */
export function parseBootstrapFlags(flags: BootstrapFlags): BootstrapOptions | undefined {
  if (flags.bootstrap === undefined) {
    const orphan = flags.block !== undefined ? '--block' : flags.seed !== undefined ? '--seed' : undefined;
    if (orphan) throw new InputError(`${orphan} sets up the bootstrap: add --bootstrap N (for example --bootstrap 1000)`);
    return undefined;
  }
  const resamples = wholeNumber(flags.bootstrap);
  if (resamples === undefined || resamples < 1 || resamples > MAX_RESAMPLES)
    throw new InputError(`--bootstrap: expected a whole number of resamples from 1 to ${MAX_RESAMPLES.toLocaleString('en-US')}; found "${flags.bootstrap}"`);
  let block: number | 'auto' = 'auto';
  if (flags.block !== undefined && flags.block !== 'auto') {
    const b = Number(flags.block);
    if (flags.block.trim() === '' || !Number.isFinite(b) || b < 1)
      throw new InputError(`--block: expected auto or a mean block length in bars, 1 or more; found "${flags.block}"`);
    block = b;
  }
  let seed: number | undefined;
  if (flags.seed !== undefined) {
    seed = wholeNumber(flags.seed);
    if (seed === undefined || seed < 0 || seed > 0xffffffff) throw new InputError(`--seed: expected a whole number from 0 to 4294967295; found "${flags.seed}"`);
  }
  return { resamples, block, ...(seed !== undefined ? { seed } : {}) };
}

function wholeNumber(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
