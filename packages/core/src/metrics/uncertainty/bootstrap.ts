import { mean, quantile, stdev } from '../stats.js';
import { optimalBlockLength } from './blockLength.js';
import { measurePath, pathColumns, type PathColumns, type PathInput } from './paths.js';
import { psrOfReturns } from './psr.js';
import { Rng } from './rng.js';
import { stationaryIndices } from './stationary.js';

/** The seed used when none is given: two runs of the same config agree. */
export const DEFAULT_SEED = 1994;

export interface BootstrapOptions {
  /** Number of resampled histories. */
  resamples: number;
  /** Mean block length in bars, or 'auto' (Politis & White). */
  block?: number | 'auto';
  seed?: number;
}

/** The 5th, 50th and 95th percentiles of a statistic over the resamples. */
export interface Interval {
  p05: number;
  p50: number;
  p95: number;
}

export const INTERVAL_METRICS = ['cagr', 'volatility', 'sharpe', 'maxDrawdown', 'calmar'] as const;
export type IntervalMetric = (typeof INTERVAL_METRICS)[number];
export type Intervals = Record<IntervalMetric, Interval | null>;

/** `uncertainty.<numeraire>` of the result document. */
export interface NumeraireUncertainty extends Intervals {
  resamples: number;
  seed: number;
  /** The mean block length used, in bars, and how it was chosen. */
  blockLength: number;
  blockRule: 'auto' | 'fixed';
  /** Strategy minus benchmark, resample by resample (null without a benchmark). */
  vsBenchmark: Intervals | null;
  /** Share of resamples in which the strategy ends with more than the benchmark (higher CAGR). */
  probBeatsBenchmark: number | null;
  /** Probabilistic Sharpe Ratio against a Sharpe of zero and against the benchmark's Sharpe. */
  psr: { vsZero: number | null; vsBenchmark: number | null };
}

export type Uncertainty = Record<string, NumeraireUncertainty>;

/** One numeraire's joint one-bar returns: strategy and benchmark over the same bars. */
export interface JointReturns {
  strategy: Float64Array;
  benchmark?: Float64Array;
  /** Risk-free return per bar (absent = 0), for Sharpe. */
  riskFree?: Float64Array;
  /** Calendar years the curve spans, for CAGR. */
  years: number;
  periodsPerYear: number;
}

/**
 * The stationary bootstrap of one numeraire's joint returns: every resample draws one set of
 * bar indices and measures both the strategy and the benchmark on them, so their correlation
 * survives. `stream` gives each numeraire its own reproducible random sequence.
 */
export function bootstrapReturns(joint: JointReturns, options: BootstrapOptions, stream = 0): NumeraireUncertainty {
  const n = joint.strategy.length;
  const N = options.resamples;
  const seed = options.seed ?? DEFAULT_SEED;
  const riskFree = joint.riskFree ?? new Float64Array(n);
  const auto = options.block === undefined || options.block === 'auto';
  // Auto: the longer of the two series' optimal lengths, so both keep their dependence.
  const blockLength = auto
    ? Math.max(optimalBlockLength(joint.strategy), joint.benchmark ? optimalBlockLength(joint.benchmark) : 1)
    : Math.min(Math.max(1, options.block as number), n);

  const strategyIn: PathInput = { returns: joint.strategy, riskFree, years: joint.years, periodsPerYear: joint.periodsPerYear };
  const benchIn: PathInput | undefined = joint.benchmark ? { ...strategyIn, returns: joint.benchmark } : undefined;
  const s = pathColumns(N);
  const b = benchIn ? pathColumns(N) : undefined;
  const shifts = (x: Float64Array) => {
    let ex = 0;
    for (let i = 0; i < n; i++) ex += x[i] - riskFree[i];
    return [mean(x), n ? ex / n : 0] as const;
  };
  const [sShift, sShiftEx] = shifts(joint.strategy);
  const [bShift, bShiftEx] = joint.benchmark ? shifts(joint.benchmark) : [0, 0];

  const rng = new Rng(seed, stream);
  const idx = new Int32Array(n);
  let beats = 0;
  for (let k = 0; k < N; k++) {
    stationaryIndices(idx, blockLength, rng);
    measurePath(strategyIn, idx, s, k, sShift, sShiftEx);
    if (benchIn && b) {
      measurePath(benchIn, idx, b, k, bShift, bShiftEx);
      if (s.cagr[k] > b.cagr[k]) beats++;
    }
  }

  const excess = (x: Float64Array) => Float64Array.from(x, (v, i) => v - riskFree[i]);
  const strategyExcess = excess(joint.strategy);
  const psr = (threshold: number) => nullable(psrOfReturns(strategyExcess, threshold));
  let vsBenchmark: Intervals | null = null;
  let benchSharpe = NaN;
  if (b && joint.benchmark) {
    const diff = pathColumns(N);
    for (const m of INTERVAL_METRICS) for (let k = 0; k < N; k++) diff[m][k] = s[m][k] - b[m][k];
    vsBenchmark = intervals(diff);
    const bx = excess(joint.benchmark);
    const sd = stdev(bx);
    benchSharpe = sd > 1e-12 ? mean(bx) / sd : NaN;
  }
  return {
    resamples: N,
    seed,
    blockLength,
    blockRule: auto ? 'auto' : 'fixed',
    ...intervals(s),
    vsBenchmark,
    probBeatsBenchmark: b ? beats / N : null,
    psr: { vsZero: psr(0), vsBenchmark: Number.isFinite(benchSharpe) ? psr(benchSharpe) : null },
  };
}

function intervals(columns: PathColumns): Intervals {
  const out = {} as Intervals;
  for (const m of INTERVAL_METRICS) out[m] = interval(columns[m]);
  return out;
}

/** Percentiles over the finite values (a Sharpe is undefined on a path without dispersion). */
export function interval(values: Float64Array): Interval | null {
  let count = 0;
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sorted[count++] = values[i];
  if (count === 0) return null;
  const finite = sorted.subarray(0, count).sort();
  return { p05: quantile(finite, 0.05), p50: quantile(finite, 0.5), p95: quantile(finite, 0.95) };
}

const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);
