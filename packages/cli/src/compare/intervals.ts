/** `compare --bootstrap` in the terminal: each strategy's interval for the ranking metric. */
import { formatMetric, metricDef, type RankedInterval, type RunResult, type SortKey } from '@regime/core';
import { textTable, thousands } from '../output/format.js';

export const OVERLAP_MARK = '≈';

/** The rank column's mark: ≈ where the interval overlaps the leader's. */
export function overlapMarks(list: readonly RankedInterval[]): string[] {
  return list.map((x) => (x.overlapsLeader ? OVERLAP_MARK : ''));
}

export function intervalTable(c: { sortKey: SortKey; results: readonly RunResult[] }, list: readonly RankedInterval[]): string {
  const { metric, numeraire } = c.sortKey;
  const f = (x: number) => formatMetric(metricDef(metric), x, { compact: true });
  const resamples = c.results.find((r) => r.uncertainty)?.uncertainty?.[numeraire]?.resamples ?? 0;
  const rows = list.map((x, rank) => [
    `${rank + 1}${x.overlapsLeader ? OVERLAP_MARK : ''}`,
    c.results[x.run].name,
    ...(x.interval ? [f(x.interval.p05), f(x.interval.p50), f(x.interval.p95)] : ['–', '–', '–']),
    rank === 0 ? 'leader' : x.overlapsLeader ? 'overlaps the leader' : x.interval ? 'apart' : '–',
  ]);
  return [
    `How sure is the ranking? ${metricDef(metric).label} in ${numeraire}, 5–95 % of ${thousands(resamples)} resampled histories of each run. ${OVERLAP_MARK} marks a strategy whose interval overlaps the leader's: the data cannot tell them apart.`,
    textTable(['#', 'Strategy', '5%', '50%', '95%', ''], rows, 2),
  ].join('\n');
}
