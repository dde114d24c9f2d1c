/**
 * Windows in calendar time: `days(n)`, `weeks(n)`, `months(n)`, `years(n)` as the window of
 * lag, change, ret, sma, rolling_max and rolling_min, and `yoy(x)` as `ret(x, years(1))`.
 *
 * Why: macro series are monthly and prices daily, so a window of 252 bars is a year only
 * on average. A calendar window is measured from each bar's date:
 * - the lookback point of bar t (date D) is D minus the span, month arithmetic clamped to the
 *   month's last day (2024-03-31 − 1 month = 2024-02-29; 2024-02-29 − 1 year = 2023-02-28);
 * - on a monthly calendar (month-end bars, whose dates are the last *trading* day) months and
 *   years count months, so the bar of June 2024 looks back to the bar of June 2023 whatever
 *   their days of the month;
 * - a point function (lag, change, ret, yoy) reads its argument *as of* the lookback point;
 *   a window function (sma, rolling_max, rolling_min) reads the bars after the lookback point
 *   up to and including bar t, and is undefined until the calendar reaches back that far.
 */
import { addMonths, monthKey } from '../util/dates.js';

export type CalendarUnit = 'day' | 'week' | 'month' | 'year';

export interface CalendarWindow {
  unit: CalendarUnit;
  count: number;
}

/** The unit functions of the expression language. */
export const UNITS: ReadonlyMap<string, CalendarUnit> = new Map([
  ['days', 'day'],
  ['weeks', 'week'],
  ['months', 'month'],
  ['years', 'year'],
]);

/** The functions whose window may be given in calendar time (for messages and the docs). */
export const CALENDAR_WINDOW_FUNCTIONS = ['lag', 'change', 'ret', 'sma', 'rolling_max', 'rolling_min'] as const;

export function describeWindow(w: CalendarWindow): string {
  return `${w.unit}s(${w.count})`;
}

/** The date `w` before `day` (months clamped to the target month's last day). */
export function shiftBack(day: number, w: CalendarWindow): number {
  switch (w.unit) {
    case 'day':
      return day - w.count;
    case 'week':
      return day - 7 * w.count;
    case 'month':
      return addMonths(day, -w.count);
    case 'year':
      return addMonths(day, -12 * w.count);
  }
}

/**
 * For each bar, the lookback point: `targets[t]`, the date to read "as of", and `index[t]`,
 * the last bar at or before it (-1 when the calendar does not reach back that far).
 * Monthly calendars count months and years by month (see the file comment).
 */
export function lookback(dates: Int32Array, w: CalendarWindow, frequency: 'daily' | 'monthly'): { targets: Int32Array; index: Int32Array } {
  const n = dates.length;
  const targets = new Int32Array(n);
  const index = new Int32Array(n);
  const byMonth = frequency === 'monthly' && (w.unit === 'month' || w.unit === 'year');
  const months = w.unit === 'year' ? 12 * w.count : w.count;
  let j = -1; // last bar at or before the target; targets never decrease, so j only moves on
  for (let t = 0; t < n; t++) {
    if (byMonth) {
      const key = monthKey(dates[t]) - months;
      while (j + 1 < n && monthKey(dates[j + 1]) <= key) j++;
      index[t] = j;
      targets[t] = j >= 0 ? dates[j] : shiftBack(dates[t], w);
    } else {
      const target = shiftBack(dates[t], w);
      while (j + 1 < n && dates[j + 1] <= target) j++;
      index[t] = j;
      targets[t] = target;
    }
  }
  return { targets, index };
}

/** The value of a column at each lookback bar (NaN where there is none). */
export function atIndex(x: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let t = 0; t < index.length; t++) out[t] = index[t] >= 0 ? x[index[t]] : NaN;
  return out;
}

/** x[t] - then[t]. */
export function changeFrom(x: Float64Array, then: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) out[t] = x[t] - then[t];
  return out;
}

/** x[t] / then[t] - 1; undefined over a zero base (as `ret`). */
export function returnFrom(x: Float64Array, then: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) out[t] = then[t] === 0 ? NaN : x[t] / then[t] - 1;
  return out;
}

/**
 * Mean of the bars (index[t], t]. The window's start only moves forward, so one pass keeps a
 * compensated (Neumaier) running sum, a count of undefined bars inside, and how many bars in a
 * row equal their predecessor: a window of equal values gives that value exactly (as `sma`
 * does), so `x > sma(x, months(6))` is false on a flat stretch.
 */
export function windowMean(x: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let sum = 0;
  let comp = 0;
  let nans = 0;
  let from = 0; // first bar inside the window
  let run = 0; // bars in a row, ending at t, equal to their predecessor
  // The Neumaier steps are written out (as in sma): a closure would keep sum and comp in a heap context.
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (v !== v) nans++;
    else {
      const s = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - s + v : v - s + sum;
      sum = s;
    }
    run = t > 0 && v === x[t - 1] ? run + 1 : 0;
    for (; from <= index[t]; from++) {
      const old = x[from];
      if (old !== old) nans--;
      else {
        const o = -old;
        const s = sum + o;
        comp += Math.abs(sum) >= Math.abs(o) ? sum - s + o : o - s + sum;
        sum = s;
      }
    }
    if (index[t] < 0 || nans > 0) continue;
    const count = t - index[t];
    out[t] = run >= count - 1 ? v : (sum + comp) / count;
  }
  return out;
}

/**
 * Largest (sign 1) or smallest (sign -1) of the bars (index[t], t]: a monotonic queue of
 * candidate bars, one pass; a window with an undefined bar is undefined.
 */
export function windowExtreme(x: Float64Array, index: Int32Array, sign: 1 | -1): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  const queue = new Int32Array(n); // bar indices, values in decreasing order of sign * x
  let head = 0;
  let tail = 0;
  let lastNaN = -1;
  for (let t = 0; t < n; t++) {
    const v = x[t];
    if (v !== v) {
      lastNaN = t;
      head = tail = 0;
    } else {
      while (tail > head && sign * x[queue[tail - 1]] <= sign * v) tail--;
      queue[tail++] = t;
    }
    while (tail > head && queue[head] <= index[t]) head++;
    if (index[t] < 0 || lastNaN > index[t] || tail === head) continue;
    out[t] = x[queue[head]];
  }
  return out;
}

/**
 * A series read as it was known on any day: its values and the first day each can be used
 * (ascending). `readAsOf` gives, for each day, the latest value usable on or before it.
 */
export interface KnownSeries {
  known: Int32Array;
  values: Float64Array;
}

export function readAsOf(series: KnownSeries, days: Int32Array): Float64Array {
  const out = new Float64Array(days.length);
  const { known, values } = series;
  for (let t = 0; t < days.length; t++) {
    // binary search: last i with known[i] <= days[t]
    let lo = 0;
    let hi = known.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (known[mid] <= days[t]) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    out[t] = found >= 0 ? values[found] : NaN;
  }
  return out;
}
