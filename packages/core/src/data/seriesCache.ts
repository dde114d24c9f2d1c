import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Series, SeriesMeta } from './series.js';

/**
 * A cache of parsed series (issue 15): parsing the CSV files was most of a run's time.
 *
 * One entry per (data file, way of reading it), in the user's cache directory — never next to
 * the data, which is an input and may be read-only. An entry is used only when all of these
 * match the file being read: its real path and the reading parameters (symbol, catalog entry:
 * the entry file's name is a hash of them, and they are stored in it), its size and
 * modification time, and the SHA-256 of its bytes (read on every lookup, so a file rewritten
 * with the same size and time is still re-parsed). The stamp of the parsing code (size and
 * time of the parser modules) is part of the key too, so a new build never reads an entry
 * parsed by old code.
 *
 * Layout (little-endian): "RGSC" magic, format u32, then a JSON header length u32 and the JSON
 * header (request, size, mtime, content hash, meta, n), padded to 8 bytes, then n Int32 dates,
 * padded to 8, n Float64 values, then the SHA-256 of everything before it. A truncated or
 * corrupted entry fails one of those checks and is treated as a miss: the CSV is parsed and
 * the entry rewritten. Entries are written to a temp file and renamed into place, so two
 * processes filling the cache at once each publish a complete entry and a reader never sees
 * half of one. Any failure to read or write the cache (read-only or missing home, full disk)
 * only costs speed: the series is parsed from the CSV as without a cache.
 *
 * Only successful parses are stored: a file with an error is parsed (and fails) every time,
 * with the same message.
 */
const MAGIC = 0x43534752; // "RGSC"
const FORMAT = 1;
const HASH_BYTES = 32;

/** Where the cache lives: $REGIME_CACHE_DIR, else $XDG_CACHE_HOME/regime, else ~/.cache/regime. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REGIME_CACHE_DIR) return env.REGIME_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'regime');
  try {
    const home = homedir();
    return home ? join(home, '.cache', 'regime') : undefined;
  } catch {
    return undefined;
  }
}

/** What identifies a way of reading a file: everything besides its bytes that shapes the series. */
export interface SeriesRequest {
  /** The file's real path (symlinks resolved). */
  realPath: string;
  /** Symbol, catalog entry (kind, frequency, lag, column, description) and the path as shown. */
  params: unknown;
}

interface EntryHeader {
  request: string;
  size: string;
  mtimeNs: string;
  content: string;
  meta: SeriesMeta;
  n: number;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The parser modules' identity: a rebuilt parser invalidates every entry. */
let codeStampMemo: string | undefined;
function codeStamp(): string {
  if (codeStampMemo !== undefined) return codeStampMemo;
  const parts = [`format ${FORMAT}`];
  for (const name of ['csv', 'parseSeries', 'dataDir', 'catalog', 'seriesCache']) {
    for (const ext of ['.js', '.ts']) {
      try {
        const s = statSync(fileURLToPath(new URL(`./${name}${ext}`, import.meta.url)));
        parts.push(`${name}${ext} ${s.size} ${s.mtimeMs}`);
        break;
      } catch {
        // .js when built, .ts when tests run the sources
      }
    }
  }
  return (codeStampMemo = parts.join(';'));
}

/**
 * mkdir -p one level at a time (Node 20's recursive mkdirSync can hang on paths such as
 * /proc/...; a cache must never hang a run).
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

/**
 * The cache to use, or undefined when REGIME_NO_CACHE is set (--no-cache) or there is no place
 * for it. `prebuilt`: folders of JSON entries made when the program was built (read, never
 * written; see SeriesCache.json).
 */
export function openSeriesCache(env: NodeJS.ProcessEnv = process.env, prebuilt: readonly string[] = []): SeriesCache | undefined {
  if (env.REGIME_NO_CACHE) return undefined;
  const dir = defaultCacheDir(env);
  return dir ? new SeriesCache(resolve(dir), prebuilt) : undefined;
}

function sameFile(path: string, before: BigIntStats): boolean {
  try {
    const now = statSync(path, { bigint: true });
    return now.size === before.size && now.mtimeNs === before.mtimeNs && now.ino === before.ino;
  } catch {
    return false;
  }
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const pad8 = (n: number) => (n + 7) & ~7;

export interface SeriesCacheStats {
  dir: string;
  entries: number;
  bytes: number;
}

export class SeriesCache {
  /** Lookups served from the cache and parses written to it in this process (for tests and `data list`). */
  hits = 0;
  writes = 0;
  constructor(
    readonly dir: string,
    /** Folders of JSON entries made at build time: read after this cache's own, never written. */
    readonly prebuilt: readonly string[] = [],
  ) {}

  private get folder(): string {
    return join(this.dir, 'series');
  }

  /**
   * The series for `request`: from the cache when a valid entry matches the file's bytes,
   * else from `parse()`, whose result is then stored. `bytes` and `stat` are the file as
   * read now (after the data directory's own checks on it).
   */
  async load(request: SeriesRequest, bytes: Buffer, stat: BigIntStats, parse: () => Promise<Series>): Promise<Series> {
    if (!littleEndian) return parse();
    const requestText = JSON.stringify({ code: codeStamp(), path: request.realPath, params: request.params });
    const name = sha256(requestText).toString('hex').slice(0, 40);
    const expect = { request: requestText, size: String(stat.size), mtimeNs: String(stat.mtimeNs), content: sha256(bytes).toString('hex') };
    const hit = this.read(join(this.folder, `${name}.series`), expect);
    if (hit) {
      this.hits++;
      return hit;
    }
    const series = await parse();
    // The parser read the file again: store only when it is still the file that was hashed.
    if (!sameFile(request.realPath, stat)) return series;
    if (this.write(name, { ...expect, meta: series.meta, n: series.dates.length }, series)) this.writes++;
    return series;
  }

  private read(file: string, expect: Omit<EntryHeader, 'meta' | 'n'>): Series | undefined {
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      return undefined; // no entry yet, or an unreadable cache: a miss
    }
    try {
      if (buf.length < 8 + HASH_BYTES || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== FORMAT) return undefined;
      const body = buf.subarray(0, buf.length - HASH_BYTES);
      if (!sha256(body).equals(buf.subarray(buf.length - HASH_BYTES))) return undefined;
      const headerLength = buf.readUInt32LE(8);
      const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as EntryHeader;
      if (header.request !== expect.request || header.size !== expect.size || header.mtimeNs !== expect.mtimeNs || header.content !== expect.content) return undefined;
      const n = header.n;
      const datesAt = pad8(12 + headerLength);
      const valuesAt = datesAt + pad8(n * 4);
      if (!Number.isInteger(n) || n < 0 || valuesAt + n * 8 !== body.length) return undefined;
      // Copies (slice) so the arrays own aligned memory, whatever the Buffer's offset.
      const dates = new Int32Array(buf.buffer.slice(buf.byteOffset + datesAt, buf.byteOffset + datesAt + n * 4));
      const values = new Float64Array(buf.buffer.slice(buf.byteOffset + valuesAt, buf.byteOffset + valuesAt + n * 8));
      return { meta: header.meta, dates, values };
    } catch {
      return undefined; // unreadable header: treat as corrupted
    }
  }

  private write(name: string, header: EntryHeader, series: Series): boolean {
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const n = series.dates.length;
    const datesAt = pad8(12 + json.length);
    const valuesAt = datesAt + pad8(n * 4);
    const body = Buffer.alloc(valuesAt + n * 8);
    body.writeUInt32LE(MAGIC, 0);
    body.writeUInt32LE(FORMAT, 4);
    body.writeUInt32LE(json.length, 8);
    json.copy(body, 12);
    body.set(new Uint8Array(series.dates.buffer, series.dates.byteOffset, n * 4), datesAt);
    body.set(new Uint8Array(series.values.buffer, series.values.byteOffset, n * 8), valuesAt);
    const target = join(this.folder, `${name}.series`);
    const tmp = join(this.folder, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      makeFolders(this.folder);
      writeFileSync(tmp, Buffer.concat([body, sha256(body)]));
      renameSync(tmp, target); // atomic: readers see the old entry or the new one, whole
      return true;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // the folder itself is unusable: nothing was left behind
      }
      return false; // a cache that cannot be written only costs speed
    }
  }

  /**
   * A JSON value computed from some input files (the catalog), cached under the same rules:
   * used only when the request and the SHA-256 of every input's bytes match; otherwise
   * `compute()` runs and its value is stored. Errors are never stored.
   */
  json<T>(request: unknown, inputs: readonly Buffer[], compute: () => T): T {
    const requestText = JSON.stringify({ code: codeStamp(), request });
    const content = inputs.map((b) => sha256(b).toString('hex')).join(',');
    const name = `${sha256(requestText).toString('hex').slice(0, 40)}.json`;
    const file = join(this.dir, 'json', name);
    // This cache's entry, else one made when the program was built (the default catalog: a
    // first run then parses no YAML for it), checked by the same request and content.
    for (const candidate of [file, ...this.prebuilt.map((d) => join(d, 'json', name))]) {
      try {
        const entry = JSON.parse(readFileSync(candidate, 'utf8')) as { request: string; content: string; value: T };
        if (entry.request === requestText && entry.content === content && entry.value !== undefined) {
          this.hits++;
          return entry.value;
        }
      } catch {
        // missing, truncated or corrupted: the next place, else computed below
      }
    }
    const value = compute();
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      makeFolders(dirname(file));
      writeFileSync(tmp, JSON.stringify({ request: requestText, content, value }));
      renameSync(tmp, file);
      this.writes++;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was left behind
      }
    }
    return value;
  }

  /** How many entries and bytes the cache holds (for `regime data list`). */
  stats(): SeriesCacheStats {
    let entries = 0;
    let bytes = 0;
    try {
      for (const name of readdirSync(this.folder)) {
        if (!name.endsWith('.series')) continue;
        try {
          bytes += statSync(join(this.folder, name)).size;
          entries++;
        } catch {
          // removed meanwhile
        }
      }
    } catch {
      // no cache yet
    }
    return { dir: this.dir, entries, bytes };
  }
}
