import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, DATA_DIR, ROOT, regime, requireBuiltCli, requireData } from './support.js';

/**
 * The parsed-series cache seen from the command (issue 15): outputs are byte-identical with a
 * cold cache, a warm cache and --no-cache; processes filling one cache at once all succeed.
 */
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const CONFIG = join(ROOT, 'bench/ten-assets.yaml');
const outputs = (dir: string) => ['result.json', 'equity.csv', 'weights.csv'].map((f) => readFileSync(join(dir, f), 'utf8'));

describe('regime run with the cache', () => {
  it('writes the same files cold, warm and with --no-cache, and fills only the cache directory', () => {
    requireData();
    const cache = tmp('regime-e2e-cache-');
    const env = { REGIME_CACHE_DIR: cache };
    const [cold, warm, off] = [tmp('regime-cold-'), tmp('regime-warm-'), tmp('regime-off-')];
    for (const [out, extra] of [[cold, []], [warm, []], [off, ['--no-cache']]] as const) {
      const r = regime(['run', CONFIG, '--out', out, ...extra], env);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(outputs(warm)).toEqual(outputs(cold));
    expect(outputs(off)).toEqual(outputs(cold));
    // 10 assets, the cash series and gold, one entry each.
    expect(readdirSync(join(cache, 'series')).filter((f) => f.endsWith('.series')).length).toBe(12);
  });

  it('regime data list shows the cache, and that --no-cache turns it off', () => {
    requireData();
    const cache = tmp('regime-e2e-cache-');
    regime(['run', CONFIG, '--out', tmp('regime-out-')], { REGIME_CACHE_DIR: cache });
    const on = regime(['data', 'list'], { REGIME_CACHE_DIR: cache });
    expect(on.stdout).toContain(`cache: ${cache} (12 parsed series`);
    const json = JSON.parse(regime(['data', 'list', '--json'], { REGIME_CACHE_DIR: cache }).stdout);
    expect(json.cache).toMatchObject({ dir: cache, entries: 12 });
    expect(regime(['--no-cache', 'data', 'list'], { REGIME_CACHE_DIR: cache }).stdout).toContain('cache: off');
  });

  it('four processes filling one empty cache at once all succeed with the same files, and leave whole entries', async () => {
    requireBuiltCli();
    requireData();
    const cache = tmp('regime-e2e-cache-');
    const outs = [0, 1, 2, 3].map(() => tmp('regime-par-'));
    const codes = await Promise.all(
      outs.map(
        (out) =>
          new Promise<number>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'run', CONFIG, '--out', out], {
              cwd: ROOT,
              env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache },
              stdio: 'ignore',
            });
            child.on('close', (code) => resolve(code ?? -1));
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    for (const out of outs.slice(1)) expect(outputs(out)).toEqual(outputs(outs[0]));
    expect(readdirSync(join(cache, 'series')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The entries left behind are whole: a run from them writes the same files.
    const again = tmp('regime-par-');
    expect(regime(['run', CONFIG, '--out', again], { REGIME_CACHE_DIR: cache }).status).toBe(0);
    expect(outputs(again)).toEqual(outputs(outs[0]));
  });
});
