import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogForDataDir } from './catalog.js';
import { DataStore } from './dataDir.js';
import type { Series } from './series.js';

/**
 * The stores of one comparison share the series they read (DataStoreOptions.shared, issue 15):
 * a file is read once for all of them, and an error is never shared.
 */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'regime-shared-'));
  mkdirSync(join(dir, 'daily'));
  writeFileSync(join(dir, 'daily', 'AAA.csv'), 'date,close\n2024-01-02,100\n2024-01-03,101.5\n');
  return dir;
}

describe('series shared between stores', () => {
  it('a second store gets the series the first one read, without reading the file', async () => {
    const dir = dataDir();
    const shared = new Map<string, Series>();
    const first = await new DataStore(dir, catalogForDataDir(dir), { shared }).load('AAA');
    expect([...first.values]).toEqual([100, 101.5]);
    expect([...shared.keys()]).toEqual(['AAA']);
    rmSync(join(dir, 'daily', 'AAA.csv')); // gone: only the shared series can answer
    const second = await new DataStore(dir, catalogForDataDir(dir), { shared }).load('AAA');
    expect(second).toBe(first);
    // A store without the shared map reads the file (and finds it gone).
    await expect(new DataStore(dir, catalogForDataDir(dir)).load('AAA')).rejects.toThrow(/unknown symbol "AAA"/);
  });

  it('shares no error: each store meets and words it, and a later store reads the file once it is there', async () => {
    const dir = dataDir();
    const shared = new Map<string, Series>();
    await expect(new DataStore(dir, catalogForDataDir(dir), { shared }).load('BBB')).rejects.toThrow(/unknown symbol "BBB"/);
    expect(shared.size).toBe(0);
    writeFileSync(join(dir, 'daily', 'BBB.csv'), 'date,close\n2024-01-02,7\n');
    const later = await new DataStore(dir, catalogForDataDir(dir), { shared }).load('BBB');
    expect([...later.values]).toEqual([7]);
    expect(shared.get('BBB')).toBe(later);
  });
});
