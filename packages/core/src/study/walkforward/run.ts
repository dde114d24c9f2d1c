/**
 * `regime walkforward`: in each fold every trial of the sweep grid runs on the training
 * window (warming up on the history before it), the best by the objective is chosen, and that
 * trial runs on the test window, carrying the positions the previous window ended with (the
 * first window starts in cash). The chained test windows are the out-of-sample equity,
 * measured like any run.
 */
import { parseConfigText, type ConfigSource } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { DataStore } from '../../data/dataDir.js';
import { runBacktest, type RunArrays, type RunOutput } from '../../run/runBacktest.js';
import { formatDay, parseDay } from '../../util/dates.js';
import { InputError, isInputError } from '../../util/errors.js';
import { objectiveValue } from '../document.js';
import type { ParamValue } from '../grid.js';
import { BASE, buildStudyPlan, type StudyPlan } from '../plan.js';
import { allTrials, runTrial, runTrials, type TrialSummary } from '../trial.js';
import { planFolds, parseSpan, type Fold } from './folds.js';
import { foldMetrics, measureChained, type WindowRun } from './measure.js';
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

/**
 * A window needs data from (nearly) its first day: its first bar may lie a week after it
 * (weekends, holidays) with daily bars, and a month and a week with monthly bars, whose first
 * bar is the first month's last trading day at or after the window's first day (a window
 * starting on Saturday 31 January 2009 first trades on 27 February) however early the data starts.
 */
export function startSlackDays(frequency: Config['frequency']): number {
  return frequency === 'monthly' ? 31 + 7 : 7;
}

export async function runWalkForward(source: ConfigSource, options: WalkForwardOptions): Promise<WalkForwardDocument> {
  const say = options.onProgress ?? (() => {});
  const train = parseSpan(options.train, '--train');
  const test = parseSpan(options.test, '--test');
  const plan = await buildStudyPlan(source, { store: options.store, expandStrategy: options.expandStrategy, grid: options.grid, objective: options.objective });
  if (plan.grid.dimensions.length === 0)
    throw new InputError('walkforward needs a sweep grid to choose from: add sweep: { grid: { <path>: [values] } } to the config, or --grid PATH=V1,V2', source.file);
  const objective = plan.objective;
  const slack = startSlackDays(plan.base.frequency);

  // The whole period as the base config runs it: where the data really starts and ends.
  const whole = await runTrial(plan, BASE);
  const start = parseDay(plan.base.period.start)!;
  const end = parseDay(whole.period.end)!;
  const folds = planFolds(start, end, train, test, options.anchored ?? false);
  const dataStart = parseDay(whole.period.start)!;
  if (dataStart > start + slack) throw tooLittle(folds[0], whole.period.start, source);

  // Training: in every fold, the grid's best trial on the training window.
  const indices = allTrials(plan);
  const choices: TrialSummary[] = [];
  for (const fold of folds) {
    const window = { start: formatDay(fold.train.start), end: formatDay(fold.train.end) };
    say(`fold ${fold.fold}/${folds.length}: ${indices.length} trial${indices.length === 1 ? '' : 's'} on ${window.start} to ${window.end}`);
    const trials = await inFolds([fold], () => (options.runTrials ? options.runTrials(plan, indices, window) : runTrials(plan, indices, { window })));
    if (parseDay(trials[0].period.start)! > fold.train.start + slack) throw tooLittle(fold, trials[0].period.start, source);
    const best = chooseBest(trials, plan);
    if (!best)
      throw new InputError(`fold ${fold.fold} (training ${window.start} to ${window.end}): no trial has a defined ${objective.text} there; expected at least one (a longer --train, or another --objective)`);
    choices.push(best);
  }

  // Testing. The account carries its positions from one test window to the next: a fold that
  // keeps the previous fold's choice simply goes on (one run over both windows: no trade at
  // the refit, orders in flight go through), and a fold that switches starts a new run on the
  // shared close holding what the previous run held after it, so the new choice pays costs
  // only on the weights it changes. The first run starts in cash, as `regime run` does.
  const results: WalkForwardFold[] = [];
  const windows: WindowRun[] = [];
  const warnings = new Set<string>();
  let from = choices[0].period.end; // the first test run starts on the last close the choice saw
  let carried: Record<string, number> | undefined;
  for (let a = 0; a < folds.length; ) {
    let b = a;
    while (b + 1 < folds.length && choices[b + 1].index === choices[a].index) b++;
    const span = folds.slice(a, b + 1);
    const best = choices[a];
    const run = await inFolds(span, () => runWindow(plan, source, best.index, from, formatDay(folds[b].test.end), options, carried));
    for (const w of run.result.warnings) warnings.add(`${foldsLabel(span)}: ${w}`);
    windows.push({ arrays: run.arrays, periodsPerYear: run.result.periodsPerYear });
    const { dates } = run.arrays;
    let i0 = 0;
    for (let k = a; k <= b; k++) {
      // The fold's bars: from the previous fold's last close (shared) to its own last.
      let i1 = dates.length - 1;
      if (k < b) for (i1 = i0; i1 + 1 < dates.length && dates[i1 + 1] <= folds[k].test.end; ) i1++;
      const oos = foldMetrics(run.arrays, run.result.periodsPerYear, i0, i1, run.result.capital)[objective.numeraire];
      const chosen = choices[k];
      results.push({
        fold: folds[k].fold,
        train: { start: chosen.period.start, end: chosen.period.end },
        test: { start: formatDay(dates[i0]), end: formatDay(dates[i1]) },
        trial: chosen.index,
        chosen: chosen.params,
        inSample: objectiveValue(chosen, objective),
        outOfSample: finite(oos?.[objective.metric]),
        inSampleCagr: finite(chosen.metrics[objective.numeraire]?.cagr),
        outOfSampleCagr: finite(oos?.cagr),
      });
      i0 = i1;
    }
    from = run.result.period.end;
    carried = lastWeights(run.arrays);
    a = b + 1;
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

/**
 * A trial over [start, end] exactly as `regime run` runs it (its YAML with the period set),
 * starting from `initialWeights` when given, else in cash.
 */
async function runWindow(plan: StudyPlan, source: ConfigSource, index: number, start: string, end: string, options: WalkForwardOptions, initialWeights?: Record<string, number>): Promise<RunOutput> {
  const trialSource = parseConfigText(plan.trialYaml(index), source.file);
  trialSource.config.period = { start, end };
  return runBacktest(trialSource, { store: options.store, version: options.version, expandStrategy: options.expandStrategy, initialWeights });
}

/** What a run holds after its last close, by asset (zeros left out). */
function lastWeights(arrays: RunArrays): Record<string, number> {
  const m = arrays.assets.length;
  const row = arrays.simulation.weights.subarray((arrays.dates.length - 1) * m, arrays.dates.length * m);
  const out: Record<string, number> = {};
  arrays.assets.forEach((asset, j) => {
    if (row[j] !== 0) out[asset] = row[j];
  });
  return out;
}

/** `fold 3` or `folds 3–5`. */
function foldsLabel(folds: readonly Fold[]): string {
  return folds.length === 1 ? `fold ${folds[0].fold}` : `folds ${folds[0].fold}–${folds[folds.length - 1].fold}`;
}

/** Errors inside a fold (or a run over consecutive folds) name it. */
async function inFolds<T>(folds: readonly Fold[], f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const a = folds[0];
    const b = folds[folds.length - 1];
    if (isInputError(e)) throw new InputError(`${foldsLabel(folds)} (training ${formatDay(a.train.start)} to ${formatDay(a.train.end)}, test ${formatDay(a.test.start)} to ${formatDay(b.test.end)}): ${(e as Error).message}`);
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
