import { createRequire } from 'node:module';
import type { RunResult } from '../run/result.js';
import { METRICS } from '../metrics/catalog.js';

/**
 * danfojs-node at the edges: a run's series and metric tables as DataFrames, for users who
 * work with the results in code (sort, select, export). It is loaded on first use only —
 * it is heavy (TensorFlow.js), and never needed by the simulation.
 */
// danfojs-node ships CommonJS without usable ESM types; keep its surface typed loosely here.
export type DataFrame = import('danfojs-node').DataFrame;
type Danfo = typeof import('danfojs-node');

let danfo: Danfo | undefined;
export function loadDanfo(): Danfo {
  danfo ??= createRequire(import.meta.url)('danfojs-node') as Danfo;
  return danfo;
}

export interface RunFrames {
  /** date, equity per numeraire, benchmark per numeraire, regime. */
  equity: DataFrame;
  /** date, weight per asset (held after each close). */
  weights: DataFrame;
  /** One row per metric, one column per numeraire. */
  metrics: DataFrame;
}

/** The catalog's numeric metrics (its text entries, such as dates, are not columns). */
const SCALAR_METRICS = METRICS.filter((m) => m.format !== 'text');

export function runFrames(result: RunResult): RunFrames {
  const { DataFrame } = loadDanfo();
  const s = result.series;
  const equityColumns: Record<string, (string | number)[]> = { date: s.dates };
  for (const n of result.numeraires) equityColumns[`equity_${n}`] = s.equity[n];
  if (s.benchmark) for (const n of result.numeraires) equityColumns[`benchmark_${n}`] = s.benchmark[n];
  if (s.regime) equityColumns.regime = s.regime;
  const weightColumns: Record<string, (string | number)[]> = { date: s.dates, ...s.weights };
  const metricColumns: Record<string, (string | number)[]> = { metric: SCALAR_METRICS.map((m) => m.key) };
  for (const n of result.numeraires)
    metricColumns[n] = SCALAR_METRICS.map((m) => {
      const v = m.read(result.metrics[n]);
      return typeof v === 'number' ? v : NaN;
    });
  return {
    equity: new DataFrame(equityColumns),
    weights: new DataFrame(weightColumns),
    metrics: new DataFrame(metricColumns),
  };
}
