import { formatMetric, metricDef, type NumeraireMetrics } from '@regime/core';
import { escapeHtml as h } from './escape.js';

/** A catalog metric's label, escaped: the label the terminal and the CSV use too. */
export const metricLabel = (key: string): string => h(metricDef(key).label);

/** A catalog metric's value read from one numeraire's metrics, formatted by the catalog and escaped. */
export function metricText(key: string, m: NumeraireMetrics | null | undefined, options: { compact?: boolean } = {}): string {
  const def = metricDef(key);
  return h(formatMetric(def, m ? def.read(m) : null, options));
}
