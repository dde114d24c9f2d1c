/**
 * No look-ahead, as a property: changing any value after bar t never changes an output at or
 * before t, for every kernel and for compiled expressions that combine them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSignals } from './compile.js';
import * as k from './indicators.js';
import { memoryContext } from './memoryContext.js';

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(NaN) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 8, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
);

/** A column, a bar t inside it, and other values for every bar after t. */
const scenario = fc
  .array(value, { minLength: 1, maxLength: 40 })
  .chain((xs) =>
    fc.record({
      xs: fc.constant(xs),
      t: fc.integer({ min: 0, max: xs.length - 1 }),
      later: fc.array(value, { minLength: xs.length, maxLength: xs.length }),
    }),
  );

function withFuture(xs: number[], t: number, later: number[]): Float64Array {
  return Float64Array.from(xs, (v, i) => (i <= t ? v : later[i]));
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

function expectSamePast(a: Float64Array, b: Float64Array, t: number, label: string): void {
  for (let i = 0; i <= t; i++) {
    if (!same(a[i], b[i])) expect.fail(`${label}: bar ${i} changed from ${a[i]} to ${b[i]} when bars after ${t} changed`);
  }
}

const kernels: [string, (x: Float64Array, y: Float64Array, n: number) => Float64Array][] = [
  ['lag', (x, _, n) => k.lag(x, n)],
  ['change', (x, _, n) => k.change(x, n)],
  ['ret', (x, _, n) => k.ret(x, n)],
  ['sma', (x, _, n) => k.sma(x, n)],
  ['ema', (x, _, n) => k.ema(x, n)],
  ['vol', (x, _, n) => k.vol(x, n + 1, 252)],
  ['zscore', (x, _, n) => k.zscore(x, n + 1)],
  ['rolling_max', (x, _, n) => k.rollingMax(x, n)],
  ['rolling_min', (x, _, n) => k.rollingMin(x, n)],
  ['drawdown', (x) => k.drawdown(x)],
  ['percentile', (x, _, n) => k.percentile(x, n)],
  ['cross_above', (x, y) => k.crossAbove(x, y)],
  ['cross_below', (x, y) => k.crossBelow(x, y)],
];

describe('no look-ahead', () => {
  it.each(kernels)('%s', (label, f) => {
    fc.assert(
      fc.property(scenario, scenario, fc.integer({ min: 1, max: 6 }), (a, b, n) => {
        const len = a.xs.length;
        const ys = Array.from({ length: len }, (_, i) => b.xs[i % b.xs.length]);
        const before = f(Float64Array.from(a.xs), Float64Array.from(ys), n);
        const after = f(withFuture(a.xs, a.t, a.later), withFuture(ys, a.t, b.later.concat(a.later)), n);
        expectSamePast(before, after, a.t, label);
      }),
      { numRuns: 300 },
    );
  });

  it('holds for compiled expressions combining every function', async () => {
    const defs = {
      trend: 'SPY > sma(SPY, 3) and ema(SPY, 2) > lag(SPY, 1)',
      risk: 'vol(SPY, 3) > 0.5 or zscore(GOLD, 4) < -1',
      ratio: 'SPY / GOLD',
      extremes: 'rolling_max(ratio, 3) - rolling_min(ratio, 2) + drawdown(GOLD) + percentile(ratio, 3)',
      moves: 'change(SPY, 2) + ret(GOLD, 1) + yoy(SPY) + cross_above(SPY, GOLD) - cross_below(SPY, GOLD)',
      calendar: 'lag(SPY, days(3)) + sma(ratio, weeks(1)) + rolling_max(GOLD, days(4)) - rolling_min(SPY, days(2)) + change(ratio, days(2)) + ret(SPY, weeks(2))',
      mixed: 'if(trend, max(abs(ratio), sqrt(abs(SPY))), min(log(abs(GOLD)), exp(sign(SPY)))) + (risk ? 1 : 0)',
    };
    await fc.assert(
      fc.asyncProperty(scenario, fc.array(value, { minLength: 40, maxLength: 40 }), async ({ xs, t, later }, gold) => {
        const golds = gold.slice(0, xs.length);
        const dates = xs.map((_, i) => 19_000 + i + Math.floor(i / 5) * 2); // weekdays, weekends skipped
        const base = await compileSignals(defs, memoryContext({ SPY: xs, GOLD: golds }, 'daily', { dates: Int32Array.from(dates) }));
        const changed = await compileSignals(
          defs,
          memoryContext({ SPY: [...withFuture(xs, t, later)], GOLD: [...withFuture(golds, t, later.map((v) => v * 2))] }, 'daily', { dates: Int32Array.from(dates) }),
        );
        for (const name of Object.keys(defs)) {
          expectSamePast(base.values.get(name)!, changed.values.get(name)!, t, name);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('compiled columns hold finite numbers or NaN, never Infinity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 30 }), async (xs) => {
        const out = await compileSignals(
          { a: '1 / SPY', b: 'log(SPY)', c: 'SPY ^ -3', d: 'ret(SPY, 1)', e: 'zscore(SPY, 2)', f: 'exp(SPY * 10)' },
          memoryContext({ SPY: xs }),
        );
        for (const [name, col] of out.values) {
          for (const v of col) if (v === Infinity || v === -Infinity) expect.fail(`${name} produced ${v}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
