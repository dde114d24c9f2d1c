import { describe, expect, it } from 'vitest';
import { parseConfigText, parseDay } from '@regime/core';
import { compileExpression, memoryContext, weekday } from '@regime/core/internal';
import { expandStrategy } from './registry.js';
import { nextBarAtTurn } from './calendarFlows.js';
import { starterYaml } from './starter.js';
import { findStrategy } from './registry.js';

const expand = (yaml: string) => {
  const source = parseConfigText(yaml, 's.yaml');
  return expandStrategy(source.config, source);
};
const head = 'name: t\nperiod: { start: 2010-01-01 }\n';

/** Weekdays from `from` to `to` (both included): a calendar without holidays. */
function weekdays(from: string, to: string): Int32Array {
  const out: number[] = [];
  for (let d = parseDay(from)!; d <= parseDay(to)!; d++) if (weekday(d) !== 0 && weekday(d) !== 6) out.push(d);
  return Int32Array.from(out);
}

async function ruleOn(dates: Int32Array, rule: string): Promise<number[]> {
  return [...(await compileExpression(rule, memoryContext({}, 'daily', { dates }), new Map()))];
}

describe('nextBarAtTurn: the next bar is among the last N or first M of its period', () => {
  // 2024-03-25 .. 2024-04-05 without holidays: 03-25..03-29 are the last five bars of March
  // (and of Q1), 04-01..04-05 the first five of April.
  const d = weekdays('2024-03-25', '2024-04-05');
  it('N = 2, M = 3: true on 03-27 (next: 03-28, second last), 03-28, 03-29 (next: 04-01), 04-01, 04-02', async () => {
    expect(await ruleOn(d, nextBarAtTurn('month', 2, 3))).toEqual([0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(await ruleOn(d, nextBarAtTurn('quarter', 2, 3))).toEqual([0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
  });
  it('M = 1: only the period\'s last bar leads into the new one', async () => {
    expect(await ruleOn(d, nextBarAtTurn('month', 1, 1))).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  });
  it('M = 0: the period\'s last bar is out (the next bar starts a new period)', async () => {
    expect(await ruleOn(d, nextBarAtTurn('month', 2, 0))).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(await ruleOn(d, nextBarAtTurn('month', 0, 0))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('N = 0: only the first M bars', async () => {
    expect(await ruleOn(d, nextBarAtTurn('month', 0, 2))).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });
  it('agrees with counting the next bar\'s place directly, for every N and M up to 6', async () => {
    const cal = weekdays('2024-01-01', '2024-12-31');
    const month = (t: number) => new Date(cal[t] * 864e5).getUTCMonth();
    for (let n = 0; n <= 6; n++)
      for (let m = 0; m <= 6; m++) {
        const got = await ruleOn(cal, nextBarAtTurn('month', n, m));
        for (let t = 0; t < cal.length - 1; t++) {
          const u = t + 1; // the next bar: its index in its month from the start and from the end
          let fromStart = 0;
          while (u - fromStart - 1 >= 0 && month(u - fromStart - 1) === month(u)) fromStart++;
          let toEnd = 0;
          while (u + toEnd + 1 < cal.length && month(u + toEnd + 1) === month(u)) toEnd++;
          const expected = toEnd < n || fromStart < m ? 1 : 0;
          if (got[t] !== expected) expect.fail(`N=${n} M=${m} bar ${t}: ${got[t]} vs ${expected}`);
        }
      }
  });
});

describe('buyback-window and turn-of-month', () => {
  it('expand into a blackout rule over the quarter, and cash or a refuge', () => {
    const c = expand(head + 'strategy: { use: buyback-window, params: { before: 10, after: 20 } }\n');
    expect(c.universe).toEqual(['SPY']);
    expect(c.signals).toEqual({ blackout_next: 'bars_to_quarter_end() <= 10 or bar_of_quarter() < 20' });
    expect(c.regimes).toEqual({ blackout: 'blackout_next', window_open: true });
    expect(c.allocations).toEqual({ blackout: {}, window_open: { SPY: 1 } });
    const bonds = expand(head + 'strategy: { use: buyback-window, params: { refuge: IEF } }\n');
    expect(bonds.universe).toEqual(['SPY', 'IEF']);
    expect(bonds.allocations).toEqual({ blackout: { IEF: 1 }, window_open: { SPY: 1 } });
  });
  it('turn-of-month holds the index on the last and first bars of each month', () => {
    const c = expand(head + 'strategy: { use: turn-of-month, params: { last: 1, first: 3 } }\n');
    expect(c.signals).toEqual({ turn_next: 'bars_to_month_end() <= 1 or bar_of_month() < 3' });
    expect(c.allocations).toEqual({ turn_of_month: { SPY: 1 }, rest_of_month: {} });
  });
  it('refuse counts that are not whole numbers of bars, at their line', () => {
    const err = (yaml: string) => {
      try {
        expand(head + yaml);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(err('strategy:\n  use: buyback-window\n  params: { before: 2.5 }\n')).toMatch(/s\.yaml:5:\d+: strategy parameter before: expected a whole number of bars >= 0, found 2.5/);
    expect(err('strategy: { use: turn-of-month, params: { first: -1 } }\n')).toContain('strategy parameter first: expected a whole number of bars >= 0, found -1');
  });
  it('their starter YAML trades at the deciding close (delay 0): the rules are written for it', () => {
    expect(starterYaml(findStrategy('buyback-window')!, '2026-06-30')).toContain('delay: 0');
    expect(starterYaml(findStrategy('sixty-forty')!, '2026-06-30')).toContain('delay: 1');
  });
});
