/**
 * Worker threads of the CLI (compare's runs, a sweep's trials): the bundled worker when the
 * bundle is fresh, else the plain tsc output, so worker threads always run built JavaScript.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleEntry } from './bundleEntry.js';

/**
 * The script of a worker: `plain` is the tsc output's URL (relative to the caller's module),
 * `bundled` the entry's name in dist/bundle/ (scripts/bundle-cli.mjs).
 */
export function workerScriptFor(plain: URL, bundled: string): string {
  // A worker thread loads its modules cold: the bundle starts it faster (issue 15).
  return fileURLToPath(bundleEntry(new URL('../dist/bundle/', import.meta.url), plain.href, bundled));
}

/**
 * A worker thread of the script: the plain ES module as it is; the bundled (CommonJS) worker
 * through a few lines that first compile the bundle with V8's code cache as bin.js does
 * (codeCache.ts; the entries the main thread wrote are read, none are written from a worker).
 */
export function startWorker(script: string): Worker {
  if (!script.endsWith('.cjs')) return new Worker(script, { stdout: true });
  const boot = `"use strict";
const { createRequire, enableCompileCache } = require('node:module');
const path = require('node:path');
const r = createRequire(${JSON.stringify(script)});
if (enableCompileCache) enableCompileCache();
else {
  const { codeCacheDir, installCodeCache } = r('./codeCache.cjs');
  const dir = codeCacheDir([]);
  if (dir) installCodeCache(path.dirname(${JSON.stringify(script)}), dir);
}
r(${JSON.stringify(script)});`;
  return new Worker(boot, { eval: true, stdout: true });
}
