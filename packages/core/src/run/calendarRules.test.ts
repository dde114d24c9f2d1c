import { describe, expect, it } from 'vitest';
import { runYaml, tmpData, type Table } from '../../../../test/fixtures/tmpData.js';

/**
 * Calendar functions inside a run: the expressions see the run's calendar up to each bar
 * (warm-up included) and the regular schedule after it, and a rule about the next bar's place
 * in the month holds the asset over those bars with delay 0. Worked by hand on the trading days
 * around the end of March 2024 (Good Friday, 03-29, is a holiday at the month-end: with no
 * holiday list, the schedule expects a bar on it).
 */
const DATES = ['2024-03-20', '2024-03-21', '2024-03-22', '2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05'];
// Flat, then +10 % on each of 03-28, 04-01 and 04-02, then a fall on 04-03.
const PRICES = [100, 100, 100, 100, 100, 100, 110, 121, 133.1, 100, 100, 100];
const table = (values: number[]): Table => Object.fromEntries(DATES.map((d, i) => [d, values[i]]));

describe('calendar functions in a run', () => {
  it('turn of the month: Good Friday is on the schedule, so March\'s real last bar is missed and April\'s first two are held', async () => {
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
    // bars_to_month_end on 03-20..03-28, the weekdays after each to 03-29: 7 6 5 4 3 2 1
    // (<= 1 on 03-28 only: on 03-27 the next bar is expected to be 03-28, March's second last,
    // because 03-29 counts); bar_of_month on 04-01..04-05: 1 2 3 4 5 (< 2 on 04-01).
    // (Reading the data's real later bars, 03-27 would have said 1 and held over 03-28 too.)
    expect(result.series.regime).toEqual(['rest', 'rest', 'rest', 'rest', 'rest', 'rest', 'turn', 'turn', 'rest', 'rest', 'rest', 'rest']);
    // In A from the close of 03-28 to the close of 04-02: 1000 * 1.1^2, no costs, cash at 0 %;
    // the +10 % of 03-28 is earned in the rest of the month, in cash.
    expect(result.series.equity.USD.at(-1)).toBeCloseTo(1210, 9);
    const stats = Object.fromEntries(result.regimes!.stats.USD.map((s) => [s.label, s]));
    expect(stats.turn.return).toBeCloseTo(0.21, 12);
    expect(stats.rest.return).toBeCloseTo(0, 12);
  });

  it('a closure nobody announced (Sandy, 2012-10-29 and 10-30) changes no decision taken before it', async () => {
    const yaml = `name: sandy
period: { start: 2012-10-22 }
universe: [A]
numeraires: [USD]
cash: { rate: 0 }
signals: { left: "bars_to_month_end()" }
regimes: { late: "left <= 2", early: true }
allocations: { late: { A: 1 }, early: {} }
execution: { delay: 0 }
`;
    const scheduled = ['2012-10-22', '2012-10-23', '2012-10-24', '2012-10-25', '2012-10-26', '2012-10-29', '2012-10-30', '2012-10-31', '2012-11-01', '2012-11-02'];
    const closed = scheduled.filter((d) => d !== '2012-10-29' && d !== '2012-10-30');
    const run = async (dates: string[]) => (await runYaml(tmpData({ A: Object.fromEntries(dates.map((d) => [d, 100])) }), yaml)).result;
    const [as, ac] = [await run(scheduled), await run(closed)];
    // Weekdays left in the month after each bar: October 22 .. 26 have 7 .. 3 (29, 30, 31),
    // November 1 and 2 have 21 and 20 (Nov 2, 5..9, 12..16, 19..23, 26..30).
    expect(as.series.signals!.left).toEqual([7, 6, 5, 4, 3, 2, 1, 0, 21, 20]);
    expect(ac.series.signals!.left).toEqual([7, 6, 5, 4, 3, 0, 21, 20]);
    // Up to Friday 10-26 both runs decided the same; counting the real bars would have put the
    // closed calendar in 'late' from 10-26 (1 bar left: 10-31), knowing of the storm.
    expect(ac.series.regime!.slice(0, 5)).toEqual(as.series.regime!.slice(0, 5));
    expect(as.series.regime).toEqual(['early', 'early', 'early', 'early', 'early', 'late', 'late', 'late', 'early', 'early']);
    expect(ac.series.regime).toEqual(['early', 'early', 'early', 'early', 'early', 'late', 'early', 'early']);
  });

  const flagRun = (data: Record<string, Table>, rule: string, extra = '', catalog?: string) =>
    runYaml(
      tmpData(data, { catalog }),
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
    // Month-end closes a month apart: a monthly series, declared so (in daily/ undeclared it is refused).
    const catalog = 'symbols:\n  A: { kind: price, frequency: monthly }\n';
    const { result } = await flagRun({ A: Object.fromEntries(dates.map((d) => [d, 100])) }, 'bars_to_quarter_end() == 0 and bar_of_quarter() == 3', 'frequency: monthly\n', catalog);
    expect(result.series.regime).toEqual(['no', 'no', 'yes', 'no', 'no', 'yes']);
  });
});
