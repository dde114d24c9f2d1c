import { catalogForDataDir } from './catalog.js';
import { DataStore, resolveDataDir } from './dataDir.js';

/**
 * Opens a data directory with its catalog (the shipped catalog plus the directory's own
 * catalog.yaml): `dir`, else $REGIME_DATA_DIR, else the repository's data/.
 */
export function openDataStore(dir?: string): DataStore {
  const resolved = resolveDataDir(dir);
  return new DataStore(resolved, catalogForDataDir(resolved));
}
