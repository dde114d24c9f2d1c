import type { Day } from '../util/dates.js';

/**
 * What a series measures: a tradable price (total return), a price index (S&P 500: may be held
 * as a proxy, but not investable and without dividends), a rate in percent, or a macro level.
 */
export type SeriesKind = 'price' | 'index' | 'rate' | 'level';

/** Prices and price indices can be held, priced and measured against; rates and levels cannot. */
export function isPriceLike(kind: SeriesKind): boolean {
  return kind === 'price' || kind === 'index';
}
/**
 * How often a series is observed. Daily and weekly values are points in time (known at their
 * date); monthly and quarterly values are dated the first day of the period they describe and
 * are known only when that period is over (see panel/align.ts knownFrom).
 */
export type SeriesFrequency = 'daily' | 'weekly' | 'monthly' | 'quarterly';

/** Months a period series describes (monthly 1, quarterly 3); 0 for point-in-time series. */
export function periodMonths(frequency: SeriesFrequency): number {
  return frequency === 'monthly' ? 1 : frequency === 'quarterly' ? 3 : 0;
}

/**
 * Publication lag: how long after its observation period ends a value becomes known.
 * Stored as months + days so "1M" follows the calendar.
 */
export interface Lag {
  months: number;
  days: number;
}

export interface SeriesMeta {
  symbol: string;
  kind: SeriesKind;
  frequency: SeriesFrequency;
  lag: Lag;
  /** The file it was read from (for messages and the report's source list). */
  file: string;
  description?: string;
}

/** One dated numeric column, ascending dates, no missing values. */
export interface Series {
  meta: SeriesMeta;
  dates: Int32Array;
  values: Float64Array;
}

export const NO_LAG: Lag = { months: 0, days: 0 };

/** Parses `0`, `3d`, `2w`, `1M` (months) into a Lag. */
export function parseLag(text: string | number): Lag | undefined {
  if (text === 0 || text === '0') return { months: 0, days: 0 };
  const m = /^(\d+)\s*(d|w|M)$/.exec(String(text).trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === 'M') return { months: n, days: 0 };
  return { months: 0, days: m[2] === 'w' ? 7 * n : n };
}

export function formatLag(lag: Lag): string {
  if (lag.months === 0 && lag.days === 0) return '0';
  return lag.months ? `${lag.months}M` : `${lag.days}d`;
}
