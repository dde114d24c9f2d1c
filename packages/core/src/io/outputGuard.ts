import { existsSync, lstatSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CATALOG_FILE } from '../data/catalog.js';
import { InputError } from '../util/errors.js';
import { isWithin, realPathOf } from './realPath.js';

/**
 * "Inputs are sacred": every output path of a command is checked against every input of the
 * same command before anything runs. One guard for every command (run, report, compare,
 * sweep, walkforward, …), so a new command cannot forget a case.
 */

/** An output path as given on the command line. */
export interface OutputPath {
  /** The option that named it, for the message: "--report", "--out", "-o". */
  flag: string;
  /** The path as given (relative to the working directory). */
  path: string;
  /** A file, or a folder the command fills (and may replace as a whole, like run's --out). */
  kind: 'file' | 'folder';
}

/** What the command reads. */
export interface CommandInputs {
  /** Files it reads, with what they are: { path, what: 'the config' }. */
  files?: { path: string; what: string }[];
  /** The data directory: nothing inside it may be written, and it may not lie inside an output folder. */
  dataDir?: string;
}

/** What a command reads, in the terms every command shares (see commandInputs). */
export interface StandardInputs {
  /** The config files it reads (`run`, `compare`, `sweep`, `walkforward`). */
  configs?: string[];
  /** The result documents it reads (`report`). */
  results?: string[];
  /**
   * The data directory it reads. Required, so that a command says so: undefined only for a
   * command that reads no data directory (`report`, `schema`), or when there is none to read.
   */
  dataDir: string | undefined;
}

/**
 * The inputs of a command for checkOutputPaths: its configs and result documents, the shipped
 * catalog (always: every command may read it, and none may write over it) and the data
 * directory (which holds its own catalog.yaml). One place, so that no command can leave out
 * the catalog or the data directory.
 */
export function commandInputs({ configs = [], results = [], dataDir }: StandardInputs): CommandInputs {
  return {
    files: [
      ...configs.map((path) => ({ path, what: 'the config' })),
      ...results.map((path) => ({ path, what: 'the result document' })),
      { path: DEFAULT_CATALOG_FILE, what: 'the catalog' },
    ],
    dataDir,
  };
}

/**
 * Throws an InputError (exit 2) naming both paths when an output is, would write over, or
 * would replace an input; or is empty; or is given twice. Returns the resolved output paths.
 */
export function checkOutputPaths(outputs: OutputPath[], inputs: CommandInputs): string[] {
  const inputFiles = (inputs.files ?? []).map((f) => ({ ...f, real: realPathOf(f.path) }));
  const dataDir = inputs.dataDir !== undefined ? realPathOf(inputs.dataDir) : undefined;
  const seen: { flag: string; real: string; path: string }[] = [];
  const resolved: string[] = [];
  for (const o of outputs) {
    if (o.path.trim() === '') throw new InputError(`${o.flag}: expected a ${o.kind === 'file' ? 'file' : 'folder'} path, found an empty text; nothing was run`);
    const real = realPathOf(o.path);
    const refuse = (what: string, input: string) =>
      new InputError(`${o.flag} ${o.path} ${what} ${input}${real !== resolve(o.path) ? ` (really ${real})` : ''}: expected an output path that is not an input of this command; nothing was run`);
    if (o.kind === 'folder' && existsSync(real) && !statSync(real).isDirectory())
      throw new InputError(`${o.flag} ${o.path}: expected a folder, found a file (${real}); nothing was run`);
    // A file output is written to a temporary name and renamed over the path: over a device, a
    // pipe or a socket that would replace the node itself (as root, /dev/tty with a plain file).
    // A link is written through (writeFileAtomic), so what it leads to must be a file too.
    const kind = o.kind === 'file' ? fileOutputProblem(o.path) : undefined;
    if (kind) throw new InputError(`${o.flag} ${o.path}: expected a file path (a new file, or a file to replace), found ${kind} (${real}); nothing was run`);
    for (const f of inputFiles) {
      if (f.real === real) throw refuse('would overwrite', `${f.what} ${f.path}`);
      if (o.kind === 'folder' && isWithin(real, f.real)) throw refuse('is a folder that holds', `${f.what} ${f.path}`);
    }
    if (dataDir !== undefined) {
      if (isWithin(dataDir, real)) throw refuse('lies inside', `the data directory ${inputs.dataDir}`);
      if (o.kind === 'folder' && isWithin(real, dataDir)) throw refuse('is a folder that holds', `the data directory ${inputs.dataDir}`);
    }
    for (const s of seen) {
      if (s.real === real)
        throw new InputError(`${o.flag} ${o.path} and ${s.flag} ${s.path} name the same file (${real}): expected a different path for each output; nothing was run`);
    }
    seen.push({ flag: o.flag, real, path: o.path });
    resolved.push(resolve(o.path));
  }
  return resolved;
}

/** What a file output's path is instead of a plain file (or a new one, or a link to a plain file), or undefined. */
function fileOutputProblem(path: string): string | undefined {
  let own: Stats;
  try {
    own = lstatSync(path);
  } catch {
    return undefined; // a new file
  }
  if (!own.isSymbolicLink()) return notAFile(own);
  try {
    return notAFile(statSync(path));
  } catch {
    return 'a link to nothing';
  }
}

/** What a path that should be a plain file is instead, or undefined when it is one. */
function notAFile(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a folder';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isFIFO()) return 'a pipe';
  if (s.isSocket()) return 'a socket';
  return 'something that is not a file';
}
