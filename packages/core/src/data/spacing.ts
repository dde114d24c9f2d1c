import { ymd } from '../util/dates.js';
import type { SeriesFrequency } from './series.js';

/**
 * What a series' dates say about its frequency. The frequency decides when a value becomes
 * known (panel/align.ts knownFrom: a monthly value dated the 1st only when its month is over,
 * plus its lag), and it comes from the catalog or from the file's folder. A monthly file in
 * daily/ would be read as daily: each month's value known on its first day, weeks before it
 * was published. So the spacing of the dates is checked against the frequency the file is
 * read with, and a disagreement stops the run (dataDir.ts).
 */

/** Fewer dates than this say nothing reliable about their spacing: not judged. */
export const MIN_DATES_FOR_SPACING = 3;

/** Gaps are counted up to this many days; longer ones count as this (a year and more). */
const MAX_COUNTED_GAP = 400;

/**
 * The median gap between consecutive dates, in days (the lower middle for an even number of
 * gaps); undefined for fewer than MIN_DATES_FOR_SPACING dates. One pass, counting gaps.
 */
export function medianGap(dates: Int32Array): number | undefined {
  const n = dates.length - 1;
  if (n + 1 < MIN_DATES_FOR_SPACING) return undefined;
  const counts = new Int32Array(MAX_COUNTED_GAP + 1);
  for (let i = 1; i <= n; i++) counts[Math.max(0, Math.min(MAX_COUNTED_GAP, dates[i] - dates[i - 1]))]++;
  const rank = (n - 1) >> 1; // 0-based rank of the lower median
  let seen = 0;
  for (let g = 0; g <= MAX_COUNTED_GAP; g++) {
    seen += counts[g];
    if (seen > rank) return g;
  }
  return MAX_COUNTED_GAP;
}

/**
 * The frequency a median gap shows: daily 1–4 days (weekends, holidays), weekly 5–10,
 * monthly 25–35 (28–31 days), quarterly 80–100 (90–92 days); undefined for any other gap.
 */
export function frequencyOfGap(gap: number): SeriesFrequency | undefined {
  if (gap >= 1 && gap <= 4) return 'daily';
  if (gap >= 5 && gap <= 10) return 'weekly';
  if (gap >= 25 && gap <= 35) return 'monthly';
  if (gap >= 80 && gap <= 100) return 'quarterly';
  return undefined;
}

/** "a month apart (median 31 days)", for messages. */
export function describeGap(gap: number): string {
  const days = gap >= MAX_COUNTED_GAP ? `${MAX_COUNTED_GAP} days or more` : `${gap} day${gap === 1 ? '' : 's'}`;
  const f = frequencyOfGap(gap);
  const apart = f ? `a ${{ daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter' }[f]} apart` : `${days} apart`;
  return f ? `${apart} (median ${days})` : `${apart} (median)`;
}

/** The spacing of a series' dates when it disagrees with `frequency`; undefined when it agrees or cannot be judged. */
export function spacingMismatch(dates: Int32Array, frequency: SeriesFrequency): { gap: number; shows: SeriesFrequency | undefined } | undefined {
  const gap = medianGap(dates);
  if (gap === undefined) return undefined;
  const shows = frequencyOfGap(gap);
  return shows === frequency ? undefined : { gap, shows };
}

/**
 * Whether most dates are the first day of their month: period labels (FRED, Shiller), where a
 * value describes the month (quarter) that starts there, not the day.
 */
export function datedFirstOfMonth(dates: Int32Array): boolean {
  let first = 0;
  for (let i = 0; i < dates.length; i++) if (ymd(dates[i])[2] === 1) first++;
  return 2 * first >= dates.length;
}
