import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataStore, loadConfigFile, requiredSymbols, type Catalog } from '@regime/core';
import { canonicalSymbol } from '@regime/core/internal';
import { expandStrategy } from '@regime/strategies';

/** The repository's shipped strategy configs. */
export const CONFIGS_DIR = fileURLToPath(new URL('../../../configs', import.meta.url));

export function shippedConfigFiles(): string[] {
  return readdirSync(CONFIGS_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(CONFIGS_DIR, f));
}

/** Every symbol the shipped configs read: what `regime data pull` fetches by default. */
export async function shippedConfigSymbols(catalog: Catalog, dataDir: string): Promise<string[]> {
  const store = new DataStore(dataDir, catalog);
  const symbols = new Set<string>();
  for (const file of shippedConfigFiles()) {
    const source = loadConfigFile(file);
    const config = expandStrategy(source.config, source);
    for (const use of await requiredSymbols(config, store)) symbols.add(canonicalSymbol(catalog, use.name));
  }
  return [...symbols].sort();
}
