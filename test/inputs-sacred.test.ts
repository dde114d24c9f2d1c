import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, requireBuiltCli } from './support.js';

/**
 * Inputs are sacred (issue 14): what is read. Data files only from inside the data directory
 * (real paths), only regular files of bounded size, no outside file's contents echoed;
 * control characters from configs never reach the terminal raw; a result document is
 * validated before it is rendered. Symlinks, devices and pipes cannot be committed to the
 * bad-input corpus, so these cases are built here.
 */

function days(start: string, n: number, f: (i: number) => number): string {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => `${new Date(t0 + i * 86_400_000).toISOString().slice(0, 10)},${f(i)}`).join('\n');
}

function regime(args: string[], env: Record<string, string> = {}, timeout = 30_000) {
  requireBuiltCli();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const config = (asset: string, extra = '') => `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [${asset}]\nnumeraires: [USD]\nweights: { ${asset}: 1 }\n${extra}`;

/** A data directory with X inside, and a secret CSV and a folder outside it. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'regime-reads-'));
  const data = join(dir, 'data');
  mkdirSync(join(data, 'daily'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(data, 'daily', 'X.csv'), `date,close\n${days('2024-01-01', 60, (i) => 100 + i)}\n`);
  writeFileSync(join(dir, 'outside', 'S.csv'), 'SECRET-FIRST-LINE,close\n2024-01-02,1\n');
  return { dir, data };
}

const refused = (r: { status: number; stderr: string }, ...fragments: string[]) => {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  for (const f of fragments) expect(r.stderr).toContain(f);
};

describe('data files are read only from inside the data directory, symlinks resolved', () => {
  it('a symlink to /etc/passwd, to a CSV elsewhere, or a catalog file: through a symlinked folder is refused without echoing it', () => {
    const w = workspace();
    symlinkSync('/etc/passwd', join(w.data, 'daily', 'P.csv'));
    symlinkSync(join(w.dir, 'outside', 'S.csv'), join(w.data, 'daily', 'S.csv'));
    symlinkSync(join(w.dir, 'outside'), join(w.data, 'sub'));
    writeFileSync(join(w.data, 'catalog.yaml'), 'symbols:\n  T: { kind: price, frequency: daily, file: sub/S.csv }\n');
    for (const asset of ['P', 'S', 'T']) {
      const file = join(w.dir, `${asset}.yaml`);
      writeFileSync(file, config(asset));
      for (const command of ['run', 'validate']) {
        const r = regime([command, file, ...(command === 'run' ? ['--out', join(w.dir, 'o')] : [])], { REGIME_DATA_DIR: w.data });
        refused(r, 'expected a CSV file inside the data directory', 'found a link to a file outside it', 'it was not read');
        expect(r.stderr).not.toContain('root:');
        expect(r.stderr).not.toContain('SECRET');
      }
    }
    // A symlink that stays inside the data directory is fine.
    symlinkSync(join(w.data, 'daily', 'X.csv'), join(w.data, 'daily', 'Z.csv'));
    writeFileSync(join(w.dir, 'z.yaml'), config('Z'));
    expect(regime(['run', join(w.dir, 'z.yaml'), '--out', join(w.dir, 'oz')], { REGIME_DATA_DIR: w.data }).status).toBe(0);
  });

  it('a data directory catalog that links outside is refused too', () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'outside', 'catalog.yaml'), 'SECRET: [\n');
    symlinkSync(join(w.dir, 'outside', 'catalog.yaml'), join(w.data, 'catalog.yaml'));
    writeFileSync(join(w.dir, 'x.yaml'), config('X'));
    const r = regime(['run', join(w.dir, 'x.yaml'), '--out', join(w.dir, 'o')], { REGIME_DATA_DIR: w.data });
    refused(r, 'expected a catalog inside the data directory');
    expect(r.stderr).not.toContain('SECRET');
  });
});

describe('only regular files are read: no devices, no pipes (no hang, no endless read)', () => {
  it('validate /dev/zero, report /dev/zero, a FIFO as config or data file', () => {
    const w = workspace();
    refused(regime(['validate', '/dev/zero'], {}, 10_000), '/dev/zero: expected a YAML config file, found a device');
    refused(regime(['report', '/dev/zero', '-o', join(w.dir, 'z.html')], {}, 10_000), '/dev/zero: expected a result document, found a device');
    const fifo = join(w.dir, 'fifo.yaml');
    spawnSync('mkfifo', [fifo]);
    refused(regime(['run', fifo, '--out', join(w.dir, 'o')], { REGIME_DATA_DIR: w.data }, 10_000), 'expected a YAML config file, found a named pipe (FIFO)');
    spawnSync('mkfifo', [join(w.data, 'daily', 'F.csv')]);
    writeFileSync(join(w.dir, 'f.yaml'), config('F'));
    refused(regime(['run', join(w.dir, 'f.yaml'), '--out', join(w.dir, 'o')], { REGIME_DATA_DIR: w.data }, 10_000), 'F.csv: expected a CSV file, found a named pipe (FIFO)');
    symlinkSync('/dev/zero', join(w.data, 'daily', 'D.csv'));
    writeFileSync(join(w.dir, 'd.yaml'), config('D'));
    refused(regime(['validate', join(w.dir, 'd.yaml')], { REGIME_DATA_DIR: w.data }, 10_000), 'D.csv: expected a CSV file inside the data directory');
  });

  it('a config larger than 4 MB is refused before it is read', () => {
    const w = workspace();
    const big = join(w.dir, 'big.yaml');
    writeFileSync(big, `${config('X')}# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    refused(regime(['validate', big], { REGIME_DATA_DIR: w.data }), 'expected a YAML config file of at most 4 MB, found 5.0 MB');
  });
});

describe('control characters from configs and data are escaped on the terminal', () => {
  it('a name with escape sequences (clear screen, window title, C1 CSI) is printed as visible escapes; --json stays the same value', () => {
    const w = workspace();
    const file = join(w.dir, 'esc.yaml');
    writeFileSync(file, config('X').replace('name: t', 'name: "\\e]0;pwned\\a\\e[2Jclear\\u009b\\r"'));
    const r = regime(['run', file, '--out', join(w.dir, 'o')], { REGIME_DATA_DIR: w.data });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2Jclear\\u009b\\u000d');
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const json = regime(['run', file, '--out', join(w.dir, 'o'), '--json'], { REGIME_DATA_DIR: w.data });
    expect((JSON.parse(json.stdout) as { name: string }).name).toBe('\u001b]0;pwned\u0007\u001b[2Jclear\u009b\r');
    // The result file keeps the name as written; only the terminal is protected.
    expect((JSON.parse(readFileSync(join(w.dir, 'o', 'result.json'), 'utf8')) as { name: string }).name).toBe('\u001b]0;pwned\u0007\u001b[2Jclear\u009b\r');
  });

  it('an error message quoting a key with control characters is escaped', () => {
    const w = workspace();
    const file = join(w.dir, 'key.yaml');
    writeFileSync(file, `${config('X')}"bad\\e[31mkey": 1\n`);
    const r = regime(['validate', file], { REGIME_DATA_DIR: w.data });
    refused(r, 'unknown key "bad\\u001b[31mkey"');
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('regime report validates the result document it reads', () => {
  it('"series": null, a short equity series, a number: each a message naming the key, exit 2', () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'x.yaml'), config('X'));
    expect(regime(['run', join(w.dir, 'x.yaml'), '--out', join(w.dir, 'o')], { REGIME_DATA_DIR: w.data }).status).toBe(0);
    const doc = JSON.parse(readFileSync(join(w.dir, 'o', 'result.json'), 'utf8')) as Record<string, unknown> & { series: { equity: { USD: number[] }; dates: string[] } };
    const bars = doc.series.dates.length;
    const write = (name: string, value: unknown) => {
      writeFileSync(join(w.dir, name), JSON.stringify(value));
      return join(w.dir, name);
    };
    refused(regime(['report', write('null-series.json', { ...doc, series: null })]), 'not a valid Regime result document: series: expected object, found null');
    const short = structuredClone(doc);
    short.series.equity.USD = short.series.equity.USD.slice(0, 5);
    refused(regime(['report', write('short.json', short)]), `series.equity.USD: expected ${bars} values (one per date), found 5`);
    refused(regime(['report', write('number.json', 5)]), 'missing name, period, numeraires, metrics, series');
    refused(regime(['report', write('metrics.json', { ...doc, metrics: {} })]), 'metrics.USD: expected the metrics of numeraire USD, found nothing');
  });
});

describe('names special to JavaScript on the command line', () => {
  it('--numeraires USD,__proto__ is refused like the same name in a config', () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'x.yaml'), config('X'));
    refused(regime(['run', join(w.dir, 'x.yaml'), '--out', join(w.dir, 'o'), '--numeraires', 'USD,__proto__'], { REGIME_DATA_DIR: w.data }), '--numeraires: "__proto__" cannot be a numeraire');
    refused(regime(['compare', join(w.dir, 'x.yaml'), '--numeraires', 'constructor'], { REGIME_DATA_DIR: w.data }), '--numeraires: "constructor" cannot be a numeraire');
  });
});
