import type { RunResult } from '../run/result.js';
import { InputError, didYouMean } from '../util/errors.js';
import { loadDanfo, type DataFrame } from './runFrames.js';

/**
 * The comparison table of several runs as a danfo DataFrame: one row per run, the headline
 * metrics per numeraire as columns `<metric>_<numeraire>` (e.g. `sharpe_USD`, `cagr_gold`).
 * `regime compare` sorts, selects and exports it; programmatic users get the same table.
 */

/** The metrics of the ranking, in display order. */
export const COMPARISON_METRICS = ['cagr', 'volatility', 'sharpe', 'maxDrawdown', 'calmar'] as const;
export type ComparisonMetric = (typeof COMPARISON_METRICS)[number];

export const METRIC_TITLES: Record<ComparisonMetric, string> = {
  cagr: 'CAGR',
  volatility: 'Volatility',
  sharpe: 'Sharpe',
  maxDrawdown: 'Max drawdown',
  calmar: 'Calmar',
};

/** Lower is better only for volatility; drawdowns are negative, so the least deep is the largest. */
export function lowerIsBetter(metric: ComparisonMetric): boolean {
  return metric === 'volatility';
}

export interface SortKey {
  metric: ComparisonMetric;
  numeraire: string;
}

const ALIASES: Record<string, ComparisonMetric> = {
  cagr: 'cagr',
  return: 'cagr',
  volatility: 'volatility',
  vol: 'volatility',
  sharpe: 'sharpe',
  maxdrawdown: 'maxDrawdown',
  max_drawdown: 'maxDrawdown',
  drawdown: 'maxDrawdown',
  maxdd: 'maxDrawdown',
  dd: 'maxDrawdown',
  calmar: 'calmar',
};

/**
 * Parses `--sort <metric>[:<numeraire>]`: metric one of cagr, volatility (vol), sharpe,
 * drawdown (maxdd, max_drawdown), calmar; numeraire one of the comparison's (default the first).
 * Case-insensitive.
 */
export function parseSortKey(text: string, numeraires: readonly string[]): SortKey {
  const [m, n, extra] = text.trim().split(':');
  const key = m.trim().toLowerCase();
  // Own keys only: "constructor" must not find Object's constructor.
  const metric = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  if (!metric || extra !== undefined)
    throw new InputError(
      `--sort: expected <metric>[:<numeraire>] with metric one of cagr, volatility, sharpe, drawdown, calmar; found "${text}"${metric ? '' : didYouMean(m, Object.keys(ALIASES))}`,
    );
  if (n === undefined || n.trim() === '') return { metric, numeraire: numeraires[0] };
  const numeraire = numeraires.find((x) => x.toLowerCase() === n.trim().toLowerCase());
  if (!numeraire) throw new InputError(`--sort: numeraire "${n}" is not compared; expected one of ${numeraires.join(', ')}${didYouMean(n, numeraires)}`);
  return { metric, numeraire };
}

export const metricColumn = (metric: ComparisonMetric, numeraire: string): string => `${metric}_${numeraire}`;

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
        const v = m[metric];
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

/** A frame's rows as plain objects, in its order (column name → value). */
export function frameRows(frame: DataFrame): Record<string, string | number>[] {
  const cols = frame.columns;
  return (frame.values as (string | number)[][]).map((row) => Object.fromEntries(cols.map((c, i) => [c, row[i]])));
}
