import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatDay } from '../util/dates.js';
import { catalogForDataDir, type Catalog } from './catalog.js';
import { DataStore } from './dataDir.js';
import type { SeriesFrequency, SeriesKind } from './series.js';
import { sourceLabel } from './sources/index.js';

export interface DataListRow {
  symbol: string;
  /** `yahoo:SPY`, or `-` for files without a source. */
  source: string;
  kind?: SeriesKind;
  frequency?: SeriesFrequency;
  /** Relative to the data directory; absent when the symbol has no file. */
  path?: string;
  first?: string;
  last?: string;
  rows?: number;
  /** ok: read and validated; missing: in the catalog, no file; invalid: the file does not read as a series. */
  status: 'ok' | 'missing' | 'invalid';
  error?: string;
}

export interface ListOptions {
  catalog?: Catalog;
  /** Also list catalog symbols that have no file yet (what `regime data pull` would fetch). */
  all?: boolean;
}

/**
 * What is in a data directory: every catalog symbol with a file (read and validated),
 * then files under daily/, monthly/, quarterly/ and the top level that the catalog does not name.
 */
export async function listData(dataDir: string, options: ListOptions = {}): Promise<DataListRow[]> {
  const dir = resolve(dataDir);
  const catalog = options.catalog ?? catalogForDataDir(dir);
  const store = new DataStore(dir, catalog);
  const rows: DataListRow[] = [];
  const claimed = new Set<string>();
  for (const entry of catalog.entries.values()) {
    const found = store.locate(entry.symbol);
    if (found) claimed.add(resolve(found.file));
    if (!found) {
      if (options.all) rows.push({ symbol: entry.symbol, source: sourceLabel(entry), kind: entry.kind, frequency: entry.frequency, status: 'missing' });
      continue;
    }
    // A wide file read through one column is listed under that column's symbol.
    rows.push(await describe(store, entry.symbol, dir, found.file, sourceLabel(entry)));
  }
  for (const sub of ['daily', 'monthly', 'quarterly', '.']) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith('.csv') || name.startsWith('.')) continue;
      const file = resolve(folder, name);
      if (claimed.has(file)) continue;
      claimed.add(file);
      rows.push(await describeFile(dir, file));
    }
  }
  return rows;
}

async function describe(store: DataStore, symbol: string, dir: string, file: string, source: string): Promise<DataListRow> {
  const path = relative(dir, file);
  try {
    const s = await store.load(symbol);
    const n = s.dates.length;
    return { symbol, source, kind: s.meta.kind, frequency: s.meta.frequency, path, first: formatDay(s.dates[0]), last: formatDay(s.dates[n - 1]), rows: n, status: 'ok' };
  } catch (e) {
    return { symbol, source, path, status: 'invalid', error: (e as Error).message };
  }
}

/** A file the catalog does not name: read it through a catalog of its own, as DataStore would. */
async function describeFile(dir: string, file: string): Promise<DataListRow> {
  const symbol = file.slice(file.lastIndexOf('/') + 1, -'.csv'.length);
  const alone: Catalog = { entries: new Map(), aliases: new Map() };
  const store = new DataStore(dir, alone);
  // DataStore finds unknown symbols in daily/, monthly/, quarterly/ and the top level; make sure it is this file.
  const found = store.locate(symbol);
  if (!found || resolve(found.file) !== file) {
    const path = relative(dir, file);
    return { symbol, source: '-', path, status: 'invalid', error: `shadowed by ${found ? relative(dir, found.file) : 'another file'}` };
  }
  return describe(store, symbol, dir, file, '-');
}
