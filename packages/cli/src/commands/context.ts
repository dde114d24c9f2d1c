import { DataStore, catalogForDataDir, resolveDataDir } from '@regime/core';

/** The data directory and its catalog, shared by the commands that read data. */
export function openStore(dataDirFlag: string | undefined): DataStore {
  const dir = resolveDataDir(dataDirFlag);
  return new DataStore(dir, catalogForDataDir(dir));
}
