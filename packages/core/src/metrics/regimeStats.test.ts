import { describe, expect, it } from 'vitest';
import { labelStats } from './regimeStats.js';

describe('per-regime statistics', () => {
  it('credits each bar\'s return to the regime in force when it began', () => {
    // Equity 100 110 99 99 108.9; regimes a a b b a.
    // Returns: +10 % (from a), -10 % (from a), 0 % (from b), +10 % (from b).
    // a: 1.1 * 0.9 - 1 = -1 %, one spell in the returns... spells counted on labels: a twice, b once.
    const equity = Float64Array.from([100, 110, 99, 99, 108.9]);
    const codes = Int32Array.from([0, 0, 1, 1, 0]);
    const [a, b] = labelStats(equity, codes, ['a', 'b'], 12);
    expect(a).toMatchObject({ label: 'a', bars: 3, spells: 2, share: 0.6 });
    expect(a.return).toBeCloseTo(-0.01, 12);
    expect(a.maxDrawdown).toBeCloseTo(-0.1, 12);
    expect(b).toMatchObject({ label: 'b', bars: 2, spells: 1, share: 0.4 });
    expect(b.return).toBeCloseTo(0.1, 12);
    expect(b.maxDrawdown).toBe(0);
    // b: two monthly returns, growth 1.1 -> annualised 1.1^(12/2) - 1.
    expect(b.annualizedReturn).toBeCloseTo(Math.pow(1.1, 6) - 1, 12);
  });
});
