import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataStore, InputError, catalogForDataDir, parseConfigText, runBacktest, type RunResult } from '@regime/core';
import { renderRunReport } from '@regime/report';
import { BIN, DATA_DIR, requireBuiltCli } from './support.js';

/**
 * Hostile input (issue 8): text from a config or a data directory never becomes markup in a
 * report, and a config cannot make the tool read or write outside the data directory and the
 * output paths given on the command line.
 */

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const CATALOG_SCRIPT = "<script>alert('catalog')</script>";
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Every <script ...> opening tag in a page. */
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/gi) ?? [];

function days(start: string, n: number, f: (i: number) => number): string {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => `${new Date(t0 + i * 86_400_000).toISOString().slice(0, 10)},${f(i)}`).join('\n');
}

/** A data directory whose own path and catalog descriptions carry markup. */
function hostileDataDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'regime-hostile-')), '"><img src=x onerror=alert(5)>');
  mkdirSync(join(dir, 'daily'), { recursive: true });
  writeFileSync(join(dir, 'daily', 'X.csv'), `date,close\n${days('2024-01-01', 60, (i) => 100 + Math.sin(i / 3) * 5 + i / 10)}\n`);
  writeFileSync(join(dir, 'daily', 'Y.csv'), `date,close\n${days('2024-01-01', 60, (i) => 50 + Math.cos(i / 4) * 3)}\n`);
  writeFileSync(join(dir, 'catalog.yaml'), `symbols:\n  X: { kind: price, frequency: daily, description: "${CATALOG_SCRIPT}" }\n`);
  return dir;
}

const HOSTILE_CONFIG = `name: "${SCRIPT}"
description: "${IMG}"
period: { start: 2024-01-01 }
universe: [X, Y]
benchmark: X
numeraires: [USD]
signals:
  weak: "X < sma(X, 5)"
regimes:
  defensive: weak
  broken: "X / (Y - Y) < 1"
  normal: true
allocations:
  defensive: { Y: 1 }
  broken: { X: 0.5 }
  normal: { X: 0.6, Y: 0.4 }
`;

describe('HTML injection through a config and a data directory', () => {
  it('a real run with markup in its name, description, expressions, data path and catalog renders only escaped text', async () => {
    const dataDir = hostileDataDir();
    const source = parseConfigText(HOSTILE_CONFIG, join(dataDir, 'hostile.yaml'));
    const { result } = await runBacktest(source, { store: new DataStore(dataDir, catalogForDataDir(dataDir)), version: 'test' });
    // The result document keeps the text as written (it is data, not markup) ...
    expect(result.name).toBe(SCRIPT);
    expect(result.description).toBe(IMG);
    expect(result.data.sources.find((s) => s.symbol === 'X')?.description).toBe(CATALOG_SCRIPT);
    expect(result.warnings, 'the rule that divides by zero').toEqual(expect.arrayContaining([expect.stringContaining('regime rule "broken" ("X / (Y - Y) < 1") is undefined on 29 of 60 bars')]));
    // ... and the report shows it escaped, everywhere.
    const html = renderRunReport(result, { toolVersion: 'test' });
    expect(scriptTags(html)).toEqual(['<script type="application/json" id="regime-data">', '<script>', '<script>']);
    for (const raw of [SCRIPT, IMG, CATALOG_SCRIPT, '"><img', '<img src=x']) expect(html).not.toContain(raw);
    expect(html).toContain(escapeHtml(SCRIPT));
    expect(html).toContain(escapeHtml(IMG));
    expect(html).toContain(escapeHtml(CATALOG_SCRIPT));
    expect(html).toContain(escapeHtml('"X / (Y - Y) < 1"'));
    // The inline JSON the charts read cannot close its script element.
    const json = /<script type="application\/json" id="regime-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(json).not.toMatch(/[<>]/);
  });

  it('symbols and regime labels cannot carry markup: the config refuses them at their line', () => {
    const base = 'name: x\nperiod: { start: 2024-01-01 }\nnumeraires: [USD]\n';
    const error = (text: string) => {
      try {
        parseConfigText(text, 'c.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(error(`${base}universe: ["<b>X</b>"]\nweights: { X: 1 }\n`)).toMatch(/^c\.yaml:4:\d+: universe\[0\]: expected a symbol such as SPY/);
    expect(error(`${base}universe: [X]\nregimes: { "<script>": true }\nallocations: { "<script>": { X: 1 } }\n`)).toMatch(
      /^c\.yaml:5:\d+: regimes: "<script>" is not a valid key: expected a name of letters, digits and "_"/,
    );
  });

  it('a result document from elsewhere (regime report) with markup in symbols and regime labels renders escaped', async () => {
    const dataDir = hostileDataDir();
    const { result } = await runBacktest(parseConfigText(HOSTILE_CONFIG, 'hostile.yaml'), { store: new DataStore(dataDir, catalogForDataDir(dataDir)), version: 'test' });
    // Rename a symbol and a regime label everywhere they occur, as a tampered result.json could.
    const symbol = '<svg onload=alert(6)>';
    const label = '</script><script>alert(7)</script>';
    const tampered = JSON.parse(JSON.stringify(result).replaceAll('"Y"', JSON.stringify(symbol)).replaceAll('"defensive"', JSON.stringify(label))) as RunResult;
    expect(tampered.universe).toContain(symbol);
    expect(tampered.regimes!.labels).toContain(label);
    const html = renderRunReport(tampered, { toolVersion: 'test' });
    expect(scriptTags(html)).toHaveLength(3);
    expect(html).not.toContain(symbol);
    expect(html).not.toContain('<script>alert(7)');
    expect(html).toContain(escapeHtml(symbol));
  });
});

describe('a config cannot make the tool read or write elsewhere', () => {
  function tree(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? [`${f}/`, ...tree(p).map((x) => `${f}/${x}`)] : [f];
    });
  }

  it('output goes only where the command line says, whatever the name and description say', () => {
    requireBuiltCli();
    const work = mkdtempSync(join(tmpdir(), 'regime-paths-'));
    const escape = join(tmpdir(), `regime-pwned-${process.pid}`);
    const config = join(work, 'sneaky.yaml');
    writeFileSync(
      config,
      `name: "../../../../..${escape}"\ndescription: "${join(work, 'elsewhere.html')}"\nperiod: { start: 2024-01-01, end: 2024-03-01 }\nuniverse: [SPY]\nnumeraires: [USD]\nweights: { SPY: 1 }\n`,
    );
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, REGIME_DATA_DIR: DATA_DIR } });
    // Without --out: runs/<config file name>/ under the working directory.
    expect(run(['run', config, '--report']).status).toBe(0);
    // With --out and --report FILE: exactly those.
    expect(run(['run', config, '--out', join(work, 'chosen'), '--report', join(work, 'chosen.html')]).status).toBe(0);
    expect(tree(work).sort()).toEqual(
      ['chosen.html', 'chosen/', 'chosen/equity.csv', 'chosen/result.json', 'chosen/weights.csv', 'runs/', 'runs/sneaky/', 'runs/sneaky/equity.csv', 'runs/sneaky/report.html', 'runs/sneaky/result.json', 'runs/sneaky/weights.csv', 'sneaky.yaml'].sort(),
    );
    expect(existsSync(escape)).toBe(false);
  });

  it('a catalog entry or a symbol cannot point the data store outside the data directory', () => {
    const dataDir = hostileDataDir();
    writeFileSync(join(dataDir, '..', 'secret.csv'), 'date,close\n2024-01-02,1\n');
    const store = new DataStore(dataDir, catalogForDataDir(dataDir));
    // An entry added programmatically, past the catalog loader's own check.
    store.catalog.entries.set('LEAK', { symbol: 'LEAK', kind: 'price', frequency: 'daily', lag: { months: 0, days: 0 }, file: '../secret.csv' });
    expect(() => store.locate('LEAK')).toThrow(InputError);
    expect(() => store.locate('LEAK')).toThrow(/file "\.\.\/secret\.csv" is outside the data directory/);
    for (const name of ['../secret', '../../etc/passwd', '/etc/passwd', 'daily/../../secret', '..']) expect(() => store.locate(name), name).toThrow(/a symbol cannot name a path/);
    expect(relative(dataDir, store.locate('X')!.file)).toBe(join('daily', 'X.csv'));
  });

  it('a strategy name cannot name a file', () => {
    requireBuiltCli();
    const work = mkdtempSync(join(tmpdir(), 'regime-paths-'));
    writeFileSync(join(work, 's.yaml'), 'name: s\nperiod: { start: 2024-01-01 }\nstrategy: { use: ../../../etc/passwd }\n');
    const r = spawnSync(process.execPath, [BIN, 'validate', join(work, 's.yaml')], { encoding: 'utf8', env: { ...process.env, REGIME_DATA_DIR: DATA_DIR } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:3:\d+: unknown strategy "\.\.\/\.\.\/\.\.\/etc\/passwd"/);
    expect(r.stderr).not.toContain('root:');
  });
});
