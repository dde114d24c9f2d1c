import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../util/errors.js';
import { isWithin } from './realPath.js';

/**
 * Every file Regime reads from the user (configs, catalogs, data files, result documents) is
 * checked here first: a regular file (no device, pipe or socket: /dev/zero never ends, a FIFO
 * never answers), of bounded size, and, for data, really inside the data directory once
 * symlinks are resolved. A refused file is never opened, so its contents are never echoed.
 */

/** Upper bounds by kind of file: far above any real one, far below what would exhaust memory. */
export const MAX_BYTES = {
  config: 4 * 1024 * 1024,
  catalog: 4 * 1024 * 1024,
  data: 1024 * 1024 * 1024,
  result: 1024 * 1024 * 1024,
} as const;

export interface InputFileCheck {
  /** What the file is, for messages: "YAML config file", "CSV file", "catalog", "result document". */
  what: string;
  maxBytes: number;
  /** The folder the file must really lie in (the data directory), symlinks resolved. */
  root?: string;
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device, not a regular file';
  if (s.isFIFO()) return 'a named pipe (FIFO), not a regular file';
  if (s.isSocket()) return 'a socket, not a regular file';
  return 'not a regular file';
}

/** Checks a file before it is opened; returns its real path. Throws an InputError naming the file. */
export function checkInputFile(file: string, check: InputFileCheck): string {
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(file);
    stats = statSync(real);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${check.what} not found` : `cannot read the ${check.what} (${code})`, file);
  }
  if (check.root !== undefined) {
    const root = realpathSync(check.root);
    if (!isWithin(root, real))
      throw new InputError(`expected a ${check.what} inside the data directory ${check.root}, found a link to a file outside it (${real}); it was not read`, file);
  }
  if (!stats.isFile()) throw new InputError(`expected a ${check.what}, found ${kindOf(stats)}${stats.isDirectory() ? '' : '; it was not read'}`, file);
  if (stats.size > check.maxBytes)
    throw new InputError(`expected a ${check.what} of at most ${formatBytes(check.maxBytes)}, found ${formatBytes(stats.size)}; it was not read`, file);
  return real;
}

/**
 * Reads a checked text file. It is opened without blocking (a pipe swapped in after the check
 * cannot hang the read) and read up to its bound only, whatever it grows to.
 */
export function readInputText(file: string, check: InputFileCheck): string {
  const real = checkInputFile(file, check);
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new InputError(`expected a ${check.what}, found something that is not a regular file; it was not read`, file);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, check.maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > check.maxBytes) throw new InputError(`expected a ${check.what} of at most ${formatBytes(check.maxBytes)}; it grew beyond that while being read`, file);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 ? 1 : 0)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
