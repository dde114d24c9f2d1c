/** The shapes of the expression language's functions (library.ts lists them, calendarFunctions.ts adds some). */
import type { Cadence } from '../panel/calendar.js';
import type { Value } from './value.js';

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
}
