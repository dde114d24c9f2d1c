/**
 * The computations behind the comparison report: overlaid curves on one time axis, the
 * correlation matrix of monthly returns, and the date-range table. Pure functions over
 * result documents; the page only draws what these produce.
 */
import type { RunResult } from '@regime/core';
import { dayOf, roundFixed, roundSig, sampleIndices, underwater, type Column } from '../compute.js';
import { withAlpha } from '../data.js';

/**
 * Points per curve above which the inlined curves are sampled evenly over the shared time axis
 * (first and last kept). A common period of 20 years of days (~7,300 calendar days when a
 * crypto run trades at weekends) stays whole.
 */
export const MAX_COMPARE_POINTS = 8_000;

/**
 * One color per strategy, given by rank (the best ranked get the most distinct hues): the ten
 * Tableau colors, then ten darker or deeper ones; beyond twenty the palette repeats dashed.
 */
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#222222', '#0b5563', '#b8860b', '#5b2a86', '#c51b7d', '#4d7a1a', '#a0410d', '#14306b', '#8a8a00', '#b0506a',
];

export function strategyColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export function strategyDash(index: number): number[] | null {
  return index < PALETTE.length ? null : [6, 3];
}

export interface CompareRunInfo {
  name: string;
  color: string;
  fill: string;
  dash: number[] | null;
}

export interface ComparePayload {
  /** The shared time axis: every run's bar dates, in seconds since 1970 (UTC midnight). */
  x: number[];
  /** Bars in the shared axis before sampling. */
  bars: number;
  sampled: boolean;
  numeraires: string[];
  /** Start with the log scale: the curves span more than a factor of 20 (a crypto run beside a bond fund). */
  logDefault: boolean;
  /** The ranking: indices into `runs`, best first (the charts list the strategies in this order). */
  order: number[];
  runs: CompareRunInfo[];
  /**
   * Per numeraire, per run (in the given order): growth of 100 since the run's first bar and
   * the underwater curve, on the shared axis (null where the run has no bar: another
   * calendar, or outside its period).
   */
  byNum: Record<string, { growth: Column[]; uw: Column[] }>;
}

/** The numeraires every run reports, in the first run's order. */
export function sharedNumeraires(results: readonly RunResult[]): string[] {
  if (!results.length) return [];
  return results[0].numeraires.filter((n) => results.every((r) => Array.isArray(r.series?.equity?.[n])));
}

/**
 * The chart data. `order` is the ranking (indices into results, best first), which gives the
 * colors; the series stay in the given order.
 */
export function buildComparePayload(results: readonly RunResult[], order?: readonly number[], maxPoints = MAX_COMPARE_POINTS): ComparePayload {
  const numeraires = sharedNumeraires(results);
  const allDates = [...new Set(results.flatMap((r) => r.series.dates))].sort();
  const position = new Map(allDates.map((d, i) => [d, i]));
  const keep = sampleIndices(allDates.length, maxPoints);
  const x = keep.map((i) => dayOf(allDates[i]) * 86_400);
  const ranking = order ? [...order] : results.map((_, i) => i);
  const rankOf = new Map(ranking.map((k, rank) => [k, rank]));
  const runs = results.map((r, k) => {
    const rank = rankOf.get(k) ?? k;
    const color = strategyColor(rank);
    return { name: r.name, color, fill: withAlpha(color, 0.1), dash: strategyDash(rank) };
  });
  // Each run's bars on the shared axis; a sampled axis point shows the run's value at that date.
  const place = (r: RunResult, values: ArrayLike<number | null>, round: (v: number | null) => number | null): Column => {
    const full: Column = new Array(allDates.length).fill(null);
    r.series.dates.forEach((d, t) => (full[position.get(d)!] = round(values[t] ?? null)));
    return keep.map((i) => full[i]);
  };
  const byNum: ComparePayload['byNum'] = {};
  for (const n of numeraires) {
    byNum[n] = { growth: [], uw: [] };
    for (const r of results) {
      const equity = r.series.equity[n];
      const first = equity.find((v) => Number.isFinite(v) && v > 0) ?? NaN;
      const growth = equity.map((v) => (100 * v) / first);
      byNum[n].growth.push(place(r, growth, (v) => roundSig(v, 5)));
      byNum[n].uw.push(place(r, underwater(equity), (v) => roundFixed(v, 4)));
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const col of numeraires.length ? byNum[numeraires[0]].growth : [])
    for (const v of col)
      if (v !== null && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  return { x, bars: allDates.length, sampled: keep.length < allDates.length, numeraires, logDefault: hi / lo > 20, order: ranking, runs, byNum };
}

export interface CorrelationMatrix {
  /** The months used: those every run has a monthly return for. */
  months: string[];
  /** values[i][j]: correlation of runs i and j (null when undefined: fewer than 3 months, no variance). */
  values: (number | null)[][];
}

/** Pearson correlation of two equal-length samples; null when undefined. */
export function correlation(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  if (n < 3 || b.length !== n) return null;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (!(saa > 1e-20 && sbb > 1e-20)) return null;
  const r = sab / Math.sqrt(saa * sbb);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : null;
}

/**
 * The correlation matrix of the runs' monthly returns in one numeraire (`metrics[N].monthlyReturns`),
 * on the months common to every run, so each pair is measured on the same months.
 */
export function monthlyCorrelations(results: readonly RunResult[], numeraire: string): CorrelationMatrix {
  const maps = results.map((r) => new Map((r.metrics[numeraire]?.monthlyReturns ?? []).filter((m) => Number.isFinite(m.return)).map((m) => [m.period, m.return])));
  const months = maps.length ? [...maps[0].keys()].filter((p) => maps.every((m) => m.has(p))).sort() : [];
  const columns = maps.map((m) => months.map((p) => m.get(p)!));
  const values = columns.map((a, i) => columns.map((b, j) => (i === j ? (correlation(a, a) === null ? null : 1) : correlation(a, b))));
  return { months, values };
}

/**
 * Cell color for a correlation: white at 0, towards blue for +1 and red for −1 (at 75 % of
 * full color, so dark text stays readable).
 */
export function correlationColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'transparent';
  const c = value >= 0 ? [33, 102, 172] : [214, 96, 77];
  const k = 0.75 * Math.min(1, Math.abs(value));
  const mix = (i: number) => Math.round(255 + (c[i] - 255) * k);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}
