import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, thousands } from './format.js';

describe('thousands', () => {
  it('groups digits by three with commas, by hand-worked examples', () => {
    expect(thousands(0)).toBe('0');
    expect(thousands(999)).toBe('999');
    expect(thousands(1000)).toBe('1,000');
    expect(thousands(-1234567)).toBe('-1,234,567');
    expect(thousands(100000)).toBe('100,000');
    expect(money(1234.5)).toBe('1,235');
  });

  it('writes what toLocaleString("en-US") writes for every rounded amount, -0 and huge ones included', () => {
    for (const n of [-0, 1e21, -1e22, 2 ** 53, Number.MAX_SAFE_INTEGER * 1000]) expect(thousands(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(fc.property(fc.double({ min: -1e25, max: 1e25, noNaN: true }), (x) => thousands(Math.round(x)) === Math.round(x).toLocaleString('en-US')), { numRuns: 2000 });
  });
});
