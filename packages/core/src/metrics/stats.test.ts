import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { downsideSquare } from './stats.js';

describe('downsideSquare', () => {
  it('is x² below zero and 0 at or above it, by hand', () => {
    expect(downsideSquare(-0.5)).toBe(0.25);
    expect(downsideSquare(-3)).toBe(9);
    expect(downsideSquare(0.5)).toBe(0);
    expect(downsideSquare(0)).toBe(0);
    expect(Object.is(downsideSquare(-0), 0)).toBe(true);
    expect(downsideSquare(-Infinity)).toBe(Infinity);
    // Where it differs from the branch (see its comment): the Sortino ratio is null either way.
    expect(downsideSquare(Infinity)).toBeNaN();
    expect(downsideSquare(NaN)).toBeNaN();
  });

  it('sums to the same bits as the branch it replaces, on any finite returns', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.constantFrom(0, -0, 1e-300, -1e-300)), { maxLength: 300 }), (xs) => {
        let branchy = 0;
        let branchless = 0;
        for (const x of xs) {
          if (x < 0) branchy += x * x;
          branchless += downsideSquare(x);
        }
        expect(Object.is(branchless, branchy)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
