import type { Config } from '../config/schema.js';
import { formatDay, parseDay } from '../util/dates.js';
import type { RunSeries as RunInputs } from './inputs.js';

/**
 * The data warnings a run would give that need no simulation, for `regime validate`: a period
 * that starts before the universe has data or ends after it, and assets that start after the
 * run does (their weight in cash, or re-spread, until then). Same words as the run's.
 */
export function periodDataWarnings(config: Config, series: RunInputs): string[] {
  const out: string[] = [];
  const universe = series.universe;
  if (!universe.length) return out;
  const start = parseDay(config.period.start)!;
  const end = config.period.end ? parseDay(config.period.end)! : Infinity;
  const firstData = Math.min(...universe.map((s) => s.dates[0]));
  const lastData = Math.max(...universe.map((s) => s.dates[s.dates.length - 1]));
  // A few days' slack: a period starting or ending on a weekend or holiday is not beyond the data.
  if (firstData > start + 4) out.push(`period.start ${config.period.start} is before the first data of the universe (${formatDay(firstData)}): the run starts there`);
  if (end !== Infinity && lastData < end - 4) out.push(`period.end ${config.period.end} is after the last data of the universe (${formatDay(lastData)}): the run ends there`);
  // The run's first bar: the first date on or after the start that any asset has.
  const runStart = Math.min(...universe.map((s) => firstOnOrAfter(s.dates, start)));
  for (const s of universe)
    if (s.dates[0] > runStart + 4)
      out.push(
        `asset ${s.meta.symbol} has no data before ${formatDay(s.dates[0])} (the run starts ${formatDay(runStart)}): its weight ${config.missing === 'redistribute' ? 'is re-spread over the other assets of its side' : 'stays in cash'} until then`,
      );
  return out;
}

function firstOnOrAfter(dates: Int32Array, day: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo < dates.length ? dates[lo] : Infinity;
}
