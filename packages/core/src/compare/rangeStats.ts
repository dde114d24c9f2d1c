import { labelStats } from '../metrics/regimeStats.js';
import { periodCodes, type DateRange } from '../regimes/periods.js';
import type { RegimeStats, RunResult } from '../run/result.js';
import { parseDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import type { NamedRange } from './align.js';

export interface RangeStats extends RegimeStats {
  /** The run's first and last bar inside the range, or null when the run has no bar in it. */
  first: string | null;
  last: string | null;
  /** The run covers the whole range (from its start to its end, or to the run's end when open). */
  complete: boolean;
}

/**
 * A run's statistics inside date ranges (`periods:` of any config), computed from its equity
 * series per numeraire with the engine's own rules (`periodCodes` + `labelStats`): for a run
 * that declares the same ranges this equals its `periods` block. Ranges are matched first
 * to last, as the engine does; a bar belongs to the first range that contains it.
 */
export function rangeStats(result: RunResult, ranges: readonly NamedRange[]): Record<string, RangeStats[]> {
  const dateStrings = result.series.dates;
  const dates = Int32Array.from(dateStrings, (d) => parseDay(d)!);
  const parsed: DateRange[] = ranges.map((r) => {
    const start = parseDay(r.start);
    const end = r.end === undefined ? Infinity : parseDay(r.end);
    if (start === undefined || end === undefined) throw new InputError(`period ${r.label}: expected dates YYYY-MM-DD, found ${r.start} to ${r.end ?? 'open'}`);
    return { label: r.label, start, end };
  });
  const codes = periodCodes(dates, parsed);
  const labels = ranges.map((r) => r.label);
  const firstBar = new Int32Array(ranges.length).fill(-1);
  const lastBar = new Int32Array(ranges.length).fill(-1);
  for (let t = 0; t < codes.length; t++) {
    const c = codes[t];
    if (c < 0) continue;
    if (firstBar[c] < 0) firstBar[c] = t;
    lastBar[c] = t;
  }
  const n = dates.length;
  // Complete: the run was live from the range's start (a bar before it, or its first bar within
  // a bar's gap of it: weekends, holidays, month-ends) to its end (or the range is open).
  const slack = result.frequency === 'monthly' ? 35 : 7;
  const covers = (first: number, last: number, r: DateRange) =>
    (first > 0 || dates[0] - r.start <= slack) && (r.end === Infinity || last < n - 1 || r.end - dates[n - 1] <= slack);
  const out: Record<string, RangeStats[]> = {};
  for (const num of result.numeraires) {
    const equity = Float64Array.from(result.series.equity[num] ?? [], (v) => (v === null ? NaN : v));
    const stats = labelStats(equity, codes, labels, result.periodsPerYear, { creditTo: 'end', initial: result.capital });
    out[num] = stats.map((s, k) => ({
      ...s,
      first: firstBar[k] >= 0 ? dateStrings[firstBar[k]] : null,
      last: lastBar[k] >= 0 ? dateStrings[lastBar[k]] : null,
      complete: firstBar[k] >= 0 && covers(firstBar[k], lastBar[k], parsed[k]),
    }));
  }
  return out;
}
