import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import { plainCsvTable } from './csvFast.js';

/** The plain-file reader must give exactly readCsv's (fast-csv's) table, or step aside. */
const dir = mkdtempSync(join(tmpdir(), 'regime-csvfast-'));
let k = 0;
async function both(text: string) {
  const file = join(dir, `t${k++}.csv`);
  writeFileSync(file, text, 'latin1');
  const fast = plainCsvTable(Buffer.from(text, 'latin1'), file);
  const slow = await readCsv(file).then(
    (t) => t,
    (e: Error) => e.message,
  );
  return { fast, slow };
}

describe('plainCsvTable', () => {
  it('reads a plain file by the hand-worked rules: rows at \\n, \\r\\n or \\r, cells trimmed, blank lines counted but skipped', async () => {
    const text = 'date,close\r\n2024-01-02, 100 \n\n2024-01-03,101\r2024-01-04,102';
    const { fast, slow } = await both(text);
    expect(fast).toEqual({
      file: expect.any(String),
      header: ['date', 'close'],
      rows: [['2024-01-02', '100'], ['2024-01-03', '101'], ['2024-01-04', '102']],
      lines: [2, 4, 5],
    });
    expect(fast).toEqual(slow);
  });

  it('steps aside for quotes, tabs, non-ASCII bytes, NUL, empty files and binary-looking starts', () => {
    for (const text of ['date,"close"\n', 'date,close\t\n', 'date,cl\u00e9se\n', 'a\u0000b\n', '', '\n\n', '%PDF-1.4\n'])
      expect(plainCsvTable(Buffer.from(text, 'latin1'), 'x.csv')).toBeUndefined();
  });

  it('takes exactly the files whose bytes are LF, CR and 32–126 but the quote, for every byte value', () => {
    for (let b = 0; b < 256; b++) {
      const bytes = Buffer.concat([Buffer.from('date,close\n2024-01-02,1'), Buffer.from([b]), Buffer.from('\n')]);
      const plain = b === 10 || b === 13 || (b >= 32 && b <= 126 && b !== 34);
      expect(plainCsvTable(bytes, 'x.csv') !== undefined, `byte ${b}`).toBe(plain);
    }
  });

  it('gives readCsv’s table for random plain files (ragged rows, spaces, blank lines, every line break, with or without a final one)', async () => {
    const cell = fc.constantFrom('', ' ', '2024-01-02', '100', ' 1.5 ', 'x', '.', '-', 'a b', '  ', '1e5');
    const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(','));
    const brk = fc.constantFrom('\n', '\r\n', '\r');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(row, brk), { minLength: 1, maxLength: 8 }), fc.boolean(), async (parts, finalBreak) => {
        let text = parts.map(([r, b]) => r + b).join('');
        if (!finalBreak) text = text.replace(/(\r\n|\n|\r)$/, '');
        const { fast, slow } = await both(text);
        if (fast === undefined) expect(typeof slow).toBe('string'); // only files readCsv refuses (no header)
        else expect(fast).toEqual(slow);
      }),
      { numRuns: 400 },
    );
  });
});
