import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The real path of a file or folder that may not exist yet: the deepest existing ancestor
 * with its symlinks resolved, then the rest of the path as given. Two spellings of one place
 * (a symlinked folder, `a/../b`) compare equal; a path to be created is judged by where it
 * would really land.
 */
export function realPathOf(path: string): string {
  const rest: string[] = [];
  let p = resolve(path);
  for (;;) {
    if (existsSync(p) || isDanglingLink(p)) {
      try {
        return join(realpathSync(p), ...rest.reverse());
      } catch {
        // a dangling symlink: judge it by its folder
      }
    }
    const parent = dirname(p);
    if (parent === p) return join(p, ...rest.reverse());
    rest.push(basename(p));
    p = parent;
  }
}

function isDanglingLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when `inner` is `outer` itself or lies inside it (both real, absolute paths). */
export function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
