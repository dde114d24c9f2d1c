/**
 * What "best" means in a study: one summary metric in one numeraire, `sharpe:USD`, looked up
 * in the metric catalog, which knows each metric's direction (a lower volatility is better; a
 * drawdown nearer 0 is better).
 */
import { InputError } from '../util/errors.js';
import { metricDef, parseMetricRef } from '../metrics/catalog.js';

/** The summary metrics every trial keeps, in every numeraire (DESIGN.md "Studies"). */
export const SUMMARY_METRICS = ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'turnover'] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export interface Objective {
  metric: SummaryMetric;
  numeraire: string;
  higherIsBetter: boolean;
  /** As written in documents: `sharpe:USD`. */
  text: string;
}

/**
 * Parses `metric[:numeraire]` with the metric catalog (its keys and aliases, its better
 * direction), limited to the summary metrics a trial keeps; the numeraire defaults to the first.
 */
export function parseObjective(text: string, numeraires: readonly string[], where?: string): Objective {
  try {
    const ref = parseMetricRef(text, numeraires, { what: 'objective', allowed: (m) => (SUMMARY_METRICS as readonly string[]).includes(m.key) });
    const metric = ref.metric as SummaryMetric;
    return { metric, numeraire: ref.numeraire, higherIsBetter: metricDef(metric).better !== 'lower', text: `${metric}:${ref.numeraire}` };
  } catch (e) {
    throw e instanceof InputError && where ? new InputError(e.message, where) : e;
  }
}
