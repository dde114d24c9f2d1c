import { formatDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import type { CsvTable } from './csv.js';

/**
 * Observations cannot be dated after today: a row dated 2999 (a mistyped year) would make
 * the run silently extend to it. A week of slack covers time zones and a wrong clock.
 */
export const FUTURE_SLACK_DAYS = 7;

/** The latest date (YYYY-MM-DD) an observation may carry at `now`: today and the slack. */
export function latestObservationDate(now = Date.now()): string {
  return formatDay(Math.floor(now / 86_400_000) + FUTURE_SLACK_DAYS);
}

export function refuseFutureRows(table: CsvTable, now = Date.now()): void {
  const today = Math.floor(now / 86_400_000);
  const limit = latestObservationDate(now);
  const dateColumn = Math.max(0, table.header.findIndex((h) => /^(date|observation_date)$/i.test(h.trim())));
  // Rows are in ascending order (checked by parseSeries), so only the last ones can be late.
  for (let i = table.rows.length - 1; i >= 0; i--) {
    const text = (table.rows[i][dateColumn] ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text <= limit) return;
    if (i === 0 || (table.rows[i - 1][dateColumn] ?? '').trim() <= limit)
      throw new InputError(`the date ${text} is in the future (today is ${formatDay(today)}): expected observations dated up to today; a mistyped year?`, `${table.file}:${table.lines[i]}`);
  }
}
