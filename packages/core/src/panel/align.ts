import { addMonths } from '../util/dates.js';
import { periodMonths, type Lag, type Series } from '../data/series.js';

/**
 * The first day on which an observation can be used. Daily and weekly values are points in
 * time (known at their date); a monthly value dated the 1st describes the whole month and is
 * known only when the month is over, a quarterly one (dated the quarter's first day) when the
 * quarter is over. The publication lag counts from there.
 */
export function knownFrom(date: number, frequency: Series['meta']['frequency'], lag: Lag): number {
  const months = periodMonths(frequency);
  if (months === 0 && lag.months === 0) return date + lag.days;
  const periodEnd = months ? addMonths(date, months) : date;
  return addMonths(periodEnd, lag.months) + lag.days;
}

/**
 * Carries a series forward onto the calendar: each bar gets the latest observation whose
 * availability day is on or before the bar (NaN before the first). One pass, two pointers.
 * `lag` undefined means "as of its date" (prices, numeraires); otherwise publication timing.
 */
export function alignAsOf(series: Series, calendar: Int32Array, lag?: Lag): Float64Array {
  const out = new Float64Array(calendar.length).fill(NaN);
  const { dates, values } = series;
  const freq = series.meta.frequency;
  let j = 0;
  let current = NaN;
  for (let t = 0; t < calendar.length; t++) {
    const day = calendar[t];
    while (j < dates.length && (lag ? knownFrom(dates[j], freq, lag) : dates[j]) <= day) {
      current = values[j];
      j++;
    }
    out[t] = current;
  }
  return out;
}

/** For each bar, the date of the observation that `alignAsOf` (without lag) used; -1 before the first. */
export function observationDates(series: Series, calendar: Int32Array): Int32Array {
  const out = new Int32Array(calendar.length).fill(-1);
  let j = 0;
  let current = -1;
  for (let t = 0; t < calendar.length; t++) {
    while (j < series.dates.length && series.dates[j] <= calendar[t]) current = series.dates[j++];
    out[t] = current;
  }
  return out;
}

/** The last day a series describes: its last date, or the end of its last month (quarter) for monthly (quarterly) series. */
export function coverageEnd(series: Series): number {
  const last = series.dates[series.dates.length - 1];
  const months = periodMonths(series.meta.frequency);
  return months ? addMonths(last, months) - 1 : last;
}
