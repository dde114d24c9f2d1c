import { describe, expect, it } from 'vitest';
import { compileExpression, compileSignals } from './compile.js';
import { memoryContext } from './memoryContext.js';
import { alignAsOf, knownFrom } from '../panel/align.js';
import { parseDay } from '../util/dates.js';
import type { Series } from '../data/series.js';
import type { SignalContext } from './compile.js';

/**
 * Calendar windows, worked by hand: every expected value below is read off the small tables
 * in the test, never taken from the program.
 */
const N = NaN;
const days = (...d: string[]) => d.map((x) => parseDay(x)!);
const run = (text: string, cols: Record<string, number[]>, dates: number[], frequency: 'daily' | 'monthly' = 'daily') =>
  compileExpression(text, memoryContext(cols, frequency, { dates: Int32Array.from(dates) }), new Map());
const expectColumn = (got: Float64Array, want: number[]) => expect(Array.from(got)).toEqual(want);

describe('calendar windows on a daily calendar', () => {
  // Bars around two month ends and the 2024 leap day.
  const dates = days('2023-02-28', '2023-03-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-29', '2024-04-30');
  const X = [10, 11, 20, 21, 22, 23, 24];

  it('lag(x, years(1)) reads the value one calendar year earlier; 29 February looks back to 28 February', async () => {
    // 2023-02-28 -> 2022-02-28 (before the data): NaN; 2023-03-01 -> 2022-03-01: NaN;
    // 2024-02-28 -> 2023-02-28: 10; 2024-02-29 -> 2023-02-28 (clamped): 10;
    // 2024-03-01 -> 2023-03-01: 11; 2024-03-29 -> 2023-03-29: last bar before is 2023-03-01: 11;
    // 2024-04-30 -> 2023-04-30: 11.
    expectColumn(await run('lag(X, years(1))', { X }, dates), [N, N, 10, 10, 11, 11, 11]);
    expectColumn(await run('yoy(X)', { X }, dates), [N, N, 20 / 10 - 1, 21 / 10 - 1, 22 / 11 - 1, 23 / 11 - 1, 24 / 11 - 1]);
  });

  it('months are clamped to the end of the target month', async () => {
    // 2024-03-29 - 1 month = 2024-02-29 (bar: 21); 2024-04-30 - 1 month = 2024-03-30 (last bar 03-29: 23);
    // 2024-03-01 - 1 month = 2024-02-01 (last bar 2023-03-01: 11); 2024-02-29 -> 2024-01-29 (11); 2024-02-28 -> 2024-01-28 (11);
    // 2023-03-01 -> 2023-02-01, before the first bar: undefined.
    expectColumn(await run('lag(X, months(1))', { X }, dates), [N, N, 11, 11, 11, 21, 23]);
    expectColumn(await run('change(X, months(1))', { X }, dates), [N, N, 9, 10, 11, 2, 1]);
    expectColumn(await run('ret(X, months(1))', { X }, dates), [N, N, 20 / 11 - 1, 21 / 11 - 1, 22 / 11 - 1, 23 / 21 - 1, 24 / 23 - 1]);
  });

  it('days and weeks count calendar days', async () => {
    // 2024-03-01 - 1 day = 02-29 (21); 2024-02-29 - 1 day = 02-28 (20); 2023-03-01 -> 02-28 (10).
    expectColumn(await run('lag(X, days(1))', { X }, dates), [N, 10, 11, 20, 21, 22, 23]);
    // 2024-03-01 - 1 week = 02-23: last bar is 2023-03-01 (11).
    expect((await run('lag(X, weeks(1))', { X }, dates))[4]).toBe(11);
  });

  it('sma, rolling_max and rolling_min over a calendar window read the bars after the lookback point', async () => {
    // months(1) at 2024-03-29: bars in (2024-02-29, 2024-03-29] = 22, 23 -> mean 22.5.
    // at 2024-03-01: (2024-02-01, 2024-03-01] = 20, 21, 22 -> 21. At 2024-04-30: (03-30, 04-30] = 24.
    // At 2023-02-28 and 2023-03-01 the calendar does not reach back a month: undefined.
    expectColumn(await run('sma(X, months(1))', { X }, dates), [N, N, 20, 20.5, 21, 22.5, 24]);
    expectColumn(await run('rolling_max(X, months(1))', { X }, dates), [N, N, 20, 21, 22, 23, 24]);
    expectColumn(await run('rolling_min(X, months(1))', { X }, dates), [N, N, 20, 20, 20, 22, 24]);
    // An undefined bar inside the window makes it undefined.
    expectColumn(await run('sma(X, days(1))', { X: [1, 2, N, 4, 5, 6, 7] }, dates), [N, 2, N, 4, 5, 6, 7]);
  });

  it('bar windows are unchanged', async () => {
    expectColumn(await run('lag(X, 1)', { X }, dates), [N, 10, 11, 20, 21, 22, 23]);
    expectColumn(await run('sma(X, 2)', { X }, dates), [N, 10.5, 15.5, 20.5, 21.5, 22.5, 23.5]);
  });
});

describe('calendar windows on a monthly calendar count months', () => {
  // Month-end bars are the last trading day: 2023-06-30 but 2024-06-28. One year before
  // 2024-06-28 by date is 2023-06-28, before June's bar; by month it is June 2023's bar.
  const dates = days('2023-05-31', '2023-06-30', '2023-07-31', '2023-12-29', '2024-05-31', '2024-06-28');
  const X = [100, 110, 120, 130, 140, 150];
  it('yoy compares with the same month a year earlier', async () => {
    expectColumn(await run('yoy(X)', { X }, dates, 'monthly'), [N, N, N, N, 140 / 100 - 1, 150 / 110 - 1]);
  });
  it('months(6) on the bar of June 2024 looks back to December 2023; May 2024 to the last bar up to November 2023 (July)', async () => {
    expectColumn(await run('lag(X, months(6))', { X }, dates, 'monthly'), [N, N, N, 110, 120, 130]);
    // sma over 6 months at June 2024: months Jan-Jun 2024 on the calendar = May, June -> 145.
    expect((await run('sma(X, months(6))', { X }, dates, 'monthly'))[5]).toBe(145);
  });
});

describe('a daily run reading a monthly series with its publication lag', () => {
  // M2 dated the 1st of each month; a one-month lag makes January usable from 1 March.
  // 1 March 2025 is a Saturday: January 2025 is first seen on the bar of Monday 3 March.
  const monthly: Series = {
    meta: { symbol: 'M2SL', kind: 'level', frequency: 'monthly', lag: { months: 1, days: 0 }, file: 'm2.csv' },
    dates: Int32Array.from(days('2024-12-01', '2025-01-01', '2025-12-01', '2026-01-01')),
    values: Float64Array.from([190, 200, 210, 220]),
  };
  const lag = { months: 1, days: 0 };
  // Weekdays around both year's 1 March.
  const calendar = Int32Array.from(days('2025-02-27', '2025-02-28', '2025-03-03', '2026-02-26', '2026-02-27', '2026-03-02', '2026-03-03'));
  const ctx: SignalContext = {
    ...memoryContext({ M2SL: Array.from(alignAsOf(monthly, calendar, lag)) }, 'daily', { dates: calendar }),
    seriesKnown: (name) =>
      name === 'M2SL' ? { known: Int32Array.from(monthly.dates, (d) => knownFrom(d, 'monthly', lag)), values: monthly.values } : undefined,
  };

  it('the column carries the published values forward', async () => {
    // December 2024 usable 2025-02-01, January 2025 from 2025-03-01; Dec 2025 from 2026-02-01, Jan 2026 from 2026-03-01.
    expectColumn(await compileExpression('M2SL', ctx, new Map()), [190, 190, 200, 210, 210, 220, 220]);
  });

  it('yoy(M2SL) compares with the M2 of exactly twelve months before, even across a weekend publication', async () => {
    // 2026-02-26 and -27: December 2025 (210) against what was known on 2025-02-26/27: December 2024 (190).
    // 2026-03-02 (Monday): January 2026 (220) against 2025-03-02, a Sunday on which January 2025
    // (200) was already published (Saturday 1 March) although no bar showed it yet: 220/200.
    // Reading the bar before (Friday 28 February, 190) would have compared 13 months apart.
    // 2026-03-03: against 2025-03-03: January 2025 (200). 2025 bars: a year before there is no data: undefined.
    expectColumn(await compileExpression('yoy(M2SL)', ctx, new Map()), [N, N, N, 210 / 190 - 1, 210 / 190 - 1, 220 / 200 - 1, 220 / 200 - 1]);
  });

  it('a bar-by-bar combination of series is read as of the day too; an indicator is read on the bar before', async () => {
    expectColumn(await compileExpression('lag(M2SL * 2, years(1))', ctx, new Map()), [N, N, N, 380, 380, 400, 400]);
    // sma(M2SL, 1) is an indicator: one year before 2026-03-02 it is read on the last bar at or
    // before 2025-03-02, Friday 2025-02-28 (190).
    expectColumn(await compileExpression('lag(sma(M2SL, 1), years(1))', ctx, new Map()), [N, N, N, N, 190, 190, 200]);
  });

  it('a signal that names the series is read as of the day as well, in signals and in rules', async () => {
    const out = await compileSignals({ m2: 'M2SL', growth: 'yoy(m2)' }, ctx);
    expectColumn(out.values.get('growth')!, [N, N, N, 210 / 190 - 1, 210 / 190 - 1, 220 / 200 - 1, 220 / 200 - 1]);
    const rule = await compileExpression('yoy(m2) > 0.09', ctx, out.values, undefined, 'rule', out.keys, out.forms);
    expectColumn(rule, [N, N, N, 1, 1, 1, 1]);
  });
});

describe('calendar windows are checked', () => {
  const dates = days('2024-01-02', '2024-01-03');
  it('refuses a calendar window where a value is expected, or where bars are required', async () => {
    await expect(run('months(6)', { X: [1, 2] }, dates)).rejects.toThrow(/months\(6\) is a calendar window: use it as the window of lag, change, ret, sma/);
    await expect(run('X + days(2)', { X: [1, 2] }, dates)).rejects.toThrow(/days\(2\) is a calendar window/);
    await expect(run('ema(X, months(2))', { X: [1, 2] }, dates)).rejects.toThrow(/ema\(x, n\) takes its window in bars, found the calendar window months\(2\)/);
    await expect(run('sma(X, months(0))', { X: [1, 2] }, dates)).rejects.toThrow(/months\(n\) takes one constant whole number >= 1/);
    await expect(run('sma(X, months(X))', { X: [1, 2] }, dates)).rejects.toThrow(/months\(n\) takes one constant whole number >= 1/);
    await expect(run('sma(X, months(1.5))', { X: [1, 2] }, dates)).rejects.toThrow(/months\(n\) takes one constant whole number >= 1/);
  });
});

describe('the BTC_USD hint', () => {
  it('appears when the part before the dash is itself a name (BTC is an alias of BTC-USD)', async () => {
    const ctx = memoryContext({ BTC: [1, 2], BTC_USD: [1, 2] });
    await expect(compileExpression('sma(BTC-USD, 2)', ctx, new Map())).rejects.toThrow(
      /unknown name "USD" \(did you mean "BTC_USD"\? a symbol such as BTC-USD is written BTC_USD in expressions\)/,
    );
  });
});

describe('the one-pass window kernels', () => {
  it('agree with a direct computation of every window (random values, gaps and starts)', async () => {
    const { windowMean, windowExtreme } = await import('./calendarWindow.js');
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(NaN)), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 60, maxLength: 60 }),
        (xs, steps) => {
          // A non-decreasing lookback index below t (or -1), as lookback() gives.
          const index = new Int32Array(xs.length);
          let j = -1;
          for (let t = 0; t < xs.length; t++) {
            j = Math.min(t - 1, j + (steps[t] % 2));
            index[t] = j;
          }
          const x = Float64Array.from(xs);
          const mean = windowMean(x, index);
          const max = windowExtreme(x, index, 1);
          const min = windowExtreme(x, index, -1);
          for (let t = 0; t < xs.length; t++) {
            const w = xs.slice(index[t] + 1, t + 1);
            const defined = index[t] >= 0 && w.every((v) => !Number.isNaN(v));
            const want = defined ? w.reduce((a, b) => a + b, 0) / w.length : NaN;
            if (Number.isNaN(want)) expect(mean[t]).toBeNaN();
            else expect(mean[t]).toBeCloseTo(want, 12);
            expect(max[t]).toEqual(defined ? Math.max(...w) : NaN);
            expect(min[t]).toEqual(defined ? Math.min(...w) : NaN);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
