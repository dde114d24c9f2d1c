/**
 * Measuring a walk-forward: the chained test windows (every numeraire, the benchmark, the
 * cash rate) measured with the same metrics code as any run, and the base config's run over
 * the same dates beside it.
 */
import { computeMetrics } from '../../metrics/summary.js';
import { USD } from '../../numeraires/numeraire.js';
import type { RunArrays, RunOutput } from '../../run/runBacktest.js';
import { formatDay } from '../../util/dates.js';
import { chainCurves, chainValues } from './chain.js';
import { entryBar } from '../../metrics/entryBar.js';
import { SummaryBasis, summarize, type SummaryMetrics } from '../summary.js';

export interface WindowRun {
  arrays: RunArrays;
  periodsPerYear: number;
}

/** The headline metrics a walk-forward reports, per numeraire. */
export const WALKFORWARD_METRICS = ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar'] as const;
export type WalkForwardMetric = (typeof WALKFORWARD_METRICS)[number];
export type WalkForwardMetrics = Record<WalkForwardMetric, number | null>;

export interface MeasuredCurve {
  period: { start: string; end: string };
  metrics: Record<string, WalkForwardMetrics>;
}

export interface MeasuredWalkForward {
  outOfSample: MeasuredCurve & { benchmarkMetrics: Record<string, WalkForwardMetrics> | null };
  base: MeasuredCurve;
  series: { dates: string[]; outOfSample: Record<string, number[]>; base: Record<string, number[]>; benchmark: Record<string, number[]> | null };
}

export function measureChained(windows: readonly WindowRun[], base: RunOutput, capital: number): MeasuredWalkForward {
  const periodsPerYear = windows[0].periodsPerYear;
  const names = [...windows[0].arrays.equity.keys()];
  const chain = (pick: (a: RunArrays) => Float64Array) => chainCurves(windows.map((w) => ({ dates: w.arrays.dates, equity: pick(w.arrays) })), capital);
  const curves = new Map(names.map((n) => [n, chain((a) => a.equity.get(n)!)]));
  const dates = curves.get(names[0])!.dates;
  const hasBenchmark = windows.every((w) => w.arrays.benchmark);
  const benchmarks = hasBenchmark ? new Map(names.map((n) => [n, chain((a) => a.benchmark!.get(n)!).equity])) : undefined;
  const cashRate = chainValues(windows.map((w) => ({ values: w.arrays.cashRate })));

  const n = dates.length;
  const riskFree = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) riskFree[t - 1] = (cashRate[t - 1] * (dates[t] - dates[t - 1])) / 365;
  // As in a run: when the first window trades at its first close (delay 0), measure from the
  // capital before that close, so the entry costs count.
  const entry = curves.get(names[0])!.equity[0] !== capital;
  const withEntry = entryBar(entry);
  const mDates = withEntry(dates, dates[0]);
  const mRiskFree = withEntry(riskFree, 0);
  const measure = (curve: Float64Array, name: string, bench?: Float64Array, first = capital): WalkForwardMetrics =>
    pick(
      computeMetrics({
        equity: withEntry(curve, first),
        dates: mDates,
        periodsPerYear,
        riskFree: name === USD ? mRiskFree : undefined,
        benchmark: bench ? withEntry(bench, bench[0]) : undefined,
      }),
    );

  const oosMetrics: Record<string, WalkForwardMetrics> = {};
  for (const [name, c] of curves) oosMetrics[name] = measure(c.equity, name, benchmarks?.get(name));
  const benchmarkMetrics = benchmarks ? Object.fromEntries([...benchmarks].map(([name, b]) => [name, measure(b, name, undefined, b[0])])) : null;

  const period = { start: formatDay(dates[0]), end: formatDay(dates[n - 1]) };
  const baseMetrics: Record<string, WalkForwardMetrics> = {};
  for (const name of names) baseMetrics[name] = pick(base.result.metrics[name] as unknown as Record<WalkForwardMetric, number | null>);
  // The base run covers the same calendar; its curve is read by date, so a difference shows as gaps, not a shift.
  const baseByDate = new Map<number, number>();
  const baseSeries: Record<string, number[]> = {};
  for (const name of names) {
    const curve = base.arrays.equity.get(name)!;
    baseByDate.clear();
    base.arrays.dates.forEach((d, t) => baseByDate.set(d, curve[t]));
    baseSeries[name] = Array.from(dates, (d) => baseByDate.get(d) ?? NaN);
  }
  return {
    outOfSample: { period, metrics: oosMetrics, benchmarkMetrics },
    base: { period: base.result.period, metrics: baseMetrics },
    series: {
      dates: Array.from(dates, formatDay),
      outOfSample: Object.fromEntries([...curves].map(([k, c]) => [k, Array.from(c.equity)])),
      base: baseSeries,
      benchmark: benchmarks ? Object.fromEntries([...benchmarks].map(([k, b]) => [k, Array.from(b)])) : null,
    },
  };
}

function pick(m: Record<WalkForwardMetric, number | null>): WalkForwardMetrics {
  const out = {} as WalkForwardMetrics;
  for (const k of WALKFORWARD_METRICS) out[k] = m[k] === null || m[k] === undefined || !Number.isFinite(m[k] as number) ? null : (m[k] as number);
  return out;
}

/**
 * The summary metrics of bars i0..i1 of a test run, per numeraire, with the arithmetic of a
 * run's result (study/summary.ts): a fold's out-of-sample figures when one run spans several
 * folds that kept the same choice. From the run's first bar (i0 = 0) they are the run's own,
 * entry costs included when it traded at once; from a later bar, they start at that close,
 * whose trade (if any) belongs to the fold that ends there.
 */
export function foldMetrics(arrays: RunArrays, periodsPerYear: number, i0: number, i1: number, capital: number): Record<string, SummaryMetrics> {
  const equity = new Map([...arrays.equity].map(([name, curve]) => [name, curve.subarray(i0, i1 + 1)]));
  const sim = arrays.simulation;
  const turnover = sim.turnover.slice(i0, i1 + 1);
  if (i0 > 0) turnover[0] = 0;
  return summarize({
    basis: new SummaryBasis(arrays.dates.subarray(i0, i1 + 1), arrays.cashRate.subarray(i0, i1 + 1), periodsPerYear),
    capital: i0 === 0 ? capital : sim.equity[i0],
    simulation: { equity: sim.equity.subarray(i0, i1 + 1), turnover },
    equity,
  }).metrics;
}
