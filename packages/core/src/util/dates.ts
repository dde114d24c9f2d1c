/**
 * Dates are whole days since 1970-01-01 (UTC) in an Int32Array-friendly number.
 * Calendar arithmetic is done on these integers so the hot loops never build Date objects.
 */
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type Day = number;

/** Parses `YYYY-MM-DD` strictly (real calendar date), or returns undefined. */
export function parseDay(text: string): Day | undefined {
  if (text.length !== 10 || !ISO_DATE.test(text)) return undefined;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayFromYMD(y, mo, d);
}

function digits(text: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) v = v * 10 + (text.charCodeAt(i) - 48);
  return v;
}

// Days of 1000-01-01 and 9999-12-31: in between, YYYY-MM-DD by integer arithmetic.
const FAST_FIRST = -354_285;
const FAST_LAST = 2_932_896;

/**
 * `YYYY-MM-DD`, as `new Date(day * 86400000).toISOString().slice(0, 10)` writes it. Whole days
 * from year 1000 to 9999 are converted by integer arithmetic (a run formats every bar's date,
 * and building a Date for each was a visible part of a run, issue 15); anything else (other
 * years, fractions, NaN) goes through Date as before. A test checks both agree.
 */
export function formatDay(day: Day): string {
  if (!(day >= FAST_FIRST && day <= FAST_LAST && Math.floor(day) === day)) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

// Civil-calendar conversions by integer arithmetic (H. Hinnant's days_from_civil and
// civil_from_days), so calendar grouping in loops builds no Date objects.
export function dayFromYMD(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Month index (year*12 + month-1), for grouping by month without allocation. */
export function monthKey(day: Day): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + (month - 1);
}

/** Year, month (1-12) and day of month. */
export function ymd(day: Day): [number, number, number] {
  const key = monthKey(day);
  const year = Math.floor(key / 12);
  const month = (key % 12) + 1;
  return [year, month, day - dayFromYMD(year, month, 1) + 1];
}

export function yearOf(day: Day): number {
  return Math.floor(monthKey(day) / 12);
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
