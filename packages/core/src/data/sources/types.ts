import type { SeriesKind } from '../series.js';
import type { HttpClient } from './http.js';

/** One dated value as a loader returns it: ISO date, finite number. Ascending, unique dates. */
export interface Observation {
  date: string;
  value: number;
}

/** What a loader is asked for. `from` is inclusive; undefined means the whole history. */
export interface FetchRequest {
  /** The source's own identifier: a Yahoo ticker, a FRED series id, a datahub dataset. */
  id: string;
  /** What the catalog says the series is: Yahoo prices use adjusted closes, levels plain closes. */
  kind: SeriesKind;
  from?: string;
  http: HttpClient;
  /** Overrides the source's base URL (tests point it at a local server). */
  baseUrl?: string;
  /** For tests: "now", to decide whether the latest Yahoo bar has closed. */
  now?: Date;
}

export interface FetchResult {
  observations: Observation[];
  /** Where the data came from, for messages. */
  url: string;
  /** Dividend and split dates the source reported in the window (Yahoo), ascending. */
  events?: { date: string; kind: 'dividend' | 'split' }[];
  /** Things worth telling the user (a dropped unfinished bar, skipped missing values). */
  notes: string[];
}

export type Loader = (req: FetchRequest) => Promise<FetchResult>;
