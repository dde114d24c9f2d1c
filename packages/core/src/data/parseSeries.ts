import { parseDay, formatDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import type { CsvTable } from './csv.js';
import type { Series, SeriesMeta } from './series.js';

/** Which columns of a table hold the date and the value, and how missing cells are written. */
interface Layout {
  name: string;
  dateColumn: number;
  valueColumn: number;
  /** Cells that mean "no observation" in this format (FRED writes "."); such rows are skipped. */
  missing: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();
const FRED_MISSING: ReadonlySet<string> = new Set(['.']);

/**
 * Recognises the accepted layouts: normalized (`date,close` / `date,value`), raw Yahoo
 * (`Date,…,Adj Close,…`), FRED (`DATE,VALUE` or `observation_date,SERIES`), and wide files
 * where the catalog names the column.
 */
export function detectLayout(table: CsvTable, column?: string): Layout {
  const h = table.header;
  const lower = h.map((x) => x.toLowerCase());
  const where = `${table.file}:1`;
  if (h.length < 2) {
    const sep = h[0]?.includes(';') ? ' (the separator looks like ";"; expected ",")' : '';
    throw new InputError(`expected a header with a date column and a value column, found ${shown(h.join(','))}${sep}`, where);
  }
  if (column !== undefined) {
    const valueColumn = h.indexOf(column);
    if (valueColumn < 0) throw new InputError(`expected a column "${column}", found columns ${h.join(', ')}`, where);
    return { name: 'wide', dateColumn: dateColumnOf(lower, where), valueColumn, missing: NONE };
  }
  // The normalized layout is lower case; FRED writes "DATE,VALUE" and "." for missing.
  if (h[0] === 'date' && (h[1] === 'close' || h[1] === 'value') && h.length === 2)
    return { name: 'normalized', dateColumn: 0, valueColumn: 1, missing: NONE };
  const adj = lower.indexOf('adj close');
  if (lower[0] === 'date' && adj >= 0) return { name: 'yahoo', dateColumn: 0, valueColumn: adj, missing: NONE };
  if ((lower[0] === 'date' || lower[0] === 'observation_date') && h.length === 2)
    return { name: 'fred', dateColumn: 0, valueColumn: 1, missing: FRED_MISSING };
  throw new InputError(
    `unrecognised header ${shown(h.join(','))}: expected "date,close", "date,value", a Yahoo header with "Adj Close", or a FRED header ("DATE,VALUE" / "observation_date,SERIES")`,
    where,
  );
}

function dateColumnOf(lower: string[], where: string): number {
  const i = lower.findIndex((x) => x === 'date' || x === 'observation_date');
  if (i < 0) throw new InputError(`expected a "date" column, found ${lower.join(', ')}`, where);
  return i;
}

/**
 * Turns a table into a validated series: ISO dates strictly ascending, every value a
 * plain finite number, prices positive. Every failure names the file and line.
 */
export function parseSeries(table: CsvTable, meta: SeriesMeta, column?: string): Series {
  const layout = detectLayout(table, column);
  const n = table.rows.length;
  const dates = new Int32Array(n);
  const values = new Float64Array(n);
  let count = 0;
  let prevLine = 0;
  for (let i = 0; i < n; i++) {
    const row = table.rows[i];
    const dateText = row[layout.dateColumn] ?? '';
    const cell = row[layout.valueColumn];
    if (cell === undefined || row.length > table.header.length) throw new InputError(columnsMessage(table, row), rowPlace(table, i));
    if (layout.missing.has(cell)) continue;
    if (layout.name === 'wide' && cell === '') continue; // wide files leave columns they lack empty
    const day = parseDay(dateText);
    if (day === undefined) throw new InputError(`expected a date as YYYY-MM-DD, found ${shown(dateText)}`, rowPlace(table, i));
    const value = parseNumber(cell);
    if (value === undefined) throw new InputError(`expected a number in column "${table.header[layout.valueColumn]}", found ${shown(cell)}${numberHint(cell)}`, rowPlace(table, i));
    if ((meta.kind === 'price' || meta.kind === 'index') && value <= 0) throw new InputError(`expected a positive price, found ${cell}`, rowPlace(table, i));
    if (count > 0) {
      const prev = dates[count - 1];
      if (day === prev) throw new InputError(`duplicate date ${dateText} (also on line ${prevLine}): expected one row per date`, rowPlace(table, i));
      if (day < prev) throw new InputError(`expected dates in ascending order, found ${dateText} after ${formatDay(prev)} (line ${prevLine})`, rowPlace(table, i));
    }
    dates[count] = day;
    values[count] = value;
    count++;
    prevLine = table.lines[i];
  }
  if (count === 0) throw new InputError('the file has a header but no data rows: expected at least one row such as "2024-01-02,100"', `${table.file}:${table.lines[0] ?? 2}`);
  return { meta, dates: dates.slice(0, count), values: values.slice(0, count) };
}

/** A row's place, file:line, for a message: built only when one is thrown (a run reads ~70,000 rows, issue 15). */
function rowPlace(table: CsvTable, i: number): string {
  return `${table.file}:${table.lines[i]}`;
}

/** A cell as quoted in a message: JSON-quoted (control characters visible), long text cut. */
function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** "expected 2 columns …": a row with more cells than the header, or too few to hold the value. */
function columnsMessage(table: CsvTable, row: string[]): string {
  const n = table.header.length;
  const extra =
    row.length > n && row.slice(1).every((c) => /^[\d.]*$/.test(c))
      ? ' (a number with a thousands separator such as 1,234.5 splits into two columns: write 1234.5)'
      : '';
  return `expected ${n} columns as in the header ${shown(table.header.join(','))}, found ${row.length}: ${shown(row.join(','))}${extra}`;
}

/** Why a cell is not a number, when it looks like a common mistake. */
function numberHint(cell: string): string {
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cell)) return ' (thousands separators are not accepted: write 1234.5)';
  if (/^[+-]?\d+,\d+$/.test(cell)) return ' (a decimal comma? write the number with a point: 1.5)';
  if (/^(|\.|-|n\/?a|nan|null|none|nil|#n\/a)$/i.test(cell))
    return ' (a missing value: leave the row out; a price is carried forward across missing days)';
  if (/^[+-]?(inf|infinity)$/i.test(cell)) return ' (prices and levels must be finite)';
  return '';
}

/** A plain decimal number, the only form a value cell may take (plainSeries reads rows with it too). */
export const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Only plain decimal numbers: "1,234", "NaN", "null", "" and "Infinity" are refused. */
function parseNumber(text: string): number | undefined {
  if (!PLAIN_NUMBER.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
