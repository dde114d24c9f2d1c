/**
 * `regime walkforward`: in each fold every trial of the sweep grid runs on the training
 * window (warming up on the history before it), the best by the objective is chosen, and that
 * trial runs on the test window, starting in cash from the previous window's ending equity.
 * The chained test windows are the out-of-sample equity, measured like any run.
 */
import { parseConfigText, type ConfigSource } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { DataStore } from '../../data/dataDir.js';
import { runBacktest, type RunOutput } from '../../run/runBacktest.js';
import { formatDay, parseDay } from '../../util/dates.js';
import { InputError, isInputError } from '../../util/errors.js';
import { objectiveValue } from '../document.js';
import type { ParamValue } from '../grid.js';
import { BASE, buildStudyPlan, type StudyPlan } from '../plan.js';
import { runTrial, runTrials, type TrialSummary } from '../trial.js';
import { planFolds, parseSpan, type Fold } from './folds.js';
import { measureChained, type WindowRun } from './measure.js';
import { choiceStability } from './stability.js';
import type { WalkForwardDocument, WalkForwardFold } from './document.js';

export interface WalkForwardOptions {
  store: DataStore;
  expandStrategy?: (config: Config, source: ConfigSource) => Config;
  /** `--train 5y`, `--test 1y`. */
  train: string;
  test: string;
  anchored?: boolean;
  /** `--objective sharpe:USD`; default the config's sweep.objective. */
  objective?: string;
  /** `--grid` dimensions added to or replacing the config's. */
  grid?: readonly string[];
  version?: string;
  onProgress?: (line: string) => void;
  /**
   * Where a fold's training trials run (default: here, with runTrials). The cluster runs them
   * on workers; whatever runs them must return the same summaries in the order of `indices`.
   */
  runTrials?: (plan: StudyPlan, indices: number[], window: { start: string; end: string }) => Promise<TrialSummary[]>;
}

/** A fold's training window needs data from (nearly) its first day: a week of slack for holidays. */
const START_SLACK_DAYS = 7;

export async function runWalkForward(source: ConfigSource, options: WalkForwardOptions): Promise<WalkForwardDocument> {
  const say = options.onProgress ?? (() => {});
  const train = parseSpan(options.train, '--train');
  const test = parseSpan(options.test, '--test');
  const plan = await buildStudyPlan(source, { store: options.store, expandStrategy: options.expandStrategy, grid: options.grid, objective: options.objective });
  if (plan.grid.dimensions.length === 0)
    throw new InputError('walkforward needs a sweep grid to choose from: add sweep: { grid: { <path>: [values] } } to the config, or --grid PATH=V1,V2', source.file);
  const objective = plan.objective;

  // The whole period as the base config runs it: where the data really starts and ends.
  const whole = await runTrial(plan, BASE);
  const start = parseDay(plan.base.period.start)!;
  const end = parseDay(whole.period.end)!;
  const folds = planFolds(start, end, train, test, options.anchored ?? false);
  const dataStart = parseDay(whole.period.start)!;
  if (dataStart > start + START_SLACK_DAYS)
    throw tooLittle(folds[0], whole.period.start, source);

  const indices = Array.from({ length: plan.grid.size }, (_, i) => i);
  const results: WalkForwardFold[] = [];
  const windows: WindowRun[] = [];
  const warnings = new Set<string>();
  let testStart: string | undefined;
  for (const fold of folds) {
    const window = { start: formatDay(fold.train.start), end: formatDay(fold.train.end) };
    say(`fold ${fold.fold}/${folds.length}: ${indices.length} trial${indices.length === 1 ? '' : 's'} on ${window.start} to ${window.end}`);
    const trials = await inFold(fold, () => (options.runTrials ? options.runTrials(plan, indices, window) : runTrials(plan, indices, { window })));
    if (parseDay(trials[0].period.start)! > fold.train.start + START_SLACK_DAYS) throw tooLittle(fold, trials[0].period.start, source);
    const best = chooseBest(trials, plan);
    if (!best)
      throw new InputError(`fold ${fold.fold} (training ${window.start} to ${window.end}): no trial has a defined ${objective.text} there; expected at least one (a longer --train, or another --objective)`);
    // The test run starts on the last close the choice saw, in cash (the previous window's last bar).
    const from = testStart ?? best.period.end;
    const run = await inFold(fold, () => runWindow(plan, source, best.index, from, formatDay(fold.test.end), options));
    for (const w of run.result.warnings) warnings.add(`fold ${fold.fold}: ${w}`);
    windows.push({ arrays: run.arrays, periodsPerYear: run.result.periodsPerYear });
    testStart = run.result.period.end;
    const oos = run.result.metrics[objective.numeraire] as unknown as Record<string, number | null>;
    results.push({
      fold: fold.fold,
      train: { start: best.period.start, end: best.period.end },
      test: { start: run.result.period.start, end: run.result.period.end },
      trial: best.index,
      chosen: best.params,
      inSample: objectiveValue(best, objective),
      outOfSample: finite(oos[objective.metric]),
      inSampleCagr: finite(best.metrics[objective.numeraire]?.cagr),
      outOfSampleCagr: finite(oos.cagr),
    });
  }

  const first = windows[0].arrays.dates[0];
  const last = windows[windows.length - 1].arrays.dates;
  const period = { start: formatDay(first), end: formatDay(last[last.length - 1]) };
  say(`base config over the out-of-sample dates, ${period.start} to ${period.end}`);
  const base = await runWindow(plan, source, BASE, period.start, period.end, options);
  const measured = measureChained(windows, base, plan.base.capital);
  const isCagrs = results.map((f) => f.inSampleCagr).filter((x): x is number => x !== null);
  const meanIs = isCagrs.length ? isCagrs.reduce((a, b) => a + b, 0) / isCagrs.length : NaN;
  const oosCagr = measured.outOfSample.metrics[objective.numeraire]?.cagr ?? null;
  return {
    study: 'walkforward',
    name: plan.base.name,
    config: { file: source.file },
    version: options.version ?? '0.0.0',
    grid: Object.fromEntries(plan.grid.dimensions.map((d) => [d.path, d.values])),
    objective: objective.text,
    train: train.text,
    test: test.text,
    anchored: options.anchored ?? false,
    numeraires: [...plan.numeraires],
    benchmark: plan.base.benchmark ?? null,
    folds: results,
    outOfSample: measured.outOfSample,
    base: measured.base,
    // Out-of-sample over in-sample annualised return; undefined when the in-sample mean is not positive.
    efficiency: oosCagr !== null && meanIs > 0 ? oosCagr / meanIs : null,
    inSampleCagr: Number.isFinite(meanIs) ? meanIs : null,
    stability: choiceStability(
      plan.grid.dimensions.map((d) => d.path),
      results.map((f) => f.chosen),
    ),
    series: measured.series,
    warnings: [...warnings],
  };
}

/** The best trial by the objective; ties go to the first in grid order; null when none is defined. */
export function chooseBest(trials: readonly TrialSummary[], plan: StudyPlan): TrialSummary | null {
  let best: TrialSummary | null = null;
  let bestValue = NaN;
  for (const t of trials) {
    const v = objectiveValue(t, plan.objective);
    if (v === null) continue;
    if (best === null || (plan.objective.higherIsBetter ? v > bestValue : v < bestValue) || (v === bestValue && t.index < best.index)) {
      best = t;
      bestValue = v;
    }
  }
  return best;
}

/** A trial over [start, end] exactly as `regime run` runs it: its YAML with the period set. */
async function runWindow(plan: StudyPlan, source: ConfigSource, index: number, start: string, end: string, options: WalkForwardOptions): Promise<RunOutput> {
  const trialSource = parseConfigText(plan.trialYaml(index), source.file);
  trialSource.config.period = { start, end };
  return runBacktest(trialSource, { store: options.store, version: options.version, expandStrategy: options.expandStrategy });
}

/** Errors inside a fold name the fold. */
async function inFold<T>(fold: Fold, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isInputError(e)) throw new InputError(`fold ${fold.fold} (training ${formatDay(fold.train.start)} to ${formatDay(fold.train.end)}, test ${formatDay(fold.test.start)} to ${formatDay(fold.test.end)}): ${(e as Error).message}`);
    throw e;
  }
}

function tooLittle(fold: Fold, dataStart: string, source: ConfigSource): InputError {
  return new InputError(
    `fold ${fold.fold}: the training window ${formatDay(fold.train.start)} to ${formatDay(fold.train.end)} has data only from ${dataStart}; expected data from its start (move period.start to ${dataStart} or later, or shorten --train)`,
    source.where(['period', 'start']),
  );
}

const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

export type { ParamValue };
