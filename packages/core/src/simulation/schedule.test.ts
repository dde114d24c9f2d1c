import { describe, expect, it } from 'vitest';
import { scheduleFlags } from './schedule.js';
import { parseDay } from '../util/dates.js';

const D = (...d: string[]) => Int32Array.from(d, (x) => parseDay(x)!);

describe('rebalance schedule', () => {
  // Thu 2024-03-28 is the last trading day of March and Q1 (Good Friday closed).
  const dates = D('2024-03-27', '2024-03-28', '2024-04-01', '2024-04-05', '2024-04-08', '2024-06-28', '2024-07-01', '2024-12-31', '2025-01-02');
  it('marks the last bar of each period', () => {
    expect(Array.from(scheduleFlags(dates, 'monthly'))).toEqual([0, 1, 0, 0, 1, 1, 1, 1, 1]); // 07-01 is July's only (so last) bar
    expect(Array.from(scheduleFlags(dates, 'quarterly'))).toEqual([0, 1, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(scheduleFlags(dates, 'yearly'))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
    // Weeks run Monday to Sunday: 04-01..04-05 is one week; Tue 12-31 and Thu 01-02 share one.
    expect(Array.from(scheduleFlags(dates, 'weekly'))).toEqual([0, 1, 0, 1, 1, 1, 1, 0, 1]);
    expect(Array.from(scheduleFlags(dates, 'daily'))).toEqual(Array(9).fill(1));
    expect(Array.from(scheduleFlags(dates, 'never'))).toEqual(Array(9).fill(0));
  });
});
