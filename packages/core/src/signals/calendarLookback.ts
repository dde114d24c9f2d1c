/**
 * The library side of calendar windows (calendarWindow.ts has the date arithmetic and the
 * kernels): which functions take `days/weeks/months/years(n)` as their window, and how each
 * reads its argument at the lookback point.
 */
import { Problem } from './problem.js';
import { atIndex, changeFrom, lookback, returnFrom, windowExtreme, windowMean, type CalendarWindow } from './calendarWindow.js';
import { finite, toColumn, type Value } from './value.js';

export interface CalendarContext {
  length: number;
  frequency: 'daily' | 'monthly';
  /** The calendar's days (days since 1970-01-01), one per bar. */
  dates?: Int32Array;
}

/** An argument of a calendar function: its column on the bars, and its value as of any day when known. */
export interface CalendarArg {
  column(): Value;
  at(days: Int32Array): Value | undefined;
}

export type CalendarApply = (x: CalendarArg, w: CalendarWindow, ctx: CalendarContext) => Value;

export const ONE_YEAR: CalendarWindow = { unit: 'year', count: 1 };

function datesOf(ctx: CalendarContext): Int32Array {
  if (!ctx.dates || ctx.dates.length !== ctx.length) throw new Problem('calendar windows need the dates of the calendar, which this context does not give');
  return ctx.dates;
}

/**
 * The argument as of each bar's lookback point. On a daily calendar the point can fall between
 * bars (a weekend, a holiday): a series, or a bar-by-bar combination of series, is then read
 * as it was known on that very day (a monthly value published that Saturday counts), which
 * is what makes `yoy(M2SL)` on a daily run compare with exactly twelve months before.
 * Anything else is read on the last bar at or before the point.
 */
function asOfLookback(x: CalendarArg, w: CalendarWindow, ctx: CalendarContext): Float64Array {
  const { targets, index } = lookback(datesOf(ctx), w, ctx.frequency);
  const exact = ctx.frequency === 'daily' ? x.at(targets) : undefined;
  if (exact !== undefined) return toColumn(exact, ctx.length).slice();
  return atIndex(toColumn(x.column(), ctx.length), index);
}

function finiteAll(out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = finite(out[i]);
  return out;
}

export const calendarLag: CalendarApply = (x, w, ctx) => finiteAll(asOfLookback(x, w, ctx));
export const calendarChange: CalendarApply = (x, w, ctx) => finiteAll(changeFrom(toColumn(x.column(), ctx.length), asOfLookback(x, w, ctx)));
export const calendarRet: CalendarApply = (x, w, ctx) => finiteAll(returnFrom(toColumn(x.column(), ctx.length), asOfLookback(x, w, ctx)));

function windowed(f: (col: Float64Array, index: Int32Array) => Float64Array): CalendarApply {
  return (x, w, ctx) => {
    const { index } = lookback(datesOf(ctx), w, ctx.frequency);
    return finiteAll(f(toColumn(x.column(), ctx.length), index));
  };
}

export const calendarSma = windowed(windowMean);
export const calendarMax = windowed((c, i) => windowExtreme(c, i, 1));
export const calendarMin = windowed((c, i) => windowExtreme(c, i, -1));

/** yoy(x): the return against the value one calendar year earlier, on any cadence. */
export const yoy = (x: CalendarArg, ctx: CalendarContext): Value => calendarRet(x, ONE_YEAR, ctx);
