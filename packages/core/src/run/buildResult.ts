import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Series } from '../data/series.js';
import { formatDay, yearFraction } from '../util/dates.js';
import { barReturns, computeMetrics } from '../metrics/summary.js';
import { bootstrapReturns, type BootstrapOptions, type Uncertainty } from '../metrics/uncertainty/bootstrap.js';
import { labelStats } from '../metrics/regimeStats.js';
import { sensitivity } from '../metrics/sensitivity.js';
import { attributePnl } from '../attribution/pnl.js';
import { countTrades, listTrades, type TradesInput } from '../attribution/trades.js';
import type { SignalThreshold } from '../signals/thresholds.js';
import { USD } from '../numeraires/numeraire.js';
import type { RunArrays } from './runArrays.js';
import type { NumeraireMetrics, RegimeBlock, RunResult, TradingSummary } from './result.js';
import { entryBar } from '../metrics/entryBar.js';

export interface ResultInput {
  source: ConfigSource;
  config: Config;
  arrays: RunArrays;
  periodsPerYear: number;
  hasOverlays: boolean;
  periods?: { labels: string[]; codes: Int32Array };
  sources: { role: string; s: Series }[];
  warnings: string[];
  version: string;
  thresholds?: SignalThreshold[];
  /**
   * Attribution, the trade list and the signals' series: on by default. A study that runs a
   * config thousands of times and reads only metrics can leave them out (false).
   */
  explain?: boolean;
  /** `--bootstrap`: resample the run's returns and add `uncertainty` to the result. */
  bootstrap?: BootstrapOptions;
}

/** Measures the simulated curves and lays everything out as the result document. */
export function buildResult(input: ResultInput): RunResult {
  const { config, arrays, periodsPerYear } = input;
  const { dates, simulation: sim } = arrays;
  const n = dates.length;
  const m = arrays.assets.length;

  // Risk-free return per bar, the same accrual the simulation pays on cash (act/365).
  const riskFree = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) riskFree[t - 1] = (arrays.cashRate[t - 1] * (dates[t] - dates[t - 1])) / 365;

  const explain = input.explain !== false;
  const tradesInput: TradesInput = { dates, assets: arrays.assets, prices: arrays.prices, capital: config.capital, initialWeights: arrays.initialWeights, simulation: sim };
  const trades = explain ? listTrades(tradesInput) : null;
  const counts = trades ? { trades: trades.length, rebalances: new Set(trades.map((t) => t.date)).size } : countTrades(tradesInput);
  const trading = tradingSummary(arrays, periodsPerYear, counts);
  // With delay 0 the first trade's costs are paid at the first close, inside equity[0]: the
  // metrics then start from the capital before that close, so the costs show in the returns.
  const entry = sim.equity[0] !== config.capital;
  const withEntry = entryBar(entry);
  const mDates = withEntry(dates, dates[0]);
  const mRiskFree = withEntry(riskFree, 0);
  const metricsFor = (curves: Map<string, Float64Array>, withBenchmark: boolean): Record<string, NumeraireMetrics> => {
    const out: Record<string, NumeraireMetrics> = {};
    for (const [name, curve] of curves) {
      const bench = withBenchmark ? arrays.benchmark?.get(name) : undefined;
      const { monthly, yearly, drawdowns, ...metrics } = computeMetrics({
        equity: withEntry(curve, config.capital),
        dates: mDates,
        periodsPerYear,
        riskFree: name === USD ? mRiskFree : undefined,
        benchmark: bench ? withEntry(bench, bench[0]) : undefined,
      });
      out[name] = {
        ...metrics,
        monthlyReturns: monthly,
        yearlyReturns: yearly,
        worstDrawdowns: drawdowns.map((d) => ({
          depth: d.depth,
          peak: formatDay(mDates[d.peak]),
          trough: formatDay(mDates[d.trough]),
          recovery: d.recovery >= 0 ? formatDay(mDates[d.recovery]) : null,
          days: mDates[d.recovery >= 0 ? d.recovery : mDates.length - 1] - mDates[d.peak],
        })),
        turnover: trading.turnoverPerYear,
        costs: trading.costs.total,
        grossExposure: trading.averageGrossExposure,
        netExposure: trading.averageNetExposure,
      };
    }
    return out;
  };

  const block = (labels: string[], codes: Int32Array | undefined, creditTo: 'start' | 'end'): RegimeBlock | null => {
    if (!codes) return null;
    const stats: RegimeBlock['stats'] = {};
    for (const [name, curve] of arrays.equity)
      stats[name] = labelStats(curve, codes, labels, periodsPerYear, { creditTo, initial: config.capital, benchmark: arrays.benchmark?.get(name) });
    return { labels, stats };
  };

  const column = (matrix: Float64Array, j: number): number[] => {
    const out = new Array<number>(n);
    for (let t = 0; t < n; t++) out[t] = matrix[t * m + j];
    return out;
  };
  const byAsset = (matrix: Float64Array): Record<string, number[]> =>
    Object.fromEntries(arrays.assets.map((a, j) => [a, column(matrix, j)]));
  const toRecord = (curves: Map<string, Float64Array>) => Object.fromEntries([...curves].map(([k, v]) => [k, Array.from(v)]));

  return {
    name: config.name,
    ...(config.description !== undefined ? { description: config.description } : {}),
    version: input.version,
    config: { file: input.source.file, text: input.source.text },
    period: { start: formatDay(dates[0]), end: formatDay(dates[n - 1]) },
    frequency: config.frequency,
    periodsPerYear,
    universe: [...arrays.assets],
    benchmark: config.benchmark ?? null,
    numeraires: [...arrays.equity.keys()],
    capital: config.capital,
    execution: { delay: config.execution.delay, rebalance: config.rebalance.every, missing: config.missing },
    metrics: metricsFor(arrays.equity, true),
    benchmarkMetrics: arrays.benchmark ? metricsFor(arrays.benchmark, false) : null,
    trading,
    regimes: block(arrays.labels, arrays.codes, 'start'),
    periods: input.periods ? block(input.periods.labels, input.periods.codes, 'end') : null,
    series: {
      dates: Array.from(dates, formatDay),
      equity: toRecord(arrays.equity),
      benchmark: arrays.benchmark ? toRecord(arrays.benchmark) : null,
      weights: byAsset(sim.weights),
      targetsBeforeOverlays: input.hasOverlays ? byAsset(arrays.targetsBeforeOverlays) : null,
      targets: byAsset(arrays.targets),
      regime: arrays.codes ? Array.from(arrays.codes, (c) => arrays.labels[c]) : null,
      cashRate: Array.from(arrays.cashRate),
      signals: explain && arrays.signals.size ? signalSeries(arrays.signals, n) : null,
    },
    thresholds: input.thresholds ?? [],
    attribution: explain
      ? attributePnl({
          dates,
          assets: arrays.assets,
          prices: arrays.prices,
          capital: config.capital,
          simulation: sim,
          regimes: arrays.codes ? { labels: arrays.labels, codes: arrays.codes } : undefined,
          periods: input.periods,
        })
      : null,
    trades,
    sensitivities: (config.sensitivities ?? []).map((d) => {
      const j = arrays.assets.indexOf(d.asset);
      const col = new Float64Array(n);
      for (let t = 0; t < n; t++) col[t] = arrays.prices[t * m + j];
      const first = arrays.signals.get(d.signal)!;
      return sensitivity(d.asset, d.signal, d.horizon, col, first.subarray(first.length - n));
    }),
    data: {
      sources: input.sources.map(({ role, s }) => ({
        symbol: s.meta.symbol,
        file: s.meta.file,
        role,
        first: formatDay(s.dates[0]),
        last: formatDay(s.dates[s.dates.length - 1]),
        rows: s.dates.length,
        ...(s.meta.description ? { description: s.meta.description } : {}),
      })),
    },
    warnings: input.warnings,
    ...(input.bootstrap ? { uncertainty: uncertaintyOf(input.bootstrap) } : {}),
  };

  /** Each numeraire's joint strategy/benchmark returns, from the same curves the metrics measure. */
  function uncertaintyOf(options: BootstrapOptions): Uncertainty {
    const years = yearFraction(mDates[0], mDates[mDates.length - 1]);
    const out: Uncertainty = {};
    [...arrays.equity].forEach(([name, curve], stream) => {
      const bench = arrays.benchmark?.get(name);
      out[name] = bootstrapReturns(
        {
          strategy: barReturns(withEntry(curve, config.capital)),
          benchmark: bench ? barReturns(withEntry(bench, bench[0])) : undefined,
          riskFree: name === USD ? mRiskFree : undefined,
          years,
          periodsPerYear,
        },
        options,
        stream,
      );
    });
    return out;
  }
}

/** The last n values of each signal (the columns include the warm-up before the period), NaN as null. */
function signalSeries(signals: Map<string, Float64Array>, n: number): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  for (const [name, col] of signals) {
    const from = col.length - n;
    const values = new Array<number | null>(n);
    for (let t = 0; t < n; t++) {
      const v = col[from + t];
      values[t] = Number.isFinite(v) ? v : null;
    }
    out[name] = values;
  }
  return out;
}

function tradingSummary(arrays: RunArrays, periodsPerYear: number, counts: { trades: number; rebalances: number }): TradingSummary {
  const { dates, simulation: sim } = arrays;
  const n = dates.length;
  const m = arrays.assets.length;
  let turnover = 0;
  let trading = 0;
  let borrow = 0;
  let financing = 0;
  let interest = 0;
  let gross = 0;
  let net = 0;
  for (let t = 0; t < n; t++) {
    turnover += sim.turnover[t];
    trading += sim.tradingCost[t];
    borrow += sim.borrowCost[t];
    financing += sim.financingCost[t];
    interest += sim.cashInterest[t];
    let g = 0;
    let s = 0;
    for (let j = 0; j < m; j++) {
      const w = sim.weights[t * m + j];
      g += Math.abs(w);
      s += w;
    }
    gross += g;
    net += s;
  }
  const years = yearFraction(dates[0], dates[n - 1]) || (n - 1) / periodsPerYear;
  return {
    turnoverPerYear: years > 0 ? turnover / years : 0,
    ...counts,
    costs: { trading, borrow, financing, total: trading + borrow + financing },
    cashInterest: interest,
    averageGrossExposure: gross / n,
    averageNetExposure: net / n,
  };
}
