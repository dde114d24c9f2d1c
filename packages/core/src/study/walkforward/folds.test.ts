import { describe, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../util/dates.js';
import { addSpan, parseSpan, planFolds } from './folds.js';

const D = (s: string) => parseDay(s)!;
const show = (folds: ReturnType<typeof planFolds>) =>
  folds.map((f) => `${f.fold}: ${formatDay(f.train.start)}..${formatDay(f.train.end)} | ${formatDay(f.test.start)}..${formatDay(f.test.end)}`);

describe('walk-forward windows', () => {
  it('parses years, months and days, and refuses anything else', () => {
    expect(parseSpan('5y', '--train')).toEqual({ months: 60, days: 0, text: '5y' });
    expect(parseSpan('18M', '--test')).toEqual({ months: 18, days: 0, text: '18m' });
    expect(parseSpan('90d', '--test')).toEqual({ months: 0, days: 90, text: '90d' });
    expect(() => parseSpan('5 years', '--train')).toThrow('--train: expected a length of calendar time such as 5y, 18m or 90d (years, months, days); found "5 years"');
    expect(() => parseSpan('0y', '--test')).toThrow('--test: expected');
    expect(() => parseSpan('1.5y', '--test')).toThrow('found "1.5y"');
  });

  it('adds calendar spans, clamping the day of month', () => {
    expect(formatDay(addSpan(D('2020-01-31'), parseSpan('1m', 'x')))).toBe('2020-02-29');
    expect(formatDay(addSpan(D('2020-02-29'), parseSpan('1y', 'x')))).toBe('2021-02-28');
    expect(formatDay(addSpan(D('2020-12-25'), parseSpan('10d', 'x')))).toBe('2021-01-04');
    expect(formatDay(addSpan(D('2010-01-01'), parseSpan('6m', 'x'), 3))).toBe('2011-07-01');
  });

  it('rolling folds: each training window is the span before its test window', () => {
    // 2010–2015 with 3y training, 1y tests: tests 2013, 2014, 2015.
    const folds = planFolds(D('2010-01-01'), D('2015-12-31'), parseSpan('3y', 't'), parseSpan('1y', 't'), false);
    expect(show(folds)).toEqual([
      '1: 2010-01-01..2012-12-31 | 2013-01-01..2013-12-31',
      '2: 2011-01-01..2013-12-31 | 2014-01-01..2014-12-31',
      '3: 2012-01-01..2014-12-31 | 2015-01-01..2015-12-31',
    ]);
  });

  it('anchored folds: every training window starts at the period start and grows', () => {
    const folds = planFolds(D('2010-01-01'), D('2015-12-31'), parseSpan('3y', 't'), parseSpan('1y', 't'), true);
    expect(show(folds)).toEqual([
      '1: 2010-01-01..2012-12-31 | 2013-01-01..2013-12-31',
      '2: 2010-01-01..2013-12-31 | 2014-01-01..2014-12-31',
      '3: 2010-01-01..2014-12-31 | 2015-01-01..2015-12-31',
    ]);
  });

  it('cuts the last test window at the period end, and drops it when under half a span', () => {
    // Ends 2015-08-15: the 2015 window keeps 227 of 365 days (over half).
    const kept = planFolds(D('2010-01-01'), D('2015-08-15'), parseSpan('3y', 't'), parseSpan('1y', 't'), false);
    expect(show(kept).at(-1)).toBe('3: 2012-01-01..2014-12-31 | 2015-01-01..2015-08-15');
    // Ends 2015-03-31: 90 of 365 days, dropped.
    const dropped = planFolds(D('2010-01-01'), D('2015-03-31'), parseSpan('3y', 't'), parseSpan('1y', 't'), false);
    expect(dropped.length).toBe(2);
  });

  it('quarterly tests in months and days', () => {
    const folds = planFolds(D('2020-01-01'), D('2020-12-31'), parseSpan('6m', 't'), parseSpan('3m', 't'), false);
    expect(show(folds)).toEqual(['1: 2020-01-01..2020-06-30 | 2020-07-01..2020-09-30', '2: 2020-04-01..2020-09-30 | 2020-10-01..2020-12-31']);
  });

  it('a period too short for one fold is an input error naming both windows', () => {
    expect(() => planFolds(D('2020-01-01'), D('2022-12-31'), parseSpan('5y', 't'), parseSpan('1y', 't'), false)).toThrow(
      'the period 2020-01-01 to 2022-12-31 is too short for one fold of --train 5y followed by --test 1y',
    );
  });
});
