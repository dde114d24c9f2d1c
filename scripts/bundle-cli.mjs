// Part of `pnpm build` (after tsc): bundles the built CLI into packages/cli/dist/bundle/ so the
// `regime` command starts from a few files instead of ~200 modules (issue 15: module loading
// was a third of a run's time). bin.js uses the bundle only while it is fresh (see bin.ts),
// otherwise the plain tsc output; both run the same code.
//
// Why rolldown: it is already in the lockfile (Vite's bundler, under vitest), so bundling adds
// no new package; it code-splits at dynamic imports, which keeps lazy loading lazy (mathjs,
// danfo, the report, each command's module load only when used).
//
// The chunks are CommonJS (.cjs, strict mode like the ES modules they come from) so that
// bin.js can compile them with V8's code cache on Node 20, which has no code cache for ES
// modules (codeCache.ts, bundled on its own as codeCache.cjs). REGIME_BUNDLE_MINIFY=0 keeps
// the bundle readable (for profiles).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliDist = resolve(root, 'packages/cli/dist');
const outDir = resolve(cliDist, 'bundle');
const packages = resolve(root, 'packages');

const output = await build({
  input: { launch: resolve(cliDist, 'launch.js'), worker: resolve(cliDist, 'compare/worker.js'), 'sweep-worker': resolve(cliDist, 'sweep/worker.js'), codeCache: resolve(cliDist, 'codeCache.js') },
  platform: 'node',
  logLevel: 'warn',
  // The Redis client and the queue (regime worker, --queue) stay as packages: they load files
  // and optional native parts of their own. The CLI depends on them, so they resolve from it.
  external: [/^bullmq(\/|$)/, /^ioredis(\/|$)/],
  plugins: [
    {
      // Modules find their files (package.json, the catalog, the configs, the compare worker,
      // danfo through createRequire) relative to their own URL: keep that URL pointing at the
      // module's original file, relative to the bundle so the checkout can move.
      name: 'keep-import-meta-url',
      transform(code, id) {
        if (id.startsWith('\0') || !code.includes('import.meta.url')) return null;
        const rel = relative(outDir, id).split(sep).join('/');
        return code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      },
    },
  ],
  output: {
    dir: outDir,
    format: 'cjs',
    banner: '"use strict";',
    minify: process.env.REGIME_BUNDLE_MINIFY !== '0',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    cleanDir: true,
  },
});

// The workspace's own modules in the bundle, with their size and time: bin.js compares them
// with the files on disk and falls back to the plain output when any changed (a build by
// `tsc -b` alone leaves the bundle stale).
const inputs = new Set();
for (const chunk of output.output) if (chunk.type === 'chunk') for (const id of chunk.moduleIds) if (id.startsWith(packages + sep) && !id.includes(`${sep}node_modules${sep}`)) inputs.add(id);
const stamp = [...inputs].sort().map((id) => {
  const s = statSync(id);
  return [relative(outDir, id).split(sep).join('/'), s.size, s.mtimeMs];
});
writeFileSync(resolve(outDir, 'stamp.json'), JSON.stringify(stamp));

// The default catalog's cache entry, made now so that a first run (an empty cache) parses no
// YAML for it: openStore reads packages/cli/dist/prebuilt-cache after the user's cache, with
// the same checks (the request, with the parser modules' identity, and the catalog's bytes).
// A data directory without a catalog.yaml of its own has exactly the default catalog.
const prebuilt = resolve(cliDist, 'prebuilt-cache');
rmSync(prebuilt, { recursive: true, force: true });
const core = await import(pathToFileURL(resolve(packages, 'core/dist/index.js')).href);
const noCatalog = mkdtempSync(join(tmpdir(), 'regime-build-'));
try {
  core.cachedCatalogForDataDir(noCatalog, new core.SeriesCache(prebuilt));
} finally {
  rmSync(noCatalog, { recursive: true, force: true });
}
console.log(`bundled the CLI into ${relative(root, outDir)}/ (${output.output.length} files, ${stamp.length} workspace modules)`);
