import { readFileSync, statSync } from 'node:fs';

/**
 * The bundled CLI (dist/bundle/, written by scripts/bundle-cli.mjs in `pnpm build`) when it
 * was built from the modules now on disk, else the plain tsc output (`fallback`). Both are
 * the same code; the bundle starts faster (fewer modules to resolve and load, issue 15). A
 * `tsc -b` without the bundling step changes a module's size or time, so a stale bundle is
 * never run. `bundle` is the bundle folder's URL (ending in /); `name` the entry: launch.js
 * (the command) or worker.js (compare's worker thread).
 */
export function bundleEntry(bundle: URL, fallback: string, name = 'launch.js'): string {
  try {
    const stamp = JSON.parse(readFileSync(new URL('stamp.json', bundle), 'utf8')) as [string, number, number][];
    for (const [file, size, mtimeMs] of stamp) {
      const s = statSync(new URL(file, bundle));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return fallback;
    }
    return new URL(name, bundle).href;
  } catch {
    return fallback;
  }
}

/**
 * For a process that keeps running (`regime server`): why the bundle on disk is no longer the
 * one it loaded, whose stamp.json read `stamp` then, or undefined while it is. A rebuild
 * writes a new stamp; a `tsc -b` alone leaves the bundle stale (bundleEntry falls back).
 */
export function bundleChanged(bundle: URL, stamp: string): string | undefined {
  let now: string | undefined;
  try {
    now = readFileSync(new URL('stamp.json', bundle), 'utf8');
  } catch {
    now = undefined;
  }
  if (now !== stamp) return 'the program was rebuilt since the server started';
  if (bundleEntry(bundle, '') === '') return 'the modules on disk changed since the server started';
  return undefined;
}
