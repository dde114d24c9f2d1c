/**
 * The calendar functions, worked out by hand on real calendars (the counts of weekdays are
 * written out in the comments), then compiled inside expressions, then as a no-look-ahead
 * property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.js';
import { formatDay, monthKey, parseDay, weekday } from '../util/dates.js';
import { compileExpression, compileSignals } from './compile.js';
import { memoryContext } from './memoryContext.js';
import * as cal from './calendar.js';

const days = (...isos: string[]): Int32Array =>
  Int32Array.from(isos, (s) => {
    const d = parseDay(s);
    if (d === undefined) throw new Error(`bad date ${s}`);
    return d;
  });
const list = (c: Float64Array): number[] => [...c];

describe('month, quarter, day_of_month, weekday', () => {
  // 2024-01-31 Wed, 02-29 Thu (leap day), 03-31 Sun, 04-01 Mon, 12-28 Sat.
  const d = days('2024-01-31', '2024-02-29', '2024-03-31', '2024-04-01', '2024-12-28');
  it('read the bar\'s own date', () => {
    expect(list(cal.month(d))).toEqual([1, 2, 3, 4, 12]);
    expect(list(cal.quarter(d))).toEqual([1, 1, 1, 2, 4]);
    expect(list(cal.dayOfMonth(d))).toEqual([31, 29, 31, 1, 28]);
    expect(list(cal.isoWeekday(d))).toEqual([3, 4, 7, 1, 6]);
  });
  it('work before 1970 and across centuries', () => {
    // 1969-12-31 was a Wednesday; 2000-02-29 a Tuesday (2000 is a leap year).
    const old = days('1969-12-31', '2000-02-29');
    expect(list(cal.month(old))).toEqual([12, 2]);
    expect(list(cal.quarter(old))).toEqual([4, 1]);
    expect(list(cal.dayOfMonth(old))).toEqual([31, 29]);
    expect(list(cal.isoWeekday(old))).toEqual([3, 2]);
  });
});

describe('bar of / bars to the end of the month and quarter, weekday calendar', () => {
  // US trading days around the end of Q1 2024: Good Friday, 2024-03-29, is a holiday at the
  // month-end, so Thursday 03-28 is March's and the quarter's last bar.
  const d = days('2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05');

  it('bars_to_month_end: 0 on the last bar before a month-end holiday; beyond the data, every weekday', () => {
    // April after Fri 04-05: weekdays 04-08..12, 15..19, 22..26 (15) and 29, 30 (2) = 17.
    expect(list(cal.barsToPeriodEnd(d, 1, 'weekdays'))).toEqual([3, 2, 1, 0, 21, 20, 19, 18, 17]);
  });
  it('bar_of_month: counts March\'s weekdays before the first bar', () => {
    // March 2024 before Mon 03-25: Fri 1, 4..8, 11..15, 18..22 = 16 weekdays, so 03-25 is bar 17.
    expect(list(cal.barOfPeriod(d, 1, 'weekdays'))).toEqual([17, 18, 19, 20, 1, 2, 3, 4, 5]);
  });
  it('bar_of_quarter and bars_to_quarter_end', () => {
    // Before 03-25: January 23 weekdays (Mon 1 .. Wed 31), February 21 (Thu 1 .. Thu 29),
    // March 16: 60, so 03-25 is bar 61 of Q1 (New Year's Day counts: it is before the data).
    expect(list(cal.barOfPeriod(d, 3, 'weekdays'))).toEqual([61, 62, 63, 64, 1, 2, 3, 4, 5]);
    // After 04-05: April 17, May 23 (Wed 1 .. Fri 31), June 20 (Mon 3 .. Fri 28) = 60.
    expect(list(cal.barsToPeriodEnd(d, 3, 'weekdays'))).toEqual([3, 2, 1, 0, 64, 63, 62, 61, 60]);
  });
  it('do not change when the data stops mid-month (no holiday left in the month)', () => {
    const cut = d.subarray(0, 7); // ends Wed 04-03
    expect(list(cal.barsToPeriodEnd(cut, 1, 'weekdays'))).toEqual([3, 2, 1, 0, 21, 20, 19]);
    expect(list(cal.barsToPeriodEnd(cut, 3, 'weekdays'))).toEqual([3, 2, 1, 0, 64, 63, 62]);
  });
  it('count a holiday beyond the data as a trading day (the documented limit)', () => {
    // Data ending Thu 03-28: Good Friday is not in the calendar yet, so it counts.
    const cut = d.subarray(0, 4);
    expect(list(cal.barsToPeriodEnd(cut, 1, 'weekdays'))).toEqual([4, 3, 2, 1]);
  });
  it('a month without trading days beyond the data ends on its last bar', () => {
    // Fri 2024-05-31 is the last weekday of May: nothing follows in the month.
    expect(list(cal.barsToPeriodEnd(days('2024-05-30', '2024-05-31'), 1, 'weekdays'))).toEqual([1, 0]);
    // A calendar ending on Saturday 2024-06-29 (a stray weekend row): June's weekdays are over.
    expect(list(cal.barsToPeriodEnd(days('2024-06-28', '2024-06-29'), 1, 'weekdays'))).toEqual([1, 0]);
  });
});

describe('crypto: a seven-day calendar extends with every day', () => {
  // Mon 2024-02-26 .. Sun 2024-03-03.
  const d = days('2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02', '2024-03-03');
  it('counts weekends as bars', () => {
    expect(list(cal.isoWeekday(d))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // After Sun 03-03: 03-04 .. 03-31, 28 days.
    expect(list(cal.barsToPeriodEnd(d, 1, 'every-day'))).toEqual([3, 2, 1, 0, 30, 29, 28]);
    // Before 02-26: 25 days of February, so bar 26 (the day of the month, on a daily calendar).
    expect(list(cal.barOfPeriod(d, 1, 'every-day'))).toEqual([26, 27, 28, 29, 1, 2, 3]);
    // Q1 before 02-26: 31 + 25 = 56 days; after 03-03: 28.
    expect(list(cal.barOfPeriod(d, 3, 'every-day'))).toEqual([57, 58, 59, 60, 61, 62, 63]);
    expect(list(cal.barsToPeriodEnd(d, 3, 'every-day'))).toEqual([34, 33, 32, 31, 30, 29, 28]);
  });
  it('where a weekday calendar over the same days would count only weekdays beyond', () => {
    // After Sun 03-03 on the weekday schedule: 03-04 .. 03-29, 20 weekdays.
    expect(list(cal.barsToPeriodEnd(d, 1, 'weekdays'))).toEqual([3, 2, 1, 0, 22, 21, 20]);
  });
});

describe('monthly runs: one bar per month', () => {
  // Month-end bars; 2023-12-29 is the last trading day of December 2023.
  const d = days('2023-11-30', '2023-12-29', '2024-01-31', '2024-02-29');
  it('every bar is its month\'s first and last', () => {
    expect(list(cal.barOfPeriod(d, 1, 'month-ends'))).toEqual([1, 1, 1, 1]);
    expect(list(cal.barsToPeriodEnd(d, 1, 'month-ends'))).toEqual([0, 0, 0, 0]);
  });
  it('a quarter has three bars, counted beyond the data by months', () => {
    // November is Q4's second month (October before the data); March follows the data.
    expect(list(cal.barOfPeriod(d, 3, 'month-ends'))).toEqual([2, 3, 1, 2]);
    expect(list(cal.barsToPeriodEnd(d, 3, 'month-ends'))).toEqual([1, 0, 2, 1]);
  });
  it('a last bar inside its month (data ending mid-month) is still that month\'s bar', () => {
    const cut = days('2024-01-31', '2024-02-15');
    expect(list(cal.barsToPeriodEnd(cut, 1, 'month-ends'))).toEqual([0, 0]);
    expect(list(cal.barsToPeriodEnd(cut, 3, 'month-ends'))).toEqual([2, 1]);
  });
});

describe('in expressions', () => {
  const d = days('2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02');
  const ctx = (frequency: 'daily' | 'monthly' = 'daily', dates = d) => memoryContext({ SPY: Array.from(dates, (_, i) => 100 + i) }, frequency, { dates });

  it('combine with operators and other functions', async () => {
    const out = await compileSignals(
      {
        // The last two bars of a quarter and the first bar of the next.
        blackout: 'bars_to_quarter_end() < 2 or bar_of_quarter() <= 1',
        turn: 'bars_to_month_end() == 0 and SPY > lag(SPY, 1)',
        stamp: 'month() * 100 + day_of_month() + quarter() / 10 + weekday() / 100',
        first: 'bar_of_month()',
      },
      ctx(),
    );
    // bars_to_quarter_end: 2, 1, 0, 64, 63 (after 04-02: 20 + 23 + 20 weekdays); bar_of_quarter 62, 63, 64, 1, 2.
    expect(list(out.values.get('blackout')!)).toEqual([0, 1, 1, 1, 0]);
    // Bar 0: lag is undefined, but `false and undefined` is false.
    expect(list(out.values.get('turn')!)).toEqual([0, 0, 1, 0, 0]);
    // 03-26 Tue: 326 + 0.1 + 0.02 ...; 04-01 Mon: 401 + 0.2 + 0.01.
    expect(list(out.values.get('stamp')!).map((v) => Math.round(v * 100) / 100)).toEqual([326.12, 327.13, 328.14, 401.21, 402.22]);
    expect(list(out.values.get('first')!)).toEqual([18, 19, 20, 1, 2]);
  });

  it('follow a monthly calendar without being told its cadence', async () => {
    const m = days('2024-01-31', '2024-02-29', '2024-03-28', '2024-04-30');
    expect(list(await compileExpression('bars_to_quarter_end()', ctx('monthly', m), new Map()))).toEqual([2, 1, 0, 2]);
  });

  it('take no arguments, and say how to call them', async () => {
    const message = async (text: string, context = ctx()) => {
      const e = await compileExpression(text, context, new Map()).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    };
    expect(await message('month(SPY)')).toContain('month() takes 0 arguments, found 1');
    expect(await message('bars_to_month_end < 3')).toContain('"bars_to_month_end" is a function; call it as bars_to_month_end()');
    expect(await message('weekday()', memoryContext({ SPY: [1, 2] }))).toContain("weekday() needs the run's calendar dates");
  });
});

describe('no look-ahead', () => {
  /** A calendar of weekdays with random holidays, and a bar c to cut it after. */
  const calendar = fc
    .record({
      start: fc.integer({ min: parseDay('1999-12-01')!, max: parseDay('2030-12-31')! }),
      length: fc.integer({ min: 1, max: 150 }),
      holidays: fc.uniqueArray(fc.integer({ min: 0, max: 220 }), { maxLength: 25 }),
    })
    .map(({ start, length, holidays }) => {
      const skip = new Set(holidays.map((h) => start + h));
      const out: number[] = [];
      for (let day = start; out.length < length; day++) {
        const w = weekday(day);
        if (w !== 0 && w !== 6 && !skip.has(day)) out.push(day);
      }
      return Int32Array.from(out);
    })
    .chain((dates) => fc.record({ dates: fc.constant(dates), c: fc.integer({ min: 0, max: dates.length - 1 }) }));

  const pastOnly: [string, (d: Int32Array) => Float64Array][] = [
    ['month', cal.month],
    ['quarter', cal.quarter],
    ['day_of_month', cal.dayOfMonth],
    ['weekday', cal.isoWeekday],
    ['bar_of_month', (d) => cal.barOfPeriod(d, 1, 'weekdays')],
    ['bar_of_quarter', (d) => cal.barOfPeriod(d, 3, 'weekdays')],
  ];

  it.each(pastOnly)('%s on bar t does not change when the calendar stops at t', (label, f) => {
    fc.assert(
      fc.property(calendar, ({ dates, c }) => {
        const full = f(dates);
        const cut = f(dates.slice(0, c + 1));
        for (let t = 0; t <= c; t++) if (full[t] !== cut[t]) expect.fail(`${label} on ${formatDay(dates[t])}: ${full[t]} vs ${cut[t]} cut at ${formatDay(dates[c])}`);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['bars_to_month_end', 1],
    ['bars_to_quarter_end', 3],
  ] as const)('%s on bar t changes when the calendar stops at t only by the holidays after t', (label, months) => {
    fc.assert(
      fc.property(calendar, ({ dates, c }) => {
        const full = cal.barsToPeriodEnd(dates, months, 'weekdays');
        const cut = cal.barsToPeriodEnd(dates.slice(0, c + 1), months, 'weekdays');
        // The full calendar's holidays after dates[c] in its period: weekdays it skips before
        // its own last bar (beyond that, both calendars count every weekday).
        const periodOf = (day: number) => Math.floor(monthKey(day) / months);
        const held = new Set(dates);
        const lastDay = dates[dates.length - 1];
        let missing = 0;
        for (let day = dates[c] + 1; day <= lastDay && periodOf(day) === periodOf(dates[c]); day++) {
          const w = weekday(day);
          if (w !== 0 && w !== 6 && !held.has(day)) missing++;
        }
        for (let t = 0; t <= c; t++) {
          const expected = periodOf(dates[t]) === periodOf(dates[c]) ? full[t] + missing : full[t];
          if (cut[t] !== expected) expect.fail(`${label} on ${formatDay(dates[t])}: ${cut[t]}, expected ${expected} (cut at ${formatDay(dates[c])})`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('compiled with market data: changing data after bar t never changes a bar at or before t', async () => {
    const defs = { window: '(bars_to_month_end() < 2 or bar_of_quarter() <= 3) and SPY > sma(SPY, 2)', size: 'if(weekday() == 5, SPY / lag(SPY, 1), month())' };
    const d = days('2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 1, max: 200, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.double({ min: 1, max: 200, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 7 }),
        async (xs, later, t) => {
          const base = await compileSignals(defs, memoryContext({ SPY: xs }, 'daily', { dates: d }));
          const changed = await compileSignals(defs, memoryContext({ SPY: xs.map((v, i) => (i <= t ? v : later[i])) }, 'daily', { dates: d }));
          for (const name of Object.keys(defs)) {
            const a = base.values.get(name)!;
            const b = changed.values.get(name)!;
            for (let i = 0; i <= t; i++) if (!(a[i] === b[i] || (a[i] !== a[i] && b[i] !== b[i]))) expect.fail(`${name} bar ${i}: ${a[i]} vs ${b[i]}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
