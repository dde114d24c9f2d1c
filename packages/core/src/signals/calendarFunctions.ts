/**
 * The calendar functions of the expression language (kernels in calendar.ts). They take no
 * arguments and read the run's bar dates, never market data; library.ts lists them with the
 * indicator functions.
 */
import type { Cadence } from '../panel/calendar.js';
import * as cal from './calendar.js';
import type { KernelContext, LibraryFunction } from './functionTypes.js';
import { Problem } from './problem.js';

/** The calendar's cadence: given by the run, else implied by the frequency (weekdays when daily). */
function cadenceOf(ctx: KernelContext): Cadence {
  return ctx.cadence ?? (ctx.frequency === 'monthly' ? 'month-ends' : 'weekdays');
}

function datesOf(ctx: KernelContext, name: string): Int32Array {
  if (!ctx.dates) throw new Problem(`${name}() needs the run's calendar dates, and this expression has none`);
  if (ctx.dates.length !== ctx.length) throw new Error(`calendar has ${ctx.dates.length} dates for ${ctx.length} bars`);
  return ctx.dates;
}

function calendarFunction(name: string, doc: string, f: (dates: Int32Array, cadence: Cadence) => Float64Array): [string, LibraryFunction] {
  return [name, { params: [], doc, apply: (_args, ctx) => f(datesOf(ctx, name), cadenceOf(ctx)) }];
}

export const CALENDAR_FUNCTIONS: readonly [string, LibraryFunction][] = [
  calendarFunction('month', "the bar's month, 1-12", cal.month),
  calendarFunction('quarter', "the bar's quarter, 1-4", cal.quarter),
  calendarFunction('day_of_month', "the bar's day of the month, 1-31", cal.dayOfMonth),
  calendarFunction('weekday', "the bar's day of the week, 1 = Monday ... 7 = Sunday", cal.isoWeekday),
  calendarFunction('bar_of_month', "1 on the month's first bar, 2 on the next, ...", (d, c) => cal.barOfPeriod(d, 1, c)),
  calendarFunction('bars_to_month_end', "bars left in the month after this one on the regular schedule (weekdays; every day on a 7-day calendar): 0 on its last weekday, ...", (d, c) => cal.barsToPeriodEnd(d, 1, c)),
  calendarFunction('bar_of_quarter', "1 on the quarter's first bar, 2 on the next, ...", (d, c) => cal.barOfPeriod(d, 3, c)),
  calendarFunction('bars_to_quarter_end', "bars left in the quarter after this one on the regular schedule: 0 on its last weekday, ...", (d, c) => cal.barsToPeriodEnd(d, 3, c)),
];
