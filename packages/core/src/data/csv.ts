import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { InputError } from '../util/errors.js';
import { MAX_BYTES, checkInputFile } from '../io/safeRead.js';

/** The raw rows of a CSV file, with its header; line numbers are 1-based (header = 1). */
export interface CsvTable {
  file: string;
  header: string[];
  rows: string[][];
  /** The 1-based line number of each row in `rows`. */
  lines: number[];
}

/**
 * The longest line a series file may have. A row of a price table is a date and a few numbers
 * (a wide file such as Shiller's has a few hundred characters); a longer line is not a table
 * of series, and the CSV parser slows to a crawl on lines of many megabytes.
 */
export const MAX_LINE_LENGTH = 64 * 1024;

/** What the first bytes of a file say it is, when it is not text: a spreadsheet, an image, … */
export function binaryKind(head: Buffer): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a zip archive: an Excel .xlsx workbook? export it as CSV';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an old Excel .xls workbook? export it as CSV';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38)) return 'an image';
  if (starts(0x1f, 0x8b)) return 'gzip-compressed: decompress it first';
  if ((starts(0xff, 0xfe) || starts(0xfe, 0xff)) && head.includes(0)) return 'UTF-16 text: save it as UTF-8';
  let control = 0;
  for (const b of head) {
    if (b === 0) return 'it contains NUL bytes';
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return head.length && control > head.length * 0.1 ? 'mostly control characters' : undefined;
}

/**
 * Passes bytes through unchanged, counting lines, and fails as soon as one line is longer
 * than `max` bytes (so a huge single-line file is refused after reading that much of it).
 */
class LineLengthGuard extends Transform {
  private line = 1;
  private length = 0;
  private lastWasCR = false;
  private sniffed = false;
  constructor(
    private readonly file: string,
    private readonly max: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.sniffed) {
      this.sniffed = true;
      const kind = binaryKind(chunk.subarray(0, 4096));
      if (kind) {
        done(new InputError(`this looks like a binary file (${kind}), not CSV text: expected a header line such as "date,close"`, `${this.file}:1`));
        return;
      }
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 10 || b === 13) {
        if (!(b === 10 && this.lastWasCR)) this.line++; // CRLF is one line break
        this.length = 0;
        this.lastWasCR = b === 13;
        continue;
      }
      this.lastWasCR = false;
      if (++this.length > this.max) {
        done(
          new InputError(
            `line ${this.line} is longer than ${this.max} characters: expected a CSV table with one short row per line (a date and a value), found what looks like ${this.line === 1 ? 'one huge line (not a series file?)' : 'a corrupt or binary file'}`,
            `${this.file}:${this.line}`,
          ),
        );
        return;
      }
    }
    done(null, chunk);
  }
}

/**
 * Reads a whole CSV with fast-csv. Ragged rows, binary content, huge lines and empty files
 * are errors naming the file and line; interpretation of cells is left to the caller.
 */
export async function readCsv(file: string, options: { maxLineLength?: number; root?: string; bytes?: Uint8Array } = {}): Promise<CsvTable> {
  // A regular file of bounded size, inside the data directory when one is given; never opened otherwise.
  checkInputFile(file, { what: 'CSV file', maxBytes: MAX_BYTES.data, root: options.root });
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 0;
  let header: string[] | undefined;
  // Loaded when a file is parsed, not at start-up: a warm run reads only the cache (issue 15).
  const { parse } = await import('fast-csv');
  await new Promise<void>((resolve, reject) => {
    // `bytes`: the file's content as already read (and checked) by the caller, parsed instead of reading the file again.
    const stream = options.bytes ? Readable.from([Buffer.from(options.bytes.buffer, options.bytes.byteOffset, options.bytes.byteLength)], { objectMode: false }) : createReadStream(file);
    const guard = new LineLengthGuard(file, options.maxLineLength ?? MAX_LINE_LENGTH);
    const fail = (e: unknown) => {
      stream.destroy();
      reject(e);
    };
    stream.on('error', (e: NodeJS.ErrnoException) =>
      fail(
        new InputError(
          e.code === 'ENOENT' ? 'file not found' : e.code === 'EISDIR' ? 'expected a CSV file, found a directory' : `cannot read file (${e.code ?? e.message})`,
          file,
        ),
      ),
    );
    guard.on('error', fail);
    stream
      .pipe(guard)
      .pipe(parse({ headers: false, ignoreEmpty: false, trim: true, strictColumnHandling: false }))
      .on('error', (e: Error) =>
        fail(
          /missing closing/i.test(e.message)
            ? new InputError('expected a closing quote (") for the quote opened in this row, found the end of the file', `${file}:${line + 1}`)
            : new InputError(`not a readable CSV file: ${e.message}`, `${file}:${line + 1}`),
        ),
      )
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
  if (header === undefined) throw new InputError('the file is empty: expected a header line such as "date,close"', `${file}:1`);
  if (header.some((h) => /[\u0000-\u0008\u000e-\u001f]/.test(h)))
    throw new InputError('this looks like a binary file, not CSV text: expected a header line such as "date,close"', `${file}:1`);
  return { file, header, rows, lines };
}
