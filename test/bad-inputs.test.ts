import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, DATA_DIR, ROOT, requireBuiltCli, requireData } from './support.js';

/**
 * The bad-input corpus (issue 8): every folder of test/bad-inputs/ is one broken config
 * and/or data file, run through the built `regime` command. See test/bad-inputs/README.md.
 *
 *   config.yaml   the config (absent when the case is about the config file itself)
 *   data/         a small data directory (REGIME_DATA_DIR); without it, the shared market data
 *   expect.yaml   what:     what is wrong, in words
 *                 command:  run (default) or validate
 *                 args:     extra arguments; {case} is the case folder
 *                 status:   the exit status (2 = bad input; 0 = runs, with warnings)
 *                 where:    the file (relative to the case) and line the message must name
 *                 message:  fragments the error message must contain
 *                 warnings: fragments of `warning:` lines (and of the result's warnings)
 *                 generate: { file, kind } a file made here (binary, xlsx, utf16, huge-line, huge-row),
 *                           so nothing large or binary is committed
 */

const yaml = createRequire(resolve(ROOT, 'packages/core/package.json'))('yaml') as { parse(text: string): unknown };
const CORPUS = resolve(ROOT, 'test/bad-inputs');

interface Expectation {
  what: string;
  command?: 'run' | 'validate';
  args?: string[];
  status: number;
  where?: string;
  message?: string[];
  warnings?: string[];
  generate?: { file: string; kind: 'binary' | 'xlsx' | 'utf16' | 'huge-line' | 'huge-row' };
}

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ name: d.name, dir: join(CORPUS, d.name), expect: yaml.parse(readFileSync(join(CORPUS, d.name, 'expect.yaml'), 'utf8')) as Expectation }))
  .sort((a, b) => a.name.localeCompare(b.name));

const scratch = mkdtempSync(join(tmpdir(), 'regime-bad-inputs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Files too large or too binary to commit, made in the case's scratch copy. */
function generate(file: string, kind: NonNullable<Expectation['generate']>['kind']): void {
  mkdirSync(dirname(file), { recursive: true });
  if (kind === 'binary') {
    // A PNG signature and every byte value: what a mis-saved spreadsheet or image looks like.
    writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))]));
  } else if (kind === 'xlsx') {
    // The first bytes of a zip archive, which is what an .xlsx workbook is.
    writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.from('[Content_Types].xml'), Buffer.alloc(64)]));
  } else if (kind === 'utf16') {
    writeFileSync(file, Buffer.from('\ufeffdate,close\n2024-01-02,100\n2024-01-03,101\n', 'utf16le'));
  } else {
    // 100 MB without a line break (after a header for huge-row), written in 1 MB chunks.
    const fd = openSync(file, 'w');
    if (kind === 'huge-row') writeSync(fd, 'date,close\n2024-01-02,');
    const chunk = Buffer.alloc(1 << 20, kind === 'huge-row' ? '9' : 'x');
    for (let i = 0; i < 100; i++) writeSync(fd, chunk);
    closeSync(fd);
  }
}

function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ status: number; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ status: code ?? (signal ? -1 : -2), stdout, stderr, ms: performance.now() - started });
    });
  });
}

describe('the bad-input corpus', () => {
  it('has at least 60 cases, each saying what is wrong and what the user must be told', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const c of cases) {
      expect(c.expect.what, c.name).toMatch(/\w/);
      expect([0, 2], c.name).toContain(c.expect.status);
      if (c.expect.status === 2) expect(c.expect.message?.length, `${c.name}: an error case names its message`).toBeGreaterThan(0);
      expect(existsSync(join(c.dir, 'config.yaml')) || c.expect.args?.length, `${c.name}: a config or arguments`).toBeTruthy();
    }
    // Most cases stop with status 2; the rest run and must warn or are tolerated formats.
    expect(cases.filter((c) => c.expect.status === 2).length).toBeGreaterThanOrEqual(60);
  });
});

describe.concurrent('each bad input gets a clear answer', () => {
  requireBuiltCli();
  requireData();
  for (const c of cases) {
    const e = c.expect;
    it(`${c.name}: ${e.what}`, async ({ expect }) => {
      const dir = join(scratch, c.name);
      cpSync(c.dir, dir, { recursive: true });
      if (e.generate) generate(join(dir, e.generate.file), e.generate.kind);
      const out = join(dir, 'out');
      const command = e.command ?? 'run';
      const args = [
        command,
        ...(existsSync(join(dir, 'config.yaml')) ? [join(dir, 'config.yaml')] : []),
        ...(e.args ?? []).map((a) => a.replaceAll('{case}', dir)),
        ...(command === 'run' ? ['--out', out] : []),
      ];
      const dataDir = existsSync(join(dir, 'data')) ? join(dir, 'data') : DATA_DIR;
      const r = await run(args, { REGIME_DATA_DIR: dataDir }, dir);
      const shown = `\n--- stderr ---\n${r.stderr.slice(0, 4000)}`;

      expect(r.status, `exit status${shown}`).toBe(e.status);
      // Never an internal error or a stack trace without --debug; never a wall of text.
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr.length, 'a short message').toBeLessThan(8_000);
      expect(r.ms, 'answers quickly').toBeLessThan(30_000);

      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
      if (e.status === 2) {
        expect(r.stderr, 'the message starts with "error:"').toMatch(/^error: /);
        for (const m of e.message ?? []) expect(r.stderr, `message fragment${shown}`).toContain(m);
        if (e.where) {
          const at = `${join(dir, e.where)}${/:\d+$/.test(e.where) ? ':' : ''}`;
          expect(r.stderr, `names the file and line ${e.where}${shown}`).toContain(at);
        }
        // Nothing that looks like a result is left behind.
        expect(existsSync(join(out, 'result.json')), 'no result.json after an error').toBe(false);
        if (command === 'run') expect(r.stdout).toBe('');
      } else {
        for (const w of e.warnings ?? []) expect(warnings.some((l) => l.includes(w)), `a warning line with "${w}"${shown}`).toBe(true);
        if (!e.warnings?.length) expect(warnings, 'no warnings for a tolerated format').toEqual([]);
        if (command === 'run') {
          // The warnings reach the result document too, word for word.
          const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { warnings: string[]; series: { dates: string[] } };
          expect(result.warnings).toEqual(warnings.map((l) => l.slice('warning: '.length)));
          expect(result.series.dates.length).toBeGreaterThanOrEqual(2);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
