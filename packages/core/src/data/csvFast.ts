import { MAX_LINE_LENGTH, binaryKind, type CsvTable } from './csv.js';

/**
 * The table of a plain CSV file read straight from its bytes, or undefined when the file is
 * not plain: then readCsv (fast-csv) reads it and says what is wrong with it.
 *
 * fast-csv's streaming parser took a third of a run on the data files (issue 15). Nearly every
 * data file is plain: ASCII, no quotes, no control characters besides line breaks. For such a
 * file fast-csv's result is simple to state — rows end at \r\n, \n or \r (a break at the very
 * end ends the last row), cells are split at commas and trimmed — and this builds exactly that
 * table: the same header, rows and line numbers (a property test compares it with readCsv).
 * Anything else (a quote, a tab, a byte above 127, a NUL, an over-long line, an empty file, a
 * file whose first bytes look binary) is left to readCsv.
 */
export function plainCsvTable(bytes: Uint8Array, file: string): CsvTable | undefined {
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b > 126 || b === 34 || (b < 32 && b !== 10 && b !== 13)) return undefined;
  }
  if (n === 0 || binaryKind(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(n, 4096)))) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
  const rows: string[][] = [];
  const lines: number[] = [];
  let header: string[] | undefined;
  let line = 0;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (end - start > MAX_LINE_LENGTH) return undefined;
    const cells = text.slice(start, end).split(',');
    for (let j = 0; j < cells.length; j++) cells[j] = cells[j].trim();
    line++;
    if (!(cells.length === 1 && cells[0] === '')) {
      if (header === undefined) header = cells;
      else {
        rows.push(cells);
        lines.push(line);
      }
    }
    start = end < n && text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  if (header === undefined) return undefined;
  return { file, header, rows, lines };
}
