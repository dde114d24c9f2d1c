import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { InputError } from '@regime/core';
import { rowsCsv } from './columnsCsv.js';

/**
 * Writes a file atomically: a temp file in the same folder, flushed to disk, then a rename
 * over the target (a link's target: the link stays), so an interrupted run never leaves a half-written result that looks
 * complete: the target is either the previous complete file or the new complete one. A
 * failure removes the temp file; one that is about the path (no permission, a file where a
 * folder should be, a full disk) is an InputError naming the file.
 */
export function writeFileAtomic(path: string, content: string): void {
  const file = throughLink(path);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    makeFolders(dirname(file));
    const fd = openSync(tmp, 'w');
    try {
      const bytes = Buffer.from(content, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the temp file could not even be created (its folder is not a folder)
    }
    throw writeError(e, path);
  }
}

/**
 * The file a path names: a link's target (the link is kept; checkOutputPaths has judged the
 * target), else the path itself. Renaming over the link would replace it and leave its target
 * as it was.
 */
function throughLink(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

/** An error about an output path (no permission, a file where a folder should be, a full disk) as an InputError naming it. */
export function writeError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ENOTEMPTY: 'it is a folder',
    EEXIST: 'a part of the path is a file, not a folder',
    ENOSPC: 'no space left on the device',
    ENOENT: 'its folder cannot be created there',
    EDQUOT: 'disk quota exceeded',
  };
  if (code && why[code]) return new InputError(`cannot write ${file}: ${why[code]} (${code}); expected a writable output path (--out, --report); nothing was written there`);
  return e;
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync never returns for some paths
 * (e.g. under /proc), and an output path must fail with a message, not hang.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

/**
 * Formats rows as CSV text, byte for byte as fast-csv's writeToString with `headers` and
 * `includeEndRowDelimiter` wrote it (quoting what needs quoting; see rowsCsv), without loading
 * fast-csv or running its per-cell stream (issue 15).
 */
export function csvText(header: string[], rows: (string | number | null)[][]): string {
  return rowsCsv(header, rows);
}
