import type { RunResult } from '../run/result.js';
import { InputError } from '../util/errors.js';
import { COMPARISON_METRICS, metricDef, parseMetricRef, type MetricRef } from '../metrics/catalog.js';
import { loadDanfo, type DataFrame } from './runFrames.js';

/**
 * The comparison table of several runs as a danfo DataFrame: one row per run, the headline
 * metrics per numeraire as columns `<metric>_<numeraire>` (e.g. `sharpe_USD`, `cagr_gold`).
 * `regime compare` sorts, selects and exports it; programmatic users get the same table.
 */

/** A comparison is ranked on one catalog metric (`compare: true`) in one numeraire. */
export type SortKey = MetricRef;

/** Lower is better (volatility); drawdowns are negative, so the least deep is the largest. */
export function lowerIsBetter(metric: string): boolean {
  return metricDef(metric).better === 'lower';
}

/**
 * Parses `--sort <metric>[:<numeraire>]`: a comparison metric of the catalog (key or alias,
 * e.g. cagr, vol, sharpe, drawdown, calmar), in one of the comparison's numeraires (default
 * the first). Case-insensitive.
 */
export function parseSortKey(text: string, numeraires: readonly string[]): SortKey {
  return parseMetricRef(text, numeraires, { what: '--sort', allowed: (m) => m.compare === true });
}

/** The comparison table's column of a metric in a numeraire, e.g. `sharpe_USD`. */
export const metricColumn = (metric: string, numeraire: string): string => `${metric}_${numeraire}`;

export type ComparisonColumns = Record<string, (string | number)[]>;

/**
 * The comparison table as plain columns (no danfo): `run` (position in the given order),
 * `name`, `file`, `start`, `end`, `bars`, then `<metric>_<numeraire>` for each numeraire
 * (numeraire by numeraire). Undefined metrics are NaN.
 */
export function comparisonColumns(results: readonly RunResult[], numeraires?: readonly string[]): ComparisonColumns {
  const nums = numeraires ?? commonNumeraires(results);
  const cols: ComparisonColumns = {
    run: results.map((_, i) => i),
    name: results.map((r) => r.name),
    file: results.map((r) => r.config?.file ?? ''),
    start: results.map((r) => r.period.start),
    end: results.map((r) => r.period.end),
    bars: results.map((r) => r.series.dates.length),
  };
  for (const n of nums)
    for (const metric of COMPARISON_METRICS)
      cols[metricColumn(metric, n)] = results.map((r, i) => {
        const m = r.metrics[n];
        if (!m) throw new InputError(`run ${i + 1} (${r.name}) has no metrics in ${n}; every run of a comparison must report the same numeraires`);
        const v = metricDef(metric).read(m);
        return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
      });
  return cols;
}

/** The numeraires every run reports, in the first run's order. */
export function commonNumeraires(results: readonly RunResult[]): string[] {
  if (!results.length) return [];
  return results[0].numeraires.filter((n) => results.every((r) => r.numeraires.includes(n)));
}

/** The comparison table as a DataFrame (columns as `comparisonColumns`), in the given order. */
export function comparisonFrame(results: readonly RunResult[], options: { numeraires?: readonly string[] } = {}): DataFrame {
  const { DataFrame } = loadDanfo();
  return new DataFrame(comparisonColumns(results, options.numeraires));
}

const SORT_KEY = '__sort_key';

/**
 * The table best first on one metric in one numeraire: highest CAGR, Sharpe and Calmar,
 * shallowest drawdown, lowest volatility. Undefined values go last; ties keep the given order.
 * (danfo's sortValues does not order NaN, so the key column carries ±Infinity for them.)
 */
export function sortComparison(frame: DataFrame, key: SortKey): DataFrame {
  const column = metricColumn(key.metric, key.numeraire);
  if (!frame.columns.includes(column)) throw new InputError(`cannot sort on ${column}: the table has ${frame.columns.join(', ')}`);
  const ascending = lowerIsBetter(key.metric);
  const values = frame[column].values as number[];
  const keyed = frame.copy();
  keyed.addColumn(SORT_KEY, values.map((v) => (Number.isFinite(v) ? v : ascending ? Infinity : -Infinity)), { inplace: true });
  const sorted = keyed.sortValues(SORT_KEY, { ascending }) as DataFrame;
  const out = sorted.drop({ columns: [SORT_KEY] }) as DataFrame;
  return out.resetIndex() as DataFrame;
}

/** The comparison table ranked with plain arrays: its columns, and its rows best first. */
export interface RankedRows {
  columns: string[];
  rows: Record<string, string | number>[];
}

/**
 * The comparison table best first on `key`, without danfo: the same columns, rows and order as
 * frameRows(sortComparison(comparisonFrame(results, { numeraires }), key)), which a test checks.
 * `regime compare` ranks this way: loading danfojs-node (TensorFlow.js) was about half of a
 * comparison's time (issue 15). The order is the one sortComparison gets from danfo: a stable
 * sort on the same key (undefined values as ±Infinity, so last) with the same comparison.
 */
export function rankComparisonRows(results: readonly RunResult[], key: SortKey, options: { numeraires?: readonly string[] } = {}): RankedRows {
  const table = comparisonColumns(results, options.numeraires);
  const columns = Object.keys(table);
  const column = metricColumn(key.metric, key.numeraire);
  if (!columns.includes(column)) throw new InputError(`cannot sort on ${column}: the table has ${columns.join(', ')}`);
  const ascending = lowerIsBetter(key.metric);
  const keys = (table[column] as number[]).map((v) => (Number.isFinite(v) ? v : ascending ? Infinity : -Infinity));
  // danfo's comparator (utils.sortObj): a − b ascending, b − a descending; ±Infinity − itself
  // is NaN, which Array.prototype.sort takes as equal.
  const order = keys.map((_, i) => i).sort((i, j) => (ascending ? keys[i] - keys[j] : keys[j] - keys[i]));
  const rows = order.map((i) => Object.fromEntries(columns.map((c) => [c, table[c][i]])));
  return { columns, rows };
}

/** A frame's rows as plain objects, in its order (column name → value). */
export function frameRows(frame: DataFrame): Record<string, string | number>[] {
  const cols = frame.columns;
  return (frame.values as (string | number)[][]).map((row) => Object.fromEntries(cols.map((c, i) => [c, row[i]])));
}
