import { openDataStore, type DataStore } from '@regime/core';

/** The data directory and its catalog, shared by the commands that read data. */
export function openStore(dataDirFlag: string | undefined): DataStore {
  return openDataStore(dataDirFlag);
}
