import { describe, expect, it } from 'vitest';
import { scheduleFlags } from './schedule.js';
import { parseDay } from '../util/dates.js';

const D = (...d: string[]) => Int32Array.from(d, (x) => parseDay(x)!);

describe('rebalance schedule', () => {
  // Thu 2024-03-28 is the last trading day of March and Q1 (Good Friday closed).
  const dates = D('2024-03-27', '2024-03-28', '2024-04-01', '2024-04-05', '2024-04-08', '2024-06-28', '2024-07-01', '2024-12-31', '2025-01-02');
  it('marks the last bar of each period', () => {
    // The run's last bar (2025-01-02) ends nothing here: the data simply stops (no period end given).
    expect(Array.from(scheduleFlags(dates, 'monthly'))).toEqual([0, 1, 0, 0, 1, 1, 1, 1, 0]); // 07-01 is July's only (so last) bar
    expect(Array.from(scheduleFlags(dates, 'quarterly'))).toEqual([0, 1, 0, 0, 0, 1, 1, 1, 0]);
    expect(Array.from(scheduleFlags(dates, 'yearly'))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0]);
    // Weeks run Monday to Sunday: 04-01..04-05 is one week; Tue 12-31 and Thu 01-02 share one.
    expect(Array.from(scheduleFlags(dates, 'weekly'))).toEqual([0, 1, 0, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(scheduleFlags(dates, 'daily'))).toEqual(Array(9).fill(1));
    expect(Array.from(scheduleFlags(dates, 'never'))).toEqual(Array(9).fill(0));
  });

  it('the last bar is a period end only when the period runs to the end of that period', () => {
    const january = D('2024-01-02', '2024-01-03', '2024-01-04');
    // Data that stops on 01-04: not a month-end, not a year-end.
    expect(Array.from(scheduleFlags(january, 'monthly', parseDay('2024-01-04')!))).toEqual([0, 0, 0]);
    expect(Array.from(scheduleFlags(january, 'yearly'))).toEqual([0, 0, 0]);
    // A period that ends on 01-31 covers January: its last bar is January's end.
    expect(Array.from(scheduleFlags(january, 'monthly', parseDay('2024-01-31')!))).toEqual([0, 0, 1]);
  });
});
