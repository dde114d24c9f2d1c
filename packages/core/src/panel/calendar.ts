import { dayFromYMD, monthKey, weekday, ymd } from '../util/dates.js';
import type { Series } from '../data/series.js';

export type Frequency = 'daily' | 'monthly';

/**
 * The calendar: the union of the traded assets' dates up to `end` (all history before the
 * period too, so indicators can warm up), reduced to each month's last date for monthly runs.
 */
export function buildCalendar(traded: readonly Series[], end: number, frequency: Frequency): Int32Array {
  let total = 0;
  for (const s of traded) total += s.dates.length;
  const all = new Int32Array(total);
  let k = 0;
  for (const s of traded) for (let i = 0; i < s.dates.length && s.dates[i] <= end; i++) all[k++] = s.dates[i];
  const sorted = all.subarray(0, k).sort();
  let u = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i];
  const days = sorted.slice(0, u);
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

export type Cadence = 'every-day' | 'weekdays' | 'month-ends';

/**
 * `count` bars of the calendar's own cadence before `firstDay`: where no asset trades yet
 * (their prices are missing there), but macro series with a longer history let indicators
 * warm up, so a signal is undefined only where no earlier data exists.
 */
export function warmupBefore(firstDay: number, count: number, cadence: Cadence): Int32Array {
  const out = new Int32Array(count);
  let day = firstDay;
  for (let k = count - 1; k >= 0; k--) {
    if (cadence === 'month-ends') {
      // The last weekday of the month before the one holding `day`.
      day = dayFromYMD(...(ymd(day).slice(0, 2) as [number, number]), 1) - 1;
      while (weekday(day) === 0 || weekday(day) === 6) day--;
    } else {
      day--;
      if (cadence === 'weekdays') while (weekday(day) === 0 || weekday(day) === 6) day--;
    }
    out[k] = day;
  }
  return out;
}
