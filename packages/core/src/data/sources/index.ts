// Loaders for `regime data pull`: one module per public source, one HTTP client for all.
import type { CatalogEntry } from '../catalog.js';
import { InputError } from '../../util/errors.js';
import { fetchDatahub } from './datahub.js';
import { fetchFred } from './fred.js';
import { fetchYahoo } from './yahoo.js';
import type { Loader } from './types.js';

export * from './types.js';
export * from './http.js';
export { fetchYahoo, yahooChartUrl, YAHOO_DEFAULT_URL } from './yahoo.js';
export { fetchFred, fredUrl, FRED_DEFAULT_URL } from './fred.js';
export { fetchDatahub, datahubUrl, DATAHUB_DATASETS, DATAHUB_DEFAULT_URL } from './datahub.js';

export type SourceName = 'yahoo' | 'fred' | 'datahub';

export const LOADERS: Record<SourceName, Loader> = { yahoo: fetchYahoo, fred: fetchFred, datahub: fetchDatahub };

export const SOURCE_LABELS: Record<SourceName, string> = { yahoo: 'Yahoo', fred: 'FRED', datahub: 'datahub' };

/** The catalog's `source: { yahoo: SPY }` as a pair, or undefined when the symbol has none. */
export function sourceOf(entry: CatalogEntry): { name: SourceName; id: string } | undefined {
  if (!entry.source) return undefined;
  const pairs = Object.entries(entry.source);
  if (pairs.length !== 1)
    throw new InputError(`catalog entry ${entry.symbol}: expected one source such as { yahoo: SPY }, found ${pairs.length}`);
  const [name, id] = pairs[0];
  if (!(name in LOADERS))
    throw new InputError(`catalog entry ${entry.symbol}: unknown source "${name}"; known are ${Object.keys(LOADERS).join(', ')}`);
  return { name: name as SourceName, id };
}

/** `yahoo:SPY`, for tables and messages. */
export function sourceLabel(entry: CatalogEntry): string {
  const s = entry.source ? Object.entries(entry.source)[0] : undefined;
  return s ? `${s[0]}:${s[1]}` : '-';
}
