import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMN_LOOPS } from './columnLoops.js';
import * as ew from './elementwise.js';
import { finite, map2 } from './value.js';

/** Values a column holds (finite numbers and NaN), and what a broken input might bring (±∞). */
const value = fc.oneof(fc.constantFrom(0, -0, 1, -1, 0.5, 2, NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324), fc.double());

describe('map2’s written-out loops', () => {
  it('cover the comparisons, and/or and the four arithmetic operators', () => {
    const names = Object.entries(ew).filter(([, f]) => COLUMN_LOOPS.has(f as never)).map(([k]) => k).sort();
    expect(names).toEqual(['add', 'and', 'divide', 'larger', 'largerEq', 'multiply', 'or', 'smaller', 'smallerEq', 'subtract']);
  });

  it('give finite(f(x, y)) of their operator bit for bit, column with column and with a scalar on either side', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), fc.array(value, { minLength: 12, maxLength: 12 }), value, (xs, ys, s) => {
        const a = Float64Array.from(xs);
        const b = Float64Array.from(ys.slice(0, xs.length));
        for (const f of COLUMN_LOOPS.keys()) {
          const cases: [number | Float64Array, number | Float64Array, (i: number) => number][] = [
            [a, b, (i) => finite(f(a[i], b[i]))],
            [s, b, (i) => finite(f(s, b[i]))],
            [a, s, (i) => finite(f(a[i], s))],
          ];
          for (const [x, y, expected] of cases) {
            const out = map2(x, y, f) as Float64Array;
            expect(out.length).toBe(a.length);
            for (let i = 0; i < out.length; i++) expect(Object.is(out[i], expected(i)), `${f.name} at ${i}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
