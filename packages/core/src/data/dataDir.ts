import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, didYouMean } from '../util/errors.js';
import { canonicalSymbol, defaultLag, type Catalog, type CatalogEntry } from './catalog.js';
import { isPriceLike } from './series.js';
import { readCsv } from './csv.js';
import { refuseFutureRows } from './futureRows.js';
import { MAX_BYTES, checkInputFile } from '../io/safeRead.js';
import { parseSeries } from './parseSeries.js';
import type { Series, SeriesFrequency, SeriesMeta } from './series.js';
import type { SeriesCache } from './seriesCache.js';
import { plainCsvTable } from './csvFast.js';
import { plainSeries } from './plainSeries.js';
import { datedFirstOfMonth, describeGap, spacingMismatch } from './spacing.js';

/** Files up to this size are read whole (cache key, plain-CSV reader); larger ones stream through readCsv. */
const MAX_DIRECT_BYTES = 64 * 2 ** 20;

export interface DataStoreOptions {
  /** Parsed series kept across runs (see seriesCache.ts); absent: every file is parsed. */
  cache?: SeriesCache;
  /**
   * Series already read by other stores of the same data directory and catalog, by symbol,
   * in the same piece of work (the runs of one comparison): a symbol found here is not read
   * again, and one this store reads is added. Only series read without error are shared, so
   * every error is found and worded by the store that meets it.
   */
  shared?: Map<string, Series>;
  /**
   * The only files this store may read, by path relative to the data directory, with the
   * SHA-256 (hex) their bytes must have: a worker of a study on Redis reads only what the
   * submitting machine fingerprinted (StudyPlan.dataFingerprints). A file not listed is
   * refused before it is opened, and one whose bytes differ is refused before it is parsed
   * (input errors naming the file); `shared` is then not used. Absent: no such check.
   */
  fingerprints?: Readonly<Record<string, string>>;
}

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
 * in the catalog (file named there, else daily/SYM.csv, monthly/SYM.csv, quarterly/SYM.csv, SYM.csv); a file
 * the catalog does not know is accepted with its kind read off the header.
 */
export class DataStore {
  private readonly cache = new Map<string, Promise<Series>>();
  constructor(
    readonly dir: string,
    readonly catalog: Catalog,
    readonly options: DataStoreOptions = {},
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
      [join(this.dir, 'quarterly', `${symbol}.csv`), 'quarterly'],
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
      const shared = this.options.fingerprints ? undefined : this.options.shared;
      const known = shared?.get(symbol);
      p = known ? Promise.resolve(known) : shared ? this.read(name, symbol).then((s) => (shared.set(symbol, s), s)) : this.read(name, symbol);
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
    const series = await this.readFound(found, symbol);
    // Checked on every read, parsed or cached: the frequency decides when a value is known.
    this.checkSpacing(series, found);
    return series;
  }

  /**
   * Refuses a series whose dates disagree with the frequency it is read with (its catalog
   * entry's, else its folder's): a monthly file in daily/ would make each month's value known
   * on its first day, weeks before it was published (spacing.ts).
   */
  private checkSpacing(series: Series, found: { file: string; entry?: CatalogEntry; frequency: SeriesFrequency }): void {
    const { frequency, kind, symbol } = series.meta;
    const mismatch = spacingMismatch(series.dates, frequency);
    if (!mismatch) return;
    const { gap, shows } = mismatch;
    const rel = relative(this.dir, found.file).split(sep).join('/');
    const folder = rel.includes('/') ? `${rel.slice(0, rel.lastIndexOf('/'))}/` : undefined;
    const place = found.entry
      ? `its catalog entry${found.entry.at ? ` at ${found.entry.at}` : ''} says frequency: ${frequency}`
      : folder
        ? `a file in ${folder} that the catalog does not list`
        : `a file at the top of the data directory that the catalog does not list`;
    const point = (f: SeriesFrequency) => f === 'daily' || f === 'weekly';
    const period = (f: SeriesFrequency) => (f === 'quarterly' ? 'quarter' : 'month');
    let harm: string;
    if (!shows) harm = `no frequency Regime reads has that spacing (daily ≈ 1–4 days apart, weekly ≈ 7, monthly ≈ 28–31, quarterly ≈ 90)`;
    else if (point(frequency) && !point(shows) && datedFirstOfMonth(series.dates))
      harm = `each value would count as known on its own date, although a ${shows} value dated the first day of its ${period(shows)} describes the whole ${period(shows)} and is published after it ends (look-ahead)`;
    else if (point(frequency) && !point(shows))
      harm = `each value would count as one day's observation: a daily run would add its dates to its calendar and measure its ${period(shows)}-to-${period(shows)} changes as daily ones`;
    else if (frequency === 'monthly' && shows === 'quarterly') harm = `each value would count as describing one month and be known before its quarter is over (look-ahead)`;
    else if (frequency === 'daily') harm = `the week between values would be taken for gaps in daily data`;
    else if (frequency === 'weekly') harm = `a weekly series has one value a week`;
    else harm = `each value would count as describing the ${period(frequency)} after its date and be used only once that ${period(frequency)} is over (a ${shows} series read late)`;
    const lagHint = (f: SeriesFrequency) => (point(f) ? (isPriceLike(kind) ? '' : ', lag: 0') : isPriceLike(kind) ? ', lag: 0' : ', lag: 1M');
    const catalogLine = (f: SeriesFrequency) => `${symbol}: { kind: ${kind}, frequency: ${f}${lagHint(f)} }`;
    const fix = !shows
      ? `Resample it to daily, weekly, monthly or quarterly values (monthly and quarterly ones dated the first day of their period), or check its dates`
      : found.entry
        ? `Set frequency: ${shows} in its catalog entry, with the lag after which each value is published (${catalogLine(shows)}), or check its dates`
        : shows === 'weekly'
          ? `Declare it in ${join(this.dir, 'catalog.yaml')} (weekly series have no folder): ${catalogLine(shows)}`
          : `Move it to ${shows}/, or declare it in ${join(this.dir, 'catalog.yaml')} with its publication lag: ${catalogLine(shows)}`;
    throw new InputError(`${symbol} is read as ${frequency} (${place}), but its dates are ${describeGap(gap)}: ${harm}. ${fix}`, found.file);
  }

  private async readFound(found: { file: string; entry?: CatalogEntry; frequency: SeriesFrequency }, symbol: string): Promise<Series> {
    const fingerprints = this.options.fingerprints;
    const rel = relative(this.dir, found.file).split(sep).join('/');
    if (fingerprints && !Object.hasOwn(fingerprints, rel))
      throw new InputError(
        `data file ${rel} is read by this study but the submitting machine did not fingerprint it (data directory ${this.dir}): a worker computes only on files whose SHA-256 the study carries, never on a file nobody checked`,
      );
    // The file is found and checked as without a cache. Its bytes, read once, feed both the
    // cache lookup (content hash, seriesCache.ts) and the plain-CSV reader (csvFast.ts);
    // anything unusual goes to readCsv, which says what is wrong with the file.
    // Inputs are sacred: a regular file of bounded size, really inside the data directory
    // (safeRead.ts); refused files are never opened, cached or not.
    checkInputFile(found.file, { what: 'CSV file', maxBytes: MAX_BYTES.data, root: this.dir });
    let real: string;
    let stat;
    let bytes: Buffer;
    try {
      real = realpathSync(found.file);
      stat = statSync(real, { bigint: true });
      // Checked bytes are parsed from memory whatever their size: what is parsed is what was hashed.
      if (!fingerprints && (!stat.isFile() || stat.size > MAX_DIRECT_BYTES)) return await this.parse(found, symbol);
      bytes = readFileSync(real);
    } catch (e) {
      if (fingerprints) throw new InputError(`cannot read data file ${rel} to check its fingerprint: ${(e as Error).message}`, found.file);
      return this.parse(found, symbol);
    }
    if (fingerprints) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== fingerprints[rel])
        throw new InputError(
          `data file ${rel} is not the file the study was fingerprinted on: the study's sha256 is ${fingerprints[rel]}, the bytes read now are ${sha} (data directory ${this.dir}; did the file change during the study?)`,
        );
    }
    const parse = () => this.parse(found, symbol, bytes);
    const cache = this.options.cache;
    if (!cache) return parse();
    // The entry's place in the catalog (`at`, for messages) is no part of the key: a line added
    // above it in the catalog changes no series.
    const entry = found.entry ? { ...found.entry, at: undefined } : null;
    return cache.load({ realPath: real, params: { symbol, file: found.file, frequency: found.frequency, entry } }, bytes, stat, parse);
  }

  private async parse(found: { file: string; entry?: CatalogEntry; frequency: SeriesFrequency }, symbol: string, bytes?: Uint8Array): Promise<Series> {
    const metaOf = (headerCells: string[]): SeriesMeta => {
      const header = headerCells.map((h) => h.toLowerCase());
      const kind = found.entry?.kind ?? (header.includes('close') || header.includes('adj close') ? 'price' : 'level');
      const frequency = found.frequency;
      return { symbol, kind, frequency, lag: found.entry?.lag ?? defaultLag(kind, frequency), file: found.file, description: found.entry?.description };
    };
    // A file in the normalized layout is read straight from its bytes (plainSeries.ts); any
    // other file, or one with anything to say about it, through its table.
    const plain = bytes && found.entry?.column === undefined ? plainSeries(bytes, metaOf) : undefined;
    if (plain) return plain;
    // A file read under fingerprints is parsed from the bytes that were checked, never read again.
    const table = (bytes && plainCsvTable(bytes, found.file)) ?? (await readCsv(found.file, { root: this.dir, bytes: this.options.fingerprints ? bytes : undefined }));
    refuseFutureRows(table);
    return parseSeries(table, metaOf(table.header), found.entry?.column);
  }
}
