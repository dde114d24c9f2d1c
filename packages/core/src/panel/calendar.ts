import { monthKey } from '../util/dates.js';
import type { Series } from '../data/series.js';

export type Frequency = 'daily' | 'monthly';

/**
 * The calendar: the union of the traded assets' dates up to `end` (all history before the
 * period too, so indicators can warm up), reduced to each month's last date for monthly runs.
 */
export function buildCalendar(traded: readonly Series[], end: number, frequency: Frequency): Int32Array {
  const seen = new Set<number>();
  for (const s of traded) {
    for (let i = 0; i < s.dates.length && s.dates[i] <= end; i++) seen.add(s.dates[i]);
  }
  const days = Int32Array.from(seen).sort();
  return frequency === 'monthly' ? lastOfEachMonth(days) : days;
}

export function lastOfEachMonth(days: Int32Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < days.length; i++) {
    if (i === days.length - 1 || monthKey(days[i + 1]) !== monthKey(days[i])) out.push(days[i]);
  }
  return Int32Array.from(out);
}

/** Index of the first date ≥ day (dates.length when none). */
export function lowerBound(dates: Int32Array, day: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
