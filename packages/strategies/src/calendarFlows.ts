import { defineStrategy } from './strategy.js';

/**
 * Calendar flows: demand that arrives on dates known in advance. Their rules read the
 * calendar functions only (bar_of_month(), bars_to_quarter_end(), …), never prices.
 *
 * A regime decided at the close of bar t governs the holdings over the next bar, so each rule
 * asks where the *next* bar stands in the calendar. `bars_to_…_end()` counts the weekdays
 * left on the schedule (no look-ahead at closures; holidays count), so with
 * `execution: { delay: 0 }` the account holds the index over exactly the window's bars when no
 * holiday falls in the period's last days, and one bar fewer at its end when one does (the
 * window then starts a bar later); the per-regime statistics (a bar's return is credited to
 * the regime in force when it began) are the returns of those bars.
 */

/**
 * The rule "the next bar is one of the last `last` bars or the first `first` bars of its
 * month or quarter", written with the functions of the current bar:
 * - the next bar is among the last `last` when this bar has at most `last` bars to the end
 *   and is not the last itself (`bars_to_…_end()` from 1 to `last`; the bars of the schedule,
 *   so a holiday at the end moves this a bar later);
 * - it is among the first `first` when this bar is the period's last (the next one is bar 1)
 *   and `first >= 1`, or when this bar is one of the first `first - 1`.
 */
export function nextBarAtTurn(period: 'month' | 'quarter', last: number, first: number): string {
  const toEnd = `bars_to_${period}_end()`;
  const ofPeriod = `bar_of_${period}()`;
  if (first === 0) return last === 0 ? 'false' : `1 <= ${toEnd} <= ${last}`;
  // first >= 1: the period's last bar (0 to the end) belongs in, so `<= last` covers both.
  return first === 1 ? `${toEnd} <= ${last}` : `${toEnd} <= ${last} or ${ofPeriod} < ${first}`;
}

/** The allocation of the refuge: `cash` (nothing held) or 100 % of a symbol. */
function refugeOf(refuge: string): Record<string, number> {
  return refuge === 'cash' ? {} : { [refuge]: 1 };
}

function universeOf(stocks: string, refuge: string): string[] {
  return refuge === 'cash' ? [stocks] : [stocks, refuge];
}

export const buybackWindow = defineStrategy({
  name: 'buyback-window',
  summary: 'The index while corporate buyback windows are open; cash (or bonds) in the blackout around quarter-end and earnings',
  thesis:
    'Companies are the largest net buyers of their own shares. While buyback windows are open their steady bid gives the index an upward drift; ' +
    'it weakens in the blackout, from a few weeks before quarter-end until earnings are out. The blackout is approximated as the last ' +
    '`before` trading days of each quarter and the first `after` of the next; real blackout dates vary by company (each has its own ' +
    'cut-off and its own earnings date), so this is an average calendar, not any company\'s. The rule reads the next bar\'s place in ' +
    'the weekday schedule (no look-ahead at closures; holidays count as days), so with execution delay 0 the index is held over the open-window bars.',
  defaults: { stocks: 'SPY' as string, refuge: 'cash' as string, before: 10, after: 20 },
  counts: ['before', 'after'],
  delay: 0,
  build: (p) => ({
    universe: universeOf(p.stocks, p.refuge),
    signals: { blackout_next: nextBarAtTurn('quarter', p.before, p.after) },
    regimes: { blackout: 'blackout_next', window_open: true },
    allocations: { blackout: refugeOf(p.refuge), window_open: { [p.stocks]: 1 } },
  }),
});

export const turnOfMonth = defineStrategy({
  name: 'turn-of-month',
  summary: 'The index on the last and first trading days of each month; cash (or bonds) in between',
  thesis:
    'Stocks have earned most of their return around the turn of the month, when salaries, pension contributions and fund flows ' +
    'arrive (Lakonishok and Smidt 1988: the last trading day and the first three). Hold the index on the last `last` and the ' +
    'first `first` bars of each month and stand aside otherwise. The rule reads the next bar\'s place in the weekday schedule (no ' +
    'look-ahead at closures; holidays count as days), so with execution delay 0 the index is held over those bars.',
  defaults: { stocks: 'SPY' as string, refuge: 'cash' as string, last: 1, first: 3 },
  counts: ['last', 'first'],
  delay: 0,
  build: (p) => ({
    universe: universeOf(p.stocks, p.refuge),
    signals: { turn_next: nextBarAtTurn('month', p.last, p.first) },
    regimes: { turn_of_month: 'turn_next', rest_of_month: true },
    allocations: { turn_of_month: { [p.stocks]: 1 }, rest_of_month: refugeOf(p.refuge) },
  }),
});
