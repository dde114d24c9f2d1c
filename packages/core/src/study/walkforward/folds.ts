/**
 * The folds of a walk-forward: training windows (rolling, or anchored at the period's start)
 * each followed by a test window, laid out on the calendar. Windows are spans of calendar
 * time (`5y`, `18m`, `90d`), not bar counts, so folds line up with years whatever the cadence.
 */
import { addMonths, formatDay, type Day } from '../../util/dates.js';
import { InputError } from '../../util/errors.js';

export interface Span {
  months: number;
  days: number;
  /** As written: `5y`. */
  text: string;
}

/** `5y`, `18m` or `90d` (a whole number and a unit); `flag` names the option in errors. */
export function parseSpan(text: string, flag: string): Span {
  const m = /^\s*(\d+)\s*([ymd])\s*$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0)) throw new InputError(`${flag}: expected a length of calendar time such as 5y, 18m or 90d (years, months, days); found "${text}"`);
  const unit = m[2].toLowerCase();
  return { months: unit === 'y' ? 12 * n : unit === 'm' ? n : 0, days: unit === 'd' ? n : 0, text: `${n}${unit}` };
}

/** `day` plus `times` spans (months clamp the day of month: Jan 31 + 1m = Feb 28/29). */
export function addSpan(day: Day, span: Span, times = 1): Day {
  return addMonths(day, span.months * times) + span.days * times;
}

/** Inclusive date ranges. */
export interface Fold {
  /** 1-based, in time order. */
  fold: number;
  train: { start: Day; end: Day };
  test: { start: Day; end: Day };
}

/**
 * Folds over [start, end] (inclusive): the k-th test window starts k test-spans after the
 * first one, which starts one training span after `start`. Rolling: each training window is
 * the span right before its test window; anchored: it starts at `start` and grows. The last
 * test window is cut at `end`; a last window shorter than half a test span is dropped (too
 * few bars to measure).
 */
export function planFolds(start: Day, end: Day, train: Span, test: Span, anchored: boolean): Fold[] {
  const folds: Fold[] = [];
  const firstTest = addSpan(start, train);
  for (let k = 0; ; k++) {
    const testStart = addSpan(firstTest, test, k);
    if (testStart > end) break;
    const testEndExclusive = addSpan(firstTest, test, k + 1);
    const cut = Math.min(testEndExclusive - 1, end);
    if (cut < testEndExclusive - 1 && cut - testStart + 1 < (testEndExclusive - testStart) / 2) break;
    const trainStart = anchored ? start : addSpan(testStart, { ...train, months: -train.months, days: -train.days });
    folds.push({ fold: k + 1, train: { start: trainStart, end: testStart - 1 }, test: { start: testStart, end: cut } });
  }
  if (!folds.length)
    throw new InputError(
      `the period ${formatDay(start)} to ${formatDay(end)} is too short for one fold of --train ${train.text} followed by --test ${test.text}: shorten the windows or lengthen period:`,
    );
  return folds;
}
