import fc from 'fast-check';
import { writeToString } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { columnsCsv, csvCell, rowsCsv } from './columnsCsv.js';

/**
 * equity.csv and weights.csv must stay byte-identical to what fast-csv wrote before (issue 15):
 * the fast writer is checked against fast-csv itself on hand-picked and random tables.
 */
const viaFastCsv = async (header: string[], columns: (string | number | null)[][]) => {
  const rows = columns.length ? columns[0].map((_, t) => columns.map((c) => c[t])) : [];
  return (await writeToString(rows, { headers: header, includeEndRowDelimiter: true })) as string;
};

describe('columnsCsv', () => {
  it('writes the cells by hand-worked rules: numbers as JavaScript prints them, quotes where fast-csv quotes', () => {
    const text = columnsCsv(['date', 'equity_USD', 'regime'], [
      ['2024-01-02', '2024-01-03'],
      [100000, 1.5e-7],
      ['risk,on', 'say "hi"'],
    ]);
    expect(text).toBe('date,equity_USD,regime\n2024-01-02,100000,"risk,on"\n2024-01-03,1.5e-7,"say ""hi"""\n');
  });

  it('quotes a bar |, a line break and nothing else; null is empty; NUL is removed; -0 is 0', () => {
    expect(csvCell('a|b')).toBe('"a|b"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a;b c')).toBe('a;b c');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a\0b')).toBe('ab');
    expect(csvCell(-0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('NaN');
  });

  it('a table without rows is a lone line break, as fast-csv writes it', async () => {
    expect(columnsCsv(['date', 'SPY'], [[], []])).toBe('\n');
    expect(await viaFastCsv(['date', 'SPY'], [[], []])).toBe('\n');
  });

  it('is byte-identical to fast-csv on random tables of numbers, text and nulls', async () => {
    const cell = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(null, '', 'a,b', 'a"b', 'x|y', 'line\nbreak', 'cr\r', '\0', ' spaced ', 'risk_on'),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.string(), { minLength: 5, maxLength: 5 }), fc.array(cell, { minLength: 30, maxLength: 30 }), async (width, rows, names, pool) => {
        const header = ['date', ...names].slice(0, width);
        const columns = header.map((_, j) => Array.from({ length: rows }, (_, t) => pool[(t * width + j) % pool.length]));
        expect(columnsCsv(header, columns)).toBe(await viaFastCsv(header, columns));
      }),
      { numRuns: 500 },
    );
  });
});

describe('rowsCsv', () => {
  const viaFastCsvRows = async (header: string[], rows: (string | number | null)[][]) =>
    (await writeToString(rows, { headers: header, includeEndRowDelimiter: true })) as string;

  it('writes one cell per header cell: a short row is padded with empty cells, a long one cut, by hand-worked rules', async () => {
    const header = ['date', 'asset', 'notional_usd'];
    const rows = [['2024-01-02', 'SPY', -1250.5], ['2024-01-03', 'a,b'], ['2024-01-04', 'say "hi"', 3, 'extra'], []];
    const expected = 'date,asset,notional_usd\n2024-01-02,SPY,-1250.5\n2024-01-03,"a,b",\n2024-01-04,"say ""hi""",3\n,,\n';
    expect(rowsCsv(header, rows)).toBe(expected);
    expect(await viaFastCsvRows(header, rows)).toBe(expected);
    expect(rowsCsv(['date'], [])).toBe('\n');
  });

  it('is byte-identical to fast-csv on random ragged rows of numbers, text and nulls', async () => {
    const cell = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(null, '', 'a,b', 'a"b', 'x|y', 'line\nbreak', 'cr\r', '\0', ' spaced ', 'sell'), fc.string());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 }), async (header, rows) => {
        expect(rowsCsv(header, rows)).toBe(await viaFastCsvRows(header, rows));
      }),
      { numRuns: 500 },
    );
  });
});
