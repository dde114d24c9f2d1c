import { dayFromYMD, monthKey, weekday, ymd } from '../util/dates.js';
import type { Series } from '../data/series.js';

export type Frequency = 'daily' | 'monthly';

/**
 * The calendar: the union of the traded assets' dates up to `end` (all history before the
 * period too, so indicators can warm up), reduced to each month's last date for monthly runs.
 */
export function buildCalendar(traded: readonly Series[], end: number, frequency: Frequency): Int32Array {
  const days = unionOfDays(traded.map((s) => s.dates.subarray(0, lowerBound(s.dates, end + 1))));
  return frequency === 'monthly' ? lastOfEachMonth(days) : days;
}

/** The sorted, distinct days of the lists (each sorted, as series dates are). */
export function unionOfDays(lists: readonly Int32Array[]): Int32Array {
  // Usually the longest list holds every other one as a run of its own days (ETFs of one
  // exchange listed at different times): the union is then that list, found with one memory
  // comparison per list instead of sorting them all (a run's start-up, issue 15).
  let longest: Int32Array = new Int32Array(0);
  for (const l of lists) if (l.length > longest.length) longest = l;
  if (increasing(longest) && lists.every((l) => isRunOf(l, longest))) return longest.slice();
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Int32Array(total);
  let k = 0;
  for (const l of lists) {
    all.set(l, k);
    k += l.length;
  }
  all.sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[u++] = all[i];
  return all.slice(0, u);
}

function increasing(days: Int32Array): boolean {
  for (let i = 1; i < days.length; i++) if (days[i] <= days[i - 1]) return false;
  return true;
}

/** Whether `part` is `whole[at .. at + part.length)` for some `at` (`whole` increasing). */
function isRunOf(part: Int32Array, whole: Int32Array): boolean {
  if (part.length === 0) return true;
  const at = lowerBound(whole, part[0]);
  if (at + part.length > whole.length) return false;
  const bytes = (x: Int32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return bytes(part).equals(bytes(whole.subarray(at, at + part.length)));
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
