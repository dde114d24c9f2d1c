import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { writeToString } from 'fast-csv';

/**
 * Writes a file atomically: a temp file in the same folder, then a rename, so an
 * interrupted run never leaves a half-written result that looks complete.
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Formats rows as CSV text with fast-csv (quoting what needs quoting). */
export async function csvText(header: string[], rows: (string | number | null)[][]): Promise<string> {
  return (await writeToString(rows, { headers: header, includeEndRowDelimiter: true })) as string;
}
