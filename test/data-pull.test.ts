// `regime data pull / list / inspect` against a local stand-in for Yahoo, FRED and datahub.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DATAHUB_DATASETS,
  DEFAULT_CATALOG_FILE,
  DataStore,
  InputError,
  catalogForDataDir,
  inspectData,
  listData,
  loadCatalog,
  missingDataHint,
  pullData,
  pullableSymbols,
  sourceOf,
  type Catalog,
  type PullOptions,
} from '@regime/core/internal';
import { startFakeServer, yahooStamp, type FakeBar, type FakeServer } from './fixtures/fakeServer.js';
import { registerDataCommands } from '../packages/cli/src/commands/data.js';
import { BIN, requireBuiltCli } from './support.js';

const requireFromCli = createRequire(new URL('../packages/cli/package.json', import.meta.url));
const { Command } = (await import(requireFromCli.resolve('commander'))) as typeof import('commander');

let server: FakeServer;
let dir: string;
let log: string[];
const catalog: Catalog = loadCatalog();

/** Weekdays from `start`, `n` of them, with a deterministic wiggle; adjclose = close * factor. */
function weekdays(start: string, n: number): string[] {
  const out: string[] = [];
  let t = Date.parse(`${start}T00:00:00Z`);
  while (out.length < n) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
    t += 86_400_000;
  }
  return out;
}
function bars(dates: string[], factor = 1, base = 100): FakeBar[] {
  return dates.map((date, i) => {
    const close = Math.round((base + 10 * Math.sin(i / 3) + i * 0.1) * 100) / 100;
    return { date, close, adjclose: close * factor };
  });
}

function opts(extra: Partial<PullOptions> = {}): PullOptions {
  return {
    dataDir: dir,
    catalog,
    baseUrls: { yahoo: server.url, fred: server.url, datahub: server.url },
    http: { minIntervalMs: 0, backoffMs: 1, retries: 2, timeoutMs: 5_000, sleep: async () => {} },
    now: new Date('2030-01-01T00:00:00Z'),
    log: (l) => log.push(l),
    ...extra,
  };
}

const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
const csv = (header: string, rows: [string, number][]) => `${header}\n${rows.map(([d, v]) => `${d},${v}`).join('\n')}\n`;
const tmpLeftovers = () =>
  ['daily', 'monthly'].flatMap((s) => (existsSync(join(dir, s)) ? readdirSync(join(dir, s)).filter((f) => f.includes('.tmp-')) : []));

beforeEach(async () => {
  server = await startFakeServer();
  dir = mkdtempSync(join(tmpdir(), 'regime-pull-'));
  log = [];
  const spyDates = weekdays('2024-01-02', 30);
  server.yahoo.set('SPY', { bars: bars(spyDates, 0.98) });
  server.fred.set('DGS10', [
    { date: '2024-01-01', value: '.' },
    { date: '2024-01-02', value: '3.95' },
    { date: '2024-01-03', value: '3.91' },
    { date: '2024-01-04', value: '3.99' },
    { date: '2024-01-05', value: '4.05' },
  ]);
  server.fred.set('WALCL', [
    { date: '2024-01-03', value: '7713607' },
    { date: '2024-01-10', value: '7700000' },
  ]);
  server.datahub.set('gold-prices', 'Date,Price\n1950-01,34.73\n1950-02,34.73\n2023-12,2026.18\n2024-01,2033.85\n');
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('regime data pull', () => {
  it('writes normalized files whose values are exactly what the sources served', async () => {
    const outcomes = await pullData(opts({ symbols: ['SPY', 'DGS10', 'WALCL', 'gold', 'GOLD'].filter((s) => s !== 'gold') }));
    expect(outcomes.map((o) => [o.symbol, o.action, o.path])).toEqual([
      ['SPY', 'created', 'daily/SPY.csv'],
      ['DGS10', 'created', 'daily/DGS10.csv'],
      ['WALCL', 'created', 'daily/WALCL.csv'],
      ['GOLD', 'created', 'monthly/GOLD.csv'],
    ]);
    const served = server.yahoo.get('SPY')!.bars;
    expect(read('daily/SPY.csv')).toBe(csv('date,close', served.map((b) => [b.date, b.adjclose!])));
    expect(read('daily/DGS10.csv')).toBe('date,value\n2024-01-02,3.95\n2024-01-03,3.91\n2024-01-04,3.99\n2024-01-05,4.05\n');
    expect(read('daily/WALCL.csv')).toBe('date,value\n2024-01-03,7713607\n2024-01-10,7700000\n');
    expect(read('monthly/GOLD.csv')).toBe('date,close\n1950-01-01,34.73\n1950-02-01,34.73\n2023-12-01,2026.18\n2024-01-01,2033.85\n');
    // The engine reads them back as the catalog describes them.
    const store = new DataStore(dir, catalog);
    const spy = await store.load('SPY');
    expect(spy.values[0]).toBe(served[0].adjclose);
    expect(spy.dates.length).toBe(30);
    expect(tmpLeftovers()).toEqual([]);
    expect(log.join('\n')).toMatch(/\[1\/4\] SPY \(yahoo:SPY\)/);
  });

  it('resolves aliases (gold → XAUUSD, BTC → BTC-USD) and pulls each symbol once', async () => {
    server.yahoo.set('GC=F', { bars: bars(weekdays('2024-01-02', 5), 1, 2000) });
    const outcomes = await pullData(opts({ symbols: ['gold', 'XAUUSD'] }));
    expect(outcomes.map((o) => o.symbol)).toEqual(['XAUUSD']);
    expect(read('daily/XAUUSD.csv').split('\n')[0]).toBe('date,close');
    expect(server.requests[0]).toMatch(/^\/v8\/finance\/chart\/GC%3DF\?/);
  });

  it('a second pull fetches only a short overlap and appends only the new rows', async () => {
    await pullData(opts({ symbols: ['SPY', 'DGS10'] }));
    const before = read('daily/SPY.csv');
    const beforeFred = read('daily/DGS10.csv');
    const sym = server.yahoo.get('SPY')!;
    const more = bars(weekdays('2024-01-02', 33), 0.98).slice(30);
    sym.bars.push(...more);
    server.fred.get('DGS10')!.push({ date: '2024-01-08', value: '.' }, { date: '2024-01-09', value: '4.02' });
    server.requests.length = 0;

    const outcomes = await pullData(opts({ symbols: ['SPY', 'DGS10'] }));
    expect(outcomes.map((o) => [o.symbol, o.action, o.added, o.rows])).toEqual([
      ['SPY', 'appended', 3, 33],
      ['DGS10', 'appended', 1, 5],
    ]);
    const after = read('daily/SPY.csv');
    expect(after.startsWith(before)).toBe(true); // the old bytes are untouched
    expect(after.slice(before.length)).toBe(more.map((b) => `${b.date},${b.adjclose}\n`).join(''));
    expect(read('daily/DGS10.csv')).toBe(`${beforeFred}2024-01-09,4.02\n`);
    // Yahoo was asked from two weeks before the last stored date, not from the beginning.
    const period1 = Number(new URL(server.requests[0], 'http://x').searchParams.get('period1'));
    const last = sym.bars[29].date;
    expect(period1).toBe(Date.parse(`${last}T00:00:00Z`) / 1000 - 14 * 86_400);
    expect(server.requests[1]).toMatch(/cosd=2023-12-22$/); // 2024-01-05 minus 14 days

    // A third pull with nothing new changes nothing.
    const mtime = statSync(join(dir, 'daily/SPY.csv')).mtimeMs;
    const third = await pullData(opts({ symbols: ['SPY'] }));
    expect(third[0].action).toBe('unchanged');
    expect(third[0].message).toMatch(/up to date/);
    expect(statSync(join(dir, 'daily/SPY.csv')).mtimeMs).toBe(mtime);
  });

  it('rewrites the whole file when Yahoo re-adjusted its history for a new dividend, and says so', async () => {
    await pullData(opts({ symbols: ['SPY'] }));
    const dates = weekdays('2024-01-02', 32);
    server.yahoo.set('SPY', { bars: bars(dates, 0.97), dividends: [dates[31]] }); // all adjusted closes change
    const [o] = await pullData(opts({ symbols: ['SPY'] }));
    expect(o.action).toBe('rewritten');
    expect(o.message).toMatch(/Yahoo's adjusted history changed \(dividend \d{4}-\d\d-\d\d\).*rewrote the whole file daily\/SPY\.csv: 32 rows/);
    expect(read('daily/SPY.csv')).toBe(csv('date,close', server.yahoo.get('SPY')!.bars.map((b) => [b.date, b.adjclose!])));
    // The rewrite downloaded from the file's first date.
    const lastReq = server.requests[server.requests.length - 1];
    expect(Number(new URL(lastReq, 'http://x').searchParams.get('period1'))).toBe(Date.parse('2024-01-02T00:00:00Z') / 1000);
  });

  it('keeps the local file when a rewrite would lose history the source no longer has', async () => {
    mkdirSync(join(dir, 'daily'));
    const local = csv('date,close', [
      ['1990-01-02', 400],
      ['2024-01-02', 2063.1],
    ]);
    writeFileSync(join(dir, 'daily/XAUUSD.csv'), local);
    server.yahoo.set('GC=F', { bars: bars(weekdays('2024-01-02', 5), 1, 2000) }); // futures: differ from spot
    const [o] = await pullData(opts({ symbols: ['XAUUSD'] }));
    expect(o.action).toBe('failed');
    expect(o.message).toMatch(/history starts 2024-01-02, later than the local file's 1990-01-02.*kept daily\/XAUUSD\.csv.*--force/);
    expect(read('daily/XAUUSD.csv')).toBe(local);
  });

  describe('a pull that fails leaves the existing file byte-identical', () => {
    beforeEach(async () => {
      await pullData(opts({ symbols: ['SPY', 'DGS10', 'GOLD'] }));
      server.yahoo.get('SPY')!.bars.push(...bars(weekdays('2024-01-02', 31), 0.98).slice(30));
      server.fred.get('DGS10')!.push({ date: '2024-01-09', value: '4.02' });
    });

    it('when the body is cut off', async () => {
      const before = read('daily/DGS10.csv');
      server.faults.push({ match: /fredgraph/, times: 10, kind: 'truncate' });
      const [o] = await pullData(opts({ symbols: ['DGS10'] }));
      expect(o.action).toBe('failed');
      expect(o.message).toMatch(/truncated.*the local file is unchanged/);
      expect(read('daily/DGS10.csv')).toBe(before);
      expect(tmpLeftovers()).toEqual([]);
    });

    it('when the service answers with an HTML error page', async () => {
      const before = read('daily/SPY.csv');
      server.faults.push({ match: /chart/, times: 10, kind: 'html', status: 200 });
      const [o] = await pullData(opts({ symbols: ['SPY'] }));
      expect(o.action).toBe('failed');
      expect(o.message).toMatch(/HTML page/);
      expect(read('daily/SPY.csv')).toBe(before);
    });

    it('when the new data does not validate (written to a temp file, never renamed)', async () => {
      const before = read('monthly/GOLD.csv');
      server.datahub.set('gold-prices', 'Date,Price\n1950-01,34.73\n1950-02,34.73\n2023-12,2026.18\n2024-01,2033.85\n2024-02,0\n');
      const [o] = await pullData(opts({ symbols: ['GOLD'] }));
      expect(o.action).toBe('failed');
      expect(o.message).toMatch(/did not validate.*expected a positive price, found 0/);
      expect(read('monthly/GOLD.csv')).toBe(before);
      expect(tmpLeftovers()).toEqual([]);
    });

    it('and the other symbols still get pulled', async () => {
      const before = read('daily/DGS10.csv');
      server.faults.push({ match: /fredgraph/, times: 10, kind: 'status', status: 500 });
      const outcomes = await pullData(opts({ symbols: ['DGS10', 'SPY'] }));
      expect(outcomes.map((o) => o.action)).toEqual(['failed', 'appended']);
      expect(read('daily/DGS10.csv')).toBe(before);
    });
  });

  it('stops at the first "offline" and does not hammer the network', async () => {
    const closed = await startFakeServer();
    const url = closed.url;
    await closed.close();
    const outcomes = await pullData(opts({ symbols: ['SPY', 'DGS10', 'GOLD'], baseUrls: { yahoo: url, fred: url, datahub: url } }));
    expect(outcomes.map((o) => o.action)).toEqual(['failed', 'failed', 'failed']);
    expect(outcomes[0].message).toMatch(/^cannot reach 127\.0\.0\.1:\d+: are you offline\? Use REGIME_DATA_DIR with local CSVs/);
    expect(outcomes[1].message).toMatch(/^not tried: the network is unreachable/);
    expect(outcomes[0].error).toBeInstanceOf(InputError);
  });

  it('--since starts a new file at that date; --force replaces an existing file', async () => {
    const [o] = await pullData(opts({ symbols: ['SPY'], since: '2024-02-01' }));
    const rows = read('daily/SPY.csv').trim().split('\n');
    expect(rows[1].startsWith('2024-02-01,')).toBe(true);
    expect(o.rows).toBe(rows.length - 1);
    writeFileSync(join(dir, 'daily/SPY.csv'), 'date,close\n2000-01-03,1\n');
    const [f] = await pullData(opts({ symbols: ['SPY'], force: true }));
    expect(f.action).toBe('rewritten');
    expect(read('daily/SPY.csv')).toBe(csv('date,close', server.yahoo.get('SPY')!.bars.map((b) => [b.date, b.adjclose!])));
  });

  it('refuses unknown symbols and symbols without a source before downloading anything', async () => {
    await expect(pullData(opts({ symbols: ['SPYY', 'CAPE'] }))).rejects.toThrow(InputError);
    await expect(pullData(opts({ symbols: ['SPYY'] }))).rejects.toThrow(/unknown symbol "SPYY" \(did you mean "SPY"\?\): .*add it to .*catalog\.yaml/);
    await expect(pullData(opts({ symbols: ['SNDK_OLD'] }))).rejects.toThrow(/SNDK_OLD has no source in the catalog/);
    await expect(pullData(opts({ symbols: ['SPY'], since: '2024-13-01' }))).rejects.toThrow(/--since: expected a date/);
    expect(server.requests).toEqual([]);
  });

  it('refuses to append onto a local file that does not validate', async () => {
    mkdirSync(join(dir, 'daily'));
    writeFileSync(join(dir, 'daily/SPY.csv'), 'date,close\n2024-01-03,1\n2024-01-02,2\n');
    const [o] = await pullData(opts({ symbols: ['SPY'] }));
    expect(o.action).toBe('failed');
    expect(o.message).toMatch(/local file is not valid.*--force/);
  });

  it('every source named in the shipped catalog is one the loaders know', () => {
    const symbols = pullableSymbols(catalog);
    expect(symbols).toEqual(expect.arrayContaining(['SPY', 'BTC-USD', 'GSPC', 'GOLD', 'SPX', 'DGS10', 'M2SL', 'CPIAUCNS', 'WALCL']));
    for (const s of symbols) {
      const src = sourceOf(catalog.entries.get(s)!)!;
      if (src.name === 'datahub') expect(Object.keys(DATAHUB_DATASETS)).toContain(src.id);
    }
    expect(symbols).not.toContain('SNDK_OLD');
  });

  it('suggests the pull command for missing symbols', () => {
    expect(missingDataHint(['TLT', 'GLD'])).toMatch(/regime data pull TLT GLD/);
  });
});

describe('regime data list and inspect', () => {
  it('lists symbols, source, first/last date, rows and file', async () => {
    await pullData(opts({ symbols: ['SPY', 'DGS10', 'GOLD'] }));
    writeFileSync(join(dir, 'daily/MYFUND.csv'), 'date,close\n2024-01-02,10\n2024-01-03,11\n');
    const rows = await listData(dir, { catalog });
    expect(rows.map((r) => [r.symbol, r.source, r.first, r.last, r.rows, r.path, r.status])).toEqual([
      ['SPY', 'yahoo:SPY', '2024-01-02', server.yahoo.get('SPY')!.bars[29].date, 30, 'daily/SPY.csv', 'ok'],
      ['GOLD', 'datahub:gold-prices', '1950-01-01', '2024-01-01', 4, 'monthly/GOLD.csv', 'ok'],
      ['DGS10', 'fred:DGS10', '2024-01-02', '2024-01-05', 4, 'daily/DGS10.csv', 'ok'],
      ['MYFUND', '-', '2024-01-02', '2024-01-03', 2, 'daily/MYFUND.csv', 'ok'],
    ]);
    const all = await listData(dir, { catalog, all: true });
    expect(all.find((r) => r.symbol === 'TLT')).toMatchObject({ status: 'missing', source: 'yahoo:TLT' });
  });

  it('inspects a series: summary, longest gaps, largest one-day moves', async () => {
    mkdirSync(join(dir, 'daily'));
    writeFileSync(
      join(dir, 'daily/SPY.csv'),
      csv('date,close', [
        ['2024-01-02', 100],
        ['2024-01-03', 101],
        ['2024-01-04', 90.9], // -10 %
        ['2024-01-05', 91],
        ['2024-01-22', 95.55], // a 17-day gap, +5 %
        ['2024-01-23', 95],
      ]),
    );
    const r = await inspectData(dir, 'SPY', { catalog, top: 2 });
    expect(r).toMatchObject({ symbol: 'SPY', rows: 6, first: '2024-01-02', last: '2024-01-23', source: 'yahoo:SPY', lastValue: 95, unusualGaps: 1 });
    expect(r.min).toEqual({ date: '2024-01-04', value: 90.9 });
    expect(r.max).toEqual({ date: '2024-01-03', value: 101 });
    expect(r.gaps).toEqual([
      { from: '2024-01-05', to: '2024-01-22', days: 17 },
      { from: '2024-01-02', to: '2024-01-03', days: 1 },
    ]);
    expect(r.moves.map((m) => [m.date, Number(m.change.toFixed(4))])).toEqual([
      ['2024-01-04', -0.1],
      ['2024-01-22', 0.05],
    ]);
  });

  it('measures rate moves in percentage points', async () => {
    await pullData(opts({ symbols: ['DGS10'] }));
    const r = await inspectData(dir, 'DGS10', { catalog });
    expect(r.moveUnit).toBe('points');
    expect(r.moves[0].date).toBe('2024-01-04');
    expect(r.moves[0].change).toBeCloseTo(0.08, 10);
  });

  it('says how to get a symbol that has no file', async () => {
    await expect(inspectData(dir, 'TLT', { catalog })).rejects.toThrow(/regime data pull TLT/);
    await expect(inspectData(dir, 'TLTT', { catalog })).rejects.toThrow(/unknown symbol "TLTT".*did you mean "TLT"/);
  });
});

describe('the data commands', () => {
  async function run(args: string[], extra: Parameters<typeof registerDataCommands>[1] = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const program = new Command('regime').exitOverride();
    registerDataCommands(program, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      baseUrls: { yahoo: server.url, fred: server.url, datahub: server.url },
      http: { minIntervalMs: 0, backoffMs: 1, retries: 1, sleep: async () => {} },
      now: new Date('2030-01-01T00:00:00Z'),
      ...extra,
    });
    let error: unknown;
    try {
      await program.parseAsync(args, { from: 'user' });
    } catch (e) {
      error = e;
    }
    return { out: out.join(''), err: err.join(''), error };
  }

  it('pull prints progress on stderr and a summary on stdout; list and inspect print tables', async () => {
    const target = join(dir, 'fresh', 'data'); // pull creates the directory
    const pulled = await run(['data', 'pull', 'SPY', 'DGS10', '--data-dir', target]);
    expect(pulled.error).toBeUndefined();
    expect(pulled.err).toMatch(/\[1\/2\] SPY \(yahoo:SPY\)\n {2}downloading from Yahoo \(full history\)/);
    expect(pulled.out).toMatch(/^SYMBOL +SOURCE +RESULT +NEW +FIRST +LAST +ROWS +FILE\nSPY +yahoo:SPY +created +30 +2024-01-02 /);
    expect(existsSync(join(target, 'daily/SPY.csv'))).toBe(true);

    const listed = await run(['data', 'list', '--data-dir', target]);
    expect(listed.out).toMatch(/SPY +yahoo:SPY +2024-01-02 +\d{4}-\d\d-\d\d +30 +daily\/SPY\.csv/);
    expect(listed.out).toMatch(/DGS10 +fred:DGS10 +2024-01-02 +2024-01-05 +4 +daily\/DGS10\.csv/);
    const json = JSON.parse((await run(['data', 'list', '--data-dir', target, '--json'])).out);
    expect(json.series.map((s: { symbol: string }) => s.symbol)).toEqual(['SPY', 'DGS10']);

    const inspected = await run(['data', 'inspect', 'DGS10', '--data-dir', target]);
    expect(inspected.out).toMatch(/^DGS10 — 10-year Treasury/);
    expect(inspected.out).toMatch(/4 rows, 2024-01-02 to 2024-01-05/);
    expect(inspected.out).toMatch(/Largest one-day moves:\n +DATE +FROM +TO +CHANGE\n +2024-01-04 +3\.91 +3\.99 +\+8 bp/);
  });

  it('uses the default symbol list it is given when none are named', async () => {
    const r = await run(['data', 'pull', '--data-dir', dir], { defaultSymbols: () => ['DGS10'] });
    expect(r.error).toBeUndefined();
    expect(readdirSync(join(dir, 'daily'))).toEqual(['DGS10.csv']);
  });

  it('reports failures as an InputError (exit status 2) after pulling what it could', async () => {
    server.faults.push({ match: /fredgraph/, times: 10, kind: 'status', status: 404 });
    const r = await run(['data', 'pull', 'SPY', 'DGS10', '--data-dir', dir]);
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(/1 of 2 symbols failed:\n {2}DGS10: FRED has no series "DGS10"/);
    expect(r.out).toMatch(/DGS10 +fred:DGS10 +failed/);
    expect(existsSync(join(dir, 'daily/SPY.csv'))).toBe(true);
  });

  it('REGIME_DATA_DIR is the default data directory', async () => {
    process.env.REGIME_DATA_DIR = dir;
    try {
      await run(['data', 'pull', 'DGS10']);
      const r = await run(['data', 'list']);
      expect(r.out).toContain(`data directory: ${dir}`);
      expect(r.out).toMatch(/DGS10 +fred:DGS10/);
    } finally {
      delete process.env.REGIME_DATA_DIR;
    }
  });
});

/** The built CLI, run without blocking this process (the stand-in server answers meanwhile). */
function regimeAsync(args: string[], env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

describe('a pull writes only its own file inside the data directory (inputs are sacred)', () => {
  /** The data directory's own catalog.yaml with these symbol lines; every one pulls Yahoo's SPY. */
  function ownCatalog(lines: string[]): string {
    const file = join(dir, 'catalog.yaml');
    writeFileSync(file, `symbols:\n${lines.map((l) => `  ${l}\n`).join('')}`);
    return file;
  }
  /** SPY's line in the shipped catalog, and the column of its entry's opening brace. */
  const spyAt = () => {
    const lines = readFileSync(DEFAULT_CATALOG_FILE, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('  SPY:'));
    return `${DEFAULT_CATALOG_FILE}:${i + 1}:${lines[i].indexOf('{') + 1}`;
  };
  const pullWith = (symbols: string[], force = true) => pullData(opts({ catalog: catalogForDataDir(dir), symbols, force }));
  async function refusal(p: Promise<unknown>): Promise<string> {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }

  it('a file: that is the data directory catalog itself (also spelled ./ or daily/../) is refused, with or without --force', async () => {
    for (const spelling of ['catalog.yaml', './catalog.yaml', 'daily/../catalog.yaml']) {
      const file = ownCatalog([`ZZZ: { kind: price, frequency: daily, source: { yahoo: SPY }, file: ${spelling} }`]);
      const before = readFileSync(file);
      for (const force of [true, false]) {
        const message = await refusal(pullWith(['ZZZ'], force));
        expect(message).toBe(
          `${file}:2:71: catalog entry symbols.ZZZ.file: expected a CSV file of ZZZ's own inside the data directory (such as daily/ZZZ.csv), found "${spelling}", which is the catalog ${file}; nothing was downloaded`,
        );
        expect(readFileSync(file).equals(before)).toBe(true);
      }
    }
    expect(server.requests).toEqual([]);
  });

  it("the shipped catalog, reached through a symlinked folder, is refused too", async () => {
    const shipped = readFileSync(DEFAULT_CATALOG_FILE);
    symlinkSync(dirname(DEFAULT_CATALOG_FILE), join(dir, 'repo'));
    ownCatalog(['ZZZ: { kind: price, frequency: daily, source: { yahoo: SPY }, file: repo/catalog.yaml }']);
    try {
      const message = await refusal(pullWith(['ZZZ']));
      expect(message).toContain(`found "repo/catalog.yaml", which is the catalog ${DEFAULT_CATALOG_FILE}; nothing was downloaded`);
      expect(readFileSync(DEFAULT_CATALOG_FILE).equals(shipped)).toBe(true);
    } finally {
      // Should the check ever fail, the repository's catalog is put back for the other tests.
      if (!readFileSync(DEFAULT_CATALOG_FILE).equals(shipped)) writeFileSync(DEFAULT_CATALOG_FILE, shipped);
    }
  });

  it('../x and absolute paths are refused when the catalog is read; a symlinked folder that leads out is refused before the download', async () => {
    for (const file of ['../x.csv', 'daily/../../x.csv', join(dir, 'x.csv')]) {
      const cat = ownCatalog([`ZZZ: { kind: price, frequency: daily, source: { yahoo: SPY }, file: "${file}" }`]);
      expect(() => catalogForDataDir(dir)).toThrow(`${cat}:2:71: catalog entry symbols.ZZZ.file: expected a path inside the data directory (such as daily/ZZZ.csv), found "${file}"`);
    }
    rmSync(join(dir, 'catalog.yaml'));
    // daily/ links to a folder outside the data directory, holding a file by the name pull would write.
    const outside = mkdtempSync(join(tmpdir(), 'regime-outside-'));
    try {
      writeFileSync(join(outside, 'SPY.csv'), 'date,close\n2000-01-03,1\n');
      symlinkSync(outside, join(dir, 'daily'));
      const message = await refusal(pullWith(['SPY']));
      expect(message).toBe(
        `${spyAt()}: catalog entry symbols.SPY: expected a CSV file of SPY's own inside the data directory, found daily/SPY.csv (its default file), which lies outside the data directory ${dir} (really ${join(outside, 'SPY.csv')}); nothing was downloaded`,
      );
      expect(readFileSync(join(outside, 'SPY.csv'), 'utf8')).toBe('date,close\n2000-01-03,1\n');
      // Nor is a new file created out there.
      const tlt = await refusal(pullWith(['TLT']));
      expect(tlt).toContain(`which lies outside the data directory ${dir} (really ${join(outside, 'TLT.csv')})`);
      expect(readdirSync(outside)).toEqual(['SPY.csv']);
      expect(server.requests).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("two symbols with one file: pulling either is refused (it would replace the other's series), and so is a shipped symbol's file or a wide file", async () => {
    const cat = ownCatalog([
      'AAA: { kind: price, frequency: daily, source: { yahoo: SPY }, file: daily/X.csv }',
      'BBB: { kind: price, frequency: daily, source: { yahoo: SPY }, file: ./daily/X.csv }',
      'CCC: { kind: price, frequency: daily, source: { yahoo: SPY }, file: daily/SPY.csv }',
      'DDD: { kind: level, frequency: monthly, source: { yahoo: SPY }, file: monthly/shiller_ie_data.csv }',
    ]);
    mkdirSync(join(dir, 'daily'));
    const x = 'date,close\n2000-01-03,1\n';
    writeFileSync(join(dir, 'daily/X.csv'), x);
    writeFileSync(join(dir, 'daily/SPY.csv'), x);
    for (const force of [true, false]) {
      expect(await refusal(pullWith(['BBB'], force))).toBe(
        `${cat}:3:71: catalog entry symbols.BBB.file: expected a CSV file of BBB's own inside the data directory (such as daily/BBB.csv), found "./daily/X.csv", which is the file of AAA as well (${cat}:2:71); nothing was downloaded`,
      );
      expect(await refusal(pullWith(['AAA'], force))).toContain(`found "daily/X.csv", which is the file of BBB as well (${cat}:3:71)`);
      // SPY has no file: of its own; its default file is CCC's.
      expect(await refusal(pullWith(['SPY'], force))).toBe(
        `${spyAt()}: catalog entry symbols.SPY: expected a CSV file of SPY's own inside the data directory, found daily/SPY.csv (its default file), which is the file of CCC as well (${cat}:4:71); nothing was downloaded`,
      );
      expect(await refusal(pullWith(['CCC'], force))).toContain(`found "daily/SPY.csv", which is the file of SPY as well (${DEFAULT_CATALOG_FILE}:`);
      // The shipped catalog reads CAPE (and more) from columns of this wide file.
      expect(await refusal(pullWith(['DDD'], force))).toMatch(/found "monthly\/shiller_ie_data\.csv", which is the file of CAPE as well \(.*catalog\.yaml:\d+:\d+\)/);
    }
    expect(readFileSync(join(dir, 'daily/X.csv'), 'utf8')).toBe(x);
    expect(readFileSync(join(dir, 'daily/SPY.csv'), 'utf8')).toBe(x);
    expect(server.requests).toEqual([]);
    // Every problem is listed at once.
    const all = await refusal(pullWith(['AAA', 'SPY']));
    expect(all.split('\n')).toHaveLength(2);
  });

  it('a file: that is a folder is refused', async () => {
    const cat = ownCatalog(['ZZZ: { kind: price, frequency: daily, source: { yahoo: SPY }, file: daily }']);
    mkdirSync(join(dir, 'daily'));
    expect(await refusal(pullWith(['ZZZ']))).toBe(
      `${cat}:2:71: catalog entry symbols.ZZZ.file: expected a CSV file of ZZZ's own inside the data directory (such as daily/ZZZ.csv), found "daily", which is a folder; nothing was downloaded`,
    );
  });

  it('regime data pull --force over the catalog: exit 2, the message with the line, no stack trace, the catalog unchanged', async () => {
    requireBuiltCli();
    const file = ownCatalog(['ZZZ: { kind: price, frequency: daily, source: { yahoo: SPY }, file: catalog.yaml }']);
    const before = readFileSync(file);
    const r = await regimeAsync(['data', 'pull', 'ZZZ', '--force', '--data-dir', dir], { REGIME_YAHOO_URL: server.url, REGIME_FRED_URL: server.url, REGIME_DATAHUB_URL: server.url });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${file}:2:71: catalog entry symbols.ZZZ.file: expected a CSV file of ZZZ's own inside the data directory`);
    expect(r.stderr).toContain(`which is the catalog ${file}; nothing was downloaded`);
    expect(r.stderr).not.toContain('    at ');
    expect(r.stdout).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(server.requests).toEqual([]);
  });
});
