import { fileURLToPath } from 'node:url';
import { DataStore, cachedCatalogForDataDir, openSeriesCache, resolveDataDir, type Series } from '@regime/core';

/**
 * The data directory and its catalog, shared by the commands that read data. Parsed series
 * come from the user's cache unless `--no-cache` (REGIME_NO_CACHE) says otherwise; the cache
 * changes nothing but speed.
 */
export function openStore(dataDirFlag: string | undefined, sharing?: SeriesSharing): DataStore {
  const dir = resolveDataDir(dataDirFlag);
  const cache = openSeriesCache(process.env, [PREBUILT_CACHE]);
  let shared: Map<string, Series> | undefined;
  if (sharing) {
    shared = sharing.get(dir) ?? new Map();
    sharing.set(dir, shared);
  }
  return new DataStore(dir, cachedCatalogForDataDir(dir, cache), { cache, shared });
}

/**
 * Cache entries made by `pnpm build` (scripts/bundle-cli.mjs: the default catalog), read when
 * the user's cache has none: dist/prebuilt-cache, from the built module and from the bundle
 * alike (the bundle keeps each module's own URL).
 */
export const PREBUILT_CACHE = fileURLToPath(new URL('../prebuilt-cache', import.meta.url));

/** Series shared by the stores of one piece of work (DataStoreOptions.shared), by data directory. */
export type SeriesSharing = Map<string, Map<string, Series>>;
