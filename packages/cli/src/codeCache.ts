/**
 * V8's compiled code of the bundled CLI, kept between runs (issue 15): compiling the bundle
 * (~1 MB of JavaScript: the engine, zod, yaml, commander) was about a tenth of a run's CPU.
 * Node 22.1+ does this itself (module.enableCompileCache, see bin.ts); Node 20 has no such
 * call for ES modules, so the bundle is CommonJS (scripts/bundle-cli.mjs) and its chunks are
 * compiled here with vm.Script and V8's code cache, as the v8-compile-cache package does.
 *
 * Only files inside the bundle folder are compiled this way; everything else loads as usual.
 * An entry is used only when its own SHA-256 checks out (a truncated or corrupted file is a
 * miss) and it was made from the same source text (SHA-256 of the chunk); V8 then checks its
 * version and flags and may still reject it (a miss too). A miss compiles the chunk as usual
 * and the entry is written when the process ends (flush), to a temp file renamed into place,
 * so processes writing at once each publish a whole entry. A cache that cannot be read or
 * written only costs speed. Entries live in <cache dir>/code/ (the series cache's folder,
 * seriesCache.ts); `--no-cache` and REGIME_NO_CACHE=1 turn this off too.
 *
 * This module is bundled on its own (bundle/codeCache.cjs) and imports only Node built-ins:
 * it must load before, and without, the rest of the bundle.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';
import { userCacheDir } from './userCacheDir.js';

const MAGIC = Buffer.from('RGCC1\n');
const HASH = 32;

/**
 * Where entries go: <cache dir>/code (userCacheDir.ts), or undefined when caching is off or
 * there is no such folder.
 */
export function codeCacheDir(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REGIME_NO_CACHE || argv.includes('--no-cache')) return undefined;
  const dir = userCacheDir(env);
  return dir ? join(dir, 'code') : undefined;
}

export interface CodeCache {
  /** Chunks compiled from an entry, and chunks compiled from source (entries to write). */
  readonly stats: { hits: number; misses: number };
  /** Writes the entries of the chunks compiled from source (once; later calls write nothing). */
  flush(): void;
}

const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** The cached data of an entry when it is whole and was made from `source`, else undefined. */
function readEntry(file: string, sourceHash: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = MAGIC.length + 2 * HASH;
  if (bytes.length <= head || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!bytes.subarray(MAGIC.length, MAGIC.length + HASH).equals(sourceHash)) return undefined;
  const data = bytes.subarray(head);
  return sha256(data).equals(bytes.subarray(MAGIC.length + HASH, head)) ? data : undefined;
}

function writeEntry(file: string, sourceHash: Buffer, data: Buffer): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, Buffer.concat([MAGIC, sourceHash, sha256(data), data]));
    renameSync(tmp, file); // atomic: a reader sees the old entry or the new one, whole
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing to clean
    }
  }
}

type Compile = (this: Module, content: string, filename: string) => unknown;

/**
 * Compiles the CommonJS files inside `bundleDir` with V8's code cache kept in `cacheDir`.
 * Call flush() when the process is done (bin.ts does, on exit).
 */
export function installCodeCache(bundleDir: string, cacheDir: string): CodeCache {
  const inside = bundleDir.endsWith(sep) ? bundleDir : bundleDir + sep;
  // V8 rejects another version's entries anyway; naming them apart keeps each version's.
  const tag = `${process.versions.v8}-${process.arch}`;
  const stats = { hits: 0, misses: 0 };
  let pending: { script: Script; file: string; sourceHash: Buffer }[] = [];
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (!filename.startsWith(inside)) return compile.call(this, content, filename);
    const file = join(cacheDir, `${basename(filename)}.${tag}.v8`);
    const sourceHash = sha256(content);
    const cachedData = readEntry(file, sourceHash);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) stats.hits++;
    else {
      stats.misses++;
      pending.push({ script, file, sourceHash });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: { paths?: string[] }) => (Module as unknown as { _resolveFilename(r: string, m: Module, main: boolean, o?: unknown): string })._resolveFilename(request, this, false, options),
      cache: (Module as unknown as { _cache: unknown })._cache,
      main: require_main(),
    });
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  return {
    stats,
    flush() {
      const list = pending;
      pending = [];
      for (const { script, file, sourceHash } of list) {
        try {
          writeEntry(file, sourceHash, script.createCachedData());
        } catch {
          // no entry: the next run compiles from source again
        }
      }
    },
  };
}

function require_main(): Module | undefined {
  return (process as unknown as { mainModule?: Module }).mainModule;
}
