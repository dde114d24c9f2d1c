import { createReadStream } from 'node:fs';
import { parse } from 'fast-csv';
import { InputError } from '../util/errors.js';

/** The raw rows of a CSV file, with its header; line numbers are 1-based (header = 1). */
export interface CsvTable {
  file: string;
  header: string[];
  rows: string[][];
  /** The 1-based line number of each row in `rows`. */
  lines: number[];
}

/**
 * Reads a whole CSV with fast-csv. Ragged rows, binary content and empty files are
 * errors naming the file and line; interpretation of cells is left to the caller.
 */
export async function readCsv(file: string): Promise<CsvTable> {
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 0;
  let header: string[] | undefined;
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', (e: NodeJS.ErrnoException) =>
      reject(new InputError(e.code === 'ENOENT' ? 'file not found' : `cannot read file (${e.code ?? e.message})`, file)),
    );
    stream
      .pipe(parse({ headers: false, ignoreEmpty: false, trim: true, strictColumnHandling: false }))
      .on('error', (e: Error) => reject(new InputError(`not a readable CSV file: ${e.message}`, file)))
      .on('data', (row: string[]) => {
        line++;
        if (row.length === 0 || (row.length === 1 && row[0] === '')) return; // a blank line carries no data
        if (header === undefined) header = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
        else {
          rows.push(row);
          lines.push(line);
        }
      })
      .on('end', () => resolve());
  });
  if (header === undefined) throw new InputError('the file is empty: expected a header line such as "date,close"', file);
  if (header.some((h) => /[\u0000-\u0008\u000e-\u001f]/.test(h)))
    throw new InputError('this looks like a binary file, not CSV text', `${file}:1`);
  return { file, header, rows, lines };
}
