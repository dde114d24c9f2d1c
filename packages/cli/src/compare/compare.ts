/**
 * `regime compare` without the command line: load the configs, line them up (common period,
 * one list of numeraires), run them (in worker threads when allowed), and line them up again
 * when their calendars or data ends differ.
 */
import { InputError, InputErrors, alignForComparison, type BootstrapOptions, isInputError, loadConfigFile, unevenPeriods, unionDateRanges, type NamedRange, type PeriodSpec, type RunResult } from '@regime/core';
import { randomUUID } from 'node:crypto';
import { expandStrategy } from '@regime/strategies';
import type { CompareJob, JobOutcome } from './job.js';
import { createPool, workerCount } from './pool.js';

export interface CompareOptions {
  dataDir?: string;
  /** Keep each config's own period instead of the common one. */
  ownPeriods?: boolean;
  /** The numeraires every run reports (default: the union the configs ask for). */
  numeraires?: string[];
  /** Worker threads (default min(2, configs)); 1 runs one after the other in this thread. */
  jobs?: number;
  /** Progress and notes, one line each (the command writes them to stderr). */
  onProgress?: (line: string) => void;
  /** Called with the comparison's numeraires before any run (to check options that depend on them). */
  beforeRuns?: (numeraires: string[]) => void;
  /** `--bootstrap`: every run resamples its returns (intervals for the ranking). */
  bootstrap?: BootstrapOptions;
  /**
   * Attribution, trade list and signal series in each result (default true). The ranking
   * table and its CSV read none of them: `regime compare` leaves them out unless --json or
   * --report shows the results (runBacktest's `explain`).
   */
  explain?: boolean;
}

export interface Comparison {
  /** The config files, in the order given. */
  files: string[];
  /** One result per file, same order. */
  results: RunResult[];
  /** The common period asked for (null with ownPeriods). */
  common: PeriodSpec | null;
  numeraires: string[];
  /** The union of the configs' date-range periods. */
  ranges: NamedRange[];
  /** Worker threads used (1 = sequential). */
  workers: number;
}

export async function compareConfigs(files: readonly string[], options: CompareOptions = {}): Promise<Comparison> {
  if (!files.length) throw new InputError('compare needs at least one config file');
  const say = options.onProgress ?? (() => {});
  // Load and check every config first (every error at once), and read what alignment needs.
  const errors: InputError[] = [];
  const loaded = files.map((file) => {
    try {
      const source = loadConfigFile(file);
      const expanded = expandStrategy(source.config, source);
      return { file, name: source.config.name, period: source.config.period, numeraires: source.config.numeraires, periods: expanded.periods };
    } catch (e) {
      if (!isInputError(e)) throw e;
      errors.push(e);
      return undefined;
    }
  });
  if (errors.length) throw errors.length === 1 ? errors[0] : new InputErrors(errors);
  const configs = loaded.map((c) => c!);
  const alignment = alignForComparison(configs, { ownPeriods: options.ownPeriods, numeraires: options.numeraires });
  const ranges = unionDateRanges(configs.map((c) => ({ name: c.name, periods: c.periods })));
  options.beforeRuns?.(alignment.numeraires);

  const comparison = randomUUID();
  const jobs: CompareJob[] = configs.map((c, index) => ({
    index,
    comparison,
    file: c.file,
    dataDir: options.dataDir,
    period: alignment.common ? alignment.periods[index] : null,
    numeraires: alignment.numeraires,
    ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}),
    ...(options.explain === false ? { explain: false } : {}),
  }));
  const workers = workerCount(options.jobs, jobs.length);
  const progress = (suffix = '') => (o: JobOutcome, done: number, total: number) =>
    say(`[${done}/${total}] ${files[o.index]} ${o.ok ? `${Math.round(o.ms)} ms` : 'failed'}${suffix}`);
  const pool = createPool(workers);
  let results: RunResult[];
  try {
    results = collect(await pool.run(jobs, progress()));
    if (alignment.common) {
      // Calendars differ (crypto trades on weekends) and data can end early: run again, over
      // the dates every run has, the runs that start earlier or end later than the others.
      const common = unevenPeriods(results.map((r) => r.period));
      if (common) {
        const again = jobs.filter((j) => results[j.index].period.start !== common.start || results[j.index].period.end !== common.end).map((j) => ({ ...j, period: common }));
        say(`aligning ${again.length} run${again.length === 1 ? '' : 's'} on the dates common to all, ${common.start} to ${common.end}`);
        const rerun = collect(await pool.run(again, progress(' (aligned)')));
        again.forEach((j, i) => (results[j.index] = rerun[i]));
        if (unevenPeriods(results.map((r) => r.period)))
          say(`warning: the runs still cover different dates (${results.map((r) => `${r.period.start}…${r.period.end}`).join(', ')})`);
      }
    }
  } finally {
    await pool.close();
  }
  return { files: [...files], results, common: alignment.common, numeraires: alignment.numeraires, ranges, workers };
}

/** The results of the outcomes in job order, or every failure at once. */
function collect(outcomes: JobOutcome[]): RunResult[] {
  const failed = outcomes.filter((o): o is Extract<JobOutcome, { ok: false }> => !o.ok);
  if (failed.length) {
    const internal = failed.find((f) => !f.error.input);
    if (internal) {
      const e = new Error(internal.error.message);
      if (internal.error.stack) e.stack = internal.error.stack;
      throw e;
    }
    const list = failed.map((f) => new InputError(f.error.message));
    throw list.length === 1 ? list[0] : new InputErrors(list);
  }
  return outcomes.map((o) => (o as Extract<JobOutcome, { ok: true }>).result);
}
