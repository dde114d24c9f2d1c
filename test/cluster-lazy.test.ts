/**
 * The cluster is loaded only when used: `regime --version`, `--help`, `run`, a local `sweep`
 * never load bullmq or ioredis; `sweep --queue` and `worker` do (the control that shows the
 * probe sees them). The probe notes every specifier resolved: a module resolve hook for
 * imports, and a wrapper of Module._resolveFilename for require (the bundle is CommonJS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, DATA_DIR, ROOT, requireBuiltCli } from './support.js';
import { freePort } from './clusterSupport.js';

const DIR = mkdtempSync(join(tmpdir(), 'regime-lazy-'));
const LOG = join(DIR, 'resolved.txt');
const HOOKS = join(DIR, 'hooks.mjs');
const REGISTER = join(DIR, 'register.mjs');
writeFileSync(
  HOOKS,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (/^(bullmq|ioredis)(\\/|$)/.test(specifier)) appendFileSync(${JSON.stringify(LOG)}, specifier + '\\n');
  return next(specifier, context);
}
`,
);
writeFileSync(
  REGISTER,
  `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(HOOKS).href)});
const Module = createRequire(import.meta.url)('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^(bullmq|ioredis)(\\/|$)/.test(request)) appendFileSync(${JSON.stringify(LOG)}, request + '\\n');
  return resolveFilename.call(this, request, ...rest);
};
`,
);

function loaded(args: string[]): { status: number | null; modules: string[]; stderr: string } {
  requireBuiltCli();
  rmSync(LOG, { force: true });
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(REGISTER).href, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REGIME_DATA_DIR: DATA_DIR },
  });
  const modules = existsSync(LOG) ? [...new Set(readFileSync(LOG, 'utf8').trim().split('\n'))] : [];
  return { status: r.status, modules, stderr: r.stderr };
}

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('the cluster loads lazily', () => {
  it('--version, --help, run and a local sweep load neither bullmq nor ioredis', () => {
    const out = join(DIR, 'run');
    for (const args of [['--version'], ['--help'], ['sweep', '--help'], ['run', 'bench/sweep-trend.yaml', '--out', out], ['sweep', 'bench/sweep-trend.yaml', '--grid', 'params.n=50,100']]) {
      const r = loaded(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.modules, args.join(' ')).toEqual([]);
    }
  });

  it('sweep --queue loads them (the probe sees what it is meant to see)', async () => {
    const r = loaded(['sweep', 'bench/sweep-trend.yaml', '--grid', 'params.n=50,100', '--queue', `redis://127.0.0.1:${await freePort()}`]);
    expect(r.status).toBe(1);
    expect(r.modules).toContain('bullmq');
  });
});
