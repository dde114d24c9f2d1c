/**
 * The functions an expression may call: name, parameters (for arity checks and messages) and
 * how to apply them to compiled arguments. Nothing outside this table is callable.
 */
import * as ew from './elementwise.js';
import * as k from './indicators.js';
import { CALENDAR_FUNCTIONS } from './calendarFunctions.js';
import { finite, map1, map2, map3, toColumn, type Value } from './value.js';
import * as cal from './calendarLookback.js';
import { Problem } from './problem.js';
import type { KernelContext, LibraryFunction, Param } from './functionTypes.js';

export type { KernelContext, Param, LibraryFunction } from './functionTypes.js';

const x: Param = { name: 'x', kind: 'value' };
const win = (min = 1): Param => ({ name: 'n', kind: 'window', min });

/** Runs a column kernel; scalars are broadcast, and any ±Infinity it produced becomes NaN. */
function kernel(f: (...cols: Float64Array[]) => Float64Array) {
  return (values: Value[], ctx: KernelContext): Value => {
    const out = f(...values.map((v) => toColumn(v, ctx.length)));
    for (let i = 0; i < out.length; i++) out[i] = finite(out[i]);
    return out;
  };
}

/** A kernel of one column and one window. */
function windowed(f: (c: Float64Array, n: number) => Float64Array): LibraryFunction['apply'] {
  return (values, ctx) => kernel((c) => f(c, values[1] as number))([values[0]], ctx);
}

export const LIBRARY: ReadonlyMap<string, LibraryFunction> = new Map<string, LibraryFunction>([
  ['lag', { params: [x, win()], doc: 'value n bars ago', apply: windowed(k.lag), calendar: cal.calendarLag }],
  ['sma', { params: [x, win()], doc: 'mean of the last n values', apply: windowed(k.sma), calendar: cal.calendarSma }],
  ['ema', { params: [x, win()], doc: 'exponential average, alpha 2/(n+1)', apply: windowed(k.ema) }],
  ['change', { params: [x, win()], doc: 'x - x n bars ago', apply: windowed(k.change), calendar: cal.calendarChange }],
  ['ret', { params: [x, win()], doc: 'return over n bars', apply: windowed(k.ret), calendar: cal.calendarRet }],
  [
    'yoy',
    {
      params: [x],
      doc: 'return against the value one calendar year earlier (as of that date), on any cadence',
      // compileNode always runs `yearly`; a year is never a bar count.
      apply: () => {
        throw new Problem('yoy runs over calendar dates');
      },
      yearly: cal.yoy,
    },
  ],
  [
    'vol',
    {
      params: [x, win(2)],
      doc: 'annualised volatility of the last n one-bar returns',
      apply: (v, ctx) => kernel((c) => k.vol(c, v[1] as number, ctx.periodsPerYear))([v[0]], ctx),
    },
  ],
  ['zscore', { params: [x, win(2)], doc: '(x - mean) / stdev of the last n values', apply: windowed(k.zscore) }],
  ['rolling_max', { params: [x, win()], doc: 'largest of the last n values', apply: windowed(k.rollingMax), calendar: cal.calendarMax }],
  ['rolling_min', { params: [x, win()], doc: 'smallest of the last n values', apply: windowed(k.rollingMin), calendar: cal.calendarMin }],
  ['drawdown', { params: [x], doc: 'x / running peak - 1', apply: kernel(k.drawdown) }],
  ['percentile', { params: [x, win()], doc: 'share of the last n values <= today', apply: windowed(k.percentile) }],
  [
    'cross_above',
    { params: [{ name: 'a', kind: 'value' }, { name: 'b', kind: 'value' }], doc: '1 when a crosses above b', apply: kernel(k.crossAbove) },
  ],
  [
    'cross_below',
    { params: [{ name: 'a', kind: 'value' }, { name: 'b', kind: 'value' }], doc: '1 when a crosses below b', apply: kernel(k.crossBelow) },
  ],
  ['abs', { params: [x], doc: 'absolute value', apply: ([a]) => map1(a, ew.abs), pointwise: true }],
  ['log', { params: [x], doc: 'natural logarithm (undefined for x <= 0)', apply: ([a]) => map1(a, ew.log), pointwise: true }],
  ['exp', { params: [x], doc: 'e to the x', apply: ([a]) => map1(a, ew.exp), pointwise: true }],
  ['sqrt', { params: [x], doc: 'square root (undefined for x < 0)', apply: ([a]) => map1(a, ew.sqrt), pointwise: true }],
  ['sign', { params: [x], doc: '-1, 0 or 1', apply: ([a]) => map1(a, ew.sign), pointwise: true }],
  [
    'min',
    {
      params: [{ name: 'a', kind: 'value' }, { name: 'b', kind: 'value' }],
      variadic: true,
      doc: 'smallest of the values, bar by bar',
      apply: (v) => v.reduce((acc, b) => map2(acc, b, ew.min)),
      pointwise: true,
    },
  ],
  [
    'max',
    {
      params: [{ name: 'a', kind: 'value' }, { name: 'b', kind: 'value' }],
      variadic: true,
      doc: 'largest of the values, bar by bar',
      apply: (v) => v.reduce((acc, b) => map2(acc, b, ew.max)),
      pointwise: true,
    },
  ],
  [
    'if',
    {
      params: [{ name: 'cond', kind: 'value' }, { name: 'a', kind: 'value' }, { name: 'b', kind: 'value' }],
      doc: 'a where cond is true, b where false, undefined where cond is',
      apply: ([c, a, b]) => map3(c, a, b, ew.choose),
      pointwise: true,
    },
  ],
  ...CALENDAR_FUNCTIONS,
]);

/** "sma(x, n)" or "min(a, b, ...)", for messages. */
export function signature(name: string, f: LibraryFunction): string {
  const names = f.params.map((p) => p.name);
  return `${name}(${names.join(', ')}${f.variadic ? ', ...' : ''})`;
}
