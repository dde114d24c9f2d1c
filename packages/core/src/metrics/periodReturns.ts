import { dayFromYMD, formatDay, monthKey, yearOf } from '../util/dates.js';

/** A calendar period's return: label YYYY-MM or YYYY. */
export interface PeriodReturn {
  period: string;
  return: number;
}

/** The first day of a month key (year*12 + month-1) or of a year. */
const monthStart = (key: number): number => {
  const year = Math.floor(key / 12);
  return dayFromYMD(year, key - year * 12 + 1, 1);
};
const yearStart = (year: number): number => dayFromYMD(year, 1, 1);

/**
 * Returns per calendar month or year, from the last value of each period; the first period
 * is measured from the first bar, so a partial first month counts from the start.
 *
 * A period ends at bar t when bar t+1 falls in another period. The bar's period is held as a
 * range of days [from, to), so a bar inside it costs two comparisons instead of a calendar
 * conversion (a run measures a dozen curves of 5,000 bars; issue 15).
 */
export function periodReturns(equity: Float64Array, dates: Int32Array, by: 'month' | 'year'): PeriodReturn[] {
  const key = by === 'month' ? monthKey : yearOf;
  const start = by === 'month' ? monthStart : yearStart;
  const out: PeriodReturn[] = [];
  const n = equity.length;
  if (n < 2) return out;
  let base = equity[0];
  // The period of dates[t]: [from, to).
  let k = key(dates[0]);
  let from = start(k);
  let to = start(k + 1);
  for (let t = 0; t < n; t++) {
    const next = t + 1 < n ? dates[t + 1] : 0;
    if (t === n - 1 || next < from || next >= to) {
      if (t > 0) {
        const label = formatDay(dates[t]).slice(0, by === 'month' ? 7 : 4);
        out.push({ period: label, return: base > 0 ? equity[t] / base - 1 : 0 });
      }
      base = equity[t];
      if (t < n - 1) {
        k = key(next);
        from = start(k);
        to = start(k + 1);
      }
    }
  }
  return out;
}
