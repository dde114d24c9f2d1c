/**
 * Running trials of a study plan: per trial only its config check, the rebalance decisions,
 * the kernel and the summary run; the rest comes from the plan's caches. Summaries are plain
 * data (they cross threads and machines) and depend only on the trial, never on the order
 * or the company in which trials ran.
 */
import { formatDay } from '../util/dates.js';
import { emptyPeriodWarnings, equityCurves, periodRanges, spanInput, spanWarnings } from '../run/stages.js';
import type { Frame, Span } from '../run/frame.js';
import { simulateLanes, type SimulationInput, type SimulationOutput } from '../simulation/kernel.js';
import { SUMMARY_PASS_MAX_LANES } from '../simulation/summaryPass.js';
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
    const prepared = await prepare(plan, setup);
    // From here to the summary nothing awaits, so the plan's kernel buffers serve every trial.
    const [simulation] = simulateLanes([prepared.input], plan.kernelBuffers);
    plan.kernelBuffers[0] = simulation;
    return finish(plan, prepared, simulation, options);
  } catch (e) {
    // An expression that a value breaks (a window of 0.5 bars) is found when it compiles.
    throw index === BASE ? e : plan.inTrial(e, setup.values, index);
  }
}

/** A trial up to its kernel: the kernel's input, and what its summary reads after the kernel. */
interface PreparedTrial {
  setup: TrialSetup;
  frame: Frame;
  span: Span;
  markets: ReturnType<StudyPlan['markets']>;
  input: SimulationInput;
  /** The warnings before the kernel's, in the order `regime run` gives them. */
  warnings: string[];
}

async function prepare(plan: StudyPlan, setup: TrialSetup): Promise<PreparedTrial> {
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
  const input = spanInput(frame, span, targets.after, decide, markets.cashRate, config, undefined, true);
  return { setup, frame, span, markets, input, warnings };
}

/** The rest of a trial once its kernel has run: its checks, curves and summary (synchronous). */
function finish(plan: StudyPlan, p: PreparedTrial, simulation: SimulationOutput, options: TrialOptions): TrialSummary & { curves?: TrialCurves } {
  const { setup, frame, span, markets, warnings } = p;
  const { config } = setup;
  if (simulation.ruinedAt >= 0) warnings.push(`equity fell to zero or below on ${formatDay(span.dates[simulation.ruinedAt])}: every position was closed and the run holds nothing after that`);
  warnings.push(...markets.y.warnings);
  const equity = equityCurves(frame, span, simulation, markets.y, plan.curveBuffers);
  warnings.push(...markets.y.benchmarkWarnings);
  warnings.push(...emptyPeriodWarnings(periodRanges(config), span.dates, plan.source));
  const { metrics, monthly } = summarize({ basis: markets.basis, capital: config.capital, simulation, equity });
  const summary: TrialSummary & { curves?: TrialCurves } = {
    index: setup.index,
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

/**
 * Runs the trials with these indices, in order; `onDone` is told after each (progress). Trials
 * that follow one another and differ only in costs or capital (study/order.ts runs a sweep so)
 * share one kernel pass (simulateLanes); each summary is what runTrial gives for it alone, and
 * an error is the one the first failing trial would give run one by one.
 */
export async function runTrials(plan: StudyPlan, indices: readonly number[], options: { window?: DateWindow; onDone?: (done: number) => void } = {}): Promise<TrialSummary[]> {
  const out: TrialSummary[] = [];
  let group: PreparedTrial[] = [];
  const flush = () => {
    const simulations = simulateLanes(
      group.map((p) => p.input),
      plan.kernelBuffers,
    );
    group.forEach((p, k) => {
      plan.kernelBuffers[k] = simulations[k];
      try {
        out.push(finish(plan, p, simulations[k], {}));
      } catch (e) {
        throw p.setup.index === BASE ? e : plan.inTrial(e, p.setup.values, p.setup.index);
      }
      options.onDone?.(out.length);
    });
    group = [];
  };
  for (const index of indices) {
    let prepared: PreparedTrial;
    try {
      const setup = withWindow(plan.trial(index), options.window);
      try {
        prepared = await prepare(plan, setup);
      } catch (e) {
        throw index === BASE ? e : plan.inTrial(e, setup.values, index);
      }
    } catch (e) {
      // The trials before this one come first: one of them may fail on its own.
      if (group.length) flush();
      throw e;
    }
    if (group.length === SUMMARY_PASS_MAX_LANES || (group.length && !laneMates(group[0].input, prepared.input))) flush();
    group.push(prepared);
  }
  if (group.length) flush();
  return out;
}

/** Whether two trials' kernels read the same prices, targets, decisions and cash rates (simulateLanes runs them together). */
function laneMates(a: SimulationInput, b: SimulationInput): boolean {
  return a.targets.buffer === b.targets.buffer && a.decide === b.decide && a.cashRate === b.cashRate && a.delay === b.delay && a.dates === b.dates;
}

/** Every index of the grid, in grid order. */
export function allTrials(plan: StudyPlan): number[] {
  return Array.from({ length: plan.grid.size }, (_, i) => i);
}

export { BASE };
