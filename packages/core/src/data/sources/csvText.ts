import type { CsvTable } from '../csv.js';
import { DownloadError } from './http.js';

/**
 * Parses downloaded CSV text with fast-csv, the same way readCsv reads files (cells trimmed,
 * blank lines skipped, header kept apart). `source` (the URL) stands for the file in messages.
 */
export async function parseCsvText(text: string, source: string, what: string): Promise<CsvTable> {
  const rows: string[][] = [];
  const lines: number[] = [];
  let header: string[] | undefined;
  let line = 0;
  const { parseString } = await import('fast-csv'); // loaded when used (start-up time, issue 15)
  await new Promise<void>((resolve, reject) => {
    parseString(text, { headers: false, ignoreEmpty: false, trim: true, strictColumnHandling: false })
      .on('error', (e: Error) => reject(new DownloadError(`${what}: not readable CSV: ${e.message}`, 'format', source)))
      .on('data', (row: string[]) => {
        line++;
        if (row.length === 1 && row[0] === '') return;
        if (header === undefined) header = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
        else {
          rows.push(row);
          lines.push(line);
        }
      })
      .on('end', () => resolve());
  });
  if (header === undefined) throw new DownloadError(`${what}: the server sent an empty file`, 'format', source);
  return { file: source, header, rows, lines };
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Plain decimal numbers only, as parseSeries accepts them. */
export function plainNumber(text: string): number | undefined {
  if (!PLAIN_NUMBER.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
