import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import type { Series } from '../data/series.js';
import { InputError } from '../util/errors.js';
import { assertTradable, assertUniverseFrequency } from './inputWarnings.js';

/** Loads a series named at a config path, so a missing or broken file points at that key. */
export async function loadAt(store: DataStore, source: ConfigSource, name: string, path: (string | number)[]): Promise<Series> {
  try {
    return await store.load(name);
  } catch (e) {
    if (e instanceof InputError && !e.where) throw new InputError(e.message, source.where(path));
    throw e;
  }
}

/** Every series a run reads, loaded in parallel. */
export interface RunSeries {
  universe: Series[];
  benchmark?: Series;
  numeraires: Map<string, Series>;
  cash?: Series;
}

export async function loadRunSeries(store: DataStore, source: ConfigSource, config: Config): Promise<RunSeries> {
  const universe = Promise.all(config.universe!.map((s, i) => loadAt(store, source, s, ['universe', i])));
  const benchmark = config.benchmark ? loadAt(store, source, config.benchmark, ['benchmark']) : undefined;
  const numeraires = Promise.all(
    config.numeraires.map(async (name, i) => [name, name === 'USD' ? undefined : await loadAt(store, source, name, ['numeraires', i])] as const),
  );
  const cash = config.cash?.series ? loadAt(store, source, config.cash.series, ['cash', 'series']) : undefined;
  // One Promise.all: every load has a handler at once, so a second failing file cannot
  // become an unhandled rejection (a crash) while the first is still awaited.
  const [u, b, ns, c] = await Promise.all([universe, benchmark, numeraires, cash]);
  const out: RunSeries = { universe: u, benchmark: b, numeraires: new Map(), cash: c };
  for (const [name, s] of ns) if (s) out.numeraires.set(name, s);
  assertTradable(out.universe, source);
  assertUniverseFrequency(out.universe, config.frequency, source);
  if (out.cash && out.cash.meta.kind !== 'rate')
    throw new InputError(`cash.series ${config.cash!.series} is a ${out.cash.meta.kind} series; expected a rate in percent such as TB3MS, DTB3 or IRX`, source.where(['cash', 'series']));
  return out;
}
