/**
 * The chart data inlined in the page: computed here from a RunResult, rounded to compact
 * JSON, and sampled down only for very long runs (see MAX_POINTS).
 */
import type { RunResult } from '@regime/core';
import {
  dayOf,
  regimeSpells,
  riskFreePerBar,
  rollingStats,
  roundFixed,
  roundSig,
  sampleIndices,
  stackAllocation,
  underwater,
  type Column,
} from './compute.js';

/**
 * Points per chart series above which the inlined series are sampled evenly (first and last
 * bar kept). 20 years of days is ~5,000 bars, so daily runs up to ~40 years are inlined in full.
 * Every statistic is computed on the full series before sampling.
 */
export const MAX_POINTS = 10_000;

export const STRATEGY_COLOR = '#1f4e9c';
export const BENCHMARK_COLOR = '#8a8f98';
const NUMERAIRE_COLORS: Record<string, string> = { USD: '#1f4e9c', gold: '#c9a227' };
const EXTRA_COLORS = ['#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#9c755f'];
const ASSET_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#2f4b7c', '#a05195', '#665191'];
const REGIME_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];

export function numeraireColor(name: string, index: number): string {
  return NUMERAIRE_COLORS[name] ?? EXTRA_COLORS[index % EXTRA_COLORS.length];
}

export function regimeColor(index: number): string {
  return REGIME_COLORS[index % REGIME_COLORS.length];
}

export interface NumeraireCharts {
  equity: Column;
  bench: Column | null;
  uw: Column;
  uwBench: Column | null;
  ret: Column;
  vol: Column;
  sharpe: Column;
  beta: Column | null;
  retB: Column | null;
  volB: Column | null;
  sharpeB: Column | null;
}

export interface AllocationLayer {
  label: string;
  side: 'long' | 'short';
  color: string;
  /**
   * The layer's outer edge (cumulative weight). Its own weight is the difference to the next
   * layer on the same side (the page computes it for the legend).
   */
  edge: Column;
}

export interface ChartPayload {
  /** Bar times in seconds since 1970 (UTC midnight), as uPlot wants them. */
  x: number[];
  bars: number;
  sampled: boolean;
  numeraires: string[];
  benchmark: string | null;
  capital: number;
  frequency: string;
  /** Bars in the rolling window (one year). */
  window: number;
  byNum: Record<string, NumeraireCharts>;
  /** Allocation layers in draw order: outermost first on each side, long side first. */
  alloc: AllocationLayer[];
  /** Regime spells as [start time, end time, label index]; a spell ends where the next bar starts. */
  regimes: { labels: string[]; colors: string[]; fills: string[]; spells: [number, number, number][] } | null;
  colors: { strategy: string; benchmark: string };
  /** Open the equity chart in log scale: its curves span more than a factor of 20 (as the comparison's). */
  logDefault: boolean;
}

/** Whether curves range over more than `factor` between their lowest and highest positive values. */
export function spansMoreThan(curves: readonly (readonly number[])[], factor: number): boolean {
  let lo = Infinity;
  let hi = 0;
  for (const c of curves)
    for (const v of c)
      if (v > 0 && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  return hi / lo > factor;
}

/** The numeraires the report shows: the run's, in its order, that have an equity series. */
export function reportNumeraires(result: RunResult): string[] {
  const eq = result.series?.equity ?? {};
  const listed = (result.numeraires ?? []).filter((n) => Array.isArray(eq[n]));
  for (const n of Object.keys(eq)) if (!listed.includes(n)) listed.push(n);
  return listed;
}

/** Regime labels in the run's declared order, then any others in order of appearance. */
export function regimeLabels(result: RunResult): string[] {
  const labels = [...(result.regimes?.labels ?? [])];
  for (const l of result.series?.regime ?? []) if (l && !labels.includes(l)) labels.push(l);
  return labels;
}

/** "#rrggbb" → "rgba(r,g,b,a)". */
export function withAlpha(hex: string, alpha: number): string {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
}

export function assetColor(index: number): string {
  return ASSET_COLORS[index % ASSET_COLORS.length];
}

export function buildChartPayload(result: RunResult, maxPoints = MAX_POINTS): ChartPayload {
  const dates = result.series.dates;
  const n = dates.length;
  const idx = sampleIndices(n, maxPoints);
  const pick = (col: ArrayLike<number | null>, round: (v: number | null) => number | null): Column => idx.map((i) => round(col[i] ?? null));
  const money = (v: number | null) => roundSig(v, 7);
  const frac = (v: number | null) => roundFixed(v, 5);
  const ratio = (v: number | null) => roundFixed(v, 3);
  const days = dates.map(dayOf);
  const x = idx.map((i) => days[i] * 86_400);
  const P = result.periodsPerYear || (result.frequency === 'monthly' ? 12 : 252);
  const window = Math.round(P);
  const numeraires = reportNumeraires(result);
  const benchmarkSeries = result.series.benchmark ?? null;
  const rfUsd = riskFreePerBar(result.series.cashRate ?? [], dates);

  const byNum: Record<string, NumeraireCharts> = {};
  for (const num of numeraires) {
    const equity = result.series.equity[num];
    const bench = benchmarkSeries?.[num] ?? null;
    // Excess returns over cash in USD, over zero in other numeraires (as the run's metrics).
    const riskFree = num === 'USD' ? rfUsd : undefined;
    const roll = rollingStats({ equity, window, periodsPerYear: P, riskFree, benchmark: bench ?? undefined });
    const rollB = bench ? rollingStats({ equity: bench, window, periodsPerYear: P, riskFree }) : null;
    byNum[num] = {
      equity: pick(equity, money),
      bench: bench ? pick(bench, money) : null,
      uw: pick(underwater(equity), frac),
      uwBench: bench ? pick(underwater(bench), frac) : null,
      ret: pick(roll.ret, frac),
      vol: pick(roll.vol, frac),
      sharpe: pick(roll.sharpe, ratio),
      beta: roll.beta ? pick(roll.beta, ratio) : null,
      retB: rollB ? pick(rollB.ret, frac) : null,
      volB: rollB ? pick(rollB.vol, frac) : null,
      sharpeB: rollB ? pick(rollB.sharpe, ratio) : null,
    };
  }

  const weights = result.series.weights ?? {};
  const assets = Object.keys(weights);
  const colorOf = (asset: string) => (asset === 'cash' ? null : assetColor(Math.max(0, (result.universe ?? []).concat(assets).indexOf(asset))));
  const stack = stackAllocation(weights, n);
  const w4 = (v: number | null) => roundFixed(v, 4);
  const alloc: AllocationLayer[] = [];
  for (const side of [stack.long, stack.short]) {
    for (const layer of [...side].reverse()) {
      alloc.push({
        label: layer.label,
        side: layer.side,
        color: colorOf(layer.asset) ?? (layer.side === 'long' ? '#d5d8dc' : '#a3a8ad'),
        edge: pick(layer.edge, w4),
      });
    }
  }

  let regimes: ChartPayload['regimes'] = null;
  if (result.series.regime && result.series.regime.some((l) => l)) {
    const labels = regimeLabels(result);
    const spells = regimeSpells(result.series.regime).map((s): [number, number, number] => [
      days[s.start] * 86_400,
      days[Math.min(n - 1, s.end + 1)] * 86_400,
      labels.indexOf(s.label),
    ]);
    const colors = labels.map((_, i) => regimeColor(i));
    regimes = { labels, colors, fills: colors.map((c) => withAlpha(c, 0.14)), spells };
  }

  return {
    x,
    bars: n,
    sampled: idx.length < n,
    numeraires,
    benchmark: result.benchmark ?? null,
    capital: result.capital,
    frequency: result.frequency,
    window,
    byNum,
    alloc,
    regimes,
    colors: { strategy: STRATEGY_COLOR, benchmark: BENCHMARK_COLOR },
    logDefault: spansMoreThan(
      numeraires.flatMap((num) => [result.series.equity[num] ?? [], result.series.benchmark?.[num] ?? []]),
      20,
    ),
  };
}
