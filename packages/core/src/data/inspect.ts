import { resolve } from 'node:path';
import { formatDay } from '../util/dates.js';
import { InputError, didYouMean } from '../util/errors.js';
import { catalogForDataDir, type Catalog, type CatalogEntry } from './catalog.js';
import { DataStore } from './dataDir.js';
import type { Series, SeriesFrequency, SeriesKind } from './series.js';
import { sourceLabel } from './sources/index.js';

export interface Gap {
  /** The observation before the gap and the one after it. */
  from: string;
  to: string;
  /** Calendar days between them (1 = consecutive days). */
  days: number;
}

export interface Move {
  date: string;
  previousDate: string;
  from: number;
  to: number;
  /** Relative change (0.05 = +5 %) for prices and levels; change in percentage points for rates. */
  change: number;
}

export interface InspectReport {
  symbol: string;
  kind: SeriesKind;
  frequency: SeriesFrequency;
  source: string;
  file: string;
  description?: string;
  first: string;
  last: string;
  rows: number;
  lastValue: number;
  min: { date: string; value: number };
  max: { date: string; value: number };
  /** Gaps longer than this many calendar days are unusual for the frequency. */
  usualMaxGap: number;
  /** How many gaps are longer than `usualMaxGap`. */
  unusualGaps: number;
  /** The longest gaps between observations, longest first. */
  gaps: Gap[];
  /** `relative` for prices and levels, `points` for rates. */
  moveUnit: 'relative' | 'points';
  /** The largest one-period moves by size, largest first. */
  moves: Move[];
}

/** Longer than a long weekend (Thu close → Mon) for daily data; a skipped week or month otherwise. */
function usualMaxGap(frequency: SeriesFrequency): number {
  return frequency === 'daily' ? 5 : frequency === 'weekly' ? 10 : frequency === 'monthly' ? 35 : 100;
}

/** Summary, longest gaps and largest one-period moves of one series. */
export function inspectSeries(series: Series, entry?: CatalogEntry, top = 10): InspectReport {
  const { dates, values, meta } = series;
  const n = dates.length;
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < n; i++) {
    if (values[i] < values[lo]) lo = i;
    if (values[i] > values[hi]) hi = i;
  }
  const limit = usualMaxGap(meta.frequency);
  const gaps: Gap[] = [];
  let unusual = 0;
  for (let i = 1; i < n; i++) {
    const days = dates[i] - dates[i - 1];
    if (days > limit) unusual++;
    gaps.push({ from: formatDay(dates[i - 1]), to: formatDay(dates[i]), days });
  }
  gaps.sort((a, b) => b.days - a.days || (a.from < b.from ? -1 : 1));
  const points = meta.kind === 'rate';
  const moves: Move[] = [];
  for (let i = 1; i < n; i++) {
    const change = points ? values[i] - values[i - 1] : values[i - 1] !== 0 ? values[i] / values[i - 1] - 1 : NaN;
    if (!Number.isFinite(change)) continue;
    moves.push({ date: formatDay(dates[i]), previousDate: formatDay(dates[i - 1]), from: values[i - 1], to: values[i], change });
  }
  moves.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.date < b.date ? -1 : 1));
  return {
    symbol: meta.symbol,
    kind: meta.kind,
    frequency: meta.frequency,
    source: entry ? sourceLabel(entry) : '-',
    file: meta.file,
    description: meta.description,
    first: formatDay(dates[0]),
    last: formatDay(dates[n - 1]),
    rows: n,
    lastValue: values[n - 1],
    min: { date: formatDay(dates[lo]), value: values[lo] },
    max: { date: formatDay(dates[hi]), value: values[hi] },
    usualMaxGap: limit,
    unusualGaps: unusual,
    gaps: gaps.slice(0, top),
    moveUnit: points ? 'points' : 'relative',
    moves: moves.slice(0, top),
  };
}

/** Reads a symbol (or alias) from a data directory and inspects it. */
export async function inspectData(dataDir: string, symbol: string, options: { catalog?: Catalog; top?: number } = {}): Promise<InspectReport> {
  const dir = resolve(dataDir);
  const catalog = options.catalog ?? catalogForDataDir(dir);
  const store = new DataStore(dir, catalog);
  const canonical = store.canonical(symbol);
  const entry = catalog.entries.get(canonical);
  if (!store.has(symbol)) {
    if (entry?.source) throw new InputError(`${canonical} has no file in ${dir}: run "regime data pull ${canonical}" first`);
    if (entry) throw new InputError(`${canonical} has no file in ${dir}`);
    throw new InputError(`unknown symbol "${symbol}": not in the catalog and no file for it in ${dir}${didYouMean(symbol, store.knownSymbols())}`);
  }
  return inspectSeries(await store.load(symbol), entry, options.top ?? 10);
}
