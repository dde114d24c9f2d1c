import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { InputError } from '../util/errors.js';
import { missingDataHint } from '../data/pull.js';
import { USD } from '../numeraires/numeraire.js';

/** A symbol a config reads, with the config path that names it (for error positions). */
export interface SymbolUse {
  name: string;
  path: (string | number)[];
}

/**
 * Every series a config reads: universe, benchmark, numeraires, cash, and the catalog
 * symbols its expressions mention (identifiers such as BTC_USD stand for BTC-USD).
 * Expressions are parsed only when the config has any, so mathjs loads only then.
 */
export async function requiredSymbols(config: Config, store: DataStore): Promise<SymbolUse[]> {
  const uses: SymbolUse[] = [];
  (config.universe ?? []).forEach((name, i) => uses.push({ name, path: ['universe', i] }));
  if (config.benchmark) uses.push({ name: config.benchmark, path: ['benchmark'] });
  config.numeraires.forEach((name, i) => name !== USD && uses.push({ name, path: ['numeraires', i] }));
  if (config.cash?.series) uses.push({ name: config.cash.series, path: ['cash', 'series'] });
  const expressions: [string | number | boolean, (string | number)[]][] = Object.entries(config.signals ?? {}).map(([k, v]) => [v, ['signals', k]]);
  if (config.regimes) {
    const extended = 'rules' in config.regimes && typeof config.regimes.rules === 'object';
    const rules = (extended ? config.regimes.rules : config.regimes) as Record<string, string | number | boolean>;
    for (const [k, v] of Object.entries(rules)) expressions.push([v, extended ? ['regimes', 'rules', k] : ['regimes', k]]);
  }
  for (const [label, weights] of Object.entries({ ...(config.allocations ?? {}), ...(config.weights ? { static: config.weights } : {}) }))
    for (const [asset, w] of Object.entries(weights))
      if (typeof w === 'string') expressions.push([w, label === 'static' && config.weights ? ['weights', asset] : ['allocations', label, asset]]);
  if (expressions.some(([e]) => typeof e === 'string')) {
    const { referencedNames } = await import('../signals/index.js');
    const signalNames = new Set(Object.keys(config.signals ?? {}));
    for (const [text, path] of expressions)
      for (const id of await referencedNames(text)) {
        if (signalNames.has(id) || (config.params && Object.hasOwn(config.params, id))) continue;
        const symbol = catalogSymbolFor(id, store);
        if (symbol) uses.push({ name: symbol, path });
      }
  }
  return uses;
}

/** The catalog or data-directory symbol an expression identifier stands for, if any. */
export function catalogSymbolFor(identifier: string, store: DataStore): string | undefined {
  for (const candidate of [identifier, identifier.replace(/_/g, '-')]) {
    const symbol = store.canonical(candidate);
    if (store.catalog.entries.has(symbol) || store.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Stops before any work when known symbols have no local file, listing all of them with
 * the `regime data pull` command that fetches them (no silent download during a run).
 */
export function assertDataPresent(uses: SymbolUse[], store: DataStore, where: (path: (string | number)[]) => string): void {
  const missing = uses.filter((u) => store.catalog.entries.has(store.canonical(u.name)) && !store.has(u.name));
  if (missing.length === 0) return;
  const symbols = [...new Set(missing.map((u) => store.canonical(u.name)))];
  throw new InputError(missingDataHint(symbols), where(missing[0].path));
}
