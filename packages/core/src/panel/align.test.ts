import { describe, expect, it } from 'vitest';
import { alignAsOf, coverageEnd, knownFrom } from './align.js';
import { defaultLag } from '../data/catalog.js';
import { buildCalendar, lastOfEachMonth, unionOfDays } from './calendar.js';
import { formatDay, parseDay } from '../util/dates.js';
import type { Series, SeriesMeta } from '../data/series.js';

const D = (...d: string[]) => Int32Array.from(d, (x) => parseDay(x)!);
const series = (meta: Partial<SeriesMeta>, dates: string[], values: number[]): Series => ({
  meta: { symbol: 'X', kind: 'level', frequency: 'daily', lag: { months: 0, days: 0 }, file: 'x.csv', ...meta },
  dates: D(...dates),
  values: Float64Array.from(values),
});

describe('alignment and publication lag', () => {
  it('a monthly value with a one-month lag is usable a month after its month ends', () => {
    // December 2023 (dated 12-01) ends 12-31 -> usable from 2024-02-01; January from 03-01.
    const m2 = series({ frequency: 'monthly' }, ['2023-12-01', '2024-01-01'], [100, 101]);
    const lag = { months: 1, days: 0 };
    expect(formatDay(knownFrom(parseDay('2023-12-01')!, 'monthly', lag))).toBe('2024-02-01');
    const calendar = D('2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01');
    expect(Array.from(alignAsOf(m2, calendar, lag))).toEqual([NaN, 100, 100, 101]);
  });

  it('a quarterly value is usable only after its quarter ends, plus its lag', () => {
    // Q1 2020 (dated 2020-01-01) ends 2020-03-31: with the default 1M lag usable from 2020-05-01
    // (the advance GDP estimate came out 2020-04-29); with lag 0 from 2020-04-01. Q2 from 08-01.
    const lag = defaultLag('level', 'quarterly');
    expect(lag).toEqual({ months: 1, days: 0 });
    expect(formatDay(knownFrom(parseDay('2020-01-01')!, 'quarterly', lag))).toBe('2020-05-01');
    expect(formatDay(knownFrom(parseDay('2020-01-01')!, 'quarterly', { months: 0, days: 0 }))).toBe('2020-04-01');
    const gdp = series({ frequency: 'quarterly' }, ['2019-10-01', '2020-01-01', '2020-04-01'], [90, 110, 120]);
    const calendar = D('2020-03-02', '2020-04-01', '2020-04-30', '2020-05-01', '2020-07-31', '2020-08-03');
    // Q4 2019 ends 12-31, usable from 2020-02-01; Q1 from 05-01; Q2 from 08-01 (a Saturday: the 3rd).
    expect(Array.from(alignAsOf(gdp, calendar, lag))).toEqual([90, 90, 90, 110, 110, 120]);
    expect(formatDay(coverageEnd(gdp))).toBe('2020-06-30');
    // Prices and indices are known at their date's period end, without a default lag.
    expect(defaultLag('index', 'quarterly')).toEqual({ months: 0, days: 0 });
  });

  it('a daily rate with a one-day lag is used the next day', () => {
    const dgs10 = series({ kind: 'rate' }, ['2024-01-02', '2024-01-03'], [4.0, 4.1]);
    const calendar = D('2024-01-02', '2024-01-03', '2024-01-04');
    expect(Array.from(alignAsOf(dgs10, calendar, { months: 0, days: 1 }))).toEqual([NaN, 4.0, 4.1]);
  });

  it('prices are carried forward onto days they did not trade, NaN before they start', () => {
    const spy = series({ kind: 'price' }, ['2024-01-05', '2024-01-08'], [10, 11]);
    const calendar = D('2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08');
    expect(Array.from(alignAsOf(spy, calendar))).toEqual([NaN, 10, 10, 10, 11]);
  });

  it('the calendar is the union of traded days; monthly keeps each month\'s last day', () => {
    const a = series({}, ['2024-01-30', '2024-02-01'], [1, 1]);
    const b = series({}, ['2024-01-31', '2024-02-01', '2024-02-28'], [1, 1, 1]);
    const cal = buildCalendar([a, b], Infinity, 'daily');
    expect(Array.from(cal, formatDay)).toEqual(['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-28']);
    expect(Array.from(lastOfEachMonth(cal), formatDay)).toEqual(['2024-01-31', '2024-02-28']);
    expect(Array.from(buildCalendar([a, b], parseDay('2024-02-01')!, 'daily'), formatDay)).toEqual(['2024-01-30', '2024-01-31', '2024-02-01']);
  });
});

describe('unionOfDays', () => {
  const days = (...d: number[]) => Int32Array.from(d);
  it('is the longest list when every other list is a run of its days (listed later, delisted earlier)', () => {
    const whole = days(1, 2, 5, 6, 7, 8);
    const u = unionOfDays([days(5, 6, 7), whole, days(1, 2), days(), days(8)]);
    expect(Array.from(u)).toEqual([1, 2, 5, 6, 7, 8]);
    expect(u).not.toBe(whole); // a copy: the calendar never shares a series' memory
  });
  it('sorts and merges when a list skips a day of the longest, holds one it lacks, or runs past it', () => {
    // 3 is skipped (not a run); 4 is a day the longest lacks; 9 runs past its end.
    expect(Array.from(unionOfDays([days(1, 2, 3, 4, 5), days(2, 4)]))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(unionOfDays([days(1, 2, 3, 5, 6), days(3, 4)]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(unionOfDays([days(1, 2, 3), days(2, 3, 9)]))).toEqual([1, 2, 3, 9]);
    expect(Array.from(unionOfDays([days(1, 3), days(2, 4)]))).toEqual([1, 2, 3, 4]);
    expect(Array.from(unionOfDays([]))).toEqual([]);
  });
  it('gives what sorting every day and dropping repeats gives, on random lists', () => {
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    for (let c = 0; c < 300; c++) {
      const base = [...new Set(Array.from({ length: 1 + rand(30) }, () => rand(60)))].sort((a, b) => a - b);
      const lists = Array.from({ length: 1 + rand(4) }, () => {
        // A run of base (often), or a random subset of it plus a few days of its own.
        const from = rand(base.length);
        if (rand(2) === 0) return Int32Array.from(base.slice(from, from + rand(base.length + 1)));
        return Int32Array.from([...new Set([...base.filter(() => rand(3) > 0), ...Array.from({ length: rand(3) }, () => rand(70))])].sort((a, b) => a - b));
      });
      lists.push(Int32Array.from(base));
      const expected = [...new Set(lists.flatMap((l) => Array.from(l)))].sort((a, b) => a - b);
      expect(Array.from(unionOfDays(lists))).toEqual(expected);
    }
  });
});

describe('warm-up bars before the first traded day', () => {
  it('follow the calendar\'s cadence', async () => {
    const { warmupBefore } = await import('./calendar.js');
    const f = (x: Int32Array) => Array.from(x, formatDay);
    expect(f(warmupBefore(parseDay('2024-01-01')!, 3, 'weekdays'))).toEqual(['2023-12-27', '2023-12-28', '2023-12-29']);
    expect(f(warmupBefore(parseDay('2024-01-01')!, 2, 'every-day'))).toEqual(['2023-12-30', '2023-12-31']);
    // 2023-12-31 is a Sunday: December's last weekday is Friday the 29th.
    expect(f(warmupBefore(parseDay('2024-01-31')!, 2, 'month-ends'))).toEqual(['2023-11-30', '2023-12-29']);
  });
});
