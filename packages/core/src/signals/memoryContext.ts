/**
 * A SignalContext over columns already in memory (already aligned to one calendar): for tests,
 * and for callers that hold their columns themselves. `calls` records each series() lookup.
 */
import type { SignalContext } from './compile.js';
import type { Cadence } from '../panel/calendar.js';

export function memoryContext(
  columns: Record<string, ArrayLike<number>>,
  frequency: 'daily' | 'monthly' = 'daily',
  /** Bar dates (days since 1970-01-01) and their schedule, for the calendar functions. */
  calendar?: { dates: Int32Array; cadence?: Cadence },
): SignalContext & { calls: string[] } {
  const map = new Map(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)]));
  const lengths = new Set([...map.values()].map((c) => c.length));
  if (lengths.size > 1) throw new Error(`columns of different lengths: ${[...lengths].join(', ')}`);
  const calls: string[] = [];
  const length = lengths.size === 1 ? [...lengths][0] : (calendar?.dates.length ?? 0);
  if (calendar && calendar.dates.length !== length) throw new Error(`${calendar.dates.length} dates for columns of ${length} bars`);
  return {
    length,
    ...(calendar ? { dates: calendar.dates, cadence: calendar.cadence } : {}),
    frequency,
    periodsPerYear: frequency === 'monthly' ? 12 : 252,
    series: (name) => {
      calls.push(name);
      return map.get(name);
    },
    knownSeries: () => [...map.keys()],
    calls,
  };
}
