import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { DataStore } from '../data/dataDir.js';
import { defaultLag } from '../data/catalog.js';
import { missingDataHint } from '../data/pull.js';
import type { Series } from '../data/series.js';
import { parseDay } from '../util/dates.js';
import { InputError, didYouMean } from '../util/errors.js';
import { validateConfig } from './validate.js';
import { requiredSymbols } from './requiredSymbols.js';
import { loadRunSeries } from './inputs.js';
import { evaluateRegimes } from './evaluateRegimes.js';
import { expressionWeights } from './expressionWeights.js';
import { capWarnings } from './inputWarnings.js';
import { periodDataWarnings } from './dataWarnings.js';

/**
 * Everything `regime validate` can check without running the simulation: the names (as
 * validateConfig); with a data directory, every symbol known (catalog or file), its file
 * readable and valid, universe entries that are prices, and every expression compiled against
 * its signals and series (syntax, unknown names, arity, windows, cycles, rules that read
 * regimes). Symbols of the catalog that have no local file yet are a warning (with the
 * `regime data pull` command), and the expressions are then checked by name only.
 * Throws the first InputError; returns the warnings a run would give about the config itself,
 * and the data warnings that need no simulation (late starts, a period beyond the data).
 */
export async function checkConfig(source: ConfigSource, config: Config = source.config, store?: DataStore): Promise<string[]> {
  const plan = validateConfig(source, config);
  const warnings = capWarnings(config, source);
  if (!store) return warnings;
  const uses = await requiredSymbols(config, store);
  const missing: string[] = [];
  for (const u of uses) {
    const symbol = store.canonical(u.name);
    if (store.has(u.name)) continue;
    if (!store.catalog.entries.has(symbol))
      throw new InputError(
        `unknown symbol "${u.name}": not in the catalog and no file for it in ${store.dir}${didYouMean(u.name, store.knownSymbols())}`,
        source.where(u.path),
      );
    if (!missing.includes(symbol)) missing.push(symbol);
  }
  if (missing.length) warnings.push(`${missingDataHint(missing)} (expressions were checked by name only)`);
  else warnings.push(...periodDataWarnings(config, await loadRunSeries(store, source, config)));
  if (plan || config.signals || expressionWeights(config, plan).length) {
    // Two bars suffice to compile: values are not looked at, only names and shapes.
    const start = parseDay(config.period.start)!;
    const names = missing.length ? new NamesOnlyStore(store) : store;
    await evaluateRegimes(plan, config, source, names, Int32Array.of(start, start + 1), config.frequency === 'monthly' ? 12 : 252);
  }
  return warnings;
}

/** A store in which catalog symbols without a file read as an empty (undefined) series. */
class NamesOnlyStore extends DataStore {
  constructor(private readonly real: DataStore) {
    super(real.dir, real.catalog);
  }
  override has(name: string): boolean {
    return this.real.has(name) || this.catalog.entries.has(this.canonical(name));
  }
  override load(name: string): Promise<Series> {
    if (this.real.has(name)) return this.real.load(name);
    const symbol = this.canonical(name);
    const entry = this.catalog.entries.get(symbol)!;
    return Promise.resolve({
      meta: { symbol, kind: entry.kind, frequency: entry.frequency, lag: entry.lag ?? defaultLag(entry.kind, entry.frequency), file: '(no file)' },
      dates: Int32Array.of(0),
      values: Float64Array.of(NaN),
    });
  }
}
