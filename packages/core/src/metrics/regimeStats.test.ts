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

  it('date ranges credit each return to the day it is realised, agreeing with calendar years', () => {
    // Equity 100 (2023-12-29) -> 110 (2024-01-02) -> 121 (2024-01-03). By the day the return
    // is realised, 2024 earned both +10 % moves (+21 %), 2023 nothing.
    const equity = Float64Array.from([100, 110, 121]);
    const codes = Int32Array.from([0, 1, 1]);
    const [y2023, y2024] = labelStats(equity, codes, ['y2023', 'y2024'], 252, { creditTo: 'end' });
    expect(y2023.return).toBe(0);
    expect(y2024.return).toBeCloseTo(0.21, 12);
  });

  it('costs paid at the first close count against the first label', () => {
    const [a] = labelStats(Float64Array.from([990, 990]), Int32Array.from([0, 0]), ['a'], 252, { initial: 1000 });
    expect(a.return).toBeCloseTo(-0.01, 12);
  });

  it('the benchmark’s return over the same bars, credited the same way', () => {
    // Regimes a a b b a; benchmark 100 → 105 → 84 → 84 → 84: bar returns +5 %, -20 %, 0, 0.
    // Credited to the regime in force when each bar began: a gets +5 % and -20 % (bar 2 began
    // in a): 1.05 · 0.8 - 1 = -16 %; b gets the two flat bars: 0.
    const equity = Float64Array.from([100, 110, 99, 99, 108.9]);
    const benchmark = Float64Array.from([100, 105, 84, 84, 84]);
    const codes = Int32Array.from([0, 0, 1, 1, 0]);
    const [a, b] = labelStats(equity, codes, ['a', 'b'], 12, { benchmark });
    expect(a.benchmarkReturn).toBeCloseTo(-0.16, 12);
    expect(b.benchmarkReturn).toBe(0);
    // Credited to the day realised (date ranges): bar 2 is labelled b, so a +5 %, b -20 %.
    const [ae, be] = labelStats(equity, codes, ['a', 'b'], 12, { benchmark, creditTo: 'end' });
    expect(ae.benchmarkReturn).toBeCloseTo(0.05, 12);
    expect(be.benchmarkReturn).toBeCloseTo(-0.2, 12);
    expect(labelStats(equity, codes, ['a', 'b'], 12)[0].benchmarkReturn).toBeNull();
  });
});
