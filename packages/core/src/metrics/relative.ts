/**
 * Benchmark-relative figures of one curve against its benchmark in the same numeraire
 * (DESIGN.md "Why did it win?"). Conventions, also in docs/attribution.md:
 *
 * - active return: the strategy's CAGR minus the benchmark's CAGR over the same dates
 *   (a yearly, compounded figure, comparable with the CAGRs shown beside it);
 * - tracking error: the annualised sample standard deviation (n - 1) of the one-bar
 *   active returns a_t = r_t - b_t, times √(bars per year);
 * - information ratio: the mean one-bar active return times bars per year, over the
 *   tracking error (arithmetic, as DESIGN.md defines it: so it is not activeReturn / TE);
 * - up/down capture: on calendar-month returns (a partial first and last month count),
 *   over the months where the benchmark rose (fell): the strategy's geometric mean monthly
 *   return over the benchmark's, (Π(1+s))^(1/k) - 1 over (Π(1+b))^(1/k) - 1. Months where
 *   the benchmark is flat count in neither.
 *
 * Each is null where undefined: fewer than two bars, a tracking error of floating-point
 * noise (a strategy that is its benchmark), no up (down) month.
 */
import type { PeriodReturn } from './periodReturns.js';
import { mean, stdev, NOISE_FLOOR } from './stats.js';

export interface RelativeMetrics {
  activeReturn: number | null;
  trackingError: number | null;
  informationRatio: number | null;
  upCapture: number | null;
  downCapture: number | null;
}

export const NO_RELATIVE: RelativeMetrics = { activeReturn: null, trackingError: null, informationRatio: null, upCapture: null, downCapture: null };

export interface RelativeInput {
  /** One-bar returns of the strategy and of the benchmark, same bars. */
  returns: Float64Array;
  benchmarkReturns: Float64Array;
  /** Calendar-month returns of each, same months in the same order. */
  monthly: readonly PeriodReturn[];
  benchmarkMonthly: readonly PeriodReturn[];
  cagr: number;
  benchmarkCagr: number;
  periodsPerYear: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function relativeMetrics(input: RelativeInput): RelativeMetrics {
  const { returns: r, benchmarkReturns: b, periodsPerYear: P } = input;
  const active = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) active[i] = r[i] - b[i];
  const sd = stdev(active);
  const trackingError = sd > NOISE_FLOOR ? sd * Math.sqrt(P) : null;
  return {
    activeReturn: finite(input.cagr - input.benchmarkCagr),
    trackingError: trackingError === null ? null : finite(trackingError),
    informationRatio: trackingError === null ? null : finite((mean(active) * P) / trackingError),
    upCapture: capture(input.monthly, input.benchmarkMonthly, 1),
    downCapture: capture(input.monthly, input.benchmarkMonthly, -1),
  };
}

/** Geometric mean monthly return of the strategy over the benchmark's, in the months the benchmark moved in `sign`. */
export function capture(monthly: readonly PeriodReturn[], benchmark: readonly PeriodReturn[], sign: 1 | -1): number | null {
  let growth = 1;
  let growthB = 1;
  let k = 0;
  for (let i = 0; i < benchmark.length && i < monthly.length; i++) {
    if (sign * benchmark[i].return <= 0) continue;
    growth *= 1 + monthly[i].return;
    growthB *= 1 + benchmark[i].return;
    k++;
  }
  if (k === 0) return null;
  const g = growth > 0 ? Math.pow(growth, 1 / k) - 1 : -1;
  const gB = Math.pow(growthB, 1 / k) - 1;
  return gB !== 0 ? finite(g / gB) : null;
}
