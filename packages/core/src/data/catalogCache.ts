import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CATALOG_FILE, catalogForDataDir, type Catalog, type CatalogEntry } from './catalog.js';
import type { SeriesCache } from './seriesCache.js';

/**
 * catalogForDataDir through the cache: the YAML parser took ~0.1 s for the 70-line catalog,
 * a large share of a whole run (issue 15). The entry is keyed by the bytes of the default
 * catalog and of the data directory's own catalog.yaml when it has one, so an edited
 * catalog is parsed again; a catalog with an error is never stored, so its message is the
 * same with or without the cache.
 */
export function cachedCatalogForDataDir(dataDir: string, cache: SeriesCache | undefined): Catalog {
  if (!cache) return catalogForDataDir(dataDir);
  const own = join(dataDir, 'catalog.yaml');
  const hasOwn = existsSync(own);
  let inputs: Buffer[];
  try {
    inputs = hasOwn ? [readFileSync(DEFAULT_CATALOG_FILE), readFileSync(own)] : [readFileSync(DEFAULT_CATALOG_FILE)];
  } catch {
    return catalogForDataDir(dataDir); // the reader reports what is wrong
  }
  // Without a catalog of its own, a data directory's catalog is the default one whatever the
  // directory: one entry serves them all, and `pnpm build` makes it (scripts/bundle-cli.mjs).
  const request = hasOwn ? { kind: 'catalog', defaultFile: DEFAULT_CATALOG_FILE, own } : { kind: 'catalog', defaultFile: DEFAULT_CATALOG_FILE };
  const stored = cache.json(request, inputs, () => {
    const c = catalogForDataDir(dataDir);
    return { entries: [...c.entries.values()], aliases: [...c.aliases] };
  });
  return { entries: new Map(stored.entries.map((e: CatalogEntry) => [e.symbol, e])), aliases: new Map(stored.aliases) };
}
