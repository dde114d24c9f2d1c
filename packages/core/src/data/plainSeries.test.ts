import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDay } from '../util/dates.js';
import { plainCsvTable } from './csvFast.js';
import { refuseFutureRows } from './futureRows.js';
import { parseSeries } from './parseSeries.js';
import { plainSeries } from './plainSeries.js';
import type { Series, SeriesMeta } from './series.js';

/** Now, fixed: 2026-12-01 (the future starts after 2026-12-08). */
const NOW = Date.UTC(2026, 11, 1);

const metaOf = (header: string[]): SeriesMeta => ({
  symbol: 'X',
  kind: header.map((h) => h.toLowerCase()).includes('close') ? 'price' : 'level',
  frequency: 'daily',
  lag: { months: 0, days: 0 },
  file: 'x.csv',
});

/** The table path, as dataDir.ts reads a file without plainSeries: its series or its error message. */
function throughTable(bytes: Buffer): Series | string {
  try {
    const table = plainCsvTable(bytes, 'x.csv');
    if (!table) return 'not plain';
    refuseFutureRows(table, NOW);
    return parseSeries(table, metaOf(table.header));
  } catch (e) {
    return (e as Error).message;
  }
}

/** plainSeries takes a file only to give exactly the table path's series. */
function check(text: string): 'taken' | 'left' {
  const bytes = Buffer.from(text, 'latin1');
  const fast = plainSeries(bytes, metaOf, NOW);
  const slow = throughTable(bytes);
  if (fast === undefined) return 'left';
  expect(typeof slow, `the table path refuses ${JSON.stringify(text.slice(0, 200))}: ${String(slow)}`).toBe('object');
  const s = slow as Series;
  expect(fast.meta).toEqual(s.meta);
  expect(Array.from(fast.dates)).toEqual(Array.from(s.dates));
  // Object.is: the same doubles, −0 included.
  expect(Array.from(fast.values).every((v, i) => Object.is(v, s.values[i]))).toBe(true);
  expect(fast.values.length).toBe(s.values.length);
  return 'taken';
}

describe('plainSeries', () => {
  it('reads the normalized layout by hand-worked rules: header, ISO dates, plain numbers, any line break', () => {
    const s = plainSeries(Buffer.from('date,close\n2024-01-02,100\r\n2024-01-03,1.5e2\r2024-01-04,.5'), metaOf, NOW)!;
    expect(s.meta.kind).toBe('price');
    expect(Array.from(s.dates)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04'].map((d) => parseDay(d)!));
    expect(Array.from(s.values)).toEqual([100, 150, 0.5]);
    expect(plainSeries(Buffer.from('date,value\n2024-01-02,-0.25\n'), metaOf, NOW)!.values[0]).toBe(-0.25);
  });

  it('leaves to the table path every file it must not take, whatever that path then says', () => {
    const left = [
      '', // empty
      'date,close', // no rows
      'date,close\n', // no rows
      'Date,Close\n2024-01-02,1\n', // another header
      'date,close,volume\n2024-01-02,1,5\n', // a third column
      'date, close\n2024-01-02,1\n', // a space (the table path trims it)
      'date,close\n2024-01-02, 1\n',
      'date,close\n\n2024-01-02,1\n', // a blank line
      'date,close\n2024-01-02,1\n\n',
      'date,close\n2024-01-02,1,\n', // an empty third cell
      'date,close\n2024-02-30,1\n', // not a day
      'date,close\n2024-01-03,1\n2024-01-02,1\n', // not ascending
      'date,close\n2024-01-02,1\n2024-01-02,2\n', // a duplicate
      'date,close\n2024-01-02,0\n', // a price that is not positive
      'date,close\n2024-01-02,-1\n',
      'date,value\n2024-01-02,1e999\n', // not finite
      'date,close\n2024-01-02,1,5\n', // a thousands separator
      'date,close\n2024-01-02,NaN\n',
      'date,close\n2024-01-02,"1"\n',
      'date,close\n2999-01-02,1\n', // in the future
      'date,close\n2026-12-09,1\n',
      'date,close\n24-01-02,1\n',
      'date,close\n2024-01-02,1.5e\n',
      'date,close\n2024-01-02,+\n',
    ];
    for (const text of left) expect(plainSeries(Buffer.from(text, 'latin1'), metaOf, NOW), JSON.stringify(text)).toBeUndefined();
    // The last day it takes: a week after today.
    expect(check('date,close\n2026-12-08,1\n')).toBe('taken');
  });

  it('takes a row of the longest line the table path reads (65,536 characters), not one character more', () => {
    const row = (length: number) => `2024-01-02,1.${'0'.repeat(length - 13)}`;
    expect(row(65_536)).toHaveLength(65_536);
    expect(check(`date,close\n${row(65_536)}\n`)).toBe('taken');
    expect(plainSeries(Buffer.from(`date,close\n${row(65_537)}\n`), metaOf, NOW)).toBeUndefined();
    expect(throughTable(Buffer.from(`date,close\n${row(65_537)}\n`))).toBe('not plain'); // readCsv then says the line is too long
  });

  it('leaves a file too long for one string to the table path (which streams it), without reading its bytes', () => {
    const huge = { length: 2 ** 30 } as Uint8Array; // any read of a byte would fail
    expect(plainSeries(huge, metaOf, NOW)).toBeUndefined();
    expect(plainCsvTable(huge, 'x.csv')).toBeUndefined();
  });

  it('gives the table path’s series for every random file it takes (and takes many)', () => {
    const date = fc.constantFrom('2024-01-02', '2024-01-03', '2024-02-29', '2023-02-29', '2024-12-31', '2026-12-08', '2026-12-09', '1999-1-02');
    const number = fc.constantFrom('1', '100', '0', '-0', '-3.5', '+2', '.5', '5.', '1e3', '2E-2', '1e999', '1,5', ' 1', 'x', '', '0.000001');
    const brk = fc.constantFrom('\n', '\r\n', '\r');
    const header = fc.constantFrom('date,close', 'date,value', 'date,close', 'Date,Close');
    const rows = fc.array(fc.tuple(date, number, brk), { minLength: 0, maxLength: 6 });
    let taken = 0;
    fc.assert(
      fc.property(header, brk, rows, fc.boolean(), (h, hb, rs, finalBreak) => {
        // Dates ascending most of the time, so that files are often valid.
        const sorted = rs.map(([d, v, b]) => [d, v, b] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        let text = h + hb + sorted.map(([d, v, b]) => `${d},${v}${b}`).join('');
        if (!finalBreak && sorted.length) text = text.replace(/(\r\n|\r|\n)$/, '');
        if (check(text) === 'taken') taken++;
      }),
      { numRuns: 1500, seed: 20261201 },
    );
    expect(taken).toBeGreaterThan(50);
  });

  it('takes every normalized file of the shared data, with the table path’s series', () => {
    const dir = process.env.REGIME_DATA_DIR ?? join(__dirname, '../../../../../shared/data');
    if (!existsSync(join(dir, 'daily', 'SPY.csv'))) throw new Error(`expected the shared data in ${dir} (REGIME_DATA_DIR)`);
    let taken = 0;
    for (const sub of ['daily', 'monthly'])
      for (const name of readdirSync(join(dir, sub)).filter((f) => f.endsWith('.csv'))) {
        const text = readFileSync(join(dir, sub, name), 'latin1');
        const outcome = check(text);
        if (/^date,(close|value)\r?\n/.test(text)) expect(outcome, `${sub}/${name}`).toBe('taken');
        if (outcome === 'taken') taken++;
      }
    expect(taken).toBeGreaterThan(20);
  });
});
