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

/**
 * Listens to a worker until `onMessage` settles the conversation: it gets each message with
 * `done` and `fail`. The worker's error or exit fails it, named by `label` ("sweep worker
 * failed", "compare worker stopped (exit code 1) while running x.yaml"). Every listener is
 * removed once it settles; `start` sends the first message after they are in place (it may
 * also settle, when there is nothing to send).
 */
export function converse<T>(
  worker: Worker,
  label: (happened: string) => string,
  onMessage: (message: any, done: (value: T) => void, fail: (e: Error) => void) => void,
  start: (done: (value: T) => void, fail: (e: Error) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', message);
      worker.off('error', error);
      worker.off('exit', exit);
    };
    const done = (value: T) => {
      cleanup();
      resolve(value);
    };
    const fail = (e: Error) => {
      cleanup();
      reject(e);
    };
    const message = (m: unknown) => onMessage(m, done, fail);
    const error = (e: Error) => fail(new Error(`${label('failed')}: ${e.message}`));
    const exit = (code: number) => fail(new Error(label(`stopped (exit code ${code})`)));
    worker.on('message', message);
    worker.on('error', error);
    worker.on('exit', exit);
    start(done, fail);
  });
}
