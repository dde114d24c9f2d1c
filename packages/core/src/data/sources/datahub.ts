import { parseDay } from '../../util/dates.js';
import { DownloadError } from './http.js';
import { parseCsvText, plainNumber } from './csvText.js';
import type { FetchRequest, FetchResult, Observation } from './types.js';

/** datahub.io's core datasets; REGIME_DATAHUB_URL or the request's baseUrl replace it. */
export const DATAHUB_DEFAULT_URL = 'https://datahub.io';

/** The datasets Regime knows: where the CSV is under the base URL, and which columns to read. */
export const DATAHUB_DATASETS: Record<string, { path: string; dateColumn: string; valueColumn: string; description: string }> = {
  'gold-prices': {
    path: '/core/gold-prices/_r/-/data/monthly.csv',
    dateColumn: 'Date',
    valueColumn: 'Price',
    description: 'monthly gold price, USD per troy ounce (Date as YYYY-MM)',
  },
  's-and-p-500': {
    path: '/core/s-and-p-500/_r/-/data/data.csv',
    dateColumn: 'Date',
    valueColumn: 'SP500',
    description: 'Shiller monthly S&P 500 composite (Date as YYYY-MM-DD)',
  },
};

export function datahubUrl(base: string, dataset: string): string {
  const spec = DATAHUB_DATASETS[dataset];
  if (!spec) throw new DownloadError(`unknown datahub dataset "${dataset}": known are ${Object.keys(DATAHUB_DATASETS).join(', ')}`, 'not-found', base);
  return `${base.replace(/\/+$/, '')}${spec.path}`;
}

/**
 * A monthly series from a datahub CSV. The whole file is downloaded (datahub has no date
 * filter) and rows before `from` dropped. Monthly dates (`1950-01`) become the first of the month.
 */
export async function fetchDatahub(req: FetchRequest): Promise<FetchResult> {
  const base = req.baseUrl ?? process.env.REGIME_DATAHUB_URL ?? DATAHUB_DEFAULT_URL;
  const url = datahubUrl(base, req.id);
  const spec = DATAHUB_DATASETS[req.id];
  const what = `datahub ${req.id}`;
  const text = (await req.http.get(url, { expect: 'csv', what })).text;
  const table = await parseCsvText(text, url, what);
  const dateCol = table.header.indexOf(spec.dateColumn);
  const valueCol = table.header.indexOf(spec.valueColumn);
  if (dateCol < 0 || valueCol < 0)
    throw new DownloadError(`${what}: expected columns "${spec.dateColumn}" and "${spec.valueColumn}", found "${table.header.join(',')}"`, 'format', url);
  const observations: Observation[] = [];
  let empty = 0;
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i];
    const where = `${what}, line ${table.lines[i]}`;
    const raw = row[dateCol] ?? '';
    const date = /^\d{4}-\d{2}$/.test(raw) ? `${raw}-01` : raw;
    if (parseDay(date) === undefined) throw new DownloadError(`${where}: expected a date as YYYY-MM or YYYY-MM-DD, found "${raw}" (truncated or malformed file)`, 'format', url);
    const cell = row[valueCol];
    if (row.length !== table.header.length)
      throw new DownloadError(
        `${where}: expected ${table.header.length} columns, found ${row.length}${row.length < table.header.length ? ' (truncated file?)' : ''}`,
        row.length < table.header.length ? 'truncated' : 'format',
        url,
      );
    if (cell === '') {
      empty++;
      continue;
    }
    const value = plainNumber(cell);
    if (value === undefined) throw new DownloadError(`${where}: expected a number in "${spec.valueColumn}", found "${cell}"`, 'format', url);
    if (req.from && date < req.from) continue;
    const prev = observations[observations.length - 1];
    if (prev && prev.date >= date) throw new DownloadError(`${where}: dates must be ascending: ${date} comes after ${prev.date}`, 'format', url);
    observations.push({ date, value });
  }
  const notes = empty ? [`skipped ${empty} row${empty > 1 ? 's' : ''} with an empty "${spec.valueColumn}"`] : [];
  return { observations, url, notes };
}
