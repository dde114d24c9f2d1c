/**
 * The sweep page's data: the objective of every trial as one compact array in grid order
 * (the heatmap and the distribution read it), the grid's dimensions, the best and base
 * trials, and their equity curves. Nothing per trial beyond one number, so the page stays
 * small for 10,000 trials.
 */
import type { Overfitting, ParamValue } from '@regime/core';

export interface SweepReportInput {
  name: string;
  description?: string;
  period: { start: string; end: string } | null;
  numeraires: string[];
  /** Dimensions in grid order (the first varies slowest). */
  grid: { path: string; values: ParamValue[] }[];
  objective: { text: string; metric: string; numeraire: string; higherIsBetter: boolean };
  /** The objective of every trial, in grid order (null where undefined). */
  values: (number | null)[];
  best: { index: number; params: Record<string, ParamValue>; value: number | null } | null;
  base: { value: number | null; rank: number };
  median: number | null;
  overfitting: Overfitting;
  /** Equity of the best trial and of the base config, per numeraire, on the same dates. */
  curves: { dates: string[]; best: Record<string, number[]>; base: Record<string, number[]> } | null;
  warnings: string[];
}

export interface SweepPayload {
  dims: { path: string; values: ParamValue[] }[];
  values: (number | null)[];
  objective: SweepReportInput['objective'];
  percent: boolean;
  best: number;
  numeraires: string[];
  curves: { t: number[]; best: Record<string, (number | null)[]>; base: Record<string, (number | null)[]> } | null;
}

const PERCENT_METRICS = new Set(['totalReturn', 'cagr', 'volatility', 'maxDrawdown', 'turnover']);

/** Six significant digits: enough for a heatmap and a histogram, a third of the bytes. */
const compact = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(6)));

export function buildSweepPayload(input: SweepReportInput): SweepPayload {
  const curves = input.curves
    ? {
        t: input.curves.dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
        best: Object.fromEntries(Object.entries(input.curves.best).map(([k, v]) => [k, v.map(compact)])),
        base: Object.fromEntries(Object.entries(input.curves.base).map(([k, v]) => [k, v.map(compact)])),
      }
    : null;
  return {
    dims: input.grid,
    values: input.values.map(compact),
    objective: input.objective,
    percent: PERCENT_METRICS.has(input.objective.metric),
    best: input.best?.index ?? -1,
    numeraires: input.numeraires,
    curves,
  };
}

/** Histogram of the defined values: `bins` equal bins from min to max. */
export function histogram(values: readonly (number | null)[], bins = 40): { lo: number; hi: number; counts: number[] } | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!xs.length) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (hi === lo) hi = lo + 1e-9;
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins))]++;
  return { lo, hi, counts };
}
