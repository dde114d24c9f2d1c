import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineId, engineMismatch } from './engine.js';

const packages = fileURLToPath(new URL('../../', import.meta.url));

describe('engineId', () => {
  it('is the SHA-256 of the built modules of the engine packages’ source and of the shipped catalog, the same on every call', () => {
    const id = engineId();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(engineId()).toBe(id);
    // Worked out independently: for every .ts module (not a test) under core's and strategies'
    // src, by sorted path, the bytes of its .js output in dist, line ends as LF.
    const hash = createHash('sha256');
    const lf = (b: Buffer) => b.toString('utf8').replace(/\r\n/g, '\n');
    for (const [pkg, dir] of [['@regime/core', 'core'], ['@regime/strategies', 'strategies']]) {
      const src = join(packages, dir, 'src');
      const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')).map((f) => f.split('\\').join('/'));
      // readdirSync's order is not the walk's: sort the way the walk visits (directory by directory, names in code-unit order).
      const key = (f: string) => f.split('/');
      files.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
        return x.length - y.length;
      });
      for (const f of files) {
        const js = f.replace(/\.ts$/, '.js');
        hash.update(`${pkg}/${js}\0`).update(lf(readFileSync(join(packages, dir, 'dist', js)))).update('\0');
      }
    }
    hash.update('catalog\0').update(lf(readFileSync(join(packages, '..', 'data', 'catalog.yaml')))).update('\0');
    expect(id).toBe(hash.digest('hex'));
  });
});

describe('engineMismatch', () => {
  it('says nothing when the builds agree, and names both when they differ', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(engineMismatch(a, a, 'host (pid 1)')).toBeUndefined();
    const m = engineMismatch(a, b, 'host (pid 1)')!;
    expect(m).toContain('worker host (pid 1) runs another build of Regime');
    expect(m).toContain(`engine ${'b'.repeat(12)} here, ${'a'.repeat(12)} there`);
    expect(m).toContain('git pull && pnpm build');
  });
});

describe('a worker given a job of another build', () => {
  it('refuses it as an input error before reading any data', async () => {
    const { runBatchJob } = await import('./batch.js');
    const { isInputError } = await import('@regime/core');
    const job = { study: 'other-build', spec: { file: 'x.yaml', text: 'name: x', grid: [] }, fingerprints: {}, engine: '0'.repeat(64), indices: [0] };
    // A store that throws if touched: the refusal comes first.
    const store = new Proxy({}, { get: () => { throw new Error('the store was read'); } });
    const error = await runBatchJob(job, store as never).then(() => undefined, (e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toMatch(/runs another build of Regime than the study's machine \(engine [0-9a-f]{12} here, 000000000000 there\)/);
  });
});
