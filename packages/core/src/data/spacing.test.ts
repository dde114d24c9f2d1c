import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runYaml, tmpData } from '../../../../test/fixtures/tmpData.js';
import { parseDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import { listData } from './list.js';
import { pullTarget } from './pull.js';
import { describeGap, frequencyOfGap, medianGap } from './spacing.js';

const D = (...d: string[]) => Int32Array.from(d, (x) => parseDay(x)!);

/** An error's message, or '' when `f` does not throw. */
async function messageOf(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return '';
  } catch (e) {
    expect(e, 'an input error (exit 2, no stack trace)').toBeInstanceOf(InputError);
    return (e as Error).message;
  }
}

// FRED-style monthly values (dated the first of the month they describe) and quarterly ones.
const MONTHLY = { '2019-12-01': 90, '2020-01-01': 90, '2020-02-01': 90, '2020-03-01': 110, '2020-04-01': 110, '2020-05-01': 110 };
const QUARTERLY = { '2019-07-01': 90, '2019-10-01': 90, '2020-01-01': 110, '2020-04-01': 110 };
// Weekdays of 2020-01 to 2020-08: a daily price.
const SPY: Record<string, number> = {};
for (let d = parseDay('2020-01-01')!; d <= parseDay('2020-08-31')!; d++) {
  const day = new Date(d * 86_400_000);
  if (day.getUTCDay() % 6 !== 0) SPY[day.toISOString().slice(0, 10)] = 100;
}

describe('the spacing of a series\' dates', () => {
  it('is the median gap in days: weekends and holidays do not make daily data look weekly', () => {
    // Thu, Fri, Mon, Tue, Wed, Fri (holiday Thu): gaps 1, 3, 1, 1, 2 -> median 1.
    expect(medianGap(D('2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-12'))).toBe(1);
    // Month starts: gaps 31, 29, 31 -> 31. Quarter starts 2019-07 .. 2020-04: 92, 92, 91 -> 92.
    expect(medianGap(D('2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01'))).toBe(31);
    expect(medianGap(D('2019-07-01', '2019-10-01', '2020-01-01', '2020-04-01'))).toBe(92);
    // Two dates (one gap) say too little: not judged.
    expect(medianGap(D('2020-01-01', '2020-02-01'))).toBeUndefined();
    // An even number of gaps takes the lower middle: 1, 1, 31, 31 -> 1.
    expect(medianGap(D('2020-01-01', '2020-01-02', '2020-01-03', '2020-02-03', '2020-03-05'))).toBe(1);
  });

  it('names the frequency it shows', () => {
    expect([1, 4, 5, 7, 10, 11, 24, 25, 28, 31, 35, 36, 79, 80, 92, 100, 101, 365].map(frequencyOfGap)).toEqual([
      'daily', 'daily', 'weekly', 'weekly', 'weekly', undefined, undefined, 'monthly', 'monthly', 'monthly', 'monthly',
      undefined, undefined, 'quarterly', 'quarterly', 'quarterly', undefined, undefined,
    ]);
    expect(describeGap(31)).toBe('a month apart (median 31 days)');
    expect(describeGap(1)).toBe('a day apart (median 1 day)');
    expect(describeGap(365)).toBe('365 days apart (median)');
  });
});

describe('a series whose dates disagree with where it is placed is refused', () => {
  it('a monthly file in daily/ (it would be known on its first day, lag 0)', async () => {
    const data = tmpData({}, { levels: { MACRO: MONTHLY } });
    const msg = await messageOf(() => data.store().load('MACRO'));
    expect(msg).toContain(`${join(data.dir, 'daily', 'MACRO.csv')}: MACRO is read as daily (a file in daily/ that the catalog does not list)`);
    expect(msg).toContain('its dates are a month apart (median 31 days)');
    expect(msg).toContain('(look-ahead)');
    expect(msg).toContain(`Move it to monthly/, or declare it in ${join(data.dir, 'catalog.yaml')} with its publication lag: MACRO: { kind: level, frequency: monthly, lag: 1M }`);
  });

  it('a monthly file at the top of the data directory', async () => {
    const data = tmpData({});
    writeFileSync(join(data.dir, 'MACRO.csv'), `date,value\n${Object.entries(MONTHLY).map(([d, v]) => `${d},${v}`).join('\n')}\n`);
    const msg = await messageOf(() => data.store().load('MACRO'));
    expect(msg).toContain('MACRO is read as daily (a file at the top of the data directory that the catalog does not list)');
    expect(msg).toContain('a month apart (median 31 days)');
    expect(msg).toContain('Move it to monthly/');
  });

  it('a quarterly file in monthly/ (it would be known before its quarter is over)', async () => {
    const data = tmpData({}, { monthly: { GDPQ: QUARTERLY } });
    const msg = await messageOf(() => data.store().load('GDPQ'));
    expect(msg).toContain('GDPQ is read as monthly (a file in monthly/ that the catalog does not list), but its dates are a quarter apart (median 92 days)');
    expect(msg).toContain('known before its quarter is over (look-ahead)');
    expect(msg).toContain('Move it to quarterly/, or declare it in');
    expect(msg).toContain('GDPQ: { kind: level, frequency: quarterly, lag: 1M }');
  });

  it('a catalog entry whose frequency the dates contradict, named with its line', async () => {
    const data = tmpData({}, { levels: { MACRO: MONTHLY }, catalog: 'symbols:\n  MACRO: { kind: level, frequency: daily }\n' });
    const msg = await messageOf(() => data.store().load('MACRO'));
    expect(msg).toContain(`MACRO is read as daily (its catalog entry at ${join(data.dir, 'catalog.yaml')}:2:10 says frequency: daily)`);
    expect(msg).toContain('Set frequency: monthly in its catalog entry');
  });

  it('daily prices in monthly/ (they would be read a month late)', async () => {
    const data = tmpData({});
    writeFileSync(join(data.dir, 'monthly', 'P.csv'), `date,close\n${Object.keys(SPY).slice(0, 20).map((d) => `${d},100`).join('\n')}\n`);
    const msg = await messageOf(() => data.store().load('P'));
    expect(msg).toContain('P is read as monthly (a file in monthly/ that the catalog does not list), but its dates are a day apart (median 1 day)');
    expect(msg).toContain('a daily series read late');
    expect(msg).toContain('Move it to daily/');
  });

  it('weekly values in daily/, and a spacing no frequency has', async () => {
    const weekly = Object.fromEntries(['2024-01-03', '2024-01-10', '2024-01-17', '2024-01-24'].map((d) => [d, 1]));
    const yearly = Object.fromEntries(['2021-01-01', '2022-01-01', '2023-01-01', '2024-01-01'].map((d) => [d, 1]));
    const data = tmpData({}, { levels: { WK: weekly, YR: yearly } });
    const wk = await messageOf(() => data.store().load('WK'));
    expect(wk).toContain('its dates are a week apart (median 7 days): the week between values would be taken for gaps in daily data');
    expect(wk).toContain('(weekly series have no folder): WK: { kind: level, frequency: weekly, lag: 0 }');
    const yr = await messageOf(() => data.store().load('YR'));
    expect(yr).toContain('its dates are 365 days apart (median): no frequency Regime reads has that spacing');
    // Declared weekly in the catalog, but a value every weekday.
    const days = Object.fromEntries(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'].map((d) => [d, 1]));
    const dw = tmpData({}, { levels: { DW: days }, catalog: 'symbols:\n  DW: { kind: level, frequency: weekly }\n' });
    const msg = await messageOf(() => dw.store().load('DW'));
    expect(msg).toContain('DW is read as weekly (its catalog entry at');
    expect(msg).toContain('its dates are a day apart (median 1 day): a weekly series has one value a week. Set frequency: daily in its catalog entry');
  });

  it('month-end closes in daily/ are monthly too (a daily run would annualise them as days)', async () => {
    const data = tmpData({ A: { '2023-10-31': 1, '2023-11-30': 1, '2023-12-29': 1, '2024-01-31': 1 } });
    const msg = await messageOf(() => data.store().load('A'));
    // Gaps 30, 29, 33 days: median 30.
    expect(msg).toContain('A is read as daily (a file in daily/ that the catalog does not list), but its dates are a month apart (median 30 days)');
    expect(msg).toContain('measure its month-to-month changes as daily ones');
    expect(msg).toContain('A: { kind: price, frequency: monthly, lag: 0 }');
  });
});

describe('a series placed where its dates say loads', () => {
  it('monthly in monthly/, declared in the catalog, weekly declared weekly, two dates unjudged', async () => {
    const data = tmpData(
      { SPY },
      {
        monthly: { MACRO: MONTHLY },
        levels: { MM: MONTHLY, WK: { '2024-01-03': 1, '2024-01-10': 1, '2024-01-17': 1 }, TWO: { '2020-01-01': 1, '2020-02-01': 2 } },
        catalog: 'symbols:\n  MM: { kind: level, frequency: monthly }\n  WK: { kind: level, frequency: weekly }\n',
      },
    );
    const store = data.store();
    expect((await store.load('SPY')).meta.frequency).toBe('daily');
    expect((await store.load('MACRO')).meta).toMatchObject({ frequency: 'monthly', lag: { months: 1, days: 0 } });
    expect((await store.load('MM')).meta).toMatchObject({ frequency: 'monthly', lag: { months: 1, days: 0 } });
    expect((await store.load('WK')).meta.frequency).toBe('weekly');
    expect((await store.load('TWO')).meta.frequency).toBe('daily');
  });

  it('quarterly in quarterly/: Q1 2020 is first used on 2020-05-01 (quarter ends 03-31, then 1M)', async () => {
    const data = tmpData({ SPY });
    mkdirSync(join(data.dir, 'quarterly'));
    writeFileSync(join(data.dir, 'quarterly', 'GDPQ.csv'), `date,value\n${Object.entries(QUARTERLY).map(([d, v]) => `${d},${v}`).join('\n')}\n`);
    expect((await data.store().load('GDPQ')).meta).toMatchObject({ frequency: 'quarterly', lag: { months: 1, days: 0 } });
    const { result } = await runYaml(
      data,
      `name: t\nuniverse: [SPY]\nnumeraires: [USD]\nperiod: { start: 2020-01-01, end: 2020-08-31 }\nsignals: { up: "GDPQ > 100" }\nregimes: { on: up, off: true }\nallocations: { on: { SPY: 1 }, off: {} }\n`,
    );
    const first = result.series.signals.up.indexOf(1);
    expect(result.series.dates[first]).toBe('2020-05-01');
    expect(result.series.dates[first - 1]).toBe('2020-04-30');
  });

  it('regime data pull writes a quarterly symbol to quarterly/, where it is read as quarterly', () => {
    const entry = { symbol: 'GDP', kind: 'level' as const, frequency: 'quarterly' as const, lag: { months: 1, days: 0 } };
    expect(pullTarget(entry)).toBe('quarterly/GDP.csv');
    expect(pullTarget({ ...entry, frequency: 'weekly' })).toBe('daily/GDP.csv');
  });

  it('regime data list finds quarterly/ files and lists them as quarterly', async () => {
    const data = tmpData({ SPY });
    mkdirSync(join(data.dir, 'quarterly'));
    writeFileSync(join(data.dir, 'quarterly', 'GDPQ.csv'), `date,value\n${Object.entries(QUARTERLY).map(([d, v]) => `${d},${v}`).join('\n')}\n`);
    const rows = await listData(data.dir, { catalog: { entries: new Map(), aliases: new Map() } });
    expect(rows.find((r) => r.symbol === 'GDPQ')).toMatchObject({ frequency: 'quarterly', path: 'quarterly/GDPQ.csv', first: '2019-07-01', last: '2020-04-01', rows: 4, status: 'ok' });
  });
});
