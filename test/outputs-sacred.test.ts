import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, regime, requireBuiltCli } from './support.js';

/**
 * Inputs are sacred (issue 14): no output path of a command may be, overwrite or replace an
 * input of that command, and a run folder always holds one run's complete set of files.
 * These cases need several files and paths, which the bad-input corpus cannot express.
 */

function days(start: string, n: number, f: (i: number) => number): string {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => `${new Date(t0 + i * 86_400_000).toISOString().slice(0, 10)},${f(i)}`).join('\n');
}

/** A small data directory (X and Y) and two configs, each holding one of them. */
function workspace(): { dir: string; data: string; a: string; b: string } {
  const dir = mkdtempSync(join(tmpdir(), 'regime-outputs-'));
  const data = join(dir, 'data');
  mkdirSync(join(data, 'daily'), { recursive: true });
  writeFileSync(join(data, 'daily', 'X.csv'), `date,close\n${days('2024-01-01', 400, (i) => 100 + i / 10)}\n`);
  writeFileSync(join(data, 'daily', 'Y.csv'), `date,close\n${days('2024-01-01', 400, (i) => 50 + Math.sin(i / 9))}\n`);
  const config = (name: string, asset: string) => `name: ${name}\nperiod: { start: 2024-01-01 }\nuniverse: [${asset}]\nnumeraires: [USD]\nweights: { ${asset}: 1 }\n`;
  writeFileSync(join(dir, 'a.yaml'), config('run A', 'X'));
  writeFileSync(join(dir, 'b.yaml'), config('run B', 'Y'));
  return { dir, data, a: join(dir, 'a.yaml'), b: join(dir, 'b.yaml') };
}

const expectRefused = (r: { status: number; stderr: string; stdout: string }, ...fragments: string[]) => {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).toContain('nothing was run');
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toContain('    at '); // no stack trace without --debug
  expect(r.stdout).toBe('');
};

/** A walk-forward config over the workspace's X and Y: two weights of X to choose from. */
function walkForwardConfig(w: { dir: string }): string {
  const file = join(w.dir, 'wf.yaml');
  writeFileSync(
    file,
    'name: wf\nperiod: { start: 2024-01-01 }\nuniverse: [X, Y]\nnumeraires: [USD]\nparams: { w: 0.5 }\nweights: { X: w, Y: 0.5 }\nsweep:\n  grid:\n    params.w: [0.25, 0.5]\n  objective: sharpe:USD\n',
  );
  return file;
}
const WF = ['--train', '180d', '--test', '90d'];

describe('an output path that is an input is refused before anything runs (exit 2, both paths named)', () => {
  requireBuiltCli();

  it('run --report over the config, over a data file; --out inside the data directory, holding the config, or empty', () => {
    const w = workspace();
    const env = { REGIME_DATA_DIR: w.data };
    const before = readFileSync(w.a, 'utf8');
    expectRefused(regime(['run', w.a, '--report', w.a, '--out', join(w.dir, 'o')], env), `--report ${w.a} would overwrite the config ${w.a}`);
    expect(readFileSync(w.a, 'utf8')).toBe(before);
    const spy = join(w.data, 'daily', 'X.csv');
    const prices = readFileSync(spy, 'utf8');
    expectRefused(regime(['run', w.a, '--report', spy, '--out', join(w.dir, 'o')], env), `--report ${spy} lies inside the data directory ${w.data}`);
    expect(readFileSync(spy, 'utf8')).toBe(prices);
    expectRefused(regime(['run', w.a, '--out', join(w.data, 'daily')], env), `--out ${join(w.data, 'daily')} lies inside the data directory`);
    expect(readdirSync(join(w.data, 'daily')).sort()).toEqual(['X.csv', 'Y.csv']);
    // A folder that holds the data directory or the config would be replaced with them in it.
    expectRefused(regime(['run', w.a, '--out', w.dir], env), `--out ${w.dir} is a folder that holds the config ${w.a}`);
    expectRefused(regime(['run', w.a, '--out', ''], env), '--out: expected a folder path, found an empty text');
    // Nothing was written anywhere.
    expect(existsSync(join(w.dir, 'o'))).toBe(false);
  });

  it('a symlinked spelling of an input is the same input', () => {
    const w = workspace();
    symlinkSync(w.dir, join(w.dir, 'link'));
    expectRefused(regime(['run', w.a, '--report', join(w.dir, 'link', 'a.yaml'), '--out', join(w.dir, 'o')], { REGIME_DATA_DIR: w.data }), 'would overwrite the config', `(really ${w.a})`);
    expectRefused(regime(['run', w.a, '--out', join(w.dir, 'link', 'data', 'new')], { REGIME_DATA_DIR: w.data }), 'lies inside the data directory');
  });

  it('report -o over its result document; compare --csv over a config; two outputs on one file', () => {
    const w = workspace();
    const env = { REGIME_DATA_DIR: w.data };
    expect(regime(['run', w.a, '--out', join(w.dir, 'o')], env).status).toBe(0);
    const result = join(w.dir, 'o', 'result.json');
    const doc = readFileSync(result, 'utf8');
    expectRefused(regime(['report', result, '-o', result], env), `-o ${result} would overwrite the result document ${result}`);
    expect(readFileSync(result, 'utf8')).toBe(doc);
    const b = readFileSync(w.b, 'utf8');
    const compared = regime(['compare', w.a, w.b, '--csv', w.b], env);
    expectRefused(compared, `--csv ${w.b} would overwrite the config ${w.b}`);
    expect(compared.stderr).not.toMatch(/^\[\d/m); // no run started
    expect(readFileSync(w.b, 'utf8')).toBe(b);
    const x = join(w.dir, 'x.csv');
    expectRefused(regime(['compare', w.a, w.b, '--csv', x, '--report', x], env), `--report ${x} and --csv ${x} name the same file`);
    // regime sweep goes through the same guard.
    expectRefused(regime(['sweep', w.a, '--grid', 'capital=1000,2000', '--csv', w.a], env), `--csv ${w.a} would overwrite the config ${w.a}`);
    expectRefused(regime(['sweep', w.a, '--grid', 'capital=1000,2000', '--report', join(w.data, 'daily', 'X.csv')], env), 'lies inside the data directory');
    expect(readFileSync(w.a, 'utf8')).toContain('run A');
  });

  it('sweep --report over its config, --csv over a data file: refused before any trial, the files unchanged', () => {
    const w = workspace();
    const env = { REGIME_DATA_DIR: w.data };
    const cfg = readFileSync(w.a);
    const overConfig = regime(['sweep', w.a, '--grid', 'capital=1000,2000', '--report', w.a], env);
    expectRefused(overConfig, `--report ${w.a} would overwrite the config ${w.a}`);
    expect(overConfig.stderr).not.toMatch(/trial/i);
    expect(readFileSync(w.a).equals(cfg)).toBe(true);
    const x = join(w.data, 'daily', 'X.csv');
    const prices = readFileSync(x);
    const overData = regime(['sweep', w.a, '--grid', 'capital=1000,2000', '--csv', x], env);
    expectRefused(overData, `--csv ${x} lies inside the data directory ${w.data}`);
    expect(overData.stderr).not.toMatch(/trial/i);
    expect(readFileSync(x).equals(prices)).toBe(true);
    // --data-dir names the data directory as well as REGIME_DATA_DIR does.
    expectRefused(
      regime(['sweep', w.a, '--grid', 'capital=1000,2000', '--data-dir', w.data, '--csv', x], { REGIME_DATA_DIR: join(w.dir, 'elsewhere') }),
      `--csv ${x} lies inside the data directory ${w.data}`,
    );
    expect(readFileSync(x).equals(prices)).toBe(true);
    expect(readdirSync(join(w.data, 'daily')).sort()).toEqual(['X.csv', 'Y.csv']);
  });

  it('the shipped catalog is an input of every command that writes a file: schema, init, report, run, compare, sweep, walkforward', () => {
    const w = workspace();
    const env = { REGIME_DATA_DIR: w.data };
    const catalog = join(ROOT, 'data', 'catalog.yaml');
    const bytes = readFileSync(catalog);
    expect(regime(['run', w.a, '--out', join(w.dir, 'o')], env).status).toBe(0);
    const wf = walkForwardConfig(w);
    const refusedOver = (flag: string) => `${flag} ${catalog} would overwrite the catalog ${catalog}`;
    try {
      expectRefused(regime(['schema', '-o', catalog], env), refusedOver('-o'));
      expectRefused(regime(['schema', '--markdown', '-o', catalog], env), refusedOver('-o'));
      expectRefused(regime(['init', 'gold-only', '-o', catalog, '--force'], env), refusedOver('-o'));
      expectRefused(regime(['report', join(w.dir, 'o', 'result.json'), '-o', catalog], env), refusedOver('-o'));
      expectRefused(regime(['run', w.a, '--out', join(w.dir, 'o2'), '--report', catalog], env), refusedOver('--report'));
      expectRefused(regime(['compare', w.a, w.b, '--csv', catalog], env), refusedOver('--csv'));
      expectRefused(regime(['sweep', w.a, '--grid', 'capital=1000,2000', '--report', catalog], env), refusedOver('--report'));
      expectRefused(regime(['walkforward', wf, ...WF, '--report', catalog], env), refusedOver('--report'));
      // A symlink to it is the same file.
      symlinkSync(catalog, join(w.dir, 'cat.yaml'));
      expectRefused(regime(['schema', '-o', join(w.dir, 'cat.yaml')], env), `-o ${join(w.dir, 'cat.yaml')} would overwrite the catalog ${catalog} (really ${catalog})`);
      expect(readFileSync(catalog).equals(bytes)).toBe(true);
      expect(existsSync(join(w.dir, 'o2'))).toBe(false);
    } finally {
      // Should the guard ever fail, the repository's catalog is put back for the other tests.
      if (!readFileSync(catalog).equals(bytes)) writeFileSync(catalog, bytes);
    }
  });

  it('every command source that writes files names its inputs through commandInputs', () => {
    const dir = join(ROOT, 'packages', 'cli', 'src', 'commands');
    const writers = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }))
      .filter(({ text }) => /\b(writeFileAtomic|writeRunFolder|writeSweepReport)\b/.test(text));
    expect(writers.map((w) => w.f).sort()).toEqual(['compare.ts', 'report.ts', 'run.ts', 'schema.ts', 'strategies.ts', 'sweep.ts', 'walkforward.ts']);
    for (const { f, text } of writers) {
      const guards = text.match(/checkOutputPaths\(/g)?.length ?? 0;
      expect(guards, f).toBeGreaterThan(0);
      expect(text.match(/checkOutputPaths\([^;]*commandInputs\(/gs)?.length ?? 0, `${f}: every checkOutputPaths call takes commandInputs(...)`).toBe(guards);
    }
  });

  it('walkforward --report over the config or a data file is refused before any fold runs; a report elsewhere is written', () => {
    const w = workspace();
    const env = { REGIME_DATA_DIR: w.data };
    const cfg = walkForwardConfig(w);
    const text = readFileSync(cfg, 'utf8');
    const overConfig = regime(['walkforward', cfg, ...WF, '--report', cfg], env);
    expectRefused(overConfig, `--report ${cfg} would overwrite the config ${cfg}`);
    expect(overConfig.stderr).not.toContain('fold 1/'); // no training window ran
    expect(readFileSync(cfg, 'utf8')).toBe(text);
    const x = join(w.data, 'daily', 'X.csv');
    const prices = readFileSync(x, 'utf8');
    expectRefused(regime(['walkforward', cfg, ...WF, '--report', x], env), `--report ${x} lies inside the data directory ${w.data}`);
    expect(readFileSync(x, 'utf8')).toBe(prices);
    // --data-dir names the data directory as well as REGIME_DATA_DIR does.
    expectRefused(regime(['walkforward', cfg, ...WF, '--data-dir', w.data, '--report', x], { REGIME_DATA_DIR: join(w.dir, 'elsewhere') }), `--report ${x} lies inside the data directory ${w.data}`);
    expect(readFileSync(x, 'utf8')).toBe(prices);
    expectRefused(regime(['walkforward', cfg, ...WF, '--report', ''], env), '--report: expected a file path, found an empty text');
    expect(readdirSync(join(w.data, 'daily')).sort()).toEqual(['X.csv', 'Y.csv']);
    // A report beside the config is still written, and names the config it is about.
    const report = join(w.dir, 'wf.html');
    const ok = regime(['walkforward', cfg, ...WF, '--report', report], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`report: ${report}`);
    expect(readFileSync(report, 'utf8')).toContain('<h1 id="report-title">wf</h1>');
    expect(readFileSync(cfg, 'utf8')).toBe(text);
  });

  it('init -o --force over a data file, or into the data directory it reads, is refused; -o elsewhere is written', () => {
    const w = workspace();
    const x = join(w.data, 'daily', 'X.csv');
    const prices = readFileSync(x, 'utf8');
    expectRefused(regime(['init', 'gold-only', '-o', x, '--force'], { REGIME_DATA_DIR: w.data }), `-o ${x} lies inside the data directory ${w.data}`);
    expectRefused(regime(['init', 'gold-only', '-o', x, '--force', '--data-dir', w.data], { REGIME_DATA_DIR: join(w.dir, 'elsewhere') }), `-o ${x} lies inside the data directory ${w.data}`);
    expect(readFileSync(x, 'utf8')).toBe(prices);
    expectRefused(regime(['init', 'gold-only', '-o', join(w.data, 'starter.yaml')], { REGIME_DATA_DIR: w.data }), 'lies inside the data directory');
    expect(readdirSync(w.data)).toEqual(['daily']);
    const starter = join(w.dir, 'starter.yaml');
    const ok = regime(['init', 'gold-only', '-o', starter], { REGIME_DATA_DIR: w.data });
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(starter, 'utf8')).toContain('use: gold-only');
  });

  it('a folder holding files no run wrote is not replaced', () => {
    const w = workspace();
    const o = join(w.dir, 'o');
    mkdirSync(o);
    writeFileSync(join(o, 'notes.txt'), 'mine');
    expectRefused(regime(['run', w.a, '--out', o], { REGIME_DATA_DIR: w.data }), `--out ${o} already holds a file that no run wrote (notes.txt)`);
    expect(readdirSync(o)).toEqual(['notes.txt']);
  });
});

function runAsync(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', (code) => done(code ?? -1));
  });
}

describe('a run folder always holds one run complete set', () => {
  it('concurrent runs into one --out leave the files of one run, never a mix', async () => {
    const w = workspace();
    const o = join(w.dir, 'o');
    const env = { REGIME_DATA_DIR: w.data };
    const winners = new Set<string>();
    for (let round = 0; round < 5; round++) {
      // Three runs at once, two configs: A holds X, B holds Y; the report goes into the folder too.
      const codes = await Promise.all([w.a, w.b, w.a].map((c) => runAsync(['run', c, '--out', o, '--report'], env)));
      expect(codes).toEqual([0, 0, 0]);
      const result = JSON.parse(readFileSync(join(o, 'result.json'), 'utf8')) as { name: string; universe: string[]; series: { dates: string[]; equity: { USD: number[] } } };
      const asset = result.name === 'run A' ? 'X' : 'Y';
      winners.add(result.name);
      expect(result.universe).toEqual([asset]);
      expect(readFileSync(join(o, 'weights.csv'), 'utf8').split('\n')[0]).toBe(`date,${asset}`);
      const equity = readFileSync(join(o, 'equity.csv'), 'utf8').trim().split('\n').slice(1);
      expect(equity.map((l) => Number(l.split(',')[1]))).toEqual(result.series.equity.USD);
      expect(readFileSync(join(o, 'report.html'), 'utf8')).toContain(`>${result.name}</h1>`);
      expect(readdirSync(o).sort()).toEqual(['equity.csv', 'report.html', 'result.json', 'trades.csv', 'weights.csv']);
      // No staging folders are left beside it.
      expect(readdirSync(w.dir).filter((n) => n.startsWith('.o.'))).toEqual([]);
    }
    expect(winners.size).toBeGreaterThanOrEqual(1);
  });
});
