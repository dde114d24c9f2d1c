/**
 * A SignalContext over columns already in memory (already aligned to one calendar): for tests,
 * and for callers that hold their columns themselves. `calls` records each series() lookup.
 */
import type { SignalContext } from './compile.js';

export function memoryContext(
  columns: Record<string, ArrayLike<number>>,
  frequency: 'daily' | 'monthly' = 'daily',
  /** The calendar's days (days since 1970-01-01), for calendar windows and yoy. */
  dates?: ArrayLike<number>,
): SignalContext & { calls: string[] } {
  const map = new Map(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)]));
  const lengths = new Set([...map.values()].map((c) => c.length));
  if (lengths.size > 1) throw new Error(`columns of different lengths: ${[...lengths].join(', ')}`);
  const calls: string[] = [];
  return {
    length: lengths.size === 1 ? [...lengths][0] : 0,
    frequency,
    periodsPerYear: frequency === 'monthly' ? 12 : 252,
    series: (name) => {
      calls.push(name);
      return map.get(name);
    },
    knownSeries: () => [...map.keys()],
    dates: dates ? Int32Array.from(dates) : undefined,
    calls,
  };
}
