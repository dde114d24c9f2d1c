import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import type { Series } from '../data/series.js';
import { formatDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import { periodCodes } from '../regimes/periods.js';
import type { SimulationOutput } from '../simulation/kernel.js';
import type { RunSeries } from './inputs.js';
import { validateConfig } from './validate.js';
import { loadFrame, periodSpan } from './frame.js';
import { allocationWarnings, benchmarkCurves, benchmarkPrices, cashRates, decisions, emptyPeriodWarnings, equityCurves, evaluateOnFrame, carriedStart, periodRanges as periodRangesOf, simulateSpan, spanWarnings, targetsOnFrame, yardsticks } from './stages.js';
import { buildResult } from './buildResult.js';
import { signalThresholds } from '../signals/thresholds.js';
import { defaultAssumptions } from './assumptions.js';
import type { RunArrays, RunOutput } from './runArrays.js';
import type { BootstrapOptions } from '../metrics/uncertainty/bootstrap.js';

export interface RunOptions {
  store: DataStore;
  version?: string;
  /** Expands `strategy: { use, params }` into config blocks (from @regime/strategies). */
  expandStrategy?: (config: Config, source: ConfigSource) => Config;
  /** Attribution, trade list and signal series in the result (default true; see buildResult). */
  explain?: boolean;
  /** Resample the run's returns (`--bootstrap`) and add `uncertainty` to the result. */
  bootstrap?: BootstrapOptions;
  /**
   * Weights (by asset) held at the first close before any trade there, as fractions of the
   * capital: a start carrying positions, as a walk-forward's test window carries the previous
   * window's. Default: all cash, as `regime run` starts.
   */
  initialWeights?: Readonly<Record<string, number>>;
}

export type { RunArrays, RunOutput } from './runArrays.js';

/** Plans a config into kernel inputs, runs the simulation and measures it. */
export async function runBacktest(source: ConfigSource, options: RunOptions): Promise<RunOutput> {
  const { store } = options;
  let config = source.config;
  if (config.strategy) {
    if (!options.expandStrategy) throw new InputError('strategy: needs the strategies package (run through the regime command)', source.where(['strategy']));
    config = options.expandStrategy(config, source);
  }
  const plan = validateConfig(source, config);
  const frame = await loadFrame(store, source, config, plan);
  const span = periodSpan(frame, config, source);
  const warnings = spanWarnings(frame, span);
  const { dates, first, end } = span;
  const m = frame.assets.length;

  // Regimes (or one static allocation) → targets → overlays, over the frame.
  const evaluation = await evaluateOnFrame(frame, plan, config, source, store);
  const targetsFull = targetsOnFrame(frame, evaluation, config);
  warnings.push(...allocationWarnings(frame, span, evaluation, plan, config, source));
  const codes = evaluation.codesFull.subarray(first, end);
  const decide = decisions(frame, span, codes, config, plan);
  const cashRate = cashRates(config, frame.series.cash, dates, warnings);
  const start = options.initialWeights ? carriedStart(frame.assets, options.initialWeights) : undefined;
  const initialWeights = start?.weights;
  const simulation = simulateSpan(frame, span, targetsFull.after, decide, cashRate, config, undefined, start);
  if (simulation.ruinedAt >= 0) warnings.push(`equity fell to zero or below on ${formatDay(dates[simulation.ruinedAt])}: every position was closed and the run holds nothing after that`);

  // Numeraires: equity_usd / N, rebased. The benchmark is measured the same way.
  const y = yardsticks(frame, span, config, source);
  warnings.push(...y.warnings);
  const equity = equityCurves(frame, span, simulation, y);
  benchmarkPrices(frame, span, config, source, y);
  warnings.push(...y.benchmarkWarnings);
  const benchmark = benchmarkCurves(frame, span, config, y);

  const periodRanges = periodRangesOf(config);
  warnings.push(...emptyPeriodWarnings(periodRanges, dates, source));
  const signals = new Map([...evaluation.signals].map(([k, v]) => [k, v.subarray(0, end)]));
  const arrays: RunArrays = {
    dates,
    assets: frame.assets,
    prices: frame.pricesFull.subarray(first * m, end * m),
    targets: targetsFull.after.subarray(first * m, end * m),
    targetsBeforeOverlays: targetsFull.before.subarray(first * m, end * m),
    codes: plan ? codes : undefined,
    labels: evaluation.labels,
    cashRate,
    initialWeights,
    simulation,
    equity,
    benchmark,
    signals,
  };
  const thresholds =
    options.explain !== false && signals.size
      ? await signalThresholds(
          [
            ...(plan ? plan.labels.map((label, k) => ({ text: plan.rules[k], in: `regime ${label}` })) : []),
            ...Object.entries(config.signals ?? {}).map(([name, text]) => ({ text, in: `signal ${name}` })),
          ],
          new Set(signals.keys()),
        )
      : [];
  const result = buildResult({
    source,
    config,
    arrays,
    periodsPerYear: frame.periodsPerYear,
    hasOverlays: config.overlays.length > 0,
    periods: periodRanges.length ? { labels: periodRanges.map((r) => r.label), codes: periodCodes(dates, periodRanges) } : undefined,
    sources: collectSources(frame.series),
    warnings,
    version: options.version ?? '0.0.0',
    thresholds,
    explain: options.explain,
    bootstrap: options.bootstrap,
  });
  result.assumptions = defaultAssumptions(config);
  return { result, arrays };
}

function collectSources(series: RunSeries): { role: string; s: Series }[] {
  const out: { role: string; s: Series }[] = series.universe.map((s) => ({ role: 'asset', s }));
  if (series.benchmark) out.push({ role: 'benchmark', s: series.benchmark });
  for (const s of series.numeraires.values()) out.push({ role: 'numeraire', s });
  if (series.cash) out.push({ role: 'cash', s: series.cash });
  return out;
}
