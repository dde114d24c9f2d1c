import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.js';
import { checkOutputPaths } from './outputGuard.js';

/**
 * Path clashes, fuzzed (issue 14): random output paths built from the names of a small tree
 * (a config, a data directory, symlinks to both, `..` and `.`) are either refused by the
 * guard, or really written — a file written there, a folder replaced as a whole — and then
 * every input must still be there, unchanged, and nothing new may appear in the data
 * directory. The oracle is the file system itself, not the guard's own path logic.
 */

const RUNS = Number(process.env.REGIME_FUZZ_RUNS ?? 10_000);
const scratch = mkdtempSync(join(tmpdir(), 'regime-guard-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CONFIG = 'name: keep me\n';
const PRICES = 'date,close\n2024-01-02,1\n';

function tree(root: string): void {
  mkdirSync(join(root, 'data', 'daily'), { recursive: true });
  mkdirSync(join(root, 'runs'));
  writeFileSync(join(root, 'cfg.yaml'), CONFIG);
  writeFileSync(join(root, 'data', 'daily', 'X.csv'), PRICES);
  symlinkSync(root, join(root, 'link'));
  symlinkSync(join(root, 'data'), join(root, 'runs', 'datalink'));
  symlinkSync(join(root, 'cfg.yaml'), join(root, 'runs', 'cfglink.yaml'));
}

const segment = fc.constantFrom('data', 'daily', 'X.csv', 'cfg.yaml', 'runs', 'a', 'b.html', '..', '.', 'link', 'datalink', 'cfglink.yaml', '');
const outputArb = fc.record({ segments: fc.array(segment, { maxLength: 5 }), kind: fc.constantFrom('file' as const, 'folder' as const), flag: fc.constantFrom('--out', '--report', '--csv', '-o') });

function unchanged(root: string): void {
  expect(readFileSync(join(root, 'cfg.yaml'), 'utf8')).toBe(CONFIG);
  expect(readFileSync(join(root, 'data', 'daily', 'X.csv'), 'utf8')).toBe(PRICES);
  expect(readdirSync(join(root, 'data'))).toEqual(['daily']);
  expect(readdirSync(join(root, 'data', 'daily'))).toEqual(['X.csv']);
}

describe('the output-path guard, fuzzed', () => {
  it(`${RUNS} random output paths: refused, or written without touching an input`, () => {
    let refused = 0;
    let written = 0;
    let n = 0;
    fc.assert(
      fc.property(fc.array(outputArb, { minLength: 1, maxLength: 3 }), (outputs) => {
        // A fresh tree every 100 cases (building one per case is what costs time); written
        // outputs pile up in between, which only makes the later paths more varied.
        const root = join(scratch, String(Math.floor(n++ / 100)));
        if (!existsSync(root)) tree(root);
        const given = outputs.map((o) => ({ flag: o.flag, kind: o.kind, path: o.segments.length ? join(root, ...o.segments) : '' }));
        let paths: string[];
        try {
          paths = checkOutputPaths(given, { files: [{ path: join(root, 'cfg.yaml'), what: 'the config' }], dataDir: join(root, 'data') });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          refused++;
          return;
        }
        // Accepted: write every output the way the commands do, then look at the inputs.
        for (const [k, p] of paths.entries()) {
          try {
            if (given[k].kind === 'folder') {
              if (existsSync(p) && statSync(p).isDirectory()) rmSync(p, { recursive: true, force: true });
              mkdirSync(p, { recursive: true });
              writeFileSync(join(p, 'result.json'), '{}');
            } else {
              mkdirSync(dirname(p), { recursive: true });
              writeFileSync(p, '<html>');
            }
          } catch {
            // a path the file system refuses (a file where a folder is needed) writes nothing
          }
        }
        written++;
        unchanged(root);
      }),
      { numRuns: RUNS, seed: process.env.REGIME_FUZZ_SEED ? Number(process.env.REGIME_FUZZ_SEED) : undefined, endOnFailure: true },
    );
    // Both outcomes occur in volume, so the property is not vacuous.
    expect(refused).toBeGreaterThan(RUNS * 0.1);
    expect(written).toBeGreaterThan(RUNS * 0.1);
  }, 300_000);
});
