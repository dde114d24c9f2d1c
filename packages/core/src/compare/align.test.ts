import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load.js';
import { runBacktest } from '../run/runBacktest.js';
import { days, tmpData } from '../../../../test/fixtures/tmpData.js';
import { alignForComparison, commonPeriod, unevenPeriods, unionDateRanges, unionNumeraires } from './align.js';
import { rangeStats } from './rangeStats.js';

const cfg = (file: string, start: string, end?: string, numeraires: string[] = ['USD', 'gold']) => ({ file, period: end ? { start, end } : { start }, numeraires });

describe('common period of several configs', () => {
  it('is the latest start and the earliest end', () => {
    const configs = [cfg('a.yaml', '2001-01-01', '2020-12-31'), cfg('b.yaml', '2010-06-01', '2024-01-31'), cfg('c.yaml', '2005-01-01', '2019-03-31')];
    expect(commonPeriod(configs)).toEqual({ start: '2010-06-01', end: '2019-03-31' });
  });

  it('lets an open end follow the others, and stays open only when every end is open', () => {
    expect(commonPeriod([cfg('a', '2001-01-01'), cfg('b', '2003-01-01', '2010-01-01')])).toEqual({ start: '2003-01-01', end: '2010-01-01' });
    expect(commonPeriod([cfg('a', '2001-01-01'), cfg('b', '2003-01-01')])).toEqual({ start: '2003-01-01' });
  });

  it('refuses periods that do not overlap, naming both configs', () => {
    expect(() => commonPeriod([cfg('early.yaml', '2001-01-01', '2005-12-31'), cfg('late.yaml', '2010-01-01')])).toThrow(
      /no period in common: late\.yaml starts 2010-01-01, after early\.yaml ends 2005-12-31/,
    );
  });

  it('gives every config the common period, or its own with ownPeriods, and one list of numeraires', () => {
    const configs = [cfg('a', '2001-01-01', '2020-12-31', ['USD', 'gold', 'M2']), cfg('b', '2010-06-01', undefined, ['gold', 'USD', 'CPI'])];
    expect(alignForComparison(configs)).toEqual({
      common: { start: '2010-06-01', end: '2020-12-31' },
      periods: [
        { start: '2010-06-01', end: '2020-12-31' },
        { start: '2010-06-01', end: '2020-12-31' },
      ],
      numeraires: ['USD', 'gold', 'M2', 'CPI'],
    });
    expect(alignForComparison(configs, { ownPeriods: true, numeraires: ['USD', 'gold', 'USD'] })).toEqual({
      common: null,
      periods: [{ start: '2001-01-01', end: '2020-12-31' }, { start: '2010-06-01' }],
      numeraires: ['USD', 'gold'],
    });
    expect(unionNumeraires([['USD'], ['USD', 'gold'], ['BTC']])).toEqual(['USD', 'gold', 'BTC']);
  });

  it('finds the intersection of the actual periods when the runs cover different days', () => {
    const p = (start: string, end: string) => ({ start, end });
    expect(unevenPeriods([p('2024-01-02', '2024-01-05'), p('2024-01-02', '2024-01-05')])).toBeNull();
    expect(unevenPeriods([p('2024-01-01', '2024-01-06'), p('2024-01-02', '2024-01-05'), p('2024-01-01', '2024-01-07')])).toEqual(p('2024-01-02', '2024-01-05'));
  });

  it('unites date-range periods: same label and dates once, same label with other dates kept apart', () => {
    expect(
      unionDateRanges([
        { name: 'A', periods: { bust: { start: '2000-01-01', end: '2002-12-31' }, now: { start: '2022-01-01' } } },
        { name: 'B', periods: null },
        { name: 'C', periods: { bust: { start: '2000-01-01', end: '2002-12-31' }, boom: { start: '2003-01-01', end: '2007-12-31' } } },
        { name: 'D', periods: { now: { start: '2023-01-01' } } },
      ]),
    ).toEqual([
      { label: 'bust', start: '2000-01-01', end: '2002-12-31' },
      { label: 'now', start: '2022-01-01' },
      { label: 'boom', start: '2003-01-01', end: '2007-12-31' },
      { label: 'now (D)', start: '2023-01-01' },
    ]);
  });
});

describe('common period on hand-made data: runs over the same dates', () => {
  // A trades on weekdays, B every day (like crypto); gold every day.
  const weekdays = (start: string, n: number) => {
    const all = days(start, Array.from({ length: n }, (_, i) => 100 + i));
    return Object.fromEntries(Object.entries(all).filter(([d]) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())));
  };
  const data = tmpData({
    A: weekdays('2024-01-01', 60),
    B: days('2024-01-10', Array.from({ length: 50 }, (_, i) => 50 + (i % 7))),
    XAUUSD: days('2023-12-01', Array.from({ length: 120 }, (_, i) => 2000 + i)),
  });
  const yamlA = `name: Stocks\nperiod: { start: 2024-01-01, end: 2024-02-20 }\nuniverse: [A]\nweights: { A: 1 }\nperiods:\n  early: { start: 2024-01-01, end: 2024-01-31 }\n  late: { start: 2024-02-01 }\n`;
  const yamlB = `name: Coins\nperiod: { start: 2024-01-15 }\nuniverse: [B]\nnumeraires: [USD]\nweights: { B: 1 }\n`;

  it('overrides each period with the intersection before running; all runs share the numeraires', async () => {
    const sources = [parseConfigText(yamlA, 'a.yaml'), parseConfigText(yamlB, 'b.yaml')];
    const alignment = alignForComparison(sources.map((s) => ({ file: s.file, period: s.config.period, numeraires: s.config.numeraires })));
    expect(alignment.common).toEqual({ start: '2024-01-15', end: '2024-02-20' });
    expect(alignment.numeraires).toEqual(['USD', 'gold']);
    const results = [];
    for (const [i, s] of sources.entries()) {
      s.config.period = alignment.periods[i];
      s.config.numeraires = alignment.numeraires;
      results.push((await runBacktest(s, { store: data.store(), version: 'test' })).result);
    }
    // 2024-01-15 is a Monday and 2024-02-20 a Tuesday: both calendars have them.
    expect(results.map((r) => r.period)).toEqual([
      { start: '2024-01-15', end: '2024-02-20' },
      { start: '2024-01-15', end: '2024-02-20' },
    ]);
    expect(results.map((r) => r.numeraires)).toEqual([
      ['USD', 'gold'],
      ['USD', 'gold'],
    ]);
    expect(results[0].series.dates.length).toBe(27); // weekdays 15 Jan – 20 Feb
    expect(results[1].series.dates.length).toBe(37); // every day
    expect(unevenPeriods(results.map((r) => r.period))).toBeNull();

    // Date-range returns from the equity series match the engine's own periods block, and a
    // run that declares no periods gets them from the union.
    const ranges = unionDateRanges(sources.map((s) => ({ name: s.config.name, periods: s.config.periods })));
    const statsA = rangeStats(results[0], ranges);
    for (const n of ['USD', 'gold'])
      expect(statsA[n].map(({ first, last, complete, ...s }) => s)).toEqual(results[0].periods!.stats[n]);
    // The run starts 15 Jan: "early" (from 1 Jan) is partial, "late" (open) is complete.
    expect(statsA.USD.map((s) => [s.first, s.last, s.complete])).toEqual([
      ['2024-01-15', '2024-01-31', false],
      ['2024-02-01', '2024-02-20', true],
    ]);
    const statsB = rangeStats(results[1], ranges);
    const eqB = results[1].series.equity.USD;
    const datesB = results[1].series.dates;
    // A range collects the returns realised on its own days. "late": 31 Jan close → 20 Feb close.
    expect(statsB.USD[1].return).toBeCloseTo(eqB[datesB.length - 1] / eqB[datesB.indexOf('2024-01-31')] - 1, 12);
    // "early": from the run's first close to the close of 31 Jan.
    expect(statsB.USD[0].return).toBeCloseTo(eqB[datesB.indexOf('2024-01-31')] / eqB[0] - 1, 12);
  });

  it('re-aligns the runs when an open period runs to different data ends or a calendar starts earlier', async () => {
    const open = (name: string, sym: string) => parseConfigText(`name: ${name}\nperiod: { start: 2024-01-15 }\nuniverse: [${sym}]\nweights: { ${sym}: 1 }\n`, `${name}.yaml`);
    const first = [];
    for (const s of [open('x', 'A'), open('y', 'B')]) first.push((await runBacktest(s, { store: data.store(), version: 'test' })).result);
    // A's data ends on Thursday 29 Feb 2024, B's on 28 Feb: the earliest end is 28 Feb.
    expect(first.map((r) => r.period.end)).toEqual(['2024-02-29', '2024-02-28']);
    const common = unevenPeriods(first.map((r) => r.period));
    expect(common).toEqual({ start: '2024-01-15', end: '2024-02-28' });
    const again = open('x', 'A');
    again.config.period = common!;
    const rerun = (await runBacktest(again, { store: data.store(), version: 'test' })).result;
    expect(rerun.period).toEqual(first[1].period);
    // Starting on a Sunday: B (every day) starts that day, A on Monday; the second pass starts B on Monday.
    const sunday = [open('x', 'A'), open('y', 'B')].map((s) => ((s.config.period = { start: '2024-01-21', end: '2024-02-20' }), s));
    const firstPass = [];
    for (const s of sunday) firstPass.push((await runBacktest(s, { store: data.store(), version: 'test' })).result.period);
    expect(firstPass.map((p) => p.start)).toEqual(['2024-01-22', '2024-01-21']);
    expect(unevenPeriods(firstPass)).toEqual({ start: '2024-01-22', end: '2024-02-20' });
  });
});
