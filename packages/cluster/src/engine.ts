/**
 * Which build of the engine a machine runs. Two machines that read the same data compute the
 * same numbers only when they run the same code: a worker on another commit (a fixed bug, a
 * changed default, another shipped catalog) would return summaries that look right and are
 * not comparable with the rest. A job carries the submitting machine's engine id; a worker
 * with another id refuses it, as it refuses different data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { DEFAULT_CATALOG_FILE } from '@regime/core/internal';

/** The packages whose code computes a trial (the CLI and the queue only carry them). */
const ENGINE_PACKAGES = ['@regime/core', '@regime/strategies'];

let cached: string | undefined;

/**
 * SHA-256 of the code that runs: each engine package's built JavaScript (file names and bytes,
 * in sorted order, line ends normalised), taking only the outputs of modules that exist in its
 * source (a build leaves the output of a deleted module behind, so two checkouts of one commit
 * could otherwise disagree; tests left out) — and of the shipped catalog (a data directory
 * without a catalog of its own reads it). A checkout pulled but not built hashes its old
 * output, so it is refused until built. Without a src folder (an installed package) every
 * built file counts. Computed once per process (a few ms).
 */
export function engineId(): string {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const hash = createHash('sha256');
  const update = (name: string, bytes: Buffer | undefined) => {
    // Line ends as LF: a checkout with CRLF line ends (Windows, core.autocrlf) runs the same code.
    hash.update(`${name}\0`).update(bytes === undefined ? '(missing)' : bytes.toString('utf8').replace(/\r\n/g, '\n')).update('\0');
  };
  for (const pkg of ENGINE_PACKAGES) {
    // The package's entry is dist/index.js; its source is src/ beside dist/.
    const dist = dirname(require.resolve(pkg));
    const src = join(dist, '..', 'src');
    const modules = existsSync(src) ? sourceFiles(src, '.ts').map((f) => relative(src, f).replace(/\.ts$/, '.js')) : sourceFiles(dist, '.js').map((f) => relative(dist, f));
    for (const rel of modules) {
      const file = join(dist, rel);
      update(`${pkg}/${rel.split(sep).join('/')}`, existsSync(file) ? readFileSync(file) : undefined);
    }
  }
  update('catalog', readFileSync(DEFAULT_CATALOG_FILE));
  return (cached = hash.digest('hex'));
}

/** Files ending in `ext` under dir, depth first in code-unit order of names; tests and declarations left out. */
function sourceFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path, ext));
    else if (entry.isFile() && entry.name.endsWith(ext) && !entry.name.endsWith(`.test${ext}`) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The message of a worker whose engine differs from the study's; undefined when they agree. */
export function engineMismatch(expected: string, local: string, worker: string): string | undefined {
  if (expected === local) return undefined;
  return `worker ${worker} runs another build of Regime than the study's machine (engine ${local.slice(0, 12)} here, ${expected.slice(0, 12)} there): every worker must run the same commit, built (git pull && pnpm build), so that results are never mixed`;
}
