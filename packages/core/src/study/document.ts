/**
 * Aggregating a sweep: the ranking by the objective, the overfitting figures and the JSON
 * document of DESIGN.md "Studies". Trials may arrive in any order (threads, machines): they
 * are put in grid order first, so the document never depends on how they ran.
 */
import type { ConfigSource } from '../config/load.js';
import { USD } from '../numeraires/numeraire.js';
import type { Grid, ParamValue } from './grid.js';
import type { Objective } from './objective.js';
import { deflatedSharpe, pbo, probabilisticSharpe, seriesMoments, type PboResult } from './overfitting.js';
import type { SummaryMetrics } from './summary.js';
import type { TrialSummary } from './trial.js';
import { NOISE_FLOOR } from '../metrics/stats.js';

/** The objective's value of a trial (null when undefined). */
export function objectiveValue(trial: TrialSummary, objective: Objective): number | null {
  const v = trial.metrics[objective.numeraire]?.[objective.metric];
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

/** Compares two trials: the better first; undefined objectives last; ties by grid index. */
export function compareTrials(objective: Objective): (a: TrialSummary, b: TrialSummary) => number {
  return (a, b) => {
    const x = objectiveValue(a, objective);
    const y = objectiveValue(b, objective);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    if (x !== y) return objective.higherIsBetter ? y - x : x - y;
    return a.index - b.index;
  };
}

/** Trials best first. */
export function rankTrials(trials: readonly TrialSummary[], objective: Objective): TrialSummary[] {
  return [...trials].sort(compareTrials(objective));
}

/** 1-based place a result would take among the trials: one more than the trials strictly better (a tie shares the place). */
export function rankOf(result: TrialSummary, trials: readonly TrialSummary[], objective: Objective): number {
  const v = objectiveValue(result, objective);
  let place = 1;
  for (const t of trials) {
    const x = objectiveValue(t, objective);
    if (x === null) continue;
    if (v === null || (objective.higherIsBetter ? x > v : x < v)) place++;
  }
  return place;
}

export interface Overfitting {
  trials: number;
  /** Deflated Sharpe Ratio of the best trial (a probability), null when undefined. */
  deflatedSharpe: number | null;
  /** Probability of Backtest Overfitting by CSCV, null when undefined (fewer than 32 months, one trial, or trials that all return the same). */
  pbo: number | null;
  /**
   * The best trial's Probabilistic Sharpe Ratio against zero (Bailey & López de Prado 2012), on
   * the same monthly returns: the chance its true Sharpe is positive, as if it were the only
   * trial (the Deflated Sharpe Ratio is the same with the bar raised for the number of trials).
   */
  psr: number | null;
  /** What they were computed on. */
  basis: { numeraire: string; months: number; blocks: number; splits: number; bestSharpe: number | null; expectedMaxSharpe: number; sharpeVariance: number };
}

/**
 * Computes pbo(returns, blocks) — the same result, perhaps elsewhere: the CLI's sweep shares
 * it among its threads (core has no threads).
 */
export type PboRunner = (returns: readonly Float64Array[], blocks: number) => Promise<PboResult>;

/**
 * The overfitting figures of a sweep, on the monthly returns in the objective's numeraire
 * (over the cash rate in USD, as Sharpe is), over the months every trial has.
 */
export function overfitting(trials: readonly TrialSummary[], objective: Objective, blocks = 16): Overfitting {
  const on = monthlyColumns(trials, objective);
  return figures(on, blocks, pbo(on.columns, blocks));
}

/** PBO in this thread. */
const pboHere: PboRunner = async (returns, blocks) => pbo(returns, blocks);

/** overfitting() with PBO computed by `runPbo`. */
export async function overfittingWith(runPbo: PboRunner, trials: readonly TrialSummary[], objective: Objective, blocks = 16): Promise<Overfitting> {
  const on = monthlyColumns(trials, objective);
  return figures(on, blocks, await runPbo(on.columns, blocks));
}

interface MonthlyColumns {
  trials: number;
  numeraire: string;
  /** Per trial in grid order, its monthly returns (alignedMonthly). */
  columns: Float64Array[];
  /** The objective's best trial's column (-1 without trials). */
  bestAt: number;
}

function monthlyColumns(trials: readonly TrialSummary[], objective: Objective): MonthlyColumns {
  const sorted = [...trials].sort((a, b) => a.index - b.index);
  const best = rankTrials(sorted, objective)[0];
  return { trials: trials.length, numeraire: objective.numeraire, columns: alignedMonthly(sorted, objective.numeraire), bestAt: best ? sorted.indexOf(best) : -1 };
}

function figures({ trials, numeraire, columns, bestAt }: MonthlyColumns, blocks: number, p: PboResult): Overfitting {
  const months = columns[0]?.length ?? 0;
  const dsr = months >= 3 && bestAt >= 0 ? deflatedSharpe(columns, bestAt) : undefined;
  const bm = months >= 3 && bestAt >= 0 ? seriesMoments(columns[bestAt]) : undefined;
  const psr = bm && bm.sd > 0 ? probabilisticSharpe(bm.mean / bm.sd, 0, bm.count, bm.skew, bm.kurtosis) : null;
  const clean = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
  return {
    trials,
    deflatedSharpe: clean(dsr?.value),
    pbo: clean(p.value),
    psr: clean(psr),
    basis: {
      numeraire,
      months,
      blocks,
      splits: p.splits,
      bestSharpe: clean(dsr?.sharpe),
      expectedMaxSharpe: dsr?.expectedMax ?? 0,
      sharpeVariance: dsr?.variance ?? 0,
    },
  };
}

/** Each trial's monthly excess returns on the months all trials share. */
function alignedMonthly(trials: readonly TrialSummary[], numeraire: string): Float64Array[] {
  if (trials.length === 0) return [];
  const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
  let from = -Infinity;
  let to = Infinity;
  for (const t of trials) {
    const s = monthIndex(t.monthly.start);
    from = Math.max(from, s);
    to = Math.min(to, s + (t.monthly.returns[numeraire]?.length ?? 0));
  }
  const length = Math.max(0, to - from);
  return trials.map((t) => {
    const offset = from - monthIndex(t.monthly.start);
    const r = t.monthly.returns[numeraire] ?? [];
    const out = new Float64Array(length);
    for (let k = 0; k < length; k++) {
      const x = r[offset + k] - (numeraire === USD ? t.monthly.riskFree[offset + k] : 0);
      // Rounding noise is no return: an all-cash trial's USD excess comes out at ±1e-16, whose
      // steady sign gave it a Sharpe ratio above every real trial's. The same floor as a run's.
      out[k] = Math.abs(x) < NOISE_FLOOR ? 0 : x;
    }
    return out;
  });
}

export interface SweepTrialEntry {
  index: number;
  params: Record<string, ParamValue>;
  metrics: Record<string, SummaryMetrics>;
  warnings: string[];
}

export interface SweepDocument {
  study: 'sweep';
  name: string;
  config: { file: string; text: string };
  period: { start: string; end: string } | null;
  numeraires: string[];
  grid: Record<string, ParamValue[]>;
  objective: string;
  trials: SweepTrialEntry[];
  best: (SweepTrialEntry & { rank: 1 }) | null;
  base: { params: Record<string, never>; metrics: Record<string, SummaryMetrics>; rank: number; warnings: string[] };
  median: Record<string, SummaryMetrics> | null;
  overfitting: Overfitting;
}

const entry = (t: TrialSummary): SweepTrialEntry => ({ index: t.index, params: t.params, metrics: t.metrics, warnings: t.warnings });

/** The `regime sweep --json` document; `pbo` computes its PBO (default: pbo() here). */
export async function sweepDocument(input: {
  source: ConfigSource;
  name: string;
  grid: Grid;
  objective: Objective;
  numeraires: string[];
  trials: readonly TrialSummary[];
  base: TrialSummary;
  blocks?: number;
  pbo?: PboRunner;
}): Promise<SweepDocument> {
  const trials = [...input.trials].sort((a, b) => a.index - b.index);
  const ranked = rankTrials(trials, input.objective);
  const best = ranked[0];
  return {
    study: 'sweep',
    name: input.name,
    config: { file: input.source.file, text: input.source.text },
    period: best ? best.period : null,
    numeraires: input.numeraires,
    grid: Object.fromEntries(input.grid.dimensions.map((d) => [d.path, d.values])),
    objective: input.objective.text,
    trials: trials.map(entry),
    best: best ? { ...entry(best), rank: 1 } : null,
    base: { params: {}, metrics: input.base.metrics, rank: rankOf(input.base, trials, input.objective), warnings: input.base.warnings },
    median: medianMetrics(trials, input.numeraires),
    overfitting: await overfittingWith(input.pbo ?? pboHere, trials, input.objective, input.blocks),
  };
}

/** The median of each summary metric over the trials (undefined values left out). */
export function medianMetrics(trials: readonly TrialSummary[], numeraires: readonly string[]): Record<string, SummaryMetrics> | null {
  if (trials.length === 0) return null;
  const out: Record<string, SummaryMetrics> = {};
  for (const n of numeraires) {
    const keys = Object.keys(trials[0].metrics[n] ?? {}) as (keyof SummaryMetrics)[];
    out[n] = Object.fromEntries(
      keys.map((k) => {
        const values = Float64Array.from(trials.map((t) => t.metrics[n]?.[k]).filter((v): v is number => v !== null && v !== undefined)).sort();
        const mid = values.length >> 1;
        return [k, values.length === 0 ? null : values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2];
      }),
    ) as SummaryMetrics;
  }
  return out;
}
