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
  // month-end, so Thursday 03-28 is March's and the quarter's last real bar.
  const d = days('2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05');

  it('bars_to_month_end: the weekdays left in the month after the bar, Good Friday included', () => {
    // March after Mon 03-25: 26, 27, 28, 29 = 4 (Good Friday counts: no holiday is known at the
    // bar), so Thursday 03-28 reads 1, not 0.
    // April after Mon 04-01: 2..5 (4), 8..12, 15..19, 22..26 (15), 29, 30 (2) = 21;
    // after Fri 04-05: 17.
    expect(list(cal.barsToPeriodEnd(d, 1, 'weekdays'))).toEqual([4, 3, 2, 1, 21, 20, 19, 18, 17]);
  });
  it('bar_of_month: counts March\'s weekdays before the first bar', () => {
    // March 2024 before Mon 03-25: Fri 1, 4..8, 11..15, 18..22 = 16 weekdays, so 03-25 is bar 17.
    expect(list(cal.barOfPeriod(d, 1, 'weekdays'))).toEqual([17, 18, 19, 20, 1, 2, 3, 4, 5]);
  });
  it('bar_of_quarter and bars_to_quarter_end', () => {
    // Before 03-25: January 23 weekdays (Mon 1 .. Wed 31), February 21 (Thu 1 .. Thu 29),
    // March 16: 60, so 03-25 is bar 61 of Q1 (New Year's Day counts: it is before the data).
    expect(list(cal.barOfPeriod(d, 3, 'weekdays'))).toEqual([61, 62, 63, 64, 1, 2, 3, 4, 5]);
    // Q1 after 03-25: March's 4 (Good Friday included). Q2 after 04-01: April 21, May 23
    // (Wed 1 .. Fri 31), June 20 (Mon 3 .. Fri 28) = 64; after 04-05: 17 + 23 + 20 = 60.
    expect(list(cal.barsToPeriodEnd(d, 3, 'weekdays'))).toEqual([4, 3, 2, 1, 64, 63, 62, 61, 60]);
  });
  it('do not change when the data stops mid-month, or on the last bar before a holiday', () => {
    const cut = d.subarray(0, 7); // ends Wed 04-03
    expect(list(cal.barsToPeriodEnd(cut, 1, 'weekdays'))).toEqual([4, 3, 2, 1, 21, 20, 19]);
    expect(list(cal.barsToPeriodEnd(cut, 3, 'weekdays'))).toEqual([4, 3, 2, 1, 64, 63, 62]);
    // Data ending Thu 03-28: the same as with April's bars after it.
    expect(list(cal.barsToPeriodEnd(d.subarray(0, 4), 1, 'weekdays'))).toEqual([4, 3, 2, 1]);
  });
  it('0 on the month\'s last weekday; a weekend bar on a weekday calendar counts the weekdays after it', () => {
    // Fri 2024-05-31 is the last weekday of May: nothing follows in the month.
    expect(list(cal.barsToPeriodEnd(days('2024-05-30', '2024-05-31'), 1, 'weekdays'))).toEqual([1, 0]);
    // A stray Saturday row, 2024-06-29: June has no weekday after Friday 06-28, nor after it.
    expect(list(cal.barsToPeriodEnd(days('2024-06-28', '2024-06-29'), 1, 'weekdays'))).toEqual([0, 0]);
  });
});

describe('an unannounced closure: Hurricane Sandy (NYSE shut 2012-10-29 and 10-30)', () => {
  // The real calendar: Mon 10-22 .. Fri 10-26, Wed 10-31, Thu 11-01, Fri 11-02.
  const real = days('2012-10-22', '2012-10-23', '2012-10-24', '2012-10-25', '2012-10-26', '2012-10-31', '2012-11-01', '2012-11-02');
  // The calendar as scheduled on 10-26: Monday 10-29 and Tuesday 10-30 included.
  const scheduled = days('2012-10-22', '2012-10-23', '2012-10-24', '2012-10-25', '2012-10-26', '2012-10-29', '2012-10-30', '2012-10-31', '2012-11-01', '2012-11-02');

  it('bars_to_month_end on Friday 10-26 is 3 (29, 30, 31), what was known that evening', () => {
    // October after Mon 10-22: 23, 24, 25, 26, 29, 30, 31 = 7. November after Thu 11-01:
    // Fri 2 (1), 5..9, 12..16, 19..23, 26..30 (20) = 21 (Thanksgiving, 11-22, counts).
    // Counting the real later bars would say 1 on 10-26 (only 10-31 left): the storm foreseen.
    expect(list(cal.barsToPeriodEnd(real, 1, 'weekdays'))).toEqual([7, 6, 5, 4, 3, 0, 21, 20]);
    expect(list(cal.barsToPeriodEnd(scheduled, 1, 'weekdays'))).toEqual([7, 6, 5, 4, 3, 2, 1, 0, 21, 20]);
  });
  it('bars_to_quarter_end the same way', () => {
    // Q4 after 10-26: October 3, November 22 (Thu 1, Fri 2 and four whole weeks), December 21
    // (3..7, 10..14, 17..21, 24..28 and Mon 31; Christmas counts) = 46; after 10-31: 43.
    expect(list(cal.barsToPeriodEnd(real, 3, 'weekdays'))).toEqual([50, 49, 48, 47, 46, 43, 42, 41]);
  });
  it('bar_of_month counts the real bars up to the bar: 10-31 is October\'s 21st bar, not its 23rd', () => {
    // October 2012 before 10-22: Mon 1 .. Fri 19, 15 weekdays, so 10-22 is bar 16.
    expect(list(cal.barOfPeriod(real, 1, 'weekdays'))).toEqual([16, 17, 18, 19, 20, 21, 1, 2]);
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
  it('where a weekday schedule over the same days counts only weekdays', () => {
    // After Fri 03-01, Sat 03-02 or Sun 03-03 on the weekday schedule: 03-04 .. 03-29, 20 weekdays.
    expect(list(cal.barsToPeriodEnd(d, 1, 'weekdays'))).toEqual([3, 2, 1, 0, 20, 20, 20]);
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
        turn: 'bars_to_month_end() <= 1 and SPY > lag(SPY, 1)',
        stamp: 'month() * 100 + day_of_month() + quarter() / 10 + weekday() / 100',
        first: 'bar_of_month()',
      },
      ctx(),
    );
    // bars_to_quarter_end: 3, 2, 1 (Good Friday counts), 64, 63 (after 04-02: 20 + 23 + 20
    // weekdays); bar_of_quarter 62, 63, 64, 1, 2. bars_to_month_end: 3, 2, 1, 21, 20.
    expect(list(out.values.get('blackout')!)).toEqual([0, 0, 1, 1, 0]);
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

  const cadences = ['weekdays', 'every-day'] as const;
  const kernels: [string, (d: Int32Array) => Float64Array][] = [
    ['month', cal.month],
    ['quarter', cal.quarter],
    ['day_of_month', cal.dayOfMonth],
    ['weekday', cal.isoWeekday],
    ...cadences.flatMap((c): [string, (d: Int32Array) => Float64Array][] => [
      [`bar_of_month (${c})`, (d) => cal.barOfPeriod(d, 1, c)],
      [`bar_of_quarter (${c})`, (d) => cal.barOfPeriod(d, 3, c)],
      [`bars_to_month_end (${c})`, (d) => cal.barsToPeriodEnd(d, 1, c)],
      [`bars_to_quarter_end (${c})`, (d) => cal.barsToPeriodEnd(d, 3, c)],
    ]),
    ['bars_to_quarter_end (month-ends)', (d) => cal.barsToPeriodEnd(d, 3, 'month-ends')],
  ];

  it.each(kernels)('%s on bar t does not change when the calendar stops at t', (label, f) => {
    fc.assert(
      fc.property(calendar, ({ dates, c }) => {
        const full = f(dates);
        const cut = f(dates.slice(0, c + 1));
        for (let t = 0; t <= c; t++) if (full[t] !== cut[t]) expect.fail(`${label} on ${formatDay(dates[t])}: ${full[t]} vs ${cut[t]} cut at ${formatDay(dates[c])}`);
      }),
      { numRuns: 300 },
    );
  });

  it.each(kernels)('%s on bar t does not change when later trading days are removed (a closure nobody announced)', (label, f) => {
    fc.assert(
      fc.property(calendar, fc.array(fc.boolean(), { maxLength: 150 }), ({ dates, c }, drop) => {
        // Remove a random choice of the bars after c (Sandy: two days shut without notice).
        const kept = Int32Array.from([...dates].filter((_, i) => i <= c || !drop[i]));
        const full = f(dates);
        const closed = f(kept);
        for (let t = 0; t <= c; t++) if (full[t] !== closed[t]) expect.fail(`${label} on ${formatDay(dates[t])}: ${full[t]} vs ${closed[t]} with bars after ${formatDay(dates[c])} removed`);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['bars_to_month_end', 1],
    ['bars_to_quarter_end', 3],
  ] as const)('%s on a bar is the count of weekdays after it to the period\'s end, whatever the other bars', (label, months) => {
    fc.assert(
      fc.property(calendar, ({ dates, c }) => {
        const got = cal.barsToPeriodEnd(dates, months, 'weekdays')[c];
        // Count day by day, from the day after the bar to the end of its period.
        const periodOf = (day: number) => Math.floor(monthKey(day) / months);
        let expected = 0;
        for (let day = dates[c] + 1; periodOf(day) === periodOf(dates[c]); day++) if (weekday(day) !== 0 && weekday(day) !== 6) expected++;
        if (got !== expected) expect.fail(`${label} on ${formatDay(dates[c])}: ${got}, expected ${expected}`);
        expect(cal.barsToPeriodEnd(dates.slice(c, c + 1), months, 'weekdays')[0]).toBe(got);
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
