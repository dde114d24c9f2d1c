import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Module from 'node:module';
import { defaultCacheDir } from '@regime/core';
import { codeCacheDir, installCodeCache } from './codeCache.js';

/**
 * The code cache changes nothing but speed: a chunk runs the same from an entry or from
 * source, a damaged or stale entry is a miss (compiled from source and rewritten), and a
 * cache folder that cannot be written only means no entries.
 */
const proto = Module.prototype as unknown as { _compile: unknown };
const original = proto._compile;
afterEach(() => {
  proto._compile = original;
});

function layout() {
  const root = mkdtempSync(join(tmpdir(), 'regime-code-cache-'));
  const bundle = join(root, 'bundle');
  mkdirSync(bundle);
  writeFileSync(join(bundle, 'chunk.cjs'), '"use strict"; exports.answer = (x) => x * 6 + 0; exports.file = __filename; exports.dep = require("./dep.cjs").value;');
  writeFileSync(join(bundle, 'dep.cjs'), '"use strict"; exports.value = "dep";');
  writeFileSync(join(root, 'outside.cjs'), '"use strict"; exports.value = 1;');
  return { root, bundle, cache: join(root, 'cache', 'code') };
}

/** Loads a file afresh (out of require's cache), as a new process would. */
function load(file: string): Record<string, unknown> {
  const require = createRequire(file);
  for (const k of Object.keys(require.cache)) if (k.startsWith(file.slice(0, file.lastIndexOf('/')))) delete require.cache[k];
  return require(file) as Record<string, unknown>;
}

describe('code cache', () => {
  it('compiles the bundle from source first, then from the entries; the code runs the same', () => {
    const { root, bundle, cache } = layout();
    const first = installCodeCache(bundle, cache);
    const a = load(join(bundle, 'chunk.cjs'));
    expect((a.answer as (x: number) => number)(7)).toBe(42);
    expect(a.file).toBe(join(bundle, 'chunk.cjs'));
    expect(a.dep).toBe('dep');
    expect(first.stats).toEqual({ hits: 0, misses: 2 });
    first.flush();
    expect(readdirSync(cache).sort()).toEqual([expect.stringMatching(/^chunk\.cjs\..+\.v8$/), expect.stringMatching(/^dep\.cjs\..+\.v8$/)]);
    first.flush(); // nothing left to write

    proto._compile = original;
    const second = installCodeCache(bundle, cache);
    const b = load(join(bundle, 'chunk.cjs'));
    expect((b.answer as (x: number) => number)(7)).toBe(42);
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
    // A file outside the bundle loads as usual.
    expect(load(join(root, 'outside.cjs')).value).toBe(1);
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
  });

  it('treats a truncated or corrupted entry, or one made from other source text, as a miss and rewrites it', () => {
    const { bundle, cache } = layout();
    const c = installCodeCache(bundle, cache);
    load(join(bundle, 'chunk.cjs'));
    c.flush();
    const entry = join(cache, readdirSync(cache).find((f) => f.startsWith('chunk'))!);
    const good = readFileSync(entry);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] ^= 0xff;
    for (const damaged of [good.subarray(0, good.length - 100), flipped, Buffer.from('RGCC1\n')]) {
      writeFileSync(entry, damaged);
      proto._compile = original;
      const again = installCodeCache(bundle, cache);
      expect((load(join(bundle, 'chunk.cjs')).answer as (x: number) => number)(1)).toBe(6);
      expect(again.stats.misses).toBeGreaterThanOrEqual(1);
      again.flush();
      // Rewritten whole: the next process compiles from it.
      proto._compile = original;
      const next = installCodeCache(bundle, cache);
      load(join(bundle, 'chunk.cjs'));
      expect(next.stats).toEqual({ hits: 2, misses: 0 });
    }

    // The same file name with other code (same length, so only the source hash can tell).
    writeFileSync(join(bundle, 'chunk.cjs'), readFileSync(join(bundle, 'chunk.cjs'), 'utf8').replace('x * 6 + 0', 'x * 7 + 0'));
    proto._compile = original;
    const changed = installCodeCache(bundle, cache);
    expect((load(join(bundle, 'chunk.cjs')).answer as (x: number) => number)(1)).toBe(7);
    expect(changed.stats).toEqual({ hits: 1, misses: 1 }); // dep.cjs still hits
  });

  it('runs without entries when the cache folder cannot be written', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: use a path under a file instead
      const { root, bundle } = layout();
      writeFileSync(join(root, 'a-file'), 'x');
      const c = installCodeCache(bundle, join(root, 'a-file', 'code'));
      expect(load(join(bundle, 'chunk.cjs')).dep).toBe('dep');
      expect(() => c.flush()).not.toThrow();
      return;
    }
    const { root, bundle } = layout();
    mkdirSync(join(root, 'ro'));
    chmodSync(join(root, 'ro'), 0o500);
    const c = installCodeCache(bundle, join(root, 'ro', 'code'));
    expect(load(join(bundle, 'chunk.cjs')).dep).toBe('dep');
    expect(() => c.flush()).not.toThrow();
    expect(readdirSync(join(root, 'ro'))).toEqual([]);
  });

  it('lives in the series cache folder, and is off with --no-cache or REGIME_NO_CACHE', () => {
    for (const env of [{ REGIME_CACHE_DIR: '/x/cache' }, { XDG_CACHE_HOME: '/xdg' }, { HOME: '/home/someone' }] as NodeJS.ProcessEnv[])
      expect(codeCacheDir([], env)).toBe(join(defaultCacheDir(env)!, 'code'));
    expect(codeCacheDir(['run', 'a.yaml', '--no-cache'], { REGIME_CACHE_DIR: '/x' })).toBeUndefined();
    expect(codeCacheDir([], { REGIME_CACHE_DIR: '/x', REGIME_NO_CACHE: '1' })).toBeUndefined();
  });
});
