import { INTERVAL_METRICS, type Interval, type IntervalMetric } from '../metrics/uncertainty/bootstrap.js';
import type { RunResult } from '../run/result.js';
import type { SortKey } from '../frames/comparisonFrame.js';

/** One strategy's bootstrap interval for the ranking metric, and whether it overlaps the leader's. */
export interface RankedInterval {
  /** Index into the results. */
  run: number;
  interval: Interval | null;
  /** True when its 5–95 % interval and the leader's overlap: the data cannot tell them apart. */
  overlapsLeader: boolean;
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.p05 <= b.p95 && b.p05 <= a.p95;
}

/**
 * `compare --bootstrap`: each strategy's interval for the metric the ranking sorts on, in rank
 * order. Null when the runs carry no bootstrap. The leader (first in `order`) is never marked.
 */
export function rankingIntervals(results: readonly RunResult[], order: readonly number[], key: SortKey): RankedInterval[] | null {
  if (!results.some((r) => r.uncertainty)) return null;
  // The bootstrap measures the headline metrics only; any other sort metric has no interval.
  const metric = (INTERVAL_METRICS as readonly string[]).includes(key.metric) ? (key.metric as IntervalMetric) : undefined;
  const of = (k: number) => (metric ? (results[k].uncertainty?.[key.numeraire]?.[metric] ?? null) : null);
  const leader = order.length ? of(order[0]) : null;
  return order.map((k, rank) => {
    const interval = of(k);
    return { run: k, interval, overlapsLeader: rank > 0 && interval !== null && leader !== null && intervalsOverlap(interval, leader) };
  });
}
