import { monthKey, weekKey, yearOf } from '../util/dates.js';

export type Schedule = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'never';

/**
 * Marks the bars on which a scheduled rebalance is decided: the last bar of each week,
 * month, quarter or year inside the calendar. The run's last bar counts only when the
 * period covers that week/month/year to its end (`periodEnd`, the day the period ends):
 * data that simply stops mid-month is not a month-end.
 */
export function scheduleFlags(dates: Int32Array, every: Schedule, periodEnd = -Infinity): Uint8Array {
  const n = dates.length;
  const out = new Uint8Array(n);
  if (every === 'never') return out;
  if (every === 'daily') return out.fill(1);
  const key = periodKey(every);
  for (let t = 0; t < n - 1; t++) if (key(dates[t + 1]) !== key(dates[t])) out[t] = 1;
  if (n > 0 && Number.isFinite(periodEnd) && key(periodEnd + 1) !== key(dates[n - 1])) out[n - 1] = 1;
  return out;
}

function periodKey(every: 'weekly' | 'monthly' | 'quarterly' | 'yearly'): (day: number) => number {
  switch (every) {
    case 'weekly':
      return weekKey;
    case 'monthly':
      return monthKey;
    case 'quarterly':
      return (d) => Math.floor(monthKey(d) / 3);
    case 'yearly':
      return yearOf;
  }
}
