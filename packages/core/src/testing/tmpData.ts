import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataStore } from '../data/dataDir.js';
import { catalogForDataDir } from '../data/catalog.js';
import { parseConfigText } from '../config/load.js';
import { runBacktest } from '../run/runBacktest.js';

/** Test support: a throw-away data directory built from small hand-made tables. */
export type Table = Record<string, number>; // date -> value

export interface TmpData {
  dir: string;
  store(): DataStore;
}

/**
 * Writes `daily/SYM.csv` (prices: `date,close`) and optional monthly/other series, plus a
 * catalog.yaml for symbols whose kind or lag the test sets.
 */
export function tmpData(
  daily: Record<string, Table>,
  extra: { monthly?: Record<string, Table>; levels?: Record<string, Table>; catalog?: string } = {},
): TmpData {
  const dir = mkdtempSync(join(tmpdir(), 'regime-test-'));
  mkdirSync(join(dir, 'daily'));
  mkdirSync(join(dir, 'monthly'));
  const write = (file: string, header: string, table: Table) =>
    writeFileSync(file, `${header}\n${Object.entries(table).map(([d, v]) => `${d},${v}`).join('\n')}\n`);
  for (const [sym, t] of Object.entries(daily)) write(join(dir, 'daily', `${sym}.csv`), 'date,close', t);
  for (const [sym, t] of Object.entries(extra.levels ?? {})) write(join(dir, 'daily', `${sym}.csv`), 'date,value', t);
  for (const [sym, t] of Object.entries(extra.monthly ?? {})) write(join(dir, 'monthly', `${sym}.csv`), 'date,value', t);
  if (extra.catalog) writeFileSync(join(dir, 'catalog.yaml'), extra.catalog);
  return { dir, store: () => new DataStore(dir, catalogForDataDir(dir)) };
}

/** Consecutive calendar dates from `start`, one per value: a quick price table. */
export function days(start: string, values: number[], step = 1): Table {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Object.fromEntries(values.map((v, i) => [new Date(t0 + i * step * 86_400_000).toISOString().slice(0, 10), v]));
}

/** Runs a YAML config text against a tmp data directory. */
export async function runYaml(data: TmpData, yaml: string) {
  return runBacktest(parseConfigText(yaml, 'test.yaml'), { store: data.store(), version: 'test' });
}

/** An in-memory data store for property tests (no files): symbol -> dates and prices. */
export function memoryStore(tables: Record<string, { dates: Int32Array; values: Float64Array }>): DataStore {
  const store = new DataStore('/memory', catalogForDataDir('/nonexistent'));
  const series = new Map(
    Object.entries(tables).map(([symbol, t]) => [
      symbol,
      { meta: { symbol, kind: 'price' as const, frequency: 'daily' as const, lag: { months: 0, days: 0 }, file: `${symbol}.csv` }, dates: t.dates, values: t.values },
    ]),
  );
  store.has = (name: string) => series.has(name);
  store.locate = (name: string) => (series.has(name) ? { file: `${name}.csv`, frequency: 'daily' as const } : undefined);
  store.load = async (name: string) => {
    const s = series.get(name);
    if (!s) throw new Error(`no series ${name}`);
    return s;
  };
  return store;
}
