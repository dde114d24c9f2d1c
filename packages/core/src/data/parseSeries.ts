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
    throw new InputError(`expected a header with a date column and a value column, found "${h.join(',')}"${sep}`, where);
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
    `unrecognised header "${h.join(',')}": expected "date,close", "date,value", a Yahoo header with "Adj Close", or a FRED header ("DATE,VALUE" / "observation_date,SERIES")`,
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
  for (let i = 0; i < n; i++) {
    const row = table.rows[i];
    const where = `${table.file}:${table.lines[i]}`;
    const dateText = row[layout.dateColumn] ?? '';
    const cell = row[layout.valueColumn];
    if (cell === undefined) throw new InputError(`expected ${table.header.length} columns, found ${row.length}`, where);
    if (layout.missing.has(cell)) continue;
    if (layout.name === 'wide' && cell === '') continue; // wide files leave columns they lack empty
    const day = parseDay(dateText);
    if (day === undefined) throw new InputError(`expected a date as YYYY-MM-DD, found "${dateText}"`, where);
    const value = parseNumber(cell);
    if (value === undefined) throw new InputError(`expected a number in column "${table.header[layout.valueColumn]}", found "${cell}"`, where);
    if (meta.kind === 'price' && value <= 0) throw new InputError(`expected a positive price, found ${cell}`, where);
    if (count > 0) {
      const prev = dates[count - 1];
      if (day === prev) throw new InputError(`duplicate date ${dateText}`, where);
      if (day < prev) throw new InputError(`dates must be ascending: ${dateText} comes after ${formatDay(prev)}`, where);
    }
    dates[count] = day;
    values[count] = value;
    count++;
  }
  if (count === 0) throw new InputError('the file has a header but no data rows', table.file);
  return { meta, dates: dates.slice(0, count), values: values.slice(0, count) };
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Only plain decimal numbers: "1,234", "NaN", "null", "" and "Infinity" are refused. */
function parseNumber(text: string): number | undefined {
  if (!PLAIN_NUMBER.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
