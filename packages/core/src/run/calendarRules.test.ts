import { describe, expect, it } from 'vitest';
import { runYaml, tmpData, type Table } from '../../../../test/fixtures/tmpData.js';

/**
 * Calendar functions inside a run: the expressions see the run's whole calendar (warm-up
 * included), and a rule about the next bar's place in the month holds the asset over exactly
 * those bars with delay 0. Worked by hand on the trading days around the end of March 2024
 * (Good Friday, 03-29, is a holiday at the month-end).
 */
const DATES = ['2024-03-20', '2024-03-21', '2024-03-22', '2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05'];
// Flat, then +10 % on each of 03-28, 04-01 and 04-02, then a fall on 04-03.
const PRICES = [100, 100, 100, 100, 100, 100, 110, 121, 133.1, 100, 100, 100];
const table = (values: number[]): Table => Object.fromEntries(DATES.map((d, i) => [d, values[i]]));

describe('calendar functions in a run', () => {
  it('turn of the month: holds A over the last bar of March and the first two of April', async () => {
    const { result } = await runYaml(
      tmpData({ A: table(PRICES) }),
      `name: turn
period: { start: 2024-03-20 }
capital: 1000
universe: [A]
numeraires: [USD]
cash: { rate: 0 }
signals:
  # The next bar is March's last (this one has 1 bar to the month's end), or among the first
  # two of a month (this one is the month's last, or its first).
  turn_next: "bars_to_month_end() <= 1 or bar_of_month() < 2"
regimes: { turn: turn_next, rest: true }
allocations: { turn: { A: 1 }, rest: {} }
rebalance: { every: never, on_regime_change: true }
execution: { delay: 0 }
`,
    );
    // bars_to_month_end on 03-20..03-28: 6 5 4 3 2 1 0 (<= 1 on 03-27 and 03-28);
    // bar_of_month on 04-01..04-05: 1 2 3 4 5 (< 2 on 04-01).
    expect(result.series.regime).toEqual(['rest', 'rest', 'rest', 'rest', 'rest', 'turn', 'turn', 'turn', 'rest', 'rest', 'rest', 'rest']);
    // In A from the close of 03-27 to the close of 04-02: 1000 * 1.1^3, no costs, cash at 0 %.
    expect(result.series.equity.USD.at(-1)).toBeCloseTo(1331, 9);
    const stats = Object.fromEntries(result.regimes!.stats.USD.map((s) => [s.label, s]));
    expect(stats.turn.return).toBeCloseTo(0.331, 12);
    expect(stats.rest.return).toBeCloseTo(0, 12);
  });

  const flagRun = (data: Record<string, Table>, rule: string, extra = '') =>
    runYaml(
      tmpData(data),
      `name: flag
period: { start: 2023-01-01 }
universe: [A]
numeraires: [USD]
cash: { rate: 0 }
regimes: { yes: "${rule}", no: true }
allocations: { yes: { A: 1 }, no: {} }
${extra}`,
    );

  it('a crypto calendar (seven days a week) counts every day beyond its last bar', async () => {
    // Mon 2024-02-26 .. Sun 03-03. After Sunday, March has 28 more days (20 more weekdays):
    // bars_to_month_end on 03-01, 03-02, 03-03 is 30, 29, 28 (22, 21, 20 on a weekday schedule).
    const dates = ['2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02', '2024-03-03'];
    const { result } = await flagRun({ A: Object.fromEntries(dates.map((d) => [d, 100])) }, 'bars_to_month_end() >= 25 and weekday() >= 5');
    expect(result.series.regime).toEqual(['no', 'no', 'no', 'no', 'yes', 'yes', 'yes']);
  });

  it('a monthly run has one bar per month; a last month cut mid-month is still its quarter\'s last', async () => {
    const dates = ['2023-10-31', '2023-11-30', '2023-12-29', '2024-01-31', '2024-02-29', '2024-03-15'];
    const { result } = await flagRun({ A: Object.fromEntries(dates.map((d) => [d, 100])) }, 'bars_to_quarter_end() == 0 and bar_of_quarter() == 3', 'frequency: monthly\n');
    expect(result.series.regime).toEqual(['no', 'no', 'yes', 'no', 'no', 'yes']);
  });
});
