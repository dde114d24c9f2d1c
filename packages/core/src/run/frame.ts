import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { formatDay, parseDay, weekday } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import { alignAsOf, observationDates } from '../panel/align.js';
import { buildCalendar, lowerBound, warmupBefore, type Cadence } from '../panel/calendar.js';
import { loadRunSeries, type RunSeries } from './inputs.js';
import { assertDataPresent, requiredSymbols } from './requiredSymbols.js';
import { expressionWeights } from './expressionWeights.js';
import type { RegimePlan } from './validate.js';
import { calendarHoleWarnings, maxGapDays, priceWarnings } from './warnings.js';

/**
 * The data of a run laid out on its calendar, independent of the period: every traded day of
 * the universe up to the end of its data (with warm-up bars before the first one when the
 * config has expressions), and the universe's prices on it. A run takes the prefix of the
 * frame that ends with its period: every signal, regime and overlay reads only bars at or
 * before its own, so the prefix is exactly what a calendar cut at the period's end would give.
 * A study builds one frame and runs all its trials (and walk-forward windows) on it.
 */
export interface Frame {
  series: RunSeries;
  /** Warm-up bars, then the traded days. */
  full: Int32Array;
  /** Bars of `full` before the first traded day. */
  warmup: number;
  assets: string[];
  /** Prices on `full`, [bar * assets + asset], NaN before an asset's data. */
  pricesFull: Float64Array;
  /**
   * Where each asset has a print of its own on `full`, same layout (see SimulationInput.live):
   * 1 dated the bar, 2 since the previous bar but dated before it (monthly runs), 0 a carried
   * close. Undefined when every asset has a print dated every bar it has a price on (one
   * calendar for the whole universe): the kernel then trades every bar as before.
   */
  liveFull?: Uint8Array;
  periodsPerYear: number;
  /** The calendar's regular schedule (for calendar functions beyond its ends). */
  cadence: Cadence;
  firstData: number;
  lastData: number;
}

/** Whether a config evaluates expressions (and so warms up on history before the data). */
export function usesExpressions(config: Config, plan: RegimePlan | undefined): boolean {
  return plan !== undefined || config.signals !== undefined || expressionWeights(config, plan).length > 0;
}

/** Loads the series a config reads and lays the universe out on its calendar. */
export async function loadFrame(store: DataStore, source: ConfigSource, config: Config, plan: RegimePlan | undefined): Promise<Frame> {
  assertDataPresent(await requiredSymbols(config, store), store, source.where);
  const series = await loadRunSeries(store, source, config);
  const traded = buildCalendar(series.universe, Infinity, config.frequency);
  const firstData = Math.min(...series.universe.map((s) => s.dates[0]));
  const lastData = Math.max(...series.universe.map((s) => s.dates[s.dates.length - 1]));
  // 365 bars a year when an asset of the universe trades every day (crypto): a property of the
  // instruments, so it does not depend on how far the period runs (no look-ahead in windows).
  const everyDay = series.universe.some((s) => hasWeekends(s.dates));
  const periodsPerYear = config.annualization ?? (config.frequency === 'monthly' ? 12 : everyDay ? 365 : 252);
  // Expressions warm up on up to three years of bars before the first traded day, where only
  // macro series have data, so a yoy(M2) is live from day one even for late-listed assets.
  const cadence: Cadence = config.frequency === 'monthly' ? 'month-ends' : everyDay ? 'every-day' : 'weekdays';
  const warmup =
    usesExpressions(config, plan) && traded.length
      ? warmupBefore(traded[0], 3 * (config.frequency === 'monthly' ? 12 : everyDay ? 365 : 252), cadence)
      : new Int32Array(0);
  const full = new Int32Array(warmup.length + traded.length);
  full.set(warmup);
  full.set(traded, warmup.length);
  const assets = [...config.universe!];
  const m = assets.length;
  const pricesFull = new Float64Array(full.length * m);
  const liveFull = new Uint8Array(full.length * m);
  let carried = false;
  series.universe.forEach((s, j) => {
    const col = alignAsOf(s, full);
    const seen = observationDates(s, full);
    const final = s.dates[s.dates.length - 1];
    for (let t = 0; t < full.length; t++) {
      pricesFull[t * m + j] = col[t];
      // After its last print an asset's last price is final (a delisting, the end of its file):
      // nothing newer will come to wait for, so its legs fill there, as a sale at that price.
      const live = seen[t] < 0 ? 0 : seen[t] === full[t] || seen[t] === final ? 1 : t > 0 && seen[t] > full[t - 1] ? 2 : 0;
      liveFull[t * m + j] = live;
      if (live !== 1 && col[t] === col[t]) carried = true;
    }
  });
  return { series, full, warmup: warmup.length, assets, pricesFull, liveFull: carried ? liveFull : undefined, periodsPerYear, cadence, firstData, lastData };
}

/** The bars of a period on a frame: [first, end) of `full`, and what the data says about it. */
export interface Span {
  first: number;
  end: number;
  /** The period's bars (a view of the frame's calendar). */
  dates: Int32Array;
  /** The day the period ends (Infinity when open), for the schedule's last bar. */
  endDay: number;
  /** Warnings about the period against the data, in the order a run gives them. */
  warnings: string[];
}

/** The period's bars on the frame; an InputError when it has fewer than two. */
export function periodSpan(frame: Frame, config: Config, source: ConfigSource): Span {
  const startDay = parseDay(config.period.start)!;
  const endDay = config.period.end ? parseDay(config.period.end)! : Infinity;
  const { full, firstData, lastData } = frame;
  const tradedFirst = Math.max(frame.warmup, lowerBound(full, startDay));
  const end = Math.max(frame.warmup, lowerBound(full, endDay + 1));
  const warnings: string[] = [];
  if (tradedFirst >= end) {
    throw new InputError(
      `the period (${config.period.start} to ${config.period.end ?? 'the end of the data'}) has no trading days: the universe's data ${end <= frame.warmup ? `starts ${formatDay(firstData)}` : `ends ${formatDay(lastData)}`}; expected a period that overlaps ${formatDay(firstData)} to ${formatDay(lastData)}`,
      source.where(['period']),
    );
  }
  // A period ending on a weekend or holiday is not "after the data"; a few days' slack.
  if (config.period.end && lastData < endDay - 4)
    warnings.push(`period.end ${config.period.end} is after the last data of the universe (${formatDay(lastData)}): the run ends there`);
  const dates = full.subarray(tradedFirst, end);
  if (dates.length < 2)
    throw new InputError(`the period has only ${dates.length} trading day (${formatDay(dates[0])}) in the data: expected at least two, a start and an end`, source.where(['period']));
  for (const s of frame.series.universe) warnings.push(...priceWarnings(s, 'asset', dates, maxGapDays(config), config.missing));
  warnings.push(...calendarHoleWarnings(dates, maxGapDays(config), frame.series.universe.map((s) => s.meta.symbol)));
  // Only when the data has no bar before the start (a monthly run's first bar is a month end,
  // weeks after a start on the 1st, without the data starting late); a few days' slack for a
  // period starting on a weekend or holiday.
  if (tradedFirst === frame.warmup && firstData > startDay + 4)
    warnings.push(`period.start ${config.period.start} is before the first data of the universe (${formatDay(firstData)}): the run starts ${dates[0] === firstData ? 'there' : formatDay(dates[0])}`);
  return { first: tradedFirst, end, dates, endDay, warnings };
}

/** A calendar with weekend bars (crypto trades every day) annualises with 365. */
function hasWeekends(dates: Int32Array): boolean {
  let weekend = 0;
  for (let t = 0; t < dates.length; t++) {
    const d = weekday(dates[t]);
    if (d === 0 || d === 6) weekend++;
  }
  return weekend > dates.length * 0.1;
}
