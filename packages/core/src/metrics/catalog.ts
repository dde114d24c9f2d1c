import type { NumeraireMetrics } from '../run/result.js';
import { InputError, didYouMean } from '../util/errors.js';

/**
 * The metric catalog: every metric of a run's result is declared here once — its key, label,
 * format, which direction is better, whether it depends on the numeraire, and where its value
 * is read from (the computation is in `computeMetrics` or the result builder). Every view reads
 * it: the terminal tables, the report's tables, the comparison frame and its CSV columns,
 * `--sort` and sweep objectives. Adding a metric = computing it into `NumeraireMetrics` and
 * adding one entry below (`compare: true` also makes it a ranking column).
 */

export type MetricFormat =
  /** A fraction shown in percent. */
  | 'percent'
  /** A plain number (ratios, moments). */
  | 'ratio'
  /** An amount of money, whole units with thousands separators. */
  | 'money'
  /** A whole count (days, bars). */
  | 'count'
  /** Text, e.g. dates. */
  | 'text';

export type MetricGroup = 'returns' | 'risk' | 'benchmark' | 'trading';

export const METRIC_GROUP_TITLES: Record<MetricGroup, string> = {
  returns: 'Returns',
  risk: 'Risk',
  benchmark: 'Against the benchmark',
  trading: 'Trading',
};

export interface MetricDef {
  /** The stable identifier: result.json's key where it is a field, CSV columns `<key>_<numeraire>`. */
  key: string;
  /** The one label every view shows. */
  label: string;
  group: MetricGroup;
  format: MetricFormat;
  /** Decimals shown (percent: of the percentage). */
  digits: number;
  /** Which direction is better; absent for metrics that are not a goal (beta, skew, dates). */
  better?: 'higher' | 'lower';
  /** False when the value is the same in every numeraire (trading figures, in USD). */
  perNumeraire: boolean;
  /** False when it has no meaning for the benchmark's own column (relative to the benchmark, trading). */
  ofBenchmark: boolean;
  /** A column of the comparison table (terminal ranking, report ranking, CSV) and a `--sort` choice. */
  compare?: boolean;
  /** Other names accepted by `metricByKey` (lower case). */
  aliases?: readonly string[];
  /** How it is computed, in a sentence (docs, tooltips). */
  description: string;
  /** Reads the value from one numeraire's metrics; null when undefined. */
  read: (m: NumeraireMetrics) => number | string | null;
  /** Extra text shown after the value, e.g. the date of the best day. */
  detail?: (m: NumeraireMetrics) => string | null;
}

type Extreme = { period: string; return: number } | null | undefined;

const extreme = (key: string, label: string, get: (m: NumeraireMetrics) => Extreme, what: string): MetricDef => ({
  key,
  label,
  group: 'returns',
  format: 'percent',
  digits: 2,
  better: 'higher',
  perNumeraire: true,
  ofBenchmark: true,
  description: `The ${what}, with its date.`,
  read: (m) => get(m)?.return ?? null,
  detail: (m) => get(m)?.period ?? null,
});

const ratio = (
  key: keyof NumeraireMetrics & string,
  label: string,
  group: MetricGroup,
  description: string,
  more: Partial<MetricDef> = {},
): MetricDef => ({ key, label, group, format: 'ratio', digits: 2, perNumeraire: true, ofBenchmark: true, description, read: (m) => num(m[key]), ...more });

const percent = (
  key: keyof NumeraireMetrics & string,
  label: string,
  group: MetricGroup,
  description: string,
  more: Partial<MetricDef> = {},
): MetricDef => ({ key, label, group, format: 'percent', digits: 2, perNumeraire: true, ofBenchmark: true, description, read: (m) => num(m[key]), ...more });

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Every metric, in display order (groups in order: returns, risk, benchmark, trading). */
export const METRICS: readonly MetricDef[] = [
  {
    key: 'end',
    label: 'Final value',
    group: 'returns',
    format: 'money',
    digits: 0,
    better: 'higher',
    perNumeraire: true,
    ofBenchmark: true,
    description: 'Equity at the last bar (capital at the first).',
    read: (m) => num(m.end),
  },
  percent('totalReturn', 'Total return', 'returns', 'Final value over starting capital, minus one.', { better: 'higher' }),
  percent('cagr', 'CAGR', 'returns', 'Compound annual growth rate over the calendar years of the run.', { better: 'higher', compare: true, aliases: ['return'] }),
  extreme('bestDay', 'Best day', (m) => m.bestDay, 'best one-bar return'),
  extreme('worstDay', 'Worst day', (m) => m.worstDay, 'worst one-bar return'),
  extreme('bestMonth', 'Best month', (m) => m.bestMonth, 'best calendar-month return'),
  extreme('worstMonth', 'Worst month', (m) => m.worstMonth, 'worst calendar-month return'),
  extreme('bestYear', 'Best year', (m) => m.bestYear, 'best calendar-year return'),
  extreme('worstYear', 'Worst year', (m) => m.worstYear, 'worst calendar-year return'),
  percent('positiveMonths', 'Positive months', 'returns', 'Share of calendar months with a positive return.', { digits: 1, better: 'higher' }),
  percent('volatility', 'Volatility', 'risk', 'Standard deviation of bar returns, annualised with the bars a year.', {
    better: 'lower',
    compare: true,
    aliases: ['vol'],
  }),
  ratio('sharpe', 'Sharpe', 'risk', 'Mean excess return over its standard deviation, annualised (over cash in USD, over zero elsewhere).', {
    better: 'higher',
    compare: true,
  }),
  ratio('sortino', 'Sortino', 'risk', 'Mean excess return over the downside deviation, annualised.', { better: 'higher' }),
  percent('maxDrawdown', 'Max drawdown', 'risk', 'Deepest fall from a peak (negative: the shallowest is the best).', {
    better: 'higher',
    compare: true,
    aliases: ['max_drawdown', 'drawdown', 'maxdd', 'dd'],
  }),
  {
    key: 'maxDrawdownPeriod',
    label: 'Max drawdown peak → trough',
    group: 'risk',
    format: 'text',
    digits: 0,
    perNumeraire: true,
    ofBenchmark: true,
    description: 'The dates of the peak and trough of the deepest drawdown.',
    read: (m) => (m.maxDrawdownInfo ? `${m.maxDrawdownInfo.peak} → ${m.maxDrawdownInfo.trough}` : null),
  },
  {
    key: 'maxDrawdownRecovery',
    label: 'Max drawdown recovery',
    group: 'risk',
    format: 'text',
    digits: 0,
    perNumeraire: true,
    ofBenchmark: true,
    description: 'The date the deepest drawdown was made good, or "not recovered".',
    read: (m) => (m.maxDrawdownInfo ? (m.maxDrawdownInfo.recovery ?? 'not recovered') : null),
  },
  {
    key: 'maxDrawdownDays',
    label: 'Max drawdown length (days)',
    group: 'risk',
    format: 'count',
    digits: 0,
    better: 'lower',
    perNumeraire: true,
    ofBenchmark: true,
    description: 'Calendar days from the peak to the recovery (or to the end when not recovered).',
    read: (m) => num(m.maxDrawdownInfo?.days),
  },
  ratio('calmar', 'Calmar', 'risk', 'CAGR over the depth of the worst drawdown.', { better: 'higher', compare: true }),
  ratio('skew', 'Skew', 'risk', 'Skewness of bar returns.'),
  ratio('kurtosis', 'Excess kurtosis', 'risk', 'Excess kurtosis of bar returns (0 for a normal distribution).'),
  percent('var95', 'VaR 95% (one bar)', 'risk', 'Historical 5% quantile of one-bar returns.', { better: 'higher' }),
  percent('cvar95', 'CVaR 95% (one bar)', 'risk', 'Mean of the one-bar returns at or below the VaR.', { better: 'higher' }),
  ratio('beta', 'Beta to benchmark', 'benchmark', 'Covariance of excess returns with the benchmark over its variance.', { ofBenchmark: false }),
  ratio('correlation', 'Correlation', 'benchmark', 'Correlation of excess returns with the benchmark.', { ofBenchmark: false }),
  percent('alpha', 'Alpha (ann.)', 'benchmark', 'Mean excess return not explained by beta, annualised.', { better: 'higher', ofBenchmark: false }),
  percent('turnover', 'Turnover per year', 'trading', 'Traded notional as a fraction of equity per year (Σ|Δw| / years).', {
    digits: 0,
    better: 'lower',
    perNumeraire: false,
    ofBenchmark: false,
  }),
  {
    key: 'costs',
    label: 'Costs paid (USD)',
    group: 'trading',
    format: 'money',
    digits: 0,
    better: 'lower',
    perNumeraire: false,
    ofBenchmark: false,
    description: 'Commission, slippage, borrow fees and financing paid over the run, in USD.',
    read: (m) => num(m.costs),
  },
  percent('grossExposure', 'Average gross exposure', 'trading', 'Average of Σ|w| over the bars.', { digits: 0, perNumeraire: false, ofBenchmark: false }),
  percent('netExposure', 'Average net exposure', 'trading', 'Average of Σw over the bars.', { digits: 0, perNumeraire: false, ofBenchmark: false }),
];

const BY_NAME = new Map<string, MetricDef>();
for (const m of METRICS) {
  for (const name of [m.key, ...(m.aliases ?? [])]) {
    if (BY_NAME.has(name.toLowerCase())) throw new Error(`metric catalog: "${name}" is declared twice`);
    BY_NAME.set(name.toLowerCase(), m);
  }
}

/** The metric with this key or alias (case-insensitive), or undefined. */
export function metricByKey(key: string): MetricDef | undefined {
  return BY_NAME.get(key.trim().toLowerCase());
}

/** The metrics of the comparison table, in display order. */
export const COMPARISON_METRICS: readonly string[] = METRICS.filter((m) => m.compare).map((m) => m.key);

/** A metric in one numeraire: what `--sort sharpe:gold` and sweep objectives name. */
export interface MetricRef {
  metric: string;
  numeraire: string;
}

export interface ParseMetricOptions {
  /** Names the option in messages, e.g. "--sort". */
  what: string;
  /** Which metrics are allowed (default: every metric with a better direction). */
  allowed?: (m: MetricDef) => boolean;
}

/**
 * Parses `<metric>[:<numeraire>]` (case-insensitive; aliases accepted), the numeraire one of
 * `numeraires` (default the first). Errors name the option, the choices and the closest one.
 */
export function parseMetricRef(text: string, numeraires: readonly string[], options: ParseMetricOptions): MetricRef {
  const allowed = options.allowed ?? ((m: MetricDef) => m.better !== undefined);
  const choices = METRICS.filter(allowed);
  const names = choices.flatMap((m) => [m.key, ...(m.aliases ?? [])]);
  const [m, n, extra] = text.trim().split(':');
  const def = metricByKey(m);
  if (!def || !allowed(def) || extra !== undefined)
    throw new InputError(
      `${options.what}: expected <metric>[:<numeraire>] with metric one of ${choices.map((c) => c.key).join(', ')}; found "${text}"${def && allowed(def) ? '' : didYouMean(m, names)}`,
    );
  if (n === undefined || n.trim() === '') return { metric: def.key, numeraire: numeraires[0] };
  const numeraire = numeraires.find((x) => x.toLowerCase() === n.trim().toLowerCase());
  if (!numeraire) throw new InputError(`${options.what}: numeraire "${n}" is not compared; expected one of ${numeraires.join(', ')}${didYouMean(n, numeraires)}`);
  return { metric: def.key, numeraire };
}

/** The catalog entry of a key the program itself wrote (not user input): throws when unknown. */
export function metricDef(key: string): MetricDef {
  const def = metricByKey(key);
  if (!def) throw new Error(`unknown metric "${key}"`);
  return def;
}
