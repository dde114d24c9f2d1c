/**
 * The CSVs of a run (equity.csv, weights.csv from their columns; trades.csv, signals.csv and
 * the sweep and comparison tables from rows) written without fast-csv's per-cell pipeline.
 *
 * fast-csv formats every cell through a stream of row and field transforms; for a 20-year
 * daily run that is ~100,000 cells and took longer than the backtest itself (issue 15). This
 * writes the same bytes with one string conversion per cell. It reproduces fast-csv's rules
 * exactly (writeToString with `headers` and `includeEndRowDelimiter`), which a property test
 * checks against fast-csv itself:
 * - a cell is `${value ?? ''}` with NUL characters removed;
 * - a cell containing `"` is quoted with `"` doubled; one containing `,`, `\r`, `\n` or `|`
 *   (fast-csv's escape character class is `[,\n|\r|\n]`) is quoted;
 * - rows are joined by `\n` and the text ends with `\n`;
 * - with no data rows the header is not written either: the text is `\n`.
 * A finite or non-finite number never needs quoting, so numbers skip the checks.
 */
export type CsvColumn = ArrayLike<string | number | null | undefined>;

const NEEDS_QUOTES = /[,\r\n|]/;

/** One cell as fast-csv writes it. */
export function csvCell(value: string | number | null | undefined): string {
  if (typeof value === 'number') return `${value}`;
  const text = `${value ?? ''}`.replace(/\0/g, '');
  if (text.includes('"')) return `"${text.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text}"` : text;
}

/** A CSV text from a header and equally long columns (one per header cell). */
export function columnsCsv(header: readonly string[], columns: readonly CsvColumn[]): string {
  if (columns.length !== header.length) throw new Error(`columnsCsv: ${header.length} header cells, ${columns.length} columns`);
  const rows = columns.length ? columns[0].length : 0;
  const width = columns.length;
  const parts: string[] = [header.map(csvCell).join(',')];
  if (rows === 0) return '\n';
  const cells: string[] = new Array<string>(width);
  for (let t = 0; t < rows; t++) {
    for (let j = 0; j < width; j++) {
      const v = columns[j][t];
      cells[j] = typeof v === 'number' ? `${v}` : csvCell(v);
    }
    parts.push(cells.join(','));
  }
  return parts.join('\n') + '\n';
}

/**
 * A CSV text from a header and rows, as fast-csv's writeToString(rows, { headers, includeEndRowDelimiter })
 * writes it: each row gives one cell per header cell (cells past the header are dropped, missing
 * ones are empty), by csvCell's rules; with no rows the text is `\n`. trades.csv, signals.csv,
 * the sweep and comparison CSVs: fast-csv took 70–100 ms for a run's 2,400 trades (issue 15).
 */
export function rowsCsv(header: readonly string[], rows: readonly ArrayLike<string | number | null | undefined>[]): string {
  if (rows.length === 0) return '\n';
  const width = header.length;
  const parts: string[] = new Array<string>(rows.length + 1);
  parts[0] = header.map(csvCell).join(',');
  const cells: string[] = new Array<string>(width);
  for (let t = 0; t < rows.length; t++) {
    const row = rows[t];
    for (let j = 0; j < width; j++) {
      const v = row[j];
      cells[j] = typeof v === 'number' ? `${v}` : csvCell(v);
    }
    parts[t + 1] = cells.join(',');
  }
  return parts.join('\n') + '\n';
}
