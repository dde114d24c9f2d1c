import { existsSync, statSync } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { addMonths, formatDay, parseDay } from '../util/dates.js';
import { InputError, didYouMean } from '../util/errors.js';
import { isWithin, realPathOf } from '../io/realPath.js';
import { DEFAULT_CATALOG_FILE, canonicalSymbol, catalogForDataDir, type Catalog, type CatalogEntry } from './catalog.js';
import { readCsv } from './csv.js';
import { parseSeries } from './parseSeries.js';
import type { Series, SeriesMeta } from './series.js';
import { DownloadError, HttpClient, type HttpOptions } from './sources/http.js';
import { LOADERS, SOURCE_LABELS, sourceOf, type SourceName } from './sources/index.js';
import type { FetchResult, Observation } from './sources/types.js';

export interface PullOptions {
  /** The data directory; created when missing. */
  dataDir: string;
  /** Default: the shipped catalog plus the data directory's own catalog.yaml. */
  catalog?: Catalog;
  /** Symbols or aliases to pull; default every catalog symbol that names a source. */
  symbols?: string[];
  /** First date to download (YYYY-MM-DD). See `pullSymbol`. */
  since?: string;
  /** Ignore the local file: download again and replace it. */
  force?: boolean;
  /** An HTTP client to share, or options for a new one (timeouts, retries, politeness). */
  http?: HttpClient | HttpOptions;
  /** Base URLs per source (tests); otherwise REGIME_YAHOO_URL / REGIME_FRED_URL / REGIME_DATAHUB_URL, else the public hosts. */
  baseUrls?: Partial<Record<SourceName, string>>;
  /** For tests: "now" (decides whether today's Yahoo bar is final). */
  now?: Date;
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
}

export type PullAction = 'created' | 'appended' | 'rewritten' | 'unchanged' | 'failed';

export interface PullOutcome {
  symbol: string;
  /** `yahoo:SPY` */
  source: string;
  /** Absolute path of the file. */
  file: string;
  /** The same path relative to the data directory (`daily/SPY.csv`). */
  path: string;
  action: PullAction;
  /** Rows added (appended) or written (created, rewritten). */
  added: number;
  /** Rows in the file after the pull (before it, when the pull failed). */
  rows: number;
  first?: string;
  last?: string;
  /** One line for the user: what happened and why. */
  message: string;
  error?: Error;
}

/** Values that agree to this relative precision are the same observation. */
const SAME = 1e-6;

/** Every catalog symbol that `regime data pull` can fetch, in catalog order. */
export function pullableSymbols(catalog: Catalog): string[] {
  return [...catalog.entries.values()].filter((e) => e.source !== undefined).map((e) => e.symbol);
}

/** Where a pulled symbol lives under the data directory: the catalog's `file`, else daily/, monthly/ or quarterly/. */
export function pullTarget(entry: CatalogEntry): string {
  return entry.file ?? defaultTarget(entry);
}

/** Where a pull of this symbol would write when its catalog entry had no `file:`. */
function defaultTarget(entry: CatalogEntry): string {
  return `${entry.frequency === 'monthly' || entry.frequency === 'quarterly' ? entry.frequency : 'daily'}/${entry.symbol}.csv`;
}

/**
 * Checks where pulls of `entries` would write, before anything is downloaded: into a file that
 * is the symbol's own, inside the data directory. Not a catalog (`file: catalog.yaml` would
 * replace it with a CSV), not a file outside the data directory (reached through a symlinked
 * folder or file; `../x` and absolute paths are refused when the catalog is read), not a file
 * another catalog symbol reads (its series, or a wide file's columns, would be replaced, with
 * --force or by a "rewritten" pull alike), not a folder. Returns one message per problem, each
 * with the entry's catalog file and line.
 */
export function pullTargetProblems(entries: CatalogEntry[], catalog: Catalog, dataDir: string): string[] {
  const root = realPathOf(dataDir);
  const real = (e: CatalogEntry) => realPathOf(join(dataDir, pullTarget(e)));
  const catalogs = [DEFAULT_CATALOG_FILE, join(dataDir, 'catalog.yaml')].map((file) => ({ file, real: realPathOf(file) }));
  const readers = new Map<string, CatalogEntry[]>();
  for (const e of catalog.entries.values()) {
    const r = real(e);
    readers.set(r, [...(readers.get(r) ?? []), e]);
  }
  const problems: string[] = [];
  for (const entry of entries) {
    const target = real(entry);
    const other = (readers.get(target) ?? []).find((e) => e.symbol !== entry.symbol);
    const isCatalog = catalogs.find((c) => c.real === target);
    const found = isCatalog
      ? `which is the catalog ${isCatalog.file}`
      : !isWithin(root, target)
        ? `which lies outside the data directory ${dataDir} (really ${target})`
        : existsSync(target) && statSync(target).isDirectory()
          ? 'which is a folder'
          : other
            ? `which is the file of ${other.symbol} as well${other.at ? ` (${other.at})` : ''}`
            : undefined;
    if (found === undefined) continue;
    const own = defaultTarget(entry);
    const such = realPathOf(join(dataDir, own)) !== target ? ` (such as ${own})` : '';
    const spelled = entry.file !== undefined ? `"${entry.file}"` : `${pullTarget(entry)} (its default file)`;
    problems.push(
      `${entry.at ? `${entry.at}: ` : ''}catalog entry symbols.${entry.symbol}${entry.file !== undefined ? '.file' : ''}: expected a CSV file of ${entry.symbol}'s own inside the data directory${such}, found ${spelled}, ${found}; nothing was downloaded`,
    );
  }
  return problems;
}

/** The message `regime run` shows when symbols have no local file. */
export function missingDataHint(symbols: string[]): string {
  const list = symbols.join(' ');
  return `no local data for ${symbols.join(', ')}: run "regime data pull ${list}" to download ${symbols.length > 1 ? 'them' : 'it'}, or point --data-dir / REGIME_DATA_DIR at a folder of CSVs`;
}

/**
 * Downloads each symbol into the data directory, one after the other (politely). A symbol
 * that fails does not stop the others, except when the network is unreachable; failures
 * are outcomes with `action: 'failed'`, and their files are left exactly as they were.
 * Unknown symbols and symbols without a source are refused before anything is downloaded.
 */
export async function pullData(options: PullOptions): Promise<PullOutcome[]> {
  const catalog = options.catalog ?? catalogForDataDir(options.dataDir);
  const wanted = options.symbols && options.symbols.length ? options.symbols : pullableSymbols(catalog);
  if (options.since !== undefined && parseDay(options.since) === undefined)
    throw new InputError(`--since: expected a date as YYYY-MM-DD, found "${options.since}"`);
  const entries: CatalogEntry[] = [];
  const problems: string[] = [];
  for (const name of wanted) {
    const symbol = canonicalSymbol(catalog, name);
    const entry = catalog.entries.get(symbol);
    if (!entry) {
      const hint = didYouMean(name, [...catalog.entries.keys(), ...catalog.aliases.keys()]);
      problems.push(
        `unknown symbol "${name}"${hint}: to download a series the catalog does not know, add it to ${join(options.dataDir, 'catalog.yaml')}, e.g. ${name}: { kind: price, frequency: daily, source: { yahoo: ${name} } }`,
      );
      continue;
    }
    if (!entry.source) {
      problems.push(`${symbol} has no source in the catalog, so it cannot be downloaded; put its CSV in the data directory (${pullTarget(entry)})`);
      continue;
    }
    sourceOf(entry); // throws on a malformed source
    if (entry.column) {
      problems.push(`${symbol} is a column of the wide file ${entry.file}; regime data pull only writes one-series files`);
      continue;
    }
    if (!entries.includes(entry)) entries.push(entry);
  }
  problems.push(...pullTargetProblems(entries, catalog, options.dataDir));
  if (problems.length) throw new InputError(problems.join('\n'));

  const http = options.http instanceof HttpClient ? options.http : new HttpClient({ log: options.log, ...options.http });
  await mkdir(options.dataDir, { recursive: true });
  const outcomes: PullOutcome[] = [];
  let offline: DownloadError | undefined;
  for (const [i, entry] of entries.entries()) {
    if (offline) {
      outcomes.push(await failed(entry, options, offline, 'not tried: the network is unreachable'));
      continue;
    }
    options.log?.(`[${i + 1}/${entries.length}] ${entry.symbol} (${labelOf(entry)})`);
    let outcome: PullOutcome;
    try {
      outcome = await pullEntry(entry, options, http);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      if (!(e instanceof InputError)) throw e; // a bug, not a data problem: let it surface
      if (e instanceof DownloadError && e.reason === 'offline') offline = e;
      outcome = await failed(entry, options, e);
    }
    options.log?.(`  ${outcome.action === 'failed' ? 'FAILED: ' : ''}${outcome.message}`);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function failed(entry: CatalogEntry, options: PullOptions, error: Error, prefix?: string): Promise<PullOutcome> {
  const path = pullTarget(entry);
  const file = join(options.dataDir, path);
  let rows = 0;
  let first: string | undefined;
  let last: string | undefined;
  if (existsSync(file)) {
    try {
      const s = await readLocal(file, entry, options.dataDir);
      rows = s.dates.length;
      first = formatDay(s.dates[0]);
      last = formatDay(s.dates[rows - 1]);
    } catch {
      // an unreadable local file: nothing to report about it here
    }
  }
  const kept = existsSync(file) ? '; the local file is unchanged' : '';
  return {
    symbol: entry.symbol,
    source: labelOf(entry),
    file,
    path,
    action: 'failed',
    added: 0,
    rows,
    first,
    last,
    message: `${prefix ? `${prefix}: ` : ''}${error.message}${kept}`,
    error,
  };
}

function labelOf(entry: CatalogEntry): string {
  const s = sourceOf(entry);
  return s ? `${s.name}:${s.id}` : '-';
}

function metaFor(entry: CatalogEntry, file: string): SeriesMeta {
  return { symbol: entry.symbol, kind: entry.kind, frequency: entry.frequency, lag: entry.lag, file, description: entry.description };
}

async function readLocal(file: string, entry: CatalogEntry, dataDir: string): Promise<Series> {
  // Only a file really inside the data directory is read (a symlink out is refused, unread).
  return parseSeries(await readCsv(file, { root: dataDir }), metaFor(entry, file), entry.column);
}

/** How far before the local file's last date a pull starts again, to check the overlap. */
function overlapStart(last: string, entry: CatalogEntry): string {
  const day = parseDay(last)!;
  if (entry.frequency === 'monthly') return formatDay(addMonths(day, -3));
  if (entry.frequency === 'quarterly') return formatDay(addMonths(day, -9));
  if (entry.frequency === 'weekly') return formatDay(day - 28);
  return formatDay(day - 14);
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= SAME * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/**
 * One symbol. Without a local file (or with `force`) the whole history is downloaded, from
 * `since` when given. With a local file the download starts a little before its last date
 * (or at `since`, when that is earlier, for a deeper check): the overlap must match the
 * stored values, and only rows after the last date are appended. When the overlap differs
 * (Yahoo re-adjusted its history for a new dividend or split, FRED revised a series) the
 * whole file is downloaded again and rewritten, and the outcome says so; if the source's
 * history would start later than the local file's, the file is kept and the pull fails.
 * Every write goes to a temporary file that is validated with parseSeries and then renamed.
 */
export async function pullSymbol(symbol: string, options: PullOptions): Promise<PullOutcome> {
  const catalog = options.catalog ?? catalogForDataDir(options.dataDir);
  const entry = catalog.entries.get(canonicalSymbol(catalog, symbol));
  if (!entry) throw new InputError(`unknown symbol "${symbol}"${didYouMean(symbol, catalog.entries.keys())}`);
  const [problem] = pullTargetProblems([entry], catalog, options.dataDir);
  if (problem) throw new InputError(problem);
  const http = options.http instanceof HttpClient ? options.http : new HttpClient({ log: options.log, ...options.http });
  return pullEntry(entry, options, http);
}

async function pullEntry(entry: CatalogEntry, options: PullOptions, http: HttpClient): Promise<PullOutcome> {
  const src = sourceOf(entry);
  if (!src) throw new InputError(`${entry.symbol} has no source in the catalog`);
  const path = pullTarget(entry);
  const file = join(options.dataDir, path);
  const label = `${src.name}:${src.id}`;
  const load = async (from: string | undefined): Promise<FetchResult> => {
    options.log?.(`  downloading from ${SOURCE_LABELS[src.name]} ${from ? `since ${from}` : '(full history)'}`);
    const res = await LOADERS[src.name]({
      id: src.id,
      kind: entry.kind,
      from,
      http,
      baseUrl: options.baseUrls?.[src.name],
      now: options.now,
    });
    for (const n of res.notes) options.log?.(`  note: ${n}`);
    return res;
  };
  const outcome = (action: PullAction, added: number, obs: { rows: number; first?: string; last?: string }, message: string): PullOutcome => ({
    symbol: entry.symbol,
    source: label,
    file,
    path,
    action,
    added,
    ...obs,
    message,
  });

  let local: Series | undefined;
  if (!options.force && existsSync(file)) {
    try {
      local = await readLocal(file, entry, options.dataDir);
    } catch (e) {
      throw new InputError(`the local file is not valid (${(e as Error).message}); fix it or use --force to download it again`);
    }
  }

  if (!local) {
    const res = await load(options.since);
    const obs = res.observations;
    if (obs.length === 0)
      throw new InputError(`${SOURCE_LABELS[src.name]} returned no data for ${src.id}${options.since ? ` since ${options.since}` : ''}`);
    const existed = existsSync(file);
    await writeWhole(file, entry, obs);
    const span = { rows: obs.length, first: obs[0].date, last: obs[obs.length - 1].date };
    return outcome(existed ? 'rewritten' : 'created', obs.length, span, `${existed ? 'replaced' : 'wrote'} ${path}: ${obs.length} rows, ${span.first} to ${span.last}`);
  }

  const n = local.dates.length;
  const firstLocal = formatDay(local.dates[0]);
  const lastLocal = formatDay(local.dates[n - 1]);
  const localSpan = { rows: n, first: firstLocal, last: lastLocal };
  const windowStart = overlapStart(lastLocal, entry);
  const from = options.since !== undefined && options.since < windowStart ? options.since : windowStart;
  const res = await load(from);
  const fetched = res.observations;
  if (fetched.length === 0)
    return outcome('unchanged', 0, localSpan, `${SOURCE_LABELS[src.name]} returned nothing since ${from}; kept ${path} (last ${lastLocal})`);

  const difference = compareOverlap(local, fetched, from, lastLocal);
  if (difference === undefined) {
    const fresh = fetched.filter((o) => o.date > lastLocal);
    if (fresh.length === 0) return outcome('unchanged', 0, localSpan, `up to date: ${path} ends ${lastLocal}`);
    await writeAppended(file, entry, local, fresh);
    const last = fresh[fresh.length - 1].date;
    return outcome('appended', fresh.length, { rows: n + fresh.length, first: firstLocal, last }, `appended ${fresh.length} row${fresh.length > 1 ? 's' : ''} to ${path} (${fresh[0].date} to ${last})`);
  }

  // The source's history changed under us: download it all again and rewrite.
  const events = (res.events ?? []).filter((e) => e.date >= from);
  const why =
    src.name === 'yahoo' && entry.kind === 'price'
      ? `Yahoo's adjusted history changed${events.length ? ` (${events.map((e) => `${e.kind} ${e.date}`).join(', ')})` : ''}: ${difference}`
      : `the source revised its values: ${difference}`;
  options.log?.(`  ${why}; downloading the whole history again`);
  const rewriteFrom = options.since !== undefined && options.since < firstLocal ? options.since : firstLocal;
  const full = (await load(rewriteFrom)).observations;
  if (full.length === 0) throw new InputError(`${why}, and the full download came back empty; kept ${path}`);
  if (full[0].date > firstLocal)
    throw new InputError(
      `${why}. The source's history starts ${full[0].date}, later than the local file's ${firstLocal}, so rewriting would lose history; kept ${path}. Use --force to replace it with the source's history`,
    );
  await writeWhole(file, entry, full);
  const span = { rows: full.length, first: full[0].date, last: full[full.length - 1].date };
  return outcome('rewritten', full.length, span, `${why}; rewrote the whole file ${path}: ${full.length} rows, ${span.first} to ${span.last}`);
}

/** Undefined when the local rows from `from` to `last` agree with the download; else the first difference. */
function compareOverlap(local: Series, fetched: Observation[], from: string, last: string): string | undefined {
  const localByDate = new Map<string, number>();
  const fromDay = parseDay(from)!;
  for (let i = 0; i < local.dates.length; i++) if (local.dates[i] >= fromDay) localByDate.set(formatDay(local.dates[i]), local.values[i]);
  let common = 0;
  const seen = new Set<string>();
  for (const o of fetched) {
    if (o.date > last) break;
    seen.add(o.date);
    const v = localByDate.get(o.date);
    if (v === undefined) return `the source has ${o.date}, which the local file lacks`;
    if (!same(v, o.value)) return `on ${o.date} the local file has ${v}, the source ${o.value}`;
    common++;
  }
  for (const d of localByDate.keys()) if (!seen.has(d)) return `the local file has ${d}, which the source lacks`;
  if (common === 0) return `no overlap with the local file to check (it ends ${last}, the download starts ${fetched[0].date})`;
  return undefined;
}

function headerFor(entry: CatalogEntry): string[] {
  return ['date', entry.kind === 'price' || entry.kind === 'index' ? 'close' : 'value'];
}

/** fast-csv's writer, loaded when a pull writes a file (not at every start-up, issue 15). */
async function writeToString(rows: string[][], options: import('fast-csv').FormatterOptionsArgs<string[], string[]>): Promise<string> {
  return (await import('fast-csv')).writeToString(rows, options);
}

function rowsOf(obs: Observation[]): string[][] {
  return obs.map((o) => [o.date, String(o.value)]);
}

function tempName(file: string): string {
  return `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The temporary file must read back as a valid series of `expected` rows before it
 * replaces the real one; on any failure the temporary file is removed and the real one
 * is untouched.
 */
async function commit(file: string, tmp: string, entry: CatalogEntry, expected: number): Promise<void> {
  try {
    let series: Series;
    try {
      series = parseSeries(await readCsv(tmp), metaFor(entry, file), entry.column);
    } catch (e) {
      throw new InputError(`the downloaded data did not validate, so ${file} was not changed: ${(e as Error).message.replace(`${tmp}`, 'new file')}`);
    }
    if (series.dates.length !== expected)
      throw new InputError(`the new file has ${series.dates.length} rows, expected ${expected}; ${file} was not changed`);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function writeWhole(file: string, entry: CatalogEntry, obs: Observation[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempName(file);
  try {
    await writeFile(tmp, await writeToString(rowsOf(obs), { headers: headerFor(entry), writeHeaders: true, includeEndRowDelimiter: true }));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await commit(file, tmp, entry, obs.length);
}

/**
 * Appends to a copy of the local file, so its existing bytes stay as they are. A local
 * file in another layout (a raw Yahoo download, say) is rewritten in the normalized one.
 */
async function writeAppended(file: string, entry: CatalogEntry, local: Series, fresh: Observation[]): Promise<void> {
  const text = await readFile(file, 'utf8');
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).replace(/^\uFEFF/, '').toLowerCase();
  const normalized = /^date,(close|value)$/.test(firstLine.replace(/\s/g, ''));
  if (!normalized) {
    const all = [...Array.from(local.dates, (d, i) => ({ date: formatDay(d), value: local.values[i] })), ...fresh];
    await writeWhole(file, entry, all);
    return;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const tmp = tempName(file);
  try {
    await copyFile(file, tmp);
    const body = await writeToString(rowsOf(fresh), { rowDelimiter: eol, includeEndRowDelimiter: true });
    await appendFile(tmp, (text.length > 0 && !text.endsWith('\n') ? eol : '') + body);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await commit(file, tmp, entry, local.dates.length + fresh.length);
}

/** A path relative to the data directory, for messages. */
export function relativeToDataDir(dataDir: string, file: string): string {
  return relative(dataDir, file) || file;
}
