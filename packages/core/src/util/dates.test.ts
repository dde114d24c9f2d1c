import { describe, expect, it } from 'vitest';
import { addMonths, dayFromYMD, formatDay, monthKey, parseDay, weekday, yearFraction, ymd } from './dates.js';

describe('calendar arithmetic', () => {
  it('agrees with Date for every day from 1830 to 2100', () => {
    for (let day = dayFromYMD(1830, 1, 1); day <= dayFromYMD(2100, 12, 31); day += 1) {
      const d = new Date(day * 86_400_000);
      const [y, m, dd] = ymd(day);
      if (y !== d.getUTCFullYear() || m !== d.getUTCMonth() + 1 || dd !== d.getUTCDate()) throw new Error(`ymd(${day}) = ${y}-${m}-${dd}, Date says ${d.toISOString()}`);
      if (monthKey(day) !== y * 12 + m - 1) throw new Error(`monthKey(${day})`);
      if (weekday(day) !== d.getUTCDay()) throw new Error(`weekday(${day})`);
    }
    expect(parseDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
  });
  it('parses strictly', () => {
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-1-05')).toBeUndefined();
    expect(parseDay('2024-01-05T00:00')).toBeUndefined();
    expect(formatDay(parseDay('1900-03-01')!)).toBe('1900-03-01');
  });
  it('adds months clamping the day, and counts whole years exactly', () => {
    expect(formatDay(addMonths(parseDay('2024-01-31')!, 1))).toBe('2024-02-29');
    expect(yearFraction(parseDay('2020-01-01')!, parseDay('2022-01-01')!)).toBe(2);
    // Half of 2021 (181 of 365 days) after one whole year.
    expect(yearFraction(parseDay('2020-01-01')!, parseDay('2021-07-01')!)).toBeCloseTo(1 + 181 / 365, 12);
  });
  it('formats a day as YYYY-MM-DD exactly as Date.toISOString does, every day of years 1000 to 9999 and outside them', () => {
    const viaDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
    // Hand-worked: day 0 is 1970-01-01; leap days; the ends of the integer-arithmetic range.
    expect(formatDay(0)).toBe('1970-01-01');
    expect(formatDay(-1)).toBe('1969-12-31');
    expect(formatDay(dayFromYMD(2000, 2, 29))).toBe('2000-02-29');
    expect(formatDay(dayFromYMD(1000, 1, 1))).toBe('1000-01-01');
    expect(formatDay(dayFromYMD(9999, 12, 31))).toBe('9999-12-31');
    expect(formatDay(dayFromYMD(999, 12, 31))).toBe('0999-12-31');
    expect(formatDay(dayFromYMD(10000, 1, 1))).toBe('+010000-01-01'.slice(0, 10));
    expect(formatDay(0.5)).toBe('1970-01-01');
    expect(() => formatDay(NaN)).toThrow(RangeError);
    for (let day = dayFromYMD(999, 12, 1); day <= dayFromYMD(10000, 1, 31); day += 1) {
      const got = formatDay(day);
      if (got !== viaDate(day)) throw new Error(`formatDay(${day}) = ${got}, Date says ${viaDate(day)}`);
    }
    for (const day of [-719468, -500000, 3000000, 1e7, -1e7, 19000.25, -0.5]) expect(formatDay(day)).toBe(viaDate(day));
  });
});

