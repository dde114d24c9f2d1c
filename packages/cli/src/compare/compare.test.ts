import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expandConfigArgs, globFiles } from './glob.js';
import { workerCount } from './pool.js';
import { rankingCsv, rankingTable } from './ranking.js';
import { rankComparison } from '../commands/compare.js';
import { frameRows, type RunResult } from '@regime/core';

describe('config arguments with wildcards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regime-glob-'));
  mkdirSync(join(dir, 'configs', 'more'), { recursive: true });
  for (const f of ['b.yaml', 'a.yaml', 'c.yml', '.hidden.yaml', 'more/d.yaml']) writeFileSync(join(dir, 'configs', f), 'x');

  it('expands *, ?, [..] and ** relative to the working directory, sorted, written like the pattern', () => {
    expect(globFiles('configs/*.yaml', dir)).toEqual(['configs/a.yaml', 'configs/b.yaml']);
    expect(globFiles('./configs/?.y*ml', dir)).toEqual(['./configs/a.yaml', './configs/b.yaml', './configs/c.yml']);
    expect(globFiles('configs/[ac].*', dir)).toEqual(['configs/a.yaml', 'configs/c.yml']);
    expect(globFiles('configs/[!a]*.yaml', dir)).toEqual(['configs/b.yaml']);
    expect(globFiles('configs/**/*.yaml', dir)).toEqual(['configs/a.yaml', 'configs/b.yaml', 'configs/more/d.yaml']);
    expect(globFiles(`${dir}/configs/*.yaml`)).toEqual([join(dir, 'configs/a.yaml'), join(dir, 'configs/b.yaml')]);
  });

  it('keeps plain arguments as given, drops duplicates, and refuses a pattern that matches nothing', () => {
    expect(expandConfigArgs(['configs/b.yaml', 'configs/*.yaml', 'missing.yaml'], dir)).toEqual(['configs/b.yaml', 'configs/a.yaml', 'missing.yaml']);
    expect(() => expandConfigArgs(['configs/*.json'], dir)).toThrow('no file matches configs/*.json');
  });
});

describe('worker count', () => {
  it('defaults to one (this thread), never more than the configs or the cores, at least one', () => {
    const cores = availableParallelism();
    expect(workerCount(undefined, 14)).toBe(1);
    expect(workerCount(2, 14)).toBe(Math.min(2, cores));
    expect(workerCount(undefined, 1)).toBe(1);
    expect(workerCount(64, 14)).toBe(Math.min(14, cores));
    expect(workerCount(1, 14)).toBe(1);
  });
});

describe('ranking table', () => {
  const row = (run: number, name: string, usd: number[], gold: number[]) => {
    const r: Record<string, string | number> = { run, name, file: `${name}.yaml`, start: '2010-01-04', end: '2020-12-31', bars: 2769 };
    ['cagr', 'volatility', 'sharpe', 'maxDrawdown', 'calmar', 'informationRatio'].forEach((m, i) => {
      r[`${m}_USD`] = usd[i];
      r[`${m}_gold`] = gold[i];
    });
    return r;
  };
  const rows = [
    row(1, 'Beta', [0.05, 0.05, 0.9, -0.08, 0.625, 0.412], [-0.02, 0.14, -0.1, -0.6, -0.033, -0.25]),
    row(0, 'A strategy with a very long name that goes on and on', [0.08, 0.15, 0.5, -0.3, 0.267, NaN], [0.01, 0.2, NaN, -0.5, 0.02, 1.5]),
  ];

  it('lays out each metric in USD and gold side by side, marks the ranked column, clips long names', () => {
    const text = rankingTable(rows, ['USD', 'gold'], { metric: 'sharpe', numeraire: 'USD' });
    expect(text.split('\n')).toEqual([
      '                                                        CAGR     Volatility        Sharpe     Max drawdown        Calmar   Information ratio',
      '#   Strategy                                      USD   gold     USD   gold   USD▼   gold      USD    gold    USD   gold    USD         gold',
      '─   ──────────────────────────────────────────   ───────────   ────────────   ───────────   ──────────────   ───────────   ─────────────────',
      '1   Beta                                         5.0%  -2.0%    5.0%  14.0%   0.90  -0.10    -8.0%  -60.0%   0.63  -0.03   0.41        -0.25',
      '2   A strategy with a very long name that goe…   8.0%   1.0%   15.0%  20.0%   0.50      –   -30.0%  -50.0%   0.27   0.02      –         1.50',
    ]);
    expect(rankingTable(rows, ['USD'], { metric: 'volatility', numeraire: 'USD' }).split('\n')[1]).toContain('USD▲');
  });

  it('exports rank, the frame columns (without the run index) and empty cells for undefined values', () => {
    const csv = rankingCsv(rows, ['run', 'name', 'sharpe_gold']);
    expect(csv.header).toEqual(['rank', 'name', 'sharpe_gold']);
    expect(csv.rows).toEqual([
      [1, 'Beta', -0.1],
      [2, 'A strategy with a very long name that goes on and on', null],
    ]);
  });
});

describe('rankComparison', () => {
  type M = Record<'cagr' | 'volatility' | 'sharpe' | 'maxDrawdown' | 'calmar', number | null>;
  const run = (name: string, usd: M) =>
    ({ name, config: { file: `${name}.yaml`, text: '' }, period: { start: '2010-01-04', end: '2020-12-31' }, numeraires: ['USD'], metrics: { USD: usd }, series: { dates: ['2010-01-04', '2020-12-31'] } }) as unknown as RunResult;
  const results = [
    run('Alpha', { cagr: 0.08, volatility: 0.15, sharpe: 0.5, maxDrawdown: -0.3, calmar: 0.27 }),
    run('Beta', { cagr: 0.05, volatility: 0.05, sharpe: 0.9, maxDrawdown: -0.08, calmar: 0.63 }),
    run('Gamma', { cagr: 0.12, volatility: 0.3, sharpe: null, maxDrawdown: -0.55, calmar: 0.22 }),
  ];
  const comparison = { files: ['a', 'b', 'c'], results, common: null, numeraires: ['USD'], ranges: [], workers: 1 };

  it('ranks with plain rows (best first, undefined last) and builds the danfo frame only when it is read', () => {
    const ranked = rankComparison(comparison, 'sharpe');
    expect(ranked.order).toEqual([1, 0, 2]);
    expect(ranked.rows.map((r) => r.name)).toEqual(['Beta', 'Alpha', 'Gamma']);
    expect(ranked.columns.slice(0, 7)).toEqual(['run', 'name', 'file', 'start', 'end', 'bars', 'cagr_USD']);
    // The frame, for programmatic use, holds the same table in the same order.
    expect(ranked.frame.columns).toEqual(ranked.columns);
    expect(frameRows(ranked.frame)).toEqual(ranked.rows);
    expect(rankComparison(comparison, 'vol').order).toEqual([1, 0, 2]);
  });
});
