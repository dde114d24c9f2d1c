import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.js';
import { checkOutputPaths, commandInputs } from './outputGuard.js';
import { sensitivity } from '../metrics/sensitivity.js';
import { labelStats } from '../metrics/regimeStats.js';
import { calendarHoleWarnings } from '../run/warnings.js';
import { refuseFutureRows } from '../data/futureRows.js';
import { parseDay } from '../util/dates.js';
import { DEFAULT_CATALOG_FILE, canonicalSymbol, loadCatalog } from '../data/catalog.js';

/** Issue 14 ("inputs are sacred"): the small rules, each with values worked out by hand. */

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('checkOutputPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regime-guard-'));
  const data = join(dir, 'data');
  mkdirSync(join(data, 'daily'), { recursive: true });
  writeFileSync(join(dir, 'cfg.yaml'), 'name: x\n');
  symlinkSync(dir, join(dir, 'alias'));
  const inputs = { files: [{ path: join(dir, 'cfg.yaml'), what: 'the config' }], dataDir: data };

  it('accepts outputs that touch no input, and returns them resolved', () => {
    expect(checkOutputPaths([{ flag: '--out', path: join(dir, 'runs', 'a'), kind: 'folder' }, { flag: '--report', path: join(dir, 'r.html'), kind: 'file' }], inputs)).toEqual([
      join(dir, 'runs', 'a'),
      join(dir, 'r.html'),
    ]);
  });

  it('refuses an input, its symlinked spelling, the data directory and what lies inside it, a folder holding an input, an empty path, one path twice', () => {
    const cfg = join(dir, 'cfg.yaml');
    expect(messageOf(() => checkOutputPaths([{ flag: '--report', path: cfg, kind: 'file' }], inputs))).toBe(
      `--report ${cfg} would overwrite the config ${cfg}: expected an output path that is not an input of this command; nothing was run`,
    );
    expect(messageOf(() => checkOutputPaths([{ flag: '--csv', path: join(dir, 'alias', 'cfg.yaml'), kind: 'file' }], inputs))).toContain(`would overwrite the config ${cfg} (really ${cfg})`);
    expect(messageOf(() => checkOutputPaths([{ flag: '--out', path: data, kind: 'folder' }], inputs))).toContain(`lies inside the data directory ${data}`);
    expect(messageOf(() => checkOutputPaths([{ flag: '--report', path: join(data, 'daily', 'new', 'x.html'), kind: 'file' }], inputs))).toContain('lies inside the data directory');
    expect(messageOf(() => checkOutputPaths([{ flag: '--out', path: dir, kind: 'folder' }], { files: [], dataDir: data }))).toContain(`is a folder that holds the data directory ${data}`);
    expect(messageOf(() => checkOutputPaths([{ flag: '--out', path: dir, kind: 'folder' }], inputs))).toContain(`is a folder that holds the config ${cfg}`);
    expect(messageOf(() => checkOutputPaths([{ flag: '--out', path: '', kind: 'folder' }], inputs))).toBe('--out: expected a folder path, found an empty text; nothing was run');
    expect(messageOf(() => checkOutputPaths([{ flag: '--out', path: cfg, kind: 'folder' }], { files: [] }))).toContain('expected a folder, found a file');
    const x = join(dir, 'x.csv');
    expect(messageOf(() => checkOutputPaths([{ flag: '--csv', path: x, kind: 'file' }, { flag: '--report', path: join(dir, 'alias', 'x.csv'), kind: 'file' }], inputs))).toContain(
      `--report ${join(dir, 'alias', 'x.csv')} and --csv ${x} name the same file`,
    );
  });

  it('refuses a file output that is a device, a pipe, a socket or a folder (its rename would replace the node itself)', async () => {
    expect(messageOf(() => checkOutputPaths([{ flag: '--csv', path: '/dev/null', kind: 'file' }], inputs))).toBe(
      '--csv /dev/null: expected a file path (a new file, or a file to replace), found a device (/dev/null); nothing was run',
    );
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(messageOf(() => checkOutputPaths([{ flag: '--report', path: fifo, kind: 'file' }], inputs))).toContain(`found a pipe (${fifo})`);
    const sock = join(dir, 's.sock');
    const server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    expect(messageOf(() => checkOutputPaths([{ flag: '-o', path: sock, kind: 'file' }], inputs))).toContain(`found a socket (${sock})`);
    server.close();
    expect(messageOf(() => checkOutputPaths([{ flag: '--csv', path: data, kind: 'file' }], { files: [] }))).toContain(`found a folder (${data})`);
    // through a link: what it leads to counts (/dev/stdout leads to a terminal or a pipe)
    symlinkSync('/dev/null', join(dir, 'to-null'));
    expect(messageOf(() => checkOutputPaths([{ flag: '--csv', path: join(dir, 'to-null'), kind: 'file' }], inputs))).toContain('found a device (/dev/null)');
    symlinkSync(join(dir, 'nothing-here'), join(dir, 'dangling'));
    expect(messageOf(() => checkOutputPaths([{ flag: '--csv', path: join(dir, 'dangling'), kind: 'file' }], inputs))).toContain('found a link to nothing');
    // a plain file to replace, a link to one, or a new one, is fine
    expect(checkOutputPaths([{ flag: '--csv', path: join(dir, 'cfg.yaml'), kind: 'file' }], { files: [] })).toEqual([join(dir, 'cfg.yaml')]);
    symlinkSync('cfg.yaml', join(dir, 'to-cfg'));
    expect(checkOutputPaths([{ flag: '--csv', path: join(dir, 'to-cfg'), kind: 'file' }], { files: [] })).toEqual([join(dir, 'to-cfg')]);
    expect(checkOutputPaths([{ flag: '--csv', path: join(dir, 'new.csv'), kind: 'file' }], { files: [] })).toEqual([join(dir, 'new.csv')]);
  });

  it('commandInputs: the configs, the result documents, the shipped catalog always, and the data directory as given', () => {
    const cfg = join(dir, 'cfg.yaml');
    expect(commandInputs({ configs: [cfg, 'b.yaml'], dataDir: data })).toEqual({
      files: [
        { path: cfg, what: 'the config' },
        { path: 'b.yaml', what: 'the config' },
        { path: DEFAULT_CATALOG_FILE, what: 'the catalog' },
      ],
      dataDir: data,
    });
    expect(commandInputs({ results: ['o/result.json'], dataDir: undefined })).toEqual({
      files: [
        { path: 'o/result.json', what: 'the result document' },
        { path: DEFAULT_CATALOG_FILE, what: 'the catalog' },
      ],
      dataDir: undefined,
    });
    // A command that names no input of its own still may not write over the catalog.
    expect(messageOf(() => checkOutputPaths([{ flag: '-o', path: DEFAULT_CATALOG_FILE, kind: 'file' }], commandInputs({ dataDir: undefined })))).toBe(
      `-o ${DEFAULT_CATALOG_FILE} would overwrite the catalog ${DEFAULT_CATALOG_FILE}: expected an output path that is not an input of this command; nothing was run`,
    );
    expect(messageOf(() => checkOutputPaths([{ flag: '--report', path: join(data, 'r.html'), kind: 'file' }], commandInputs({ configs: [cfg], dataDir: data })))).toContain(
      `lies inside the data directory ${data}`,
    );
  });
});

describe('a constant sensitivity signal has no beta', () => {
  it('prices 100, 110, 121, … against a constant 0.1 (rounding would give a tiny sxx): beta and correlation null', () => {
    const prices = Float64Array.from({ length: 40 }, (_, t) => 100 * 1.1 ** t);
    const values = new Float64Array(40).fill(0.1);
    const s = sensitivity('A', 'c', 1, prices, values);
    expect(s.samples).toBe(39);
    expect(s.beta).toBeNull();
    expect(s.correlation).toBeNull();
    // One level: the mean forward return is 10 % (every step is ×1.1).
    expect(s.byLevel).toHaveLength(1);
    expect(s.byLevel![0].meanReturn).toBeCloseTo(0.1, 12);
  });
  it('a signal with two levels still has its slope: x = 0 → +0 %, x = 1 → +10 %: beta 0.1', () => {
    const prices = Float64Array.of(100, 100, 110, 110, 121);
    const values = Float64Array.of(0, 1, 0, 1, 0);
    expect(sensitivity('A', 's', 1, prices, values).beta).toBeCloseTo(0.1, 12);
  });
});

describe('a label with no bars has no return', () => {
  it('a period outside the run: return, drawdown, yearly return and vol null; the other label keeps its numbers', () => {
    // Equity 100 → 110 → 121: both returns 10 %, both credited to label 0 (codes at the end).
    const stats = labelStats(Float64Array.of(100, 110, 121), Int32Array.of(0, 0, 0), ['inside', 'outside'], 252, { creditTo: 'end' });
    expect(stats[0].return).toBeCloseTo(0.21, 12);
    expect(stats[1]).toEqual({ label: 'outside', share: 0, bars: 0, spells: 0, return: null, annualizedReturn: null, volatility: null, maxDrawdown: null, benchmarkReturn: null });
  });
});

describe('calendar holes', () => {
  it('one hole of 1,830 days in a calendar of daily bars (max gap 10): one warning with its dates', () => {
    const d = (s: string) => parseDay(s)!;
    const dates = Int32Array.of(d('2010-12-29'), d('2010-12-30'), d('2010-12-31'), d('2016-01-04'), d('2016-01-05'));
    // 2010-12-31 → 2015-12-31 is 5 × 365 + 1 (29 Feb 2012) = 1,826 days, then 4 more.
    expect(d('2016-01-04') - d('2010-12-31')).toBe(1830);
    expect(calendarHoleWarnings(dates, 10, ['X'])).toEqual([
      'asset X has no price for more than 10 days 1 time(s); the longest hole, 1830 days, from 2010-12-31 to 2016-01-04: the return across a hole is taken in one bar',
    ]);
    expect(calendarHoleWarnings(dates.subarray(0, 3), 10, ['X'])).toEqual([]);
  });
});

describe('far-future rows', () => {
  const table = (dates: string[]) => ({ file: 'X.csv', header: ['date', 'close'], rows: dates.map((d) => [d, '1']), lines: dates.map((_, i) => i + 2) });
  const now = Date.parse('2026-11-30T12:00:00Z');
  it('a row dated 2999 is refused with its line; up to a week ahead is accepted (time zones, clocks)', () => {
    expect(messageOf(() => refuseFutureRows(table(['2026-11-27', '2999-01-01', '2999-01-02']), now))).toBe(
      'X.csv:3: the date 2999-01-01 is in the future (today is 2026-11-30): expected observations dated up to today; a mistyped year?',
    );
    expect(() => refuseFutureRows(table(['2026-11-27', '2026-12-07']), now)).not.toThrow();
    expect(messageOf(() => refuseFutureRows(table(['2026-12-08']), now))).toContain('X.csv:2: the date 2026-12-08 is in the future');
  });
});

describe('catalog aliases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regime-aliases-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  it('an alias may lead to an alias; a cycle is an error naming it', () => {
    const chain = loadCatalog(write('chain.yaml', 'aliases:\n  a: b\n  b: C\nsymbols:\n  C: { kind: price, frequency: daily }\n'));
    expect(canonicalSymbol(chain, 'a')).toBe('C');
    expect(messageOf(() => loadCatalog(write('cycle.yaml', 'aliases:\n  AAA: BBB\n  BBB: CCC\n  CCC: AAA\nsymbols: {}\n')))).toContain('catalog aliases form a cycle: AAA -> BBB -> CCC -> AAA');
  });
});

describe('deeply nested YAML', () => {
  it('20,000 nested lists in a config are an InputError with the line, not a stack overflow', async () => {
    const { parseConfigText } = await import('../config/load.js');
    const text = `name: x\nperiod: { start: 2020-01-01 }\nuniverse: [SPY]\nweights: { SPY: 1 }\ndescription: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(messageOf(() => parseConfigText(text, 'deep.yaml'))).toMatch(/^deep\.yaml:5:\d+: invalid YAML: the YAML is nested too deeply/);
  });
});
