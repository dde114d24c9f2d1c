import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { parseLag, type Series } from '../data/series.js';
import { formatDay, parseDay, weekday } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import { alignAsOf, coverageEnd } from '../panel/align.js';
import { buildCalendar, lowerBound, warmupBefore } from '../panel/calendar.js';
import { periodCodes } from '../regimes/periods.js';
import { simulate } from '../simulation/kernel.js';
import { scheduleFlags } from '../simulation/schedule.js';
import { inNumeraire, USD } from '../numeraires/numeraire.js';
import { loadRunSeries } from './inputs.js';
import { validateConfig } from './validate.js';
import { assertDataPresent, requiredSymbols } from './requiredSymbols.js';
import { evaluateRegimes } from './evaluateRegimes.js';
import { expressionWeights } from './expressionWeights.js';
import { planTargets, weightKey } from './targets.js';
import { assertFiniteEquity, assertFiniteInNumeraire, assertPositiveYardstick, assertWeightRange, capWarnings, firstNonFinite, undefinedWeightWarnings, undeterminedRegimeWarnings } from './inputWarnings.js';
import { calendarHoleWarnings, priceWarnings } from './warnings.js';
import { buildResult } from './buildResult.js';
import type { RunArrays, RunOutput } from './runArrays.js';
import type { BootstrapOptions } from '../metrics/uncertainty/bootstrap.js';

export interface RunOptions {
  store: DataStore;
  version?: string;
  /** Expands `strategy: { use, params }` into config blocks (from @regime/strategies). */
  expandStrategy?: (config: Config, source: ConfigSource) => Config;
  /** Resample the run's returns (`--bootstrap`) and add `uncertainty` to the result. */
  bootstrap?: BootstrapOptions;
}

export type { RunArrays, RunOutput } from './runArrays.js';

const MAX_GAP_DAYS = { daily: 10, monthly: 45 } as const;

/** Plans a config into kernel inputs, runs the simulation and measures it. */
export async function runBacktest(source: ConfigSource, options: RunOptions): Promise<RunOutput> {
  const { store } = options;
  let config = source.config;
  if (config.strategy) {
    if (!options.expandStrategy) throw new InputError('strategy: needs the strategies package (run through the regime command)', source.where(['strategy']));
    config = options.expandStrategy(config, source);
  }
  const plan = validateConfig(source, config);
  assertDataPresent(await requiredSymbols(config, store), store, source.where);
  const warnings: string[] = [];
  const series = await loadRunSeries(store, source, config);

  // Calendar: every traded day (history too, for warm-up), then the period inside it.
  const startDay = parseDay(config.period.start)!;
  const endDay = config.period.end ? parseDay(config.period.end)! : Infinity;
  const traded = buildCalendar(series.universe, endDay, config.frequency);
  const tradedFirst = lowerBound(traded, startDay);
  const firstData = Math.min(...series.universe.map((s) => s.dates[0]));
  const lastData = Math.max(...series.universe.map((s) => s.dates[s.dates.length - 1]));
  if (tradedFirst >= traded.length) {
    throw new InputError(
      `the period (${config.period.start} to ${config.period.end ?? 'the end of the data'}) has no trading days: the universe's data ${traded.length === 0 ? `starts ${formatDay(firstData)}` : `ends ${formatDay(lastData)}`}; expected a period that overlaps ${formatDay(firstData)} to ${formatDay(lastData)}`,
      source.where(['period']),
    );
  }
  // A period ending on a weekend or holiday is not "after the data"; a few days' slack.
  if (config.period.end && lastData < endDay - 4)
    warnings.push(`period.end ${config.period.end} is after the last data of the universe (${formatDay(lastData)}): the run ends there`);
  const tradedDates = traded.subarray(tradedFirst);
  if (tradedDates.length < 2)
    throw new InputError(`the period has only ${tradedDates.length} trading day (${formatDay(tradedDates[0])}) in the data: expected at least two, a start and an end`, source.where(['period']));
  // 365 bars a year when an asset of the universe trades every day (crypto): a property of the
  // instruments, so it does not depend on how far the period runs (no look-ahead in windows).
  const everyDay = series.universe.some((s) => hasWeekends(s.dates));
  const periodsPerYear = config.annualization ?? (config.frequency === 'monthly' ? 12 : everyDay ? 365 : 252);

  // Expressions warm up on up to three years of bars before the first traded day, where only
  // macro series have data, so a yoy(M2) is live from day one even for late-listed assets.
  const usesExpressions = plan !== undefined || config.signals !== undefined || expressionWeights(config, plan).length > 0;
  const cadence = config.frequency === 'monthly' ? 'month-ends' : everyDay ? 'every-day' : 'weekdays';
  const warmup = usesExpressions ? warmupBefore(traded[0], 3 * (config.frequency === 'monthly' ? 12 : everyDay ? 365 : 252), cadence) : new Int32Array(0);
  const full = new Int32Array(warmup.length + traded.length);
  full.set(warmup);
  full.set(traded, warmup.length);
  const first = tradedFirst + warmup.length;
  const dates = full.subarray(first);
  const n = dates.length;
  const assets = [...config.universe!];
  const m = assets.length;
  const pricesFull = new Float64Array(full.length * m);
  series.universe.forEach((s, j) => {
    const col = alignAsOf(s, full);
    for (let t = 0; t < full.length; t++) pricesFull[t * m + j] = col[t];
    warnings.push(...priceWarnings(s, 'asset', dates, config.data?.max_gap_days ?? MAX_GAP_DAYS[config.frequency], config.missing));
  });
  warnings.push(...calendarHoleWarnings(dates, config.data?.max_gap_days ?? MAX_GAP_DAYS[config.frequency], series.universe.map((s) => s.meta.symbol)));
  // A few days' slack: a period starting on a weekend or holiday is not "before the data".
  if (dates[0] > startDay + 4)
    warnings.push(`period.start ${config.period.start} is before the first data of the universe (${formatDay(dates[0])}): the run starts there`);

  // Regimes (or one static allocation) → targets → overlays, over the full calendar.
  const labels = plan ? plan.labels : ['static'];
  let codesFull: Int32Array = new Int32Array(full.length);
  let signals = new Map<string, Float64Array>();
  let weightColumns = new Map<string, Float64Array>();
  let ruleColumns: Float64Array[] = [];
  if (plan || config.signals || expressionWeights(config, plan).length)
    ({ codes: codesFull, signals, weights: weightColumns, rules: ruleColumns } = await evaluateRegimes(plan, config, source, store, full, periodsPerYear, cadence));
  const targetsFull = planTargets(config, codesFull, labels, assets, pricesFull, periodsPerYear, weightColumns);
  // Undefined values that decided something, and allocations the overlays cut: said, not silent.
  if (plan) warnings.push(...undeterminedRegimeWarnings(plan, ruleColumns, full, first, source));
  const weightColumnsByPlace = expressionWeights(config, plan).map((w) => ({ ...w, column: weightColumns.get(weightKey(w.label, w.asset)) }));
  assertWeightRange(weightColumnsByPlace, labels, codesFull, full, first, source);
  warnings.push(...undefinedWeightWarnings(weightColumnsByPlace, labels, codesFull, full, first, source));
  warnings.push(...capWarnings(config, source));

  const prices = pricesFull.subarray(first * m);
  const targets = targetsFull.after.subarray(first * m);
  const codes = codesFull.subarray(first);

  // The last bar is a scheduled decision only if the period runs to the end of its month (week, …).
  const decide = scheduleFlags(dates, config.rebalance.every, Math.min(endDay, lastData));
  decide[0] = 1;
  if (plan && config.rebalance.on_regime_change) for (let t = 1; t < n; t++) if (codes[t] !== codes[t - 1]) decide[t] = 1;

  const cashRate = cashRates(config, series.cash, dates, warnings);
  const simulation = simulate({
    dates,
    assets: m,
    prices,
    targets,
    decide,
    cashRate,
    delay: config.execution.delay,
    band: config.rebalance.band ?? 0,
    bandRelative: config.rebalance.band_relative ?? 0,
    costRate: (config.costs.commission_bps + config.costs.slippage_bps) / 10_000,
    borrowRate: config.costs.borrow_bps / 10_000,
    financingSpread: config.costs.financing_spread_bps / 10_000,
    capital: config.capital,
  });
  if (simulation.ruinedAt >= 0) warnings.push(`equity fell to zero or below on ${formatDay(dates[simulation.ruinedAt])}: every position was closed and the run holds nothing after that`);

  // Numeraires: equity_usd / N, rebased. The benchmark is measured the same way.
  const yardsticks = new Map<string, Float64Array | undefined>();
  for (const name of config.numeraires) {
    if (name === USD) {
      yardsticks.set(name, undefined);
      continue;
    }
    const s = series.numeraires.get(name)!;
    const col = alignAsOf(s, dates);
    if (!(col[0] > 0))
      throw new InputError(`numeraire ${name} (${s.meta.symbol}) has no positive value at the period's start ${formatDay(dates[0])}; its data starts ${formatDay(s.dates[0])}`, source.where(['numeraires', config.numeraires.indexOf(name)]));
    assertPositiveYardstick(col, dates, `numeraire ${name} (${s.meta.symbol})`, s);
    if (s.meta.frequency !== 'daily' && config.frequency === 'daily')
      warnings.push(`numeraire ${name} (${s.meta.symbol}) is ${s.meta.frequency}: equity in ${name} changes its yardstick only once a ${s.meta.frequency === 'weekly' ? 'week' : 'month'}`);
    if (coverageEnd(s) < dates[n - 1])
      warnings.push(`numeraire ${name} (${s.meta.symbol}) ends ${formatDay(s.dates[s.dates.length - 1])}: its last value is used to the period's end ${formatDay(dates[n - 1])}`);
    yardsticks.set(name, col);
  }
  assertFiniteEquity(simulation.equity, dates, prices, series.universe);
  const equity = new Map<string, Float64Array>();
  for (const [name, col] of yardsticks) {
    const curve = col ? inNumeraire(simulation.equity, col) : simulation.equity;
    if (col) assertFiniteInNumeraire(curve, col, dates, name, series.numeraires.get(name)!);
    equity.set(name, curve);
  }

  let benchmark: Map<string, Float64Array> | undefined;
  if (series.benchmark) {
    const b = alignAsOf(series.benchmark, dates);
    if (!(b[0] > 0))
      throw new InputError(`benchmark ${config.benchmark} has no data at the period's start ${formatDay(dates[0])}; its data starts ${formatDay(series.benchmark.dates[0])}`, source.where(['benchmark']));
    assertPositiveYardstick(b, dates, `benchmark ${config.benchmark}`, series.benchmark);
    if (series.benchmark.dates[series.benchmark.dates.length - 1] < dates[n - 1])
      warnings.push(`benchmark ${config.benchmark} ends ${formatDay(series.benchmark.dates[series.benchmark.dates.length - 1])}: its last price is carried to the end`);
    const usd = new Float64Array(n);
    for (let t = 0; t < n; t++) usd[t] = (config.capital * b[t]) / b[0];
    benchmark = new Map();
    for (const [name, col] of yardsticks) {
      const curve = col ? inNumeraire(usd, col) : usd;
      if (firstNonFinite(curve) >= 0)
        throw new InputError(`the benchmark ${config.benchmark} in ${name} is not a finite number on ${formatDay(dates[firstNonFinite(curve)])}: its prices are too extreme to compute with; expected plausible prices in ${series.benchmark.meta.file}`, series.benchmark.meta.file);
      benchmark.set(name, curve);
    }
  }

  const periodRanges = Object.entries(config.periods ?? {}).map(([label, r]) => ({
    label,
    start: parseDay(r.start)!,
    end: r.end ? parseDay(r.end)! : Infinity,
  }));
  // A period with no bar of the run has no return: say so, rather than show 0.
  for (const r of periodRanges)
    if (r.end < dates[0] || r.start > dates[n - 1])
      warnings.push(
        `${source.where(['periods', r.label])}: period "${r.label}" (${formatDay(r.start)} to ${Number.isFinite(r.end) ? formatDay(r.end) : 'now'}) has no bars in the run (${formatDay(dates[0])} to ${formatDay(dates[n - 1])}): its figures are empty (no bars), not 0`,
      );
  const arrays: RunArrays = {
    dates,
    assets,
    prices,
    targets,
    targetsBeforeOverlays: targetsFull.before.subarray(first * m),
    codes: plan ? codes : undefined,
    labels,
    cashRate,
    simulation,
    equity,
    benchmark,
    signals,
  };
  const result = buildResult({
    source,
    config,
    arrays,
    periodsPerYear,
    hasOverlays: config.overlays.length > 0,
    periods: periodRanges.length ? { labels: periodRanges.map((r) => r.label), codes: periodCodes(dates, periodRanges) } : undefined,
    sources: collectSources(series),
    warnings,
    version: options.version ?? '0.0.0',
    bootstrap: options.bootstrap,
  });
  return { result, arrays };
}

/** A calendar with weekend bars (crypto trades every day) annualises with 365. */
function hasWeekends(dates: Int32Array): boolean {
  let weekend = 0;
  for (let t = 0; t < dates.length; t++) {
    const d = weekday(dates[t]);
    if (d === 0 || d === 6) weekend++;
  }
  return weekend > dates.length * 0.1;
}

/** Yearly cash rate per bar as a fraction: a fixed rate, or a rate series (percent) with its publication lag. */
function cashRates(config: Config, series: Series | undefined, dates: Int32Array, warnings: string[]): Float64Array {
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

function collectSources(series: Awaited<ReturnType<typeof loadRunSeries>>): { role: string; s: Series }[] {
  const out: { role: string; s: Series }[] = series.universe.map((s) => ({ role: 'asset', s }));
  if (series.benchmark) out.push({ role: 'benchmark', s: series.benchmark });
  for (const s of series.numeraires.values()) out.push({ role: 'numeraire', s });
  if (series.cash) out.push({ role: 'cash', s: series.cash });
  return out;
}
