import { chmodSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogForDataDir } from './catalog.js';
import { cachedCatalogForDataDir } from './catalogCache.js';
import { DataStore } from './dataDir.js';
import { SeriesCache, defaultCacheDir, openSeriesCache } from './seriesCache.js';
import { parseDay } from '../util/dates.js';

/**
 * The parsed-series cache (issue 15) is invisible except in speed: every case below reads the
 * same series with and without it, and checks the cache never serves a series the file no
 * longer holds.
 */
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function dataDir(rows = '2024-01-02,100\n2024-01-03,101.5\n2024-01-04,99.25\n'): string {
  const dir = tmp('regime-cache-data-');
  mkdirSync(join(dir, 'daily'));
  writeFileSync(join(dir, 'daily', 'AAA.csv'), `date,close\n${rows}`);
  return dir;
}

const storeWith = (dir: string, cache?: SeriesCache) => new DataStore(dir, catalogForDataDir(dir), { cache });
const entries = (cache: SeriesCache) => readdirSync(join(cache.dir, 'series')).filter((f) => f.endsWith('.series'));
const days = (...iso: string[]) => Int32Array.from(iso.map((d) => parseDay(d)!));

describe('SeriesCache', () => {
  it('a second process-like read is served from the cache, with the same dates, values and meta as the CSV', async () => {
    const dir = dataDir();
    const cache = new SeriesCache(tmp('regime-cache-'));
    const first = await storeWith(dir, cache).load('AAA');
    expect(cache.writes).toBe(1);
    const second = await storeWith(dir, cache).load('AAA');
    expect(cache.hits).toBe(1);
    const plain = await storeWith(dir).load('AAA');
    for (const s of [first, second]) {
      expect([...s.dates]).toEqual([...days('2024-01-02', '2024-01-03', '2024-01-04')]);
      expect([...s.values]).toEqual([100, 101.5, 99.25]);
      expect(s.meta).toEqual(plain.meta);
    }
    expect(second.dates).toBeInstanceOf(Int32Array);
    expect(second.values).toBeInstanceOf(Float64Array);
  });

  it('a file rewritten with the same size and modification time is parsed again (content hash), never served stale', async () => {
    const dir = dataDir('2024-01-02,100\n');
    const file = join(dir, 'daily', 'AAA.csv');
    const cache = new SeriesCache(tmp('regime-cache-'));
    expect([...(await storeWith(dir, cache).load('AAA')).values]).toEqual([100]);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'date,close\n2024-01-02,200\n'); // same length
    utimesSync(file, atime, mtime); // same time
    expect(statSync(file).size).toBe('date,close\n2024-01-02,100\n'.length);
    expect([...(await storeWith(dir, cache).load('AAA')).values]).toEqual([200]);
    expect(cache.hits).toBe(0);
  });

  it('a file that grew is parsed again', async () => {
    const dir = dataDir('2024-01-02,100\n');
    const cache = new SeriesCache(tmp('regime-cache-'));
    await storeWith(dir, cache).load('AAA');
    writeFileSync(join(dir, 'daily', 'AAA.csv'), 'date,close\n2024-01-02,100\n2024-01-03,110\n');
    expect([...(await storeWith(dir, cache).load('AAA')).values]).toEqual([100, 110]);
  });

  it('a corrupted entry (one byte flipped) falls back to the CSV and is rewritten', async () => {
    const dir = dataDir();
    const cache = new SeriesCache(tmp('regime-cache-'));
    await storeWith(dir, cache).load('AAA');
    const entry = join(cache.dir, 'series', entries(cache)[0]);
    const bytes = readFileSync(entry);
    bytes[bytes.length - 40] ^= 0xff; // inside the values
    writeFileSync(entry, bytes);
    const s = await storeWith(dir, cache).load('AAA');
    expect([...s.values]).toEqual([100, 101.5, 99.25]);
    expect(cache.hits).toBe(0);
    expect(cache.writes).toBe(2);
    await storeWith(dir, cache).load('AAA');
    expect(cache.hits).toBe(1); // the rewritten entry is good again
  });

  it('a truncated or empty entry falls back to the CSV and is rewritten', async () => {
    for (const cut of [0, 7, 60, -1]) {
      const dir = dataDir();
      const cache = new SeriesCache(tmp('regime-cache-'));
      await storeWith(dir, cache).load('AAA');
      const entry = join(cache.dir, 'series', entries(cache)[0]);
      const bytes = readFileSync(entry);
      writeFileSync(entry, bytes.subarray(0, cut < 0 ? bytes.length + cut : cut));
      expect([...(await storeWith(dir, cache).load('AAA')).values]).toEqual([100, 101.5, 99.25]);
      expect(cache.hits).toBe(0);
      expect(readFileSync(entry).length).toBe(bytes.length);
    }
  });

  it('an entry that is not a file (a folder in its place) only costs speed', async () => {
    const dir = dataDir();
    const cache = new SeriesCache(tmp('regime-cache-'));
    await storeWith(dir, cache).load('AAA');
    const name = entries(cache)[0];
    const entry = join(cache.dir, 'series', name);
    writeFileSync(entry, ''); // emptied
    const blocked = new SeriesCache(tmp('regime-cache-'));
    mkdirSync(join(blocked.dir, 'series', name), { recursive: true });
    expect([...(await storeWith(dir, blocked).load('AAA')).values]).toEqual([100, 101.5, 99.25]);
    expect(blocked.writes).toBe(0);
  });

  it('a cache directory that cannot be created (under a regular file) is skipped: the series still loads', async () => {
    const dir = dataDir();
    const file = join(tmp('regime-cache-'), 'not-a-folder');
    writeFileSync(file, 'x');
    const cache = new SeriesCache(join(file, 'regime'));
    expect([...(await storeWith(dir, cache).load('AAA')).values]).toEqual([100, 101.5, 99.25]);
    expect([...(await storeWith(dir, cache).load('AAA')).values]).toEqual([100, 101.5, 99.25]);
    expect(cache.writes).toBe(0);
    expect(cache.stats().entries).toBe(0);
  });

  it('never writes into the data directory, which may be read-only', async () => {
    const dir = dataDir();
    chmodSync(join(dir, 'daily', 'AAA.csv'), 0o444);
    chmodSync(join(dir, 'daily'), 0o555);
    const before = JSON.stringify([readdirSync(dir), readdirSync(join(dir, 'daily')), statSync(join(dir, 'daily', 'AAA.csv')).mtimeMs]);
    const cache = new SeriesCache(tmp('regime-cache-'));
    await storeWith(dir, cache).load('AAA');
    await storeWith(dir, cache).load('AAA');
    expect(cache.hits).toBe(1);
    expect(JSON.stringify([readdirSync(dir), readdirSync(join(dir, 'daily')), statSync(join(dir, 'daily', 'AAA.csv')).mtimeMs])).toBe(before);
    chmodSync(join(dir, 'daily'), 0o755);
  });

  it('two stores filling the same cache at once both get the series, and the entry left is whole', async () => {
    const dir = dataDir();
    const cacheDir = tmp('regime-cache-');
    const a = new SeriesCache(cacheDir);
    const b = new SeriesCache(cacheDir);
    const [x, y] = await Promise.all([storeWith(dir, a).load('AAA'), storeWith(dir, b).load('AAA')]);
    expect([...x.values]).toEqual([...y.values]);
    expect(readdirSync(join(cacheDir, 'series')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const c = new SeriesCache(cacheDir);
    await storeWith(dir, c).load('AAA');
    expect(c.hits).toBe(1);
  });

  it('a file with an error fails with the same message with and without the cache, every time (errors are not stored)', async () => {
    const dir = dataDir('2024-01-02,100\n2024-01-02,101\n');
    const cache = new SeriesCache(tmp('regime-cache-'));
    const plain = await storeWith(dir).load('AAA').catch((e: Error) => e.message);
    expect(plain).toMatch(/duplicate date 2024-01-02/);
    for (let i = 0; i < 2; i++) expect(await storeWith(dir, cache).load('AAA').catch((e: Error) => e.message)).toBe(plain);
    expect(cache.stats().entries).toBe(0);
  });

  it('the same file read under two catalog entries keeps two entries (the reading parameters are part of the key)', async () => {
    const dir = dataDir('2024-01-02,-1\n');
    writeFileSync(join(dir, 'catalog.yaml'), 'symbols:\n  AAA: { kind: level, frequency: daily, description: "a level" }\n');
    const cache = new SeriesCache(tmp('regime-cache-'));
    const level = await storeWith(dir, cache).load('AAA');
    expect(level.meta.kind).toBe('level');
    expect([...level.values]).toEqual([-1]); // a level may be negative
    // The same bytes read as a price must be refused, not served from the level's entry.
    writeFileSync(join(dir, 'catalog.yaml'), 'symbols:\n  AAA: { kind: price, frequency: daily }\n');
    await expect(storeWith(dir, cache).load('AAA')).rejects.toThrow(/expected a positive price/);
  });

  it("an entry's place in the catalog (its line, kept for messages) is no part of the key: a comment added above it keeps the entry", async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'catalog.yaml'), 'symbols:\n  AAA: { kind: price, frequency: daily }\n');
    const cache = new SeriesCache(tmp('regime-cache-'));
    await storeWith(dir, cache).load('AAA');
    expect(cache.hits).toBe(0);
    writeFileSync(join(dir, 'catalog.yaml'), '# my prices\nsymbols:\n  AAA: { kind: price, frequency: daily }\n');
    expect(catalogForDataDir(dir).entries.get('AAA')?.at).toBe(`${join(dir, 'catalog.yaml')}:3:8`);
    const again = await storeWith(dir, cache).load('AAA');
    expect(cache.hits).toBe(1);
    expect([...again.values]).toEqual([100, 101.5, 99.25]);
    expect(entries(cache)).toHaveLength(1);
  });
});

describe('the catalog through the cache', () => {
  it('an edited catalog.yaml in the data directory is read again', () => {
    const dir = dataDir();
    const cache = new SeriesCache(tmp('regime-cache-'));
    writeFileSync(join(dir, 'catalog.yaml'), 'symbols:\n  AAA: { kind: price, frequency: daily, description: "first" }\n');
    expect(cachedCatalogForDataDir(dir, cache).entries.get('AAA')?.description).toBe('first');
    expect(cachedCatalogForDataDir(dir, cache).entries.get('AAA')?.description).toBe('first');
    expect(cache.hits).toBe(1);
    writeFileSync(join(dir, 'catalog.yaml'), 'symbols:\n  AAA: { kind: price, frequency: daily, description: "second" }\n');
    expect(cachedCatalogForDataDir(dir, cache).entries.get('AAA')?.description).toBe('second');
  });

  it('gives the same catalog as the parser: entries, lags and aliases', () => {
    const dir = dataDir();
    const cache = new SeriesCache(tmp('regime-cache-'));
    cachedCatalogForDataDir(dir, cache);
    const cached = cachedCatalogForDataDir(dir, cache);
    expect(cache.hits).toBe(1);
    const plain = catalogForDataDir(dir);
    expect([...cached.aliases]).toEqual([...plain.aliases]);
    expect([...cached.entries]).toEqual([...plain.entries]);
  });

  it('a broken catalog fails with its file:line message every time', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'catalog.yaml'), 'symbols:\n  AAA: { kind: stock, frequency: daily }\n');
    const cache = new SeriesCache(tmp('regime-cache-'));
    const message = (() => {
      try {
        catalogForDataDir(dir);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/catalog\.yaml:2/);
    for (let i = 0; i < 2; i++) expect(() => cachedCatalogForDataDir(dir, cache)).toThrow(message);
  });
});

describe('entries made at build time (prebuilt)', () => {
  it('the default catalog of a data directory without its own is one entry for every directory, read from a prebuilt folder and never written there', () => {
    const prebuilt = tmp('regime-prebuilt-');
    // What the build does (scripts/bundle-cli.mjs): the entry for any directory without a catalog.yaml.
    cachedCatalogForDataDir(tmp('regime-nocatalog-'), new SeriesCache(prebuilt));
    const made = readdirSync(join(prebuilt, 'json'));
    expect(made).toHaveLength(1);
    const bytes = readFileSync(join(prebuilt, 'json', made[0]));
    // A first run: an empty cache of its own, another data directory.
    const dir = dataDir();
    const cache = new SeriesCache(tmp('regime-cache-'), [prebuilt]);
    const catalog = cachedCatalogForDataDir(dir, cache);
    expect(cache.hits).toBe(1);
    expect(cache.writes).toBe(0);
    const plain = catalogForDataDir(dir);
    expect([...catalog.entries]).toEqual([...plain.entries]);
    expect([...catalog.aliases]).toEqual([...plain.aliases]);
    expect(readdirSync(join(prebuilt, 'json'))).toEqual(made);
    expect(readFileSync(join(prebuilt, 'json', made[0])).equals(bytes)).toBe(true);
  });

  it('a data directory with its own catalog.yaml does not use it; a corrupted or stale prebuilt entry is not used either', () => {
    const prebuilt = tmp('regime-prebuilt-');
    cachedCatalogForDataDir(tmp('regime-nocatalog-'), new SeriesCache(prebuilt));
    const [name] = readdirSync(join(prebuilt, 'json'));
    const own = dataDir();
    writeFileSync(join(own, 'catalog.yaml'), 'symbols:\n  AAA: { kind: level, frequency: daily, description: "mine" }\n');
    const withOwn = new SeriesCache(tmp('regime-cache-'), [prebuilt]);
    expect(cachedCatalogForDataDir(own, withOwn).entries.get('AAA')?.description).toBe('mine');
    expect(withOwn.hits).toBe(0);
    // The entry says another catalog's content (the catalog was edited after the build): parsed again.
    const entry = JSON.parse(readFileSync(join(prebuilt, 'json', name), 'utf8')) as { content: string; value: { entries: { symbol: string; description?: string }[] } };
    entry.value.entries[0].description = 'stale';
    writeFileSync(join(prebuilt, 'json', name), JSON.stringify({ ...entry, content: '0'.repeat(64) }));
    const dir = dataDir();
    const stale = new SeriesCache(tmp('regime-cache-'), [prebuilt]);
    expect([...cachedCatalogForDataDir(dir, stale).entries]).toEqual([...catalogForDataDir(dir).entries]);
    expect(stale.hits).toBe(0);
    expect(stale.writes).toBe(1); // into its own folder
    // Truncated: parsed again too.
    writeFileSync(join(prebuilt, 'json', name), '{"request":');
    const truncated = new SeriesCache(tmp('regime-cache-'), [prebuilt]);
    expect([...cachedCatalogForDataDir(dir, truncated).entries]).toEqual([...catalogForDataDir(dir).entries]);
    expect(truncated.hits).toBe(0);
  });
});

describe('where the cache lives', () => {
  it('REGIME_CACHE_DIR, else $XDG_CACHE_HOME/regime, else ~/.cache/regime; REGIME_NO_CACHE turns it off', () => {
    expect(defaultCacheDir({ REGIME_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/regime');
    expect(defaultCacheDir({})).toMatch(/\.cache\/regime$/);
    expect(openSeriesCache({ REGIME_CACHE_DIR: '/c', REGIME_NO_CACHE: '1' })).toBeUndefined();
    expect(openSeriesCache({ REGIME_CACHE_DIR: '/c' })?.dir).toBe('/c');
  });
});
