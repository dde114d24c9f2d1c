import { parseDay } from '../../util/dates.js';
import { DownloadError } from './http.js';
import { parseCsvText, plainNumber } from './csvText.js';
import type { FetchRequest, FetchResult, Observation } from './types.js';

/** FRED's public graph CSV (no API key); REGIME_FRED_URL or the request's baseUrl replace it. */
export const FRED_DEFAULT_URL = 'https://fred.stlouisfed.org';

export function fredUrl(base: string, id: string, from?: string): string {
  return `${base.replace(/\/+$/, '')}/graph/fredgraph.csv?id=${encodeURIComponent(id)}${from ? `&cosd=${from}` : ''}`;
}

/**
 * A FRED series from `fredgraph.csv?id=ID`: header `observation_date,ID` (older: `DATE,ID`),
 * one row per observation, "." (or an empty cell) where there is no value (holidays).
 */
export async function fetchFred(req: FetchRequest): Promise<FetchResult> {
  const base = req.baseUrl ?? process.env.REGIME_FRED_URL ?? FRED_DEFAULT_URL;
  const url = fredUrl(base, req.id, req.from);
  const what = `FRED series ${req.id}`;
  let text: string;
  try {
    text = (await req.http.get(url, { expect: 'csv', what })).text;
  } catch (e) {
    if (e instanceof DownloadError && e.reason === 'not-found')
      throw new DownloadError(`FRED has no series "${req.id}" (HTTP 404); check the id in the catalog's source: { fred: … }`, 'not-found', url, 404);
    throw e;
  }
  const table = await parseCsvText(text, url, what);
  const h = table.header.map((x) => x.toLowerCase());
  if (h.length !== 2 || (h[0] !== 'observation_date' && h[0] !== 'date'))
    throw new DownloadError(`${what}: expected a header "observation_date,${req.id}", found "${table.header.join(',')}"`, 'format', url);
  const observations: Observation[] = [];
  let missing = 0;
  for (let i = 0; i < table.rows.length; i++) {
    const [dateText, cell] = table.rows[i];
    const where = `${what}, line ${table.lines[i]}`;
    if (parseDay(dateText ?? '') === undefined) throw new DownloadError(`${where}: expected a date as YYYY-MM-DD, found "${dateText ?? ''}" (truncated or malformed file)`, 'format', url);
    if (cell === undefined) throw new DownloadError(`${where}: expected 2 columns, found 1 (truncated file?)`, 'truncated', url);
    if (table.rows[i].length !== 2) throw new DownloadError(`${where}: expected 2 columns, found ${table.rows[i].length}`, 'format', url);
    if (cell === '.' || cell === '') {
      missing++;
      continue;
    }
    const value = plainNumber(cell);
    if (value === undefined) throw new DownloadError(`${where}: expected a number or ".", found "${cell}"`, 'format', url);
    if (req.from && dateText < req.from) continue;
    const prev = observations[observations.length - 1];
    if (prev && prev.date >= dateText) throw new DownloadError(`${where}: dates must be ascending: ${dateText} comes after ${prev.date}`, 'format', url);
    observations.push({ date: dateText, value });
  }
  const notes = missing ? [`skipped ${missing} row${missing > 1 ? 's' : ''} marked "." (no observation)`] : [];
  return { observations, url, notes };
}
