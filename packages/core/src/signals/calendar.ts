/**
 * Calendar kernels: columns computed from the bar dates alone (whole days since 1970-01-01),
 * never from market data, and never from the dates of later bars. `month`, `quarter`,
 * `dayOfMonth` and `isoWeekday` read only the bar's own date. `barOfPeriod` counts the real
 * bars of the month/quarter up to and including the bar (the calendar's regular schedule fills
 * in before the calendar's first bar, so it does not depend on where a data file starts).
 * `barsToPeriodEnd` counts the bars of the month/quarter after the bar on the regular schedule
 * (its cadence), never the calendar's real later bars: a closure that was not announced in
 * advance (NYSE on 2012-10-29 and 10-30, Hurricane Sandy) is not known at the bar, so it
 * cannot change the count there. There is no holiday list, so holidays count too.
 * - `weekdays`: every Monday–Friday;
 * - `every-day`: every day (crypto trades seven days a week);
 * - `month-ends`: one bar per month (a monthly run), so a month has one bar and a quarter three.
 * Loops use integer date arithmetic only: no Date objects, no allocation per bar.
 */
import type { Cadence } from '../panel/calendar.js';
import { dayFromYMD, monthKey, weekday } from '../util/dates.js';

/** Months in a calendar period: 1 for months, 3 for quarters. */
export type PeriodMonths = 1 | 3;

/** month(): 1–12. */
export function month(dates: Int32Array): Float64Array {
  const out = new Float64Array(dates.length);
  for (let t = 0; t < dates.length; t++) out[t] = (monthKey(dates[t]) % 12) + 1;
  return out;
}

/** quarter(): 1–4 (January–March is 1). */
export function quarter(dates: Int32Array): Float64Array {
  const out = new Float64Array(dates.length);
  for (let t = 0; t < dates.length; t++) out[t] = Math.floor((monthKey(dates[t]) % 12) / 3) + 1;
  return out;
}

/** day_of_month(): 1–31. */
export function dayOfMonth(dates: Int32Array): Float64Array {
  const out = new Float64Array(dates.length);
  for (let t = 0; t < dates.length; t++) out[t] = dates[t] - firstDayOfMonthKey(monthKey(dates[t])) + 1;
  return out;
}

/** weekday(): ISO numbering, 1 = Monday … 7 = Sunday. */
export function isoWeekday(dates: Int32Array): Float64Array {
  const out = new Float64Array(dates.length);
  for (let t = 0; t < dates.length; t++) out[t] = weekday(dates[t]) || 7;
  return out;
}

function firstDayOfMonthKey(key: number): number {
  return dayFromYMD(Math.floor(key / 12), (key % 12) + 1, 1);
}

/** Index of the period (month or quarter) holding a day. */
function periodKey(day: number, months: PeriodMonths): number {
  return Math.floor(monthKey(day) / months);
}

/** First day of period `key`. */
function periodStart(key: number, months: PeriodMonths): number {
  return firstDayOfMonthKey(key * months);
}

/** Weekdays (Mon–Fri) before `day`, counted from Monday 1970-01-05 (day 4); differences only. */
function weekdaysBefore(day: number): number {
  const s = day - 4;
  const weeks = Math.floor(s / 7);
  const r = s - 7 * weeks; // 0 = Monday … 6 = Sunday
  return 5 * weeks + (r < 5 ? r : 5);
}

/** Weekdays (Mon–Fri) in the day range [from, to). */
function weekdaysIn(from: number, to: number): number {
  return weekdaysBefore(to) - weekdaysBefore(from);
}

/** Bars of the regular schedule in the day range [from, to), inside one period. */
function scheduleBars(from: number, to: number, cadence: Cadence): number {
  if (to <= from) return 0;
  if (cadence === 'every-day') return to - from;
  if (cadence === 'weekdays') return weekdaysIn(from, to);
  // Month-ends: one bar per whole month of the period lying in [from, to); the callers pass
  // month boundaries, so this is the number of months between them.
  return monthKey(to - 1) - monthKey(from) + 1;
}

/**
 * bar_of_month() / bar_of_quarter(): 1 on the period's first bar, 2 on the next, …
 * The first calendar bar counts the schedule's bars of its period before it.
 */
export function barOfPeriod(dates: Int32Array, months: PeriodMonths, cadence: Cadence): Float64Array {
  const n = dates.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const firstKey = periodKey(dates[0], months);
  // Month-ends: count the months before the first bar's month; otherwise the days before it.
  const headEnd = cadence === 'month-ends' ? firstDayOfMonthKey(monthKey(dates[0])) : dates[0];
  out[0] = scheduleBars(periodStart(firstKey, months), headEnd, cadence) + 1;
  let previous = firstKey;
  for (let t = 1; t < n; t++) {
    const key = periodKey(dates[t], months);
    out[t] = key === previous ? out[t - 1] + 1 : 1;
    previous = key;
  }
  return out;
}

/**
 * bars_to_month_end() / bars_to_quarter_end(): the bars of the regular schedule left in the
 * period after the bar (0 when none is left). A function of the bar's own date and the
 * cadence: removing, adding or cutting later bars never changes it. The price of knowing
 * nothing about the future: a holiday on the period's last weekday counts, so the bar before
 * it reads 1, not 0 (Thursday 2024-03-28, before Good Friday), and a bar on a day off the
 * schedule (a stray weekend row on a weekday calendar) counts the weekdays after it.
 */
export function barsToPeriodEnd(dates: Int32Array, months: PeriodMonths, cadence: Cadence): Float64Array {
  const n = dates.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const day = dates[t];
    const key = periodKey(day, months);
    // Month-ends: count the months after the bar's month; otherwise the days after it.
    const after = cadence === 'month-ends' ? firstDayOfMonthKey(monthKey(day) + 1) : day + 1;
    out[t] = scheduleBars(after, periodStart(key + 1, months), cadence);
  }
  return out;
}
