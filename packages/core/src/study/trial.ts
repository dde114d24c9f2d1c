/**
 * Running trials of a study plan: per trial only its config check, the rebalance decisions,
 * the kernel and the summary run; the rest comes from the plan's caches. Summaries are plain
 * data (they cross threads and machines) and depend only on the trial, never on the order
 * or the company in which trials ran.
 */
import { formatDay } from '../util/dates.js';
import { emptyPeriodWarnings, equityCurves, periodRanges, simulateSpan, spanWarnings } from '../run/stages.js';
import type { ParamValue } from './grid.js';
import { BASE, withWindow, type DateWindow, type StudyPlan, type TrialSetup } from './plan.js';
import { summarize, type MonthlyReturns, type SummaryMetrics } from './summary.js';

export interface TrialSummary {
  /** Grid index (BASE = -1 for the config as written). */
  index: number;
  /** Config path → value. */
  params: Record<string, ParamValue>;
  /** First and last bar run. */
  period: { start: string; end: string };
  metrics: Record<string, SummaryMetrics>;
  monthly: MonthlyReturns;
  warnings: string[];
}

/** A trial's equity per numeraire, for reports (best against base). */
export interface TrialCurves {
  dates: string[];
  equity: Record<string, number[]>;
}

export interface TrialOptions {
  /** Run over this window (as `regime run` with period: { start, end }), warming up on the history before it. */
  window?: DateWindow;
  /** Also return the equity curves. */
  curves?: boolean;
}

export async function runTrial(plan: StudyPlan, index: number, options: TrialOptions = {}): Promise<TrialSummary & { curves?: TrialCurves }> {
  const setup = withWindow(plan.trial(index), options.window);
  try {
    return await runSetup(plan, setup, options);
  } catch (e) {
    // An expression that a value breaks (a window of 0.5 bars) is found when it compiles.
    throw index === BASE ? e : plan.inTrial(e, setup.values, index);
  }
}

async function runSetup(plan: StudyPlan, setup: TrialSetup, options: TrialOptions): Promise<TrialSummary & { curves?: TrialCurves }> {
  const { index } = setup;
  const { config } = setup;
  const frame = await plan.frame(setup);
  const span = plan.span(frame, setup);
  const { key, evaluation } = await plan.evaluation(frame, setup);
  const { targets, warnings: allocationWarnings } = plan.targetsAndWarnings(frame, span, setup, key, evaluation);
  // The warnings of `regime run` of the trial's YAML, in the same order.
  const warnings = [...spanWarnings(frame, span), ...allocationWarnings];
  const codes = evaluation.codesFull.subarray(span.first, span.end);
  const decide = plan.decisions(frame, span, setup, key, codes);
  const markets = plan.markets(frame, span, setup);
  warnings.push(...markets.cashWarnings);
  // From here to the summary nothing awaits, so the plan's one set of kernel buffers serves every trial.
  const simulation = simulateSpan(frame, span, targets.after, decide, markets.cashRate, config, plan.kernelBuffers, undefined, true);
  plan.kernelBuffers = simulation;
  if (simulation.ruinedAt >= 0) warnings.push(`equity fell to zero or below on ${formatDay(span.dates[simulation.ruinedAt])}: every position was closed and the run holds nothing after that`);
  warnings.push(...markets.y.warnings);
  const equity = equityCurves(frame, span, simulation, markets.y, plan.curveBuffers);
  warnings.push(...markets.y.benchmarkWarnings);
  warnings.push(...emptyPeriodWarnings(periodRanges(config), span.dates, plan.source));
  const { metrics, monthly } = summarize({ basis: markets.basis, capital: config.capital, simulation, equity });
  const summary: TrialSummary & { curves?: TrialCurves } = {
    index,
    params: setup.values,
    period: { start: formatDay(span.dates[0]), end: formatDay(span.dates[span.dates.length - 1]) },
    metrics,
    monthly,
    warnings,
  };
  if (options.curves)
    summary.curves = { dates: Array.from(span.dates, formatDay), equity: Object.fromEntries([...equity].map(([k, v]) => [k, Array.from(v)])) };
  return summary;
}

/** Runs the trials with these indices, in order; `onDone` is told after each (progress). */
export async function runTrials(plan: StudyPlan, indices: readonly number[], options: { window?: DateWindow; onDone?: (done: number) => void } = {}): Promise<TrialSummary[]> {
  const out: TrialSummary[] = [];
  for (const index of indices) {
    out.push(await runTrial(plan, index, { window: options.window }));
    options.onDone?.(out.length);
  }
  return out;
}

/** Every index of the grid, in grid order. */
export function allTrials(plan: StudyPlan): number[] {
  return Array.from({ length: plan.grid.size }, (_, i) => i);
}

export { BASE };
