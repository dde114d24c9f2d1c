import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, write } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { InputError } from '@regime/core';
import { realPathOf } from '@regime/core/internal';
import { isAlive } from '../isAlive.js';
import { makeFolders, writeError } from './files.js';

/**
 * One run's files live in one folder, and that folder always holds one run's complete set:
 * the files are written into a hidden sibling folder, flushed, and the folder is renamed into
 * place. A rename is atomic, so two runs writing the same --out leave one run's set (the
 * last to finish), never result.json from one and weights.csv from the other, and a run
 * killed half-way leaves the previous set. Replacing a folder drops what it held, so only a
 * folder that holds nothing but a run's files is replaced; anything else is refused.
 */

/** What a run folder may hold: the files a run and `regime report` write there, and their temp files. */
export function isRunFile(name: string): boolean {
  return ['result.json', 'equity.csv', 'weights.csv', 'trades.csv', 'signals.csv'].includes(name) || name.endsWith('.html') || /^\..+\.\d+\.tmp$/.test(name);
}

/**
 * Throws when `out` exists and holds something a run did not write (it would be lost). One
 * listing decides: another run writing the same --out may move the folder aside at any moment
 * (place), and a folder that is gone holds nothing of the user's. (A look first and a listing
 * after failed when the folder went between the two: ENOENT, reported as a bad output path.)
 */
export function checkRunFolder(out: string, flag = '--out'): void {
  const real = realPathOf(out);
  let names: string[];
  try {
    names = readdirSync(real);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR' && isFile(real)) throw new InputError(`${flag} ${out}: expected a folder, found a file (${real}); nothing was run`);
    // Nothing there, or nothing that can be listed (no permission, a loop of links, a name too
    // long): writing the folder then reports the path, as it always did.
    return;
  }
  const foreign = names.filter((n) => !isRunFile(n));
  if (foreign.length)
    throw new InputError(
      `${flag} ${out} already holds ${foreign.length === 1 ? 'a file' : 'files'} that no run wrote (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}): expected a new folder or the folder of a previous run, which is replaced as a whole; nothing was run`,
    );
}

function isFile(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A file's text, or a function that makes it. A function is called just before its file is
 * written, so the disk writes and flushes of one file overlap making the next (issue 15).
 */
export type FileContent = string | (() => string);

/** Writes `files` (name → content) as the complete content of the folder `out`. */
export async function writeRunFolder(out: string, files: Iterable<readonly [string, FileContent]>): Promise<void> {
  const target = realPathOf(out);
  const parent = dirname(target);
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const stage = join(parent, `.${basename(target)}.${tag}.tmp`);
  const old = join(parent, `.${basename(target)}.${tag}.old`);
  try {
    makeFolders(parent);
    removeStale(parent, basename(target));
    mkdirSync(stage);
    await writeAll(stage, files);
    fsyncFolder(stage);
    place(stage, target, old, out);
    fsyncFolder(parent);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    // A file that could not be made (a report's asset unreadable, a document too long for a
    // string) is that error, not one about the output path.
    if (e instanceof ContentError) throw e.original;
    if (e instanceof InputError) throw e;
    throw writeError(e, target);
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}

/** An error thrown while making a file's text, carried out of writeAll as it is. */
class ContentError extends Error {
  constructor(readonly original: unknown) {
    super('a run file could not be made');
  }
}

/**
 * Makes each file's text and starts writing it before making the next; waits for every write
 * it started, even when making a later file failed, so nothing writes into the folder after
 * the caller removes it. The first failure is thrown.
 */
async function writeAll(folder: string, files: Iterable<readonly [string, FileContent]>): Promise<void> {
  const writes: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  try {
    for (const [name, content] of files) {
      let text: string;
      try {
        text = typeof content === 'string' ? content : content();
      } catch (cause) {
        throw new ContentError(cause);
      }
      writes.push(writeFlushed(join(folder, name), text));
    }
  } catch (error) {
    failure = { error };
  }
  const settled = await Promise.allSettled(writes);
  if (failure) throw failure.error;
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}

/** Renames the staged folder over the target, moving a previous run's folder out of the way. */
function place(stage: string, target: string, old: string, given: string): void {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      renameSync(stage, target);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
    // The target holds a previous (or a concurrent) run's set: move it aside as a whole.
    checkRunFolder(given);
    rmSync(old, { recursive: true, force: true });
    try {
      renameSync(target, old);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // another run moved it first
      throw e;
    }
  }
  throw new InputError(`cannot write ${target}: other runs kept replacing it; expected one run at a time per --out folder`);
}

/**
 * Creates `file` (it must not exist) and writes `content` on libuv's thread pool, durably: the
 * file is opened with O_DSYNC, so each write returns once its bytes (and the size needed to read
 * them back) are on disk, as write + fdatasync would. Where O_DSYNC does not exist the file is
 * flushed with fsync after the last write.
 */
function writeFlushed(file: string, content: string): Promise<void> {
  const dsync = constants.O_DSYNC ?? 0;
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | dsync, 0o666);
  const bytes = Buffer.from(content, 'utf8');
  return new Promise<void>((resolve, reject) => {
    const finish = (error: unknown): void => {
      try {
        if (error === null && dsync === 0) fsyncSync(fd);
      } catch (e) {
        error = e;
      }
      try {
        closeSync(fd);
      } catch (e) {
        error ??= e;
      }
      if (error === null) resolve();
      else reject(error);
    };
    const from = (at: number): void => {
      if (at >= bytes.length) return finish(null);
      write(fd, bytes, at, bytes.length - at, null, (error, written) => (error ? finish(error) : from(at + written)));
    };
    from(0);
  });
}

/** So the renames survive a power cut, not only a killed process. */
function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a folder; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Staging folders left by runs that were killed (their process is gone). */
function removeStale(parent: string, base: string): void {
  const prefix = `.${base}.`;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.(tmp|old)$/.exec(name.slice(prefix.length));
    if (!m || isAlive(Number(m[1]))) continue;
    // Killed between moving the previous set aside and placing its own: put the previous set back.
    if (m[2] === 'old' && !existsSync(join(parent, base)) && putBack(join(parent, name), join(parent, base))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/**
 * Renames a killed run's previous set back into place: true when it is dealt with (put back, or
 * already put back or removed by another run), false when a run placed its own set there first
 * (that set is newer: the old one is removed).
 */
function putBack(old: string, target: string): boolean {
  try {
    renameSync(old, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw e;
  }
}

