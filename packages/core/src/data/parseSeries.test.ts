import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import { parseSeries } from './parseSeries.js';
import type { SeriesMeta } from './series.js';
import { formatDay } from '../util/dates.js';

const dir = mkdtempSync(join(tmpdir(), 'regime-csv-'));
let k = 0;
function file(text: string): string {
  const f = join(dir, `f${k++}.csv`);
  writeFileSync(f, text);
  return f;
}
const price: SeriesMeta = { symbol: 'X', kind: 'price', frequency: 'daily', lag: { months: 0, days: 0 }, file: '' };
const level: SeriesMeta = { ...price, kind: 'level' };
const load = async (text: string, meta = price) => {
  const f = file(text);
  return { f, s: parseSeries(await readCsv(f), { ...meta, file: f }) };
};

describe('reading series files', () => {
  it('reads the normalized layout', async () => {
    const { s } = await load('date,close\n2024-01-02,10.5\n2024-01-03,11\n');
    expect(Array.from(s.dates, formatDay)).toEqual(['2024-01-02', '2024-01-03']);
    expect(Array.from(s.values)).toEqual([10.5, 11]);
  });

  it('reads raw Yahoo files using Adj Close', async () => {
    const { s } = await load('Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,10,9.5,100\n2024-01-03,1,2,0.5,11,10.45,100\n');
    expect(Array.from(s.values)).toEqual([9.5, 10.45]);
  });

  it('reads FRED files, "." meaning missing', async () => {
    const a = await load('DATE,VALUE\n2024-01-02,4.1\n2024-01-03,.\n2024-01-04,4.2\n', level);
    expect(Array.from(a.s.values)).toEqual([4.1, 4.2]);
    const b = await load('observation_date,DGS10\n2024-01-02,4.1\n', level);
    expect(Array.from(b.s.values)).toEqual([4.1]);
  });

  it('accepts a BOM, CRLF line ends and a trailing blank line', async () => {
    const { s } = await load('\uFEFFdate,close\r\n2024-01-02,1\r\n2024-01-03,2\r\n\r\n');
    expect(Array.from(s.values)).toEqual([1, 2]);
  });

  const bad: [string, string, RegExp][] = [
    ['unsorted dates', 'date,close\n2024-01-03,1\n2024-01-02,2\n', /:3: expected dates in ascending order, found 2024-01-02 after 2024-01-03 \(line 2\)/],
    ['a duplicate date', 'date,close\n2024-01-02,1\n2024-01-02,2\n', /:3: duplicate date 2024-01-02/],
    ['a zero price', 'date,close\n2024-01-02,1\n2024-01-03,0\n', /:3: expected a positive price, found 0/],
    ['a negative price', 'date,close\n2024-01-02,-1\n', /:2: expected a positive price, found -1/],
    ['a non-numeric cell', 'date,close\n2024-01-02,abc\n', /:2: expected a number in column "close", found "abc"/],
    ['a thousands separator', 'date,close\n2024-01-02,"1,234.5"\n', /:2: expected a number in column "close", found "1,234.5"/],
    ['NaN', 'date,close\n2024-01-02,NaN\n', /found "NaN"/],
    ['an empty cell', 'date,close\n2024-01-02,\n', /:2: expected a number in column "close", found ""/],
    ['a bad date', 'date,close\n02/01/2024,1\n', /:2: expected a date as YYYY-MM-DD, found "02\/01\/2024"/],
    ['an impossible date', 'date,close\n2024-02-30,1\n', /found "2024-02-30"/],
    ['an unquoted thousands separator (an extra column)', 'date,close\n2024-01-02,1,234.5\n', /:2: expected 2 columns as in the header "date,close", found 3: "2024-01-02,1,234.5" \(a number with a thousands separator/],
    ['a header only', 'date,close\n', /the file has a header but no data rows/],
    ['an empty file', '', /the file is empty/],
    ['semicolons', 'date;close\n2024-01-02;1\n', /:1: expected a header with a date column and a value column.*separator looks like ";"/],
    ['an unknown header', 'when,price\n2024-01-02,1\n', /:1: unrecognised header "when,price"/],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what}, naming the file and line`, async () => {
      const f = file(text);
      const error = await readCsv(f).then((t) => parseSeries(t, { ...price, file: f })).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(f);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('allows negative values in rate series (real yields)', async () => {
    const { s } = await load('date,value\n2021-01-04,-1.05\n', level);
    expect(s.values[0]).toBe(-1.05);
  });
});
