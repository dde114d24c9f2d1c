/**
 * What a study on many machines fingerprints, and what a worker refuses to read. The
 * fingerprints cover every file any trial reads, not only the base config's: a grid over the
 * benchmark, a universe slot or an expression switches a series, and a strategy's parameters
 * decide together which series its blocks name. A worker's data store reads nothing else, and
 * nothing whose bytes differ from the fingerprint (a file changed during the study). Small
 * hand-made tables in a temporary data directory; no Redis (test/cluster-fingerprints.test.ts
 * runs real workers).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE, DataStore, buildStudyPlan, catalogForDataDir, parseConfigText, runTrial } from '@regime/core';
import { expandStrategy } from '@regime/strategies';
import { engineId, planStudy, runBatchJob } from '@regime/cluster';
import { days, tmpData } from './fixtures/tmpData.js';

const bars = 60;
const line = (p0: number, g: number) => Array.from({ length: bars }, (_, t) => p0 * (1 + g * t));
const data = tmpData({ A: days('2020-01-01', line(100, 0.002)), B: days('2020-01-01', line(50, 0.001)), C: days('2020-01-01', line(20, -0.001)), D: days('2020-01-01', line(10, 0.003)), E: days('2020-01-01', line(30, 0)) });
afterAll(() => rmSync(data.dir, { recursive: true, force: true }));

const sha = (rel: string) => createHash('sha256').update(readFileSync(join(data.dir, rel))).digest('hex');
/** The expected map: these files, each with the SHA-256 of its bytes as written. */
const map = (...rels: string[]) => Object.fromEntries(rels.map((r) => [r, sha(r)]));

const benchmarkYaml = `name: fp
period: { start: 2020-01-20 }
numeraires: [USD]
universe: [A]
weights: { A: 1 }
benchmark: B
sweep:
  grid:
    benchmark: [B, C]
`;

const fingerprints = async (yaml: string, grid?: string[]) =>
  (await buildStudyPlan(parseConfigText(yaml, 'fp.yaml'), { store: data.store(), expandStrategy, grid })).dataFingerprints();

describe('StudyPlan.dataFingerprints', () => {
  it('covers the file only a non-base value of a dimension reads (benchmark: [B, C] with base B)', async () => {
    const fp = await fingerprints(benchmarkYaml);
    // The base reads A (universe) and B (benchmark); only the trial benchmark = C reads C.
    expect(fp).toEqual(map('daily/A.csv', 'daily/B.csv', 'daily/C.csv'));
    expect(Object.keys(fp)).toEqual(['daily/A.csv', 'daily/B.csv', 'daily/C.csv']);
  });

  it('covers a universe slot and a series named in a signal expression; nothing else in the data directory', async () => {
    const yaml = `name: fp
period: { start: 2020-01-20 }
numeraires: [USD]
universe: [A, B]
params: { n: 5 }
signals:
  up: "A > sma(A, n)"
regimes: { on: up, off: true }
allocations:
  on: { A: 1 }
  off: {}
sweep:
  grid:
    universe.1: [B, D]
    signals.up: ["A > sma(A, n)", "E > 10"]
`;
    // Base: A, B. universe.1 = D adds D; the expression over E adds E; C is read by no trial.
    const fp = await fingerprints(yaml, ['params.n=5,10']);
    expect(Object.keys(fp)).toEqual(['daily/A.csv', 'daily/B.csv', 'daily/D.csv', 'daily/E.csv']);
    expect(fp).toEqual(map('daily/A.csv', 'daily/B.csv', 'daily/D.csv', 'daily/E.csv'));
  });

  it('covers a series only a combination of strategy parameters reads', async () => {
    // hard-assets-vs-duration holds its silver asset only when silver_weight is not 0: the
    // trial (silver_weight 0.2, silver C) reads C, which neither value reads set alone on the base.
    const yaml = `name: hard
period: { start: 2020-01-20 }
numeraires: [USD]
strategy:
  use: hard-assets-vs-duration
  params: { gold: A, commodities: D, commodities_weight: 0, silver: B, silver_weight: 0, short: E, short_weight: 0 }
sweep:
  grid:
    strategy.params.silver_weight: [0, 0.2]
    strategy.params.silver: [B, C]
`;
    expect(await fingerprints(yaml)).toEqual(map('daily/A.csv', 'daily/B.csv', 'daily/C.csv'));
  });
});

describe('a data file that is not a regular file', () => {
  it('is refused by dataFingerprints, naming it, instead of hanging on it', async () => {
    const dir = tmpData({ A: days('2020-01-01', line(100, 0.002)), B: days('2020-01-01', line(50, 0.001)) });
    try {
      // C, read only by the trial benchmark = C, is a named pipe nobody writes to.
      const made = spawnSync('mkfifo', [join(dir.dir, 'daily/C.csv')]);
      expect(made.status).toBe(0);
      const plan = await buildStudyPlan(parseConfigText(benchmarkYaml, 'fp.yaml'), { store: dir.store() });
      await expect(plan.dataFingerprints()).rejects.toThrow(`${join(dir.dir, 'daily/C.csv')}: expected a CSV file, found a named pipe (FIFO), not a regular file; it was not read`);
    } finally {
      rmSync(dir.dir, { recursive: true, force: true });
    }
  });
});

describe('the data directory\'s catalog.yaml (which file, column, kind and lag a symbol is)', () => {
  const catalog = 'symbols:\n  C: { kind: price, frequency: daily, lag: 1d }\n';
  const withCatalog = tmpData({ A: days('2020-01-01', line(100, 0.002)), B: days('2020-01-01', line(50, 0.001)), C: days('2020-01-01', line(20, -0.001)) }, { catalog });
  const other = tmpData({ A: days('2020-01-01', line(100, 0.002)), B: days('2020-01-01', line(50, 0.001)), C: days('2020-01-01', line(20, -0.001)) }, { catalog: catalog.replace('1d', '0') });
  afterAll(() => [withCatalog, other].forEach((d) => rmSync(d.dir, { recursive: true, force: true })));
  const spec = { file: 'fp.yaml', text: benchmarkYaml, grid: [] as string[] };

  it('is fingerprinted when there is one', async () => {
    const fp = await (await planStudy(spec, withCatalog.store())).dataFingerprints();
    const hash = (rel: string) => createHash('sha256').update(readFileSync(join(withCatalog.dir, rel))).digest('hex');
    expect(fp).toEqual(Object.fromEntries(['catalog.yaml', 'daily/A.csv', 'daily/B.csv', 'daily/C.csv'].map((r) => [r, hash(r)])));
  });

  it('a worker whose catalog.yaml differs fails the job, naming it', async () => {
    const fingerprints = await (await planStudy(spec, withCatalog.store())).dataFingerprints();
    await expect(runBatchJob({ engine: engineId(), study: 'fp-catalog', spec, fingerprints, indices: [BASE] }, other.store())).rejects.toThrow(
      /^data file catalog\.yaml differs on worker .*: the study's sha256 is [0-9a-f]{64}, this worker's is [0-9a-f]{64}/,
    );
    // And one that has none.
    await expect(runBatchJob({ engine: engineId(), study: 'fp-catalog', spec, fingerprints, indices: [BASE] }, data.store())).rejects.toThrow(/^data file catalog\.yaml is missing on worker/);
  });
});

describe('a data store with fingerprints (what a worker reads through)', () => {
  const store = (fingerprints: Record<string, string>) => new DataStore(data.dir, catalogForDataDir(data.dir), { fingerprints });

  it('reads a listed file whose bytes match, as a store without fingerprints does', async () => {
    const s = await store(map('daily/A.csv')).load('A');
    const plain = await data.store().load('A');
    expect(s.dates).toEqual(plain.dates);
    expect(Array.from(s.values)).toEqual(line(100, 0.002));
  });

  it('refuses a file that is not listed, naming it and saying the submitting machine did not fingerprint it', async () => {
    await expect(store(map('daily/A.csv')).load('B')).rejects.toThrow(
      `data file daily/B.csv is read by this study but the submitting machine did not fingerprint it (data directory ${data.dir})`,
    );
  });

  it('refuses a listed file whose bytes differ from its fingerprint, with both fingerprints', async () => {
    const wrong = '0'.repeat(64);
    await expect(store({ 'daily/A.csv': wrong }).load('A')).rejects.toThrow(
      `data file daily/A.csv is not the file the study was fingerprinted on: the study's sha256 is ${wrong}, the bytes read now are ${sha('daily/A.csv')}`,
    );
  });

  it('parses a CSV that is not plain (quoted cells) from the checked bytes', async () => {
    writeFileSync(join(data.dir, 'daily/Q.csv'), '"date","close"\n2020-01-01,"1.5"\n2020-01-02,"2.5"\n');
    const s = await store(map('daily/Q.csv')).load('Q');
    expect(Array.from(s.values)).toEqual([1.5, 2.5]);
    expect(s.dates).toEqual((await data.store().load('Q')).dates);
  });
});

describe('runBatchJob (a worker thread running a batch)', () => {
  const spec = { file: 'fp.yaml', text: benchmarkYaml, grid: [] as string[] };
  let studies = 0;
  const study = () => `fp-study-${++studies}`;

  it('fails a job whose fingerprints lack a file the study reads, naming the file', async () => {
    const full = await (await planStudy(spec, data.store())).dataFingerprints();
    const { 'daily/C.csv': _, ...lacking } = full;
    await expect(runBatchJob({ engine: engineId(), study: study(), spec, fingerprints: lacking, indices: [BASE, 0, 1] }, data.store())).rejects.toThrow(
      /^data file daily\/C\.csv is read on worker .* \(data directory .*, sha256 [0-9a-f]{64}\) but not by the study's machine/,
    );
  });

  it('fails the trial that reads a file changed since the study was fingerprinted, never computing on it', async () => {
    const store = data.store();
    const name = study();
    const before = sha('daily/C.csv');
    const fingerprints = await (await planStudy(spec, store)).dataFingerprints();
    expect(fingerprints['daily/C.csv']).toBe(before);
    // The first batch (base, benchmark B) runs; then C changes on this machine's disk.
    expect((await runBatchJob({ engine: engineId(), study: name, spec, fingerprints, indices: [BASE, 0] }, store)).map((t) => t.index)).toEqual([BASE, 0]);
    const c = join(data.dir, 'daily/C.csv');
    const original = readFileSync(c);
    try {
      writeFileSync(c, original.toString().replace(/,20\n/, ',21\n'));
      const after = sha('daily/C.csv');
      expect(after).not.toBe(before);
      const failed = await runBatchJob({ engine: engineId(), study: name, spec, fingerprints, indices: [1] }, store).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(failed).toContain('sweep trial 1 (benchmark = "C")');
      expect(failed).toContain(`data file daily/C.csv is not the file the study was fingerprinted on: the study's sha256 is ${before}, the bytes read now are ${after}`);
    } finally {
      writeFileSync(c, original);
    }
  });

  it('a later study on the same worker reads the data as it is then, not the series an earlier study read', async () => {
    const spec = { file: 'hold.yaml', text: 'name: hold\nperiod: { start: 2020-01-20 }\nnumeraires: [USD]\nuniverse: [C]\nweights: { C: 1 }\n', grid: [] as string[] };
    const store = data.store();
    const c = join(data.dir, 'daily/C.csv');
    const original = readFileSync(c);
    try {
      const first = await runBatchJob({ engine: engineId(), study: study(), spec, fingerprints: await (await planStudy(spec, store)).dataFingerprints(), indices: [BASE] }, store);
      // C ends 10 % lower: a benchmark with another return.
      writeFileSync(c, original.toString().replace(/(\n[^\n]*,)([\d.]+)\n$/, (_, head, v) => `${head}${Number(v) * 0.9}\n`));
      const fingerprints = await (await planStudy(spec, store)).dataFingerprints();
      const second = await runBatchJob({ engine: engineId(), study: study(), spec, fingerprints, indices: [BASE] }, store);
      const fresh = await runTrial(await planStudy(spec, data.store()), BASE);
      expect(second[0].metrics).toEqual(fresh.metrics);
      expect(second[0].metrics).not.toEqual(first[0].metrics);
    } finally {
      writeFileSync(c, original);
    }
  });
});
