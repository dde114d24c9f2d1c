import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, didYouMean } from '../util/errors.js';
import { canonicalSymbol, defaultLag, type Catalog, type CatalogEntry } from './catalog.js';
import { readCsv } from './csv.js';
import { refuseFutureRows } from './futureRows.js';
import { parseSeries } from './parseSeries.js';
import type { Series, SeriesFrequency } from './series.js';

/** The repository's own data folder: the last resort after --data-dir and REGIME_DATA_DIR. */
export const REPO_DATA_DIR = resolve(new URL('../../../../data', import.meta.url).pathname);

/** --data-dir, else REGIME_DATA_DIR, else the repository's data/. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolve(flag ?? env.REGIME_DATA_DIR ?? REPO_DATA_DIR);
  if (!existsSync(dir)) throw new InputError(`the data directory does not exist: ${dir} (set --data-dir or REGIME_DATA_DIR)`);
  if (!statSync(dir).isDirectory()) throw new InputError(`the data directory ${dir} is a file: expected a folder with daily/ and monthly/ CSV files (set --data-dir or REGIME_DATA_DIR)`);
  return dir;
}

/** A symbol that can be a file name under the data directory: no separators, no "..". */
export function isSafeSymbol(symbol: string): boolean {
  return /^[A-Za-z0-9^_=+&-][A-Za-z0-9^._=+&-]*$/.test(symbol);
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Finds and reads series by symbol from a data directory, once each. Symbols are looked up
 * in the catalog (file named there, else daily/SYM.csv, monthly/SYM.csv, SYM.csv); a file
 * the catalog does not know is accepted with its kind read off the header.
 */
export class DataStore {
  private readonly cache = new Map<string, Promise<Series>>();
  constructor(
    readonly dir: string,
    readonly catalog: Catalog,
  ) {}

  canonical(name: string): string {
    const symbol = canonicalSymbol(this.catalog, name);
    // An alias over a file of its own name would silently read another series under that name.
    if (symbol !== name && isSafeSymbol(name)) {
      const own = this.defaultPlaces(name).find(([file]) => existsSync(file));
      if (own)
        throw new InputError(
          `the catalog makes "${name}" an alias of ${symbol}, but ${relative(this.dir, own[0])} exists in the data directory ${this.dir}: "${name}" could mean either; expected an alias without a file of its own name (remove the alias or rename the file)`,
        );
    }
    return symbol;
  }

  /** Where a symbol without a catalog file: would be, by frequency. */
  private defaultPlaces(symbol: string): [string, SeriesFrequency][] {
    return [
      [join(this.dir, 'daily', `${symbol}.csv`), 'daily'],
      [join(this.dir, 'monthly', `${symbol}.csv`), 'monthly'],
      [join(this.dir, `${symbol}.csv`), 'daily'],
    ];
  }

  /** Where a symbol's file is, or undefined when it is not in the data directory. */
  locate(name: string): { file: string; entry?: CatalogEntry; frequency: SeriesFrequency } | undefined {
    const symbol = this.canonical(name);
    const entry = this.catalog.entries.get(symbol);
    if (entry?.file) {
      const file = resolve(this.dir, entry.file);
      if (!isInside(this.dir, file))
        throw new InputError(`catalog entry ${symbol}: file "${entry.file}" is outside the data directory ${this.dir}; expected a path inside it, such as daily/${symbol}.csv`);
      return existsSync(file) ? { file, entry, frequency: entry.frequency } : undefined;
    }
    if (!isSafeSymbol(symbol))
      throw new InputError(`expected a symbol such as SPY or BTC-USD (letters, digits and ^ . _ = + & -), found ${JSON.stringify(symbol)}: a symbol cannot name a path`);
    for (const [file, frequency] of this.defaultPlaces(symbol)) if (existsSync(file)) return { file, entry, frequency: entry?.frequency ?? frequency };
    return undefined;
  }

  has(name: string): boolean {
    return this.locate(name) !== undefined;
  }

  /** Known symbols: the catalog's and the files present, for "did you mean". */
  knownSymbols(): string[] {
    return [...this.catalog.entries.keys(), ...this.catalog.aliases.keys()];
  }

  load(name: string): Promise<Series> {
    const symbol = this.canonical(name);
    let p = this.cache.get(symbol);
    if (!p) {
      p = this.read(name, symbol);
      this.cache.set(symbol, p);
    }
    return p;
  }

  private async read(name: string, symbol: string): Promise<Series> {
    const found = this.locate(symbol);
    if (!found) {
      const known = this.catalog.entries.has(symbol);
      const why = known
        ? `"${name}" is in the catalog but has no file in the data directory ${this.dir}`
        : `unknown symbol "${name}": not in the catalog and no file for it in ${this.dir}${didYouMean(name, this.knownSymbols())}`;
      throw new InputError(why);
    }
    const table = await readCsv(found.file, { root: this.dir });
    refuseFutureRows(table);
    const header = table.header.map((h) => h.toLowerCase());
    const kind = found.entry?.kind ?? (header.includes('close') || header.includes('adj close') ? 'price' : 'level');
    const frequency = found.frequency;
    return parseSeries(
      table,
      {
        symbol,
        kind,
        frequency,
        lag: found.entry?.lag ?? defaultLag(kind, frequency),
        file: found.file,
        description: found.entry?.description,
      },
      found.entry?.column,
    );
  }
}
