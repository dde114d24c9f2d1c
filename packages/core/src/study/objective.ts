/**
 * What "best" means in a study: one summary metric in one numeraire, `sharpe:USD`. Each
 * metric knows its direction (a lower volatility is better; a drawdown nearer 0 is better).
 */
import { InputError, didYouMean } from '../util/errors.js';

/** The summary metrics every trial keeps, in every numeraire (DESIGN.md "Studies"). */
export const SUMMARY_METRICS = ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'turnover'] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['volatility', 'turnover']);

/** Spellings a user may type for a metric key. */
const ALIASES: Record<string, SummaryMetric> = {
  total_return: 'totalReturn',
  max_drawdown: 'maxDrawdown',
  drawdown: 'maxDrawdown',
  vol: 'volatility',
};

export interface Objective {
  metric: SummaryMetric;
  numeraire: string;
  higherIsBetter: boolean;
  /** As written in documents: `sharpe:USD`. */
  text: string;
}

/** Parses `metric:numeraire` against the study's numeraires; the numeraire defaults to the first. */
export function parseObjective(text: string, numeraires: readonly string[], where?: string): Objective {
  const [m, n, extra] = text.split(':').map((s) => s.trim());
  if (extra !== undefined || !m) throw new InputError(`objective "${text}": expected metric:numeraire, such as sharpe:USD or cagr:gold`, where);
  const metric = (SUMMARY_METRICS as readonly string[]).includes(m) ? (m as SummaryMetric) : ALIASES[m];
  if (!metric) throw new InputError(`objective "${text}": unknown metric "${m}"${didYouMean(m, SUMMARY_METRICS)}; expected one of ${SUMMARY_METRICS.join(', ')}`, where);
  const numeraire = n ? numeraires.find((x) => x.toLowerCase() === n.toLowerCase()) : numeraires[0];
  if (!numeraire) throw new InputError(`objective "${text}": the config is not measured in "${n}"; its numeraires are ${numeraires.join(', ')}`, where);
  return { metric, numeraire, higherIsBetter: !LOWER_IS_BETTER.has(metric), text: `${metric}:${numeraire}` };
}
