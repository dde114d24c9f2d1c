/**
 * Dates are whole days since 1970-01-01 (UTC) in an Int32Array-friendly number.
 * Calendar arithmetic is done on these integers so the hot loops never build Date objects.
 */
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type Day = number;

/** Parses `YYYY-MM-DD` strictly (real calendar date), or returns undefined. */
export function parseDay(text: string): Day | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
}

export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayFromYMD(year: number, month: number, dayOfMonth: number): Day {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Year, month (1-12) and day of month. */
export function ymd(day: Day): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** Month index (year*12 + month-1), for grouping by month without allocation. */
export function monthKey(day: Day): number {
  const [y, m] = ymd(day);
  return y * 12 + (m - 1);
}

export function yearOf(day: Day): number {
  return ymd(day)[0];
}

/** ISO week key: the Monday that starts the week containing `day`. */
export function weekKey(day: Day): number {
  // 1970-01-01 was a Thursday; (day + 3) mod 7 = 0 on Mondays.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Adds calendar months, clamping the day of month (Jan 31 + 1M = Feb 28/29). */
export function addMonths(day: Day, months: number): Day {
  const [y, m, d] = ymd(day);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return dayFromYMD(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/**
 * Length of [from, to] in years, counting whole anniversaries first and the rest as a
 * fraction of the following year's length, so 2020-01-01 → 2022-01-01 is exactly 2.
 */
export function yearFraction(from: Day, to: Day): number {
  if (to <= from) return 0;
  let whole = 0;
  // Walk anniversaries; at most ~200 steps for any real history.
  while (addMonths(from, 12 * (whole + 1)) <= to) whole++;
  const anchor = addMonths(from, 12 * whole);
  const next = addMonths(from, 12 * (whole + 1));
  return whole + (to - anchor) / (next - anchor);
}
