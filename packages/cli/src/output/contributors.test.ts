import { describe, expect, it } from 'vitest';
import { contributorsTable } from './runTables.js';

describe('top contributors in the terminal', () => {
  it('largest |P&L| first, the rest summed, then the total and its share of capital', () => {
    const text = contributorsTable({ SPY: 5000, TLT: -3000, GLD: 200, cashInterest: 100, tradingCosts: -50, borrowFees: 0, financing: -10 }, 10_000, 3);
    const lines = text.split('\n').slice(2).map((l) => l.replace(/\s+/g, ' ').trim());
    // Top three: SPY, TLT, GLD; the other four sum to 100 - 50 + 0 - 10 = 40; total 2,240.
    expect(lines).toEqual(['SPY 5,000 50.0%', 'TLT -3,000 -30.0%', 'GLD 200 2.0%', '4 others 40 0.4%', 'Total (final − capital) 2,240 22.4%']);
  });
  it('account lines by their names', () => {
    const text = contributorsTable({ A: 1, cashInterest: 2, tradingCosts: -3, borrowFees: -4, financing: -5, ruin: 6 }, 100);
    for (const name of ['Cash interest', 'Trading costs', 'Borrow fees', 'Financing', 'Ruin (unpaid shortfall)']) expect(text).toContain(name);
  });
});
