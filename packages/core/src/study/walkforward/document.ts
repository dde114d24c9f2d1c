/** The `regime walkforward --json` document (DESIGN.md "Studies", walk-forward). */
import type { ParamValue } from '../grid.js';
import type { WalkForwardMetrics } from './measure.js';
import type { Stability } from './stability.js';

export interface WalkForwardFold {
  fold: number;
  /** The bars the training trials ran over. */
  train: { start: string; end: string };
  /**
   * The fold's test bars: from the training window's last close (where the choice is made) to
   * the window's end. The account carries its positions across folds: a fold that keeps the
   * previous choice goes on without a trade, one that switches trades from what was held.
   */
  test: { start: string; end: string };
  /** Grid index and values of the chosen trial. */
  trial: number;
  chosen: Record<string, ParamValue>;
  /** The objective of the chosen trial on the training window (in-sample) and the test window (out-of-sample). */
  inSample: number | null;
  outOfSample: number | null;
  /** CAGR in the objective's numeraire, in-sample and out-of-sample (walk-forward efficiency). */
  inSampleCagr: number | null;
  outOfSampleCagr: number | null;
}

export interface WalkForwardDocument {
  study: 'walkforward';
  name: string;
  config: { file: string };
  version: string;
  grid: Record<string, ParamValue[]>;
  objective: string;
  train: string;
  test: string;
  anchored: boolean;
  numeraires: string[];
  benchmark: string | null;
  folds: WalkForwardFold[];
  /** The chained test windows, measured per numeraire (and the benchmark over the same dates). */
  outOfSample: { period: { start: string; end: string }; metrics: Record<string, WalkForwardMetrics>; benchmarkMetrics: Record<string, WalkForwardMetrics> | null };
  /** The base config (as written) run over the same dates. */
  base: { period: { start: string; end: string }; metrics: Record<string, WalkForwardMetrics> };
  /** Out-of-sample CAGR over the mean in-sample CAGR of the chosen trials (objective's numeraire); null when that mean is not positive. */
  efficiency: number | null;
  inSampleCagr: number | null;
  /** Per swept path: how often the choice changed between folds, distinct values, range. */
  stability: Record<string, Stability>;
  series: { dates: string[]; outOfSample: Record<string, number[]>; base: Record<string, number[]>; benchmark: Record<string, number[]> | null };
  warnings: string[];
}
