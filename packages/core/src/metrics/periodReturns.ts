import { formatDay, monthKey, yearOf } from '../util/dates.js';

/** A calendar period's return: label YYYY-MM or YYYY. */
export interface PeriodReturn {
  period: string;
  return: number;
}

/**
 * Returns per calendar month or year, from the last value of each period; the first period
 * is measured from the first bar, so a partial first month counts from the start.
 */
export function periodReturns(equity: Float64Array, dates: Int32Array, by: 'month' | 'year'): PeriodReturn[] {
  const key = by === 'month' ? monthKey : yearOf;
  const out: PeriodReturn[] = [];
  const n = equity.length;
  if (n < 2) return out;
  let base = equity[0];
  for (let t = 0; t < n; t++) {
    if (t === n - 1 || key(dates[t + 1]) !== key(dates[t])) {
      if (t > 0) {
        const label = formatDay(dates[t]).slice(0, by === 'month' ? 7 : 4);
        out.push({ period: label, return: base > 0 ? equity[t] / base - 1 : 0 });
      }
      base = equity[t];
    }
  }
  return out;
}
