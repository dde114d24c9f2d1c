import { describe, expect, it } from 'vitest';
import { money, num, pct, signedPct } from './format.js';

describe('report number formats', () => {
  it('shows fractions as percent, with a dash for undefined values', () => {
    expect(pct(0.041)).toBe('4.1%');
    expect(pct(-0.3125, 2)).toBe('-31.25%');
    expect(pct(null)).toBe('–');
    expect(pct(NaN)).toBe('–');
  });

  it('never shows a negative zero', () => {
    expect(pct(-0.00001)).toBe('0.0%');
    expect(signedPct(-0.00001)).toBe('0.0%');
    expect(num(-0.001, 2)).toBe('0.00');
  });

  it('signs positive returns and groups money', () => {
    expect(signedPct(0.1234)).toBe('+12.3%');
    expect(signedPct(0.00001)).toBe('0.0%');
    expect(signedPct(-0.05)).toBe('-5.0%');
    expect(money(1234567.8)).toBe('1,234,568');
  });
});
