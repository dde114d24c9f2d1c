/**
 * One run of a comparison: a config file with the period and numeraires the comparison
 * gives it. The same function runs in a worker thread and, with --jobs 1, in the main thread,
 * so both paths produce the same result document.
 */
import { isInputError, loadConfigFile, runBacktest, type BootstrapOptions, type PeriodSpec, type RunResult } from '@regime/core';
import { expandStrategy } from '@regime/strategies';
import { openStore, type SeriesSharing } from '../commands/context.js';
import { VERSION } from '../version.js';

export interface CompareJob {
  /** Position in the comparison (the order given). */
  index: number;
  file: string;
  dataDir?: string;
  /** The period to run over; null keeps the config's own. */
  period: PeriodSpec | null;
  numeraires: string[];
  /** `--bootstrap`: add the uncertainty block to the result. */
  bootstrap?: BootstrapOptions;
  /** false: no attribution, trade list or signal series in the result (runBacktest's `explain`). */
  explain?: boolean;
  /**
   * The comparison this job belongs to: a thread's jobs of one comparison read each data file
   * once (a series read for one config serves the next ones), never across comparisons.
   */
  comparison?: string;
}

/** The series read by this thread's jobs of the current comparison. */
let sharing: { comparison: string; series: SeriesSharing } | undefined;

function seriesSharing(comparison: string | undefined): SeriesSharing | undefined {
  if (comparison === undefined) return undefined;
  if (sharing?.comparison !== comparison) sharing = { comparison, series: new Map() };
  return sharing.series;
}

export async function runCompareJob(job: CompareJob): Promise<RunResult> {
  const source = loadConfigFile(job.file);
  if (job.period) source.config.period = { ...job.period };
  source.config.numeraires = [...job.numeraires];
  const { result } = await runBacktest(source, { store: openStore(job.dataDir, seriesSharing(job.comparison)), version: VERSION, expandStrategy, bootstrap: job.bootstrap, explain: job.explain });
  return result;
}

/** What crosses the thread boundary back to the main thread. */
export type JobOutcome =
  | { index: number; ok: true; result: RunResult; ms: number }
  | { index: number; ok: false; error: { message: string; input: boolean; stack?: string }; ms: number };

export async function settleJob(job: CompareJob): Promise<JobOutcome> {
  const t0 = performance.now();
  try {
    const result = await runCompareJob(job);
    return { index: job.index, ok: true, result, ms: performance.now() - t0 };
  } catch (e) {
    const err = e as Error;
    return { index: job.index, ok: false, error: { message: err?.message ?? String(e), input: isInputError(e), stack: err?.stack }, ms: performance.now() - t0 };
  }
}
