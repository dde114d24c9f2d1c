/** The shapes of the expression language's functions (library.ts lists them, calendarFunctions.ts adds some). */
import type { Cadence } from '../panel/calendar.js';
import type { Value } from './value.js';
import type { CalendarApply, CalendarArg } from './calendarLookback.js';

export interface KernelContext {
  length: number;
  frequency: 'daily' | 'monthly';
  periodsPerYear: number;
  /** The bar dates (days since 1970-01-01), for the calendar functions. */
  dates?: Int32Array;
  /** The schedule the calendar follows, for the calendar functions beyond its ends. */
  cadence?: Cadence;
}

/** `value`: any number or column; `window`: a constant integer >= min (a bar count). */
export type Param = { name: string; kind: 'value' } | { name: string; kind: 'window'; min: number };

export interface LibraryFunction {
  params: readonly Param[];
  /** The last parameter may repeat (min/max of several values). */
  variadic?: boolean;
  doc: string;
  apply(args: Value[], ctx: KernelContext): Value;
  /** Works bar by bar, so it can be read as of any day when its arguments can. */
  pointwise?: boolean;
  /** How it runs when its window is a calendar window (`months(6)`); absent: bars only. */
  calendar?: CalendarApply;
  /** Set for yoy: runs over one calendar year, whatever the cadence. */
  yearly?(x: CalendarArg, ctx: KernelContext): Value;
}
