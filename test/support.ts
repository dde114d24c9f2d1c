import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = resolve(ROOT, 'packages/cli/dist/bin.js');
/** Real market data: REGIME_DATA_DIR (set by .ci/run), else ../shared/data beside the repo. */
export const DATA_DIR = resolve(process.env.REGIME_DATA_DIR ?? resolve(ROOT, '../shared/data'));

export function requireBuiltCli(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "pnpm build" before the end-to-end tests`);
}
export function requireData(): void {
  if (!existsSync(resolve(DATA_DIR, 'daily/SPY.csv')))
    throw new Error(`no market data at ${DATA_DIR}: set REGIME_DATA_DIR to a folder laid out like ../shared/data`);
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `regime` command, in its own process: a `regime server` the developer runs
 * does not take the tests' commands (REGIME_NO_SERVER; server.test.ts starts its own).
 */
export function regime(args: string[], env: Record<string, string> = {}): CliResult {
  requireBuiltCli();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_NO_SERVER: '1', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A plain reader for `date,close` files, independent of the tool's own loader. */
export function readPrices(file: string): Map<string, number> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => {
    const [d, v] = l.split(',');
    return [d, Number(v)];
  }));
}
