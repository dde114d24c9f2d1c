/**
 * `regime compare` end to end with the built CLI on real data: the JSON document, parallel
 * runs equal sequential ones, the ranking table and its CSV, globs, --own-periods, and the
 * input errors (exit 2, a message, no stack trace).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@regime/core';
import { regime, requireData, type CliResult } from './support.js';

const THREE = ['configs/sixty-forty.yaml', 'configs/gold-only.yaml', 'configs/crypto-liquidity-beta.yaml'];

describe('regime compare on real data', () => {
  let sequential: CliResult;
  let parallel: CliResult;
  let doc: { runs: RunResult[] };
  const dir = mkdtempSync(join(tmpdir(), 'regime-compare-'));

  beforeAll(() => {
    requireData();
    sequential = regime(['compare', ...THREE, '--json', '--jobs', '1']);
    parallel = regime(['compare', ...THREE, '--json', '--jobs', '2', '--csv', join(dir, 'ranking.csv')]);
    expect(sequential.status, sequential.stderr).toBe(0);
    expect(parallel.status, parallel.stderr).toBe(0);
    doc = JSON.parse(sequential.stdout);
  });

  it('--json prints only { "runs": [...] }: one run document per config, in the order given', () => {
    expect(sequential.stdout.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(doc)).toEqual(['runs']);
    expect(doc.runs.map((r) => r.config.file)).toEqual(THREE);
    expect(doc.runs.map((r) => r.name)).toEqual(['60/40 SPY/IEF', 'Gold only', 'Crypto liquidity beta (on/off)']);
    for (const r of doc.runs) {
      // Every run is a full run document.
      for (const key of ['name', 'period', 'frequency', 'numeraires', 'metrics', 'series', 'warnings', 'trading', 'data']) expect(r).toHaveProperty(key);
      expect(r.series.dates.length).toBe(r.series.equity.USD.length);
    }
  });

  it('measures every run over the common period and in the same numeraires', () => {
    // The configs start 2002-08-01, 2005-01-01 and 2015-01-01 and end 2026-07-31, 2026-06-30, 2026-06-30.
    // BTC trades on 1 January 2015, stocks do not: the crypto run is run again from 2 January.
    expect(doc.runs.map((r) => r.period)).toEqual(THREE.map(() => ({ start: '2015-01-02', end: '2026-06-30' })));
    // The union of what they ask for: [USD, gold], [USD, gold, M2], [USD, gold, M2].
    expect(doc.runs.map((r) => r.numeraires)).toEqual(THREE.map(() => ['USD', 'gold', 'M2']));
    for (const r of doc.runs) expect(Object.keys(r.metrics)).toEqual(['USD', 'gold', 'M2']);
    expect(sequential.stderr).toContain('aligning 1 run on the dates common to all, 2015-01-02 to 2026-06-30');
  });

  it('runs in worker threads with progress on stderr, and the results equal the sequential ones', () => {
    expect(parallel.stderr).toMatch(/compared 3 configs in \d+ ms \(2 worker threads\)/);
    expect(sequential.stderr).toMatch(/compared 3 configs in \d+ ms \(one after the other\)/);
    for (const out of [sequential, parallel]) {
      const progress = out.stderr.split('\n').filter((l) => /^\[\d\/3\]/.test(l));
      expect(progress).toHaveLength(3);
      for (const line of progress) expect(line).toMatch(/^\[[123]\/3\] configs\/[\w-]+\.yaml \d+ ms$/);
      expect([...THREE].sort()).toEqual(progress.map((l) => l.split(' ')[1]).sort());
    }
    expect(JSON.parse(parallel.stdout)).toEqual(doc);
    expect(parallel.stdout).toBe(sequential.stdout);
  });

  it('writes the ranking as CSV, best Sharpe in USD first, fractions not percent', () => {
    const lines = readFileSync(join(dir, 'ranking.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'rank,name,file,start,end,bars,' +
        ['USD', 'gold', 'M2'].flatMap((n) => ['cagr', 'volatility', 'sharpe', 'maxDrawdown', 'calmar', 'informationRatio'].map((m) => `${m}_${n}`)).join(','),
    );
    expect(lines).toHaveLength(4);
    const rows = lines.slice(1).map((l) => l.split(','));
    const bySharpe = [...doc.runs].sort((a, b) => b.metrics.USD.sharpe! - a.metrics.USD.sharpe!);
    expect(rows.map((r) => r[1])).toEqual(bySharpe.map((r) => r.name));
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3']);
    expect(Number(rows[0][8])).toBe(bySharpe[0].metrics.USD.sharpe);
    expect(Number(rows[0][9])).toBe(bySharpe[0].metrics.USD.maxDrawdown);
  });

  it('prints the ranking table sorted by --sort, USD and gold side by side', () => {
    const r = regime(['compare', 'configs/gold-only.yaml', 'configs/sixty-forty.yaml', '--sort', 'drawdown:gold', '--jobs', '1']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2 strategies, common period 2005-01-03 to 2026-06-30; ranked by Max drawdown in gold, best first');
    const header = lines.find((l) => l.startsWith('#'))!;
    expect(header.split(/\s+/)).toEqual(['#', 'Strategy', 'USD', 'gold', 'USD', 'gold', 'USD', 'gold', 'USD', 'gold▼', 'USD', 'gold', 'USD', 'gold']);
    expect(lines.find((l) => l.includes('CAGR'))).toMatch(/CAGR\s+Volatility\s+Sharpe\s+Max drawdown\s+Calmar\s+Information ratio/);
    // Gold measured in gold barely draws down; 60/40 in gold does, deeply.
    const rows = lines.filter((l) => /^\d   /.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/)[1])).toEqual(['Gold only', '60/40 SPY/IEF']);
    expect(r.stdout).toContain('Also measured in M2');
  });

  it('expands quoted globs itself, and --own-periods keeps each period', () => {
    const r = regime(['compare', 'configs/sixty-fort*.yaml', '--own-periods', '--json', '--jobs', '1', '--numeraires', 'USD,gold']);
    expect(r.status, r.stderr).toBe(0);
    const runs = (JSON.parse(r.stdout) as { runs: RunResult[] }).runs;
    expect(runs.map((x) => x.config.file)).toEqual(['configs/sixty-forty-vol-target.yaml', 'configs/sixty-forty.yaml']);
    expect(runs.map((x) => x.period.start)).toEqual(['2002-10-01', '2002-08-01']);
    expect(runs.map((x) => x.numeraires)).toEqual([
      ['USD', 'gold'],
      ['USD', 'gold'],
    ]);
  });
});

describe('regime compare: bad input stops with a message and status 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regime-compare-bad-'));
  const config = (name: string, start: string, end: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `name: ${name}\nperiod: { start: ${start}, end: ${end} }\nuniverse: [SPY]\nweights: { SPY: 1 }\n`);
    return file;
  };

  it('refuses configs without a period in common, naming them', () => {
    const early = config('early', '2005-01-01', '2006-12-31');
    const late = config('late', '2010-01-01', '2011-12-31');
    const r = regime(['compare', early, late]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`the configs have no period in common: ${late} starts 2010-01-01, after ${early} ends 2006-12-31`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an unknown sort key, a pattern that matches nothing, and a bad --jobs', () => {
    const a = config('a', '2010-01-01', '2011-12-31');
    expect(regime(['compare', a, '--sort', 'sortino']).stderr).toMatch(/--sort: expected <metric>\[:<numeraire>\]/);
    const noMatch = regime(['compare', 'configs/nothing-*.yaml']);
    expect(noMatch.status).toBe(2);
    expect(noMatch.stderr).toContain('no file matches configs/nothing-*.yaml');
    const jobs = regime(['compare', a, '--jobs', 'many']);
    expect(jobs.status).toBe(2);
    expect(jobs.stderr).toContain('--jobs: expected a whole number of workers, 1 or more; found "many"');
  });

  it('names every config that fails, from the worker threads too', () => {
    const good = config('good', '2010-01-01', '2011-12-31');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nperiod: { start: 2010-01-01 }\nuniverse: [NOPE]\nweights: { NOPE: 1 }\n');
    const r = regime(['compare', good, bad, '--jobs', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NOPE');
    expect(r.stderr).toMatch(/\[\d\/2\] .*bad\.yaml failed/);
    expect(r.stdout).toBe('');
  });
});
