import { formatDay } from '../util/dates.js';
import { coverageEnd, observationDates } from '../panel/align.js';
import type { Series } from '../data/series.js';
import type { Config } from '../config/schema.js';

/**
 * Data problems that do not stop a run but must reach the user: assets that start late or
 * end early, and prices carried forward across more than `maxGapDays` calendar days.
 */
export function priceWarnings(series: Series, role: string, dates: Int32Array, maxGapDays: number, missing: string): string[] {
  const out: string[] = [];
  const n = dates.length;
  if (n === 0) return out;
  const sym = series.meta.symbol;
  const first = series.dates[0];
  const last = series.dates[series.dates.length - 1];
  if (first > dates[0])
    out.push(`${role} ${sym} has no data before ${formatDay(first)} (the period starts ${formatDay(dates[0])}): its weight ${missing === 'redistribute' ? 'was re-spread over the other assets of its side' : 'stayed in cash'} until then`);
  if (coverageEnd(series) < dates[n - 1])
    out.push(`${role} ${sym} ends ${formatDay(last)}, before the period's end ${formatDay(dates[n - 1])}: its last price is carried forward (no return) to the end${role === 'asset' ? ', and trades after it fill at that price' : ''}`);
  const gaps = carriedGaps(series, dates, maxGapDays);
  if (gaps) out.push(carriedGapsText(`${role} ${sym}`, 'price', gaps, maxGapDays));
  return out;
}

/** The default of `data.max_gap_days`: more calendar days than this without a new value is a gap. */
export const MAX_GAP_DAYS = { daily: 10, monthly: 45 } as const;

/** The config's gap limit: `data.max_gap_days`, else the default of its frequency. */
export const maxGapDays = (config: Config): number => config.data?.max_gap_days ?? MAX_GAP_DAYS[config.frequency];

/** "SPY: price carried forward across more than 10 days 2 time(s); the longest, …" (callers add what it means). */
export function carriedGapsText(what: string, noun: string, gaps: { episodes: number; longest: number; from: number; to: number }, maxGapDays: number): string {
  return `${what}: ${noun} carried forward across more than ${maxGapDays} days ${gaps.episodes} time(s); the longest, ${gaps.longest} days, from ${formatDay(gaps.from)} to ${formatDay(gaps.to)}`;
}

/**
 * Stretches of the calendar where a series' last value is carried forward more than
 * `maxGapDays` calendar days (before its end: an early end is a warning of its own): how
 * many, and the longest, from its last value's date to the calendar day it reached.
 */
export function carriedGaps(series: Series, dates: Int32Array, maxGapDays: number): { episodes: number; longest: number; from: number; to: number } | undefined {
  const n = dates.length;
  const last = series.dates[series.dates.length - 1];
  const seen = observationDates(series, dates);
  let longest = 0;
  let longestAt = -1;
  let episodes = 0;
  let inGap = false;
  for (let t = 0; t < n; t++) {
    if (seen[t] < 0 || seen[t] === last) {
      inGap = false;
      continue;
    }
    const carried = dates[t] - seen[t];
    if (carried > maxGapDays) {
      if (!inGap) episodes++;
      inGap = true;
      if (carried > longest) {
        longest = carried;
        longestAt = t;
      }
    } else inGap = false;
  }
  return episodes > 0 ? { episodes, longest, from: seen[longestAt], to: dates[longestAt] } : undefined;
}

/**
 * A hole in the run's calendar itself: no asset has a price for more than `maxGapDays`
 * calendar days (a sole asset with a five-year hole). Nothing is carried forward there, so
 * priceWarnings cannot see it, but the bar after the hole holds years of return in one step.
 */
export function calendarHoleWarnings(dates: Int32Array, maxGapDays: number, assets: string[]): string[] {
  let longest = 0;
  let at = -1;
  let holes = 0;
  for (let t = 1; t < dates.length; t++) {
    const gap = dates[t] - dates[t - 1];
    if (gap <= maxGapDays) continue;
    holes++;
    if (gap > longest) {
      longest = gap;
      at = t;
    }
  }
  if (holes === 0) return [];
  const who = assets.length === 1 ? `asset ${assets[0]} has` : `no asset of the universe (${assets.join(', ')}) has`;
  return [
    `${who} no price for more than ${maxGapDays} days ${holes} time(s); the longest hole, ${longest} days, from ${formatDay(dates[at - 1])} to ${formatDay(dates[at])}: the return across a hole is taken in one bar`,
  ];
}
