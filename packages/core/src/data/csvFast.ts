import { constants } from 'node:buffer';
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
  // Too long for one string (a file read under fingerprints may be): readCsv streams it.
  if (n > constants.MAX_STRING_LENGTH) return undefined;
  if (n === 0 || binaryKind(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(n, 4096)))) return undefined;
  // Latin-1 maps each byte to the character of the same code, so the regular expressions see
  // the bytes. They run as V8's compiled matchers: a loop over every byte in JavaScript was
  // most of a first run's time in these files (it runs cold, before V8 optimizes it).
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
  if (NOT_PLAIN.test(text)) return undefined;
  const rows: string[][] = [];
  const lines: number[] = [];
  let header: string[] | undefined;
  // A break at the very end leaves an empty last part: an empty line, skipped like any other.
  const parts = text.split(LINE_BREAK);
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (part.length > MAX_LINE_LENGTH) return undefined;
    const cells = part.split(',');
    for (let j = 0; j < cells.length; j++) cells[j] = cells[j].trim();
    if (cells.length === 1 && cells[0] === '') continue;
    if (header === undefined) header = cells;
    else {
      rows.push(cells);
      lines.push(k + 1);
    }
  }
  if (header === undefined) return undefined;
  return { file, header, rows, lines };
}

/** A byte that makes a file not plain: above 126, a quote, or a control byte other than CR and LF. */
const NOT_PLAIN = /[^\n\r\x20\x21\x23-\x7e]/;

/** Where rows end: \r\n, \r or \n (tried in that order at each place, as fast-csv reads them). */
const LINE_BREAK = /\r\n|\r|\n/;
