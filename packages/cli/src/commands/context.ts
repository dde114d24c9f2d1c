import { DataStore, cachedCatalogForDataDir, openSeriesCache, resolveDataDir } from '@regime/core';

/**
 * The data directory and its catalog, shared by the commands that read data. Parsed series
 * come from the user's cache unless `--no-cache` (REGIME_NO_CACHE) says otherwise; the cache
 * changes nothing but speed.
 */
export function openStore(dataDirFlag: string | undefined): DataStore {
  const dir = resolveDataDir(dataDirFlag);
  const cache = openSeriesCache();
  return new DataStore(dir, cachedCatalogForDataDir(dir, cache), { cache });
}
