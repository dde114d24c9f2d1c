/**
 * The stages of a run after its frame: signals and regimes over the frame, targets, the
 * period's schedule and cash, the kernel, and the yardsticks it is measured in. `runBacktest`
 * chains them once; the study engine (study/) chains the same functions and keeps what the
 * trials share, so a trial is exactly the run of its config.
 */
import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { parseLag, type Series } from '../data/series.js';
import { formatDay, parseDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import { alignAsOf, coverageEnd } from '../panel/align.js';
import { simulate, type SimulationOutput } from '../simulation/kernel.js';
import { scheduleFlags } from '../simulation/schedule.js';
import { inNumeraire, USD } from '../numeraires/numeraire.js';
import type { ColumnCache } from '../signals/compile.js';
import { evaluateRegimes } from './evaluateRegimes.js';
import { expressionWeights } from './expressionWeights.js';
import { planTargets, weightKey, type TargetPlan } from './targets.js';
import { assertFiniteEquity, assertFiniteInNumeraire, assertPositiveYardstick, assertWeightRange, capWarnings, firstNonFinite, indexProxyWarnings, undefinedWeightWarnings, undeterminedRegimeWarnings } from './inputWarnings.js';
import { usesExpressions, type Frame, type Span } from './frame.js';
import { carriedGaps, carriedGapsText, maxGapDays } from './warnings.js';
import type { RegimePlan } from './validate.js';

/** Signals, regime codes and expression weights over the whole frame. */
export interface Evaluation {
  labels: string[];
  codesFull: Int32Array;
  signals: Map<string, Float64Array>;
  weightColumns: Map<string, Float64Array>;
  rules: Float64Array[];
  /** The bars where no regime could be determined (RegimeEvaluation.undetermined). */
  undetermined: Int32Array;
}

export async function evaluateOnFrame(
  frame: Frame,
  plan: RegimePlan | undefined,
  config: Config,
  source: ConfigSource,
  store: DataStore,
  cache?: ColumnCache,
  /** A study's memo of which names are series (evaluateRegimes). */
  symbols?: Map<string, string | undefined>,
): Promise<Evaluation> {
  const labels = plan ? plan.labels : ['static'];
  if (!usesExpressions(config, plan)) return { labels, codesFull: new Int32Array(frame.full.length), signals: new Map(), weightColumns: new Map(), rules: [], undetermined: new Int32Array(0) };
  const e = await evaluateRegimes(plan, config, source, store, frame.full, frame.periodsPerYear, frame.cadence, cache, symbols);
  return { labels, codesFull: e.codes, signals: e.signals, weightColumns: e.weights, rules: e.rules, undetermined: e.undetermined };
}

/** Regime codes → allocation → missing-data policy → overlays, over the whole frame. */
export function targetsOnFrame(frame: Frame, evaluation: Evaluation, config: Config): TargetPlan {
  return planTargets(config, evaluation.codesFull, evaluation.labels, frame.assets, frame.pricesFull, frame.periodsPerYear, evaluation.weightColumns);
}

/** Undefined values that decided something, and allocations the overlays cut: said, not silent. */
/**
 * The warnings a run starts with: the period against the data, and each price index held as a
 * proxy. `regime run` and every study trial (sweep, walk-forward) begin with these.
 */
export function spanWarnings(frame: Frame, span: Span): string[] {
  return [...span.warnings, ...indexProxyWarnings(frame.series.universe)];
}

/** A `periods:` date range (attribution only); `end` is Infinity when open. */
export interface PeriodRange {
  label: string;
  start: number;
  end: number;
}

export function periodRanges(config: Config): PeriodRange[] {
  return Object.entries(config.periods ?? {}).map(([label, r]) => ({
    label,
    start: parseDay(r.start)!,
    end: r.end ? parseDay(r.end)! : Infinity,
  }));
}

/** A period with no bar of the run has no return: say so, rather than show 0. Ends a run's warnings. */
export function emptyPeriodWarnings(ranges: readonly PeriodRange[], dates: Int32Array, source: ConfigSource): string[] {
  const out: string[] = [];
  for (const r of ranges)
    if (r.end < dates[0] || r.start > dates[dates.length - 1])
      out.push(
        `${source.where(['periods', r.label])}: period "${r.label}" (${formatDay(r.start)} to ${Number.isFinite(r.end) ? formatDay(r.end) : 'now'}) has no bars in the run (${formatDay(dates[0])} to ${formatDay(dates[dates.length - 1])}): its figures are empty (no bars), not 0`,
      );
  return out;
}

export function allocationWarnings(frame: Frame, span: Span, evaluation: Evaluation, plan: RegimePlan | undefined, config: Config, source: ConfigSource): string[] {
  const { first, end } = span;
  const full = frame.full.subarray(0, end);
  const codes = evaluation.codesFull.subarray(0, end);
  const warnings: string[] = [];
  if (plan) warnings.push(...undeterminedRegimeWarnings(plan, evaluation.rules.map((r) => r.subarray(0, end)), full, first, source, evaluation.undetermined));
  const weightColumnsByPlace = expressionWeights(config, plan).map((w) => ({ ...w, column: evaluation.weightColumns.get(weightKey(w.label, w.asset))?.subarray(0, end) }));
  assertWeightRange(weightColumnsByPlace, evaluation.labels, codes, full, first, source);
  warnings.push(...undefinedWeightWarnings(weightColumnsByPlace, evaluation.labels, codes, full, first, source));
  warnings.push(...capWarnings(config, source));
  return warnings;
}

/** Rebalance decisions: the schedule, the start, and (when asked) every regime change. */
export function decisions(frame: Frame, span: Span, codes: Int32Array, config: Config, plan: RegimePlan | undefined): Uint8Array {
  // The last bar is a scheduled decision only if the period runs to the end of its month (week, …).
  const decide = scheduleFlags(span.dates, config.rebalance.every, Math.min(span.endDay, frame.lastData));
  decide[0] = 1;
  if (plan && config.rebalance.on_regime_change) for (let t = 1; t < codes.length; t++) if (codes[t] !== codes[t - 1]) decide[t] = 1;
  return decide;
}

/**
 * The kernel over the period, trading to the targets decided on the frame; from cash unless
 * `start` (carried positions). `summaryOnly`: a study's trial, which reads equity and turnover
 * only (SimulationInput.summaryOnly).
 */
export function simulateSpan(frame: Frame, span: Span, targetsFull: Float64Array, decide: Uint8Array, cashRate: Float64Array, config: Config, reuse?: SimulationOutput, start?: CarriedStart, summaryOnly = false): SimulationOutput {
  const m = frame.assets.length;
  return simulate({
    dates: span.dates,
    assets: m,
    prices: frame.pricesFull.subarray(span.first * m, span.end * m),
    live: frame.liveFull?.subarray(span.first * m, span.end * m),
    targets: targetsFull.subarray(span.first * m, span.end * m),
    decide,
    cashRate,
    delay: config.execution.delay,
    band: config.rebalance.band ?? 0,
    bandRelative: config.rebalance.band_relative ?? 0,
    costRate: (config.costs.commission_bps + config.costs.slippage_bps) / 10_000,
    borrowRate: config.costs.borrow_bps / 10_000,
    financingSpread: config.costs.financing_spread_bps / 10_000,
    capital: config.capital,
    initialWeights: start?.weights,
    initialSale: start?.sold,
    summaryOnly,
  }, reuse);
}

/** A start holding carried positions: weights in the order of the frame's assets, and Σ|w| of those outside them. */
export interface CarriedStart {
  weights: Float64Array;
  /** Carried weight (Σ|w|) in assets this run does not trade: sold at its first close. */
  sold: number;
}

/**
 * Weights by asset symbol (a start holding carried positions) as a kernel column in the order
 * of `assets`. A walk-forward that switches to a choice trading other assets carries
 * positions this run cannot hold: they are sold at its first close (`sold`).
 */
export function carriedStart(assets: readonly string[], weights: Readonly<Record<string, number>>): CarriedStart {
  const out = new Float64Array(assets.length);
  let sold = 0;
  for (const [symbol, w] of Object.entries(weights)) {
    const j = assets.indexOf(symbol);
    if (j < 0) sold += Math.abs(w);
    else out[j] = w;
  }
  return { weights: out, sold };
}

/** Yearly cash rate per bar as a fraction: a fixed rate, or a rate series (percent) with its publication lag. */
export function cashRates(config: Config, series: Series | undefined, dates: Int32Array, warnings: string[]): Float64Array {
  const n = dates.length;
  if (!series) return new Float64Array(n).fill(config.cash?.rate ?? 0);
  const override = config.data?.lags?.[series.meta.symbol] ?? (config.cash?.series ? config.data?.lags?.[config.cash.series] : undefined);
  const col = alignAsOf(series, dates, override !== undefined ? parseLag(override)! : series.meta.lag);
  let undefinedBars = 0;
  for (let t = 0; t < n; t++) {
    if (col[t] !== col[t]) {
      col[t] = 0;
      undefinedBars++;
    } else col[t] /= 100;
  }
  const sym = series.meta.symbol;
  if (undefinedBars) warnings.push(`cash series ${sym} is not known for the first ${undefinedBars} bar(s) of the period: cash earned 0 % there`);
  const last = series.dates[series.dates.length - 1];
  if (coverageEnd(series) < dates[n - 1]) warnings.push(`cash series ${sym} ends ${formatDay(last)}: its last rate is carried to ${formatDay(dates[n - 1])}`);
  return col;
}

/** Each numeraire's yardstick on the period (undefined for USD), checked, with its warnings. */
export interface Yardsticks {
  columns: Map<string, Float64Array | undefined>;
  warnings: string[];
  /** The benchmark's price on the period, when the config names one. */
  benchmark?: Float64Array;
  benchmarkWarnings: string[];
}

export function yardsticks(frame: Frame, span: Span, config: Config, source: ConfigSource): Yardsticks {
  const { dates } = span;
  const n = dates.length;
  const series = frame.series;
  const columns = new Map<string, Float64Array | undefined>();
  const warnings: string[] = [];
  for (const name of config.numeraires) {
    if (name === USD) {
      columns.set(name, undefined);
      continue;
    }
    const s = series.numeraires.get(name)!;
    const col = alignAsOf(s, dates);
    if (!(col[0] > 0))
      throw new InputError(`numeraire ${name} (${s.meta.symbol}) has no positive value at the period's start ${formatDay(dates[0])}; its data starts ${formatDay(s.dates[0])}`, source.where(['numeraires', config.numeraires.indexOf(name)]));
    assertPositiveYardstick(col, dates, `numeraire ${name} (${s.meta.symbol})`, s);
    if (s.meta.frequency !== 'daily' && config.frequency === 'daily')
      warnings.push(`numeraire ${name} (${s.meta.symbol}) is ${s.meta.frequency}: equity in ${name} changes its yardstick only once a ${s.meta.frequency === 'weekly' ? 'week' : s.meta.frequency === 'quarterly' ? 'quarter' : 'month'}`);
    if (coverageEnd(s) < dates[n - 1])
      warnings.push(`numeraire ${name} (${s.meta.symbol}) ends ${formatDay(s.dates[s.dates.length - 1])}: its last value is used to the period's end ${formatDay(dates[n - 1])}`);
    // A hole in a daily yardstick flattens equity in it there, as a hole in a price would.
    const gaps = s.meta.frequency === 'daily' ? carriedGaps(s, dates, maxGapDays(config)) : undefined;
    if (gaps)
      warnings.push(`${carriedGapsText(`numeraire ${name} (${s.meta.symbol})`, 'value', gaps, maxGapDays(config))}: equity in ${name} does not move with its yardstick there`);
    columns.set(name, col);
  }
  return { columns, warnings, benchmarkWarnings: [] };
}

/** Checks the benchmark's prices on the period (errors and warnings, in a run's order). */
export function benchmarkPrices(frame: Frame, span: Span, config: Config, source: ConfigSource, y: Yardsticks): void {
  const bench = frame.series.benchmark;
  if (!bench) return;
  const { dates } = span;
  const n = dates.length;
  const b = alignAsOf(bench, dates);
  if (!(b[0] > 0))
    throw new InputError(`benchmark ${config.benchmark} has no data at the period's start ${formatDay(dates[0])}; its data starts ${formatDay(bench.dates[0])}`, source.where(['benchmark']));
  assertPositiveYardstick(b, dates, `benchmark ${config.benchmark}`, bench);
  if (bench.dates[bench.dates.length - 1] < dates[n - 1])
    y.benchmarkWarnings.push(`benchmark ${config.benchmark} ends ${formatDay(bench.dates[bench.dates.length - 1])}: its last price is carried to the end`);
  if (bench.meta.frequency !== 'daily' && config.frequency === 'daily')
    y.benchmarkWarnings.push(`benchmark ${config.benchmark} is ${bench.meta.frequency}: it moves only once a ${bench.meta.frequency === 'weekly' ? 'week' : bench.meta.frequency === 'quarterly' ? 'quarter' : 'month'}, so beta, correlation, tracking error and capture against it set daily bars against its steps`);
  const gaps = bench.meta.frequency === 'daily' ? carriedGaps(bench, dates, maxGapDays(config)) : undefined;
  if (gaps)
    y.benchmarkWarnings.push(`${carriedGapsText(`benchmark ${config.benchmark}`, 'price', gaps, maxGapDays(config))}: the benchmark does not move there`);
  y.benchmark = b;
}

/**
 * Equity in every numeraire (USD first as the config lists them), each checked finite. With
 * `reuse` (a study's trials, one after the other) the curves in numeraires are written into its
 * arrays of the same name and length, and new ones are kept there.
 */
export function equityCurves(frame: Frame, span: Span, simulation: SimulationOutput, y: Yardsticks, reuse?: Map<string, Float64Array>): Map<string, Float64Array> {
  const m = frame.assets.length;
  assertFiniteEquity(simulation.equity, span.dates, frame.pricesFull.subarray(span.first * m, span.end * m), frame.series.universe);
  const equity = new Map<string, Float64Array>();
  for (const [name, col] of y.columns) {
    let into = reuse?.get(name);
    if (col && into?.length !== col.length) reuse?.set(name, (into = new Float64Array(col.length)));
    const curve = col ? inNumeraire(simulation.equity, col, into) : simulation.equity;
    if (col) assertFiniteInNumeraire(curve, col, span.dates, name, frame.series.numeraires.get(name)!);
    equity.set(name, curve);
  }
  return equity;
}

/** The benchmark's USD curve from the capital, measured in every numeraire. */
export function benchmarkCurves(frame: Frame, span: Span, config: Config, y: Yardsticks): Map<string, Float64Array> | undefined {
  const b = y.benchmark;
  if (!b) return undefined;
  const n = span.dates.length;
  const usd = new Float64Array(n);
  for (let t = 0; t < n; t++) usd[t] = (config.capital * b[t]) / b[0];
  const out = new Map<string, Float64Array>();
  const bench = frame.series.benchmark!;
  for (const [name, col] of y.columns) {
    const curve = col ? inNumeraire(usd, col) : usd;
    if (firstNonFinite(curve) >= 0)
      throw new InputError(`the benchmark ${config.benchmark} in ${name} is not a finite number on ${formatDay(span.dates[firstNonFinite(curve)])}: its prices are too extreme to compute with; expected plausible prices in ${bench.meta.file}`, bench.meta.file);
    out.set(name, curve);
  }
  return out;
}
