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
});
