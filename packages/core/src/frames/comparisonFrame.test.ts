import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.js';
import { comparisonColumns, comparisonFrame, frameRows, parseSortKey, rankComparisonRows, sortComparison } from './comparisonFrame.js';
import { COMPARISON_METRICS } from '../metrics/catalog.js';

type M = { cagr: number | null; volatility: number | null; sharpe: number | null; maxDrawdown: number; calmar: number | null };

/** A run document with only what the comparison table reads. */
function run(name: string, usd: M, gold: M): RunResult {
  return {
    name,
    config: { file: `${name}.yaml`, text: '' },
    period: { start: '2010-01-04', end: '2020-12-31' },
    numeraires: ['USD', 'gold'],
    metrics: { USD: usd, gold },
    series: { dates: ['2010-01-04', '2020-12-31'] },
  } as unknown as RunResult;
}

const m = (cagr: number | null, volatility: number | null, sharpe: number | null, maxDrawdown: number, calmar: number | null): M => ({ cagr, volatility, sharpe, maxDrawdown, calmar });

const runs = [
  run('Alpha', m(0.08, 0.15, 0.5, -0.3, 0.27), m(0.01, 0.2, 0.05, -0.5, 0.02)),
  run('Beta', m(0.05, 0.05, 0.9, -0.08, 0.63), m(-0.02, 0.14, -0.1, -0.6, -0.03)),
  run('Gamma', m(0.12, 0.3, null, -0.55, 0.22), m(0.06, 0.28, 0.2, -0.45, 0.13)),
  run('Delta', m(0.05, 0.1, 0.5, -0.2, 0.25), m(0.0, 0.18, 0.0, -0.35, 0.0)),
];

const order = (key: string) => frameRows(sortComparison(comparisonFrame(runs), parseSortKey(key, ['USD', 'gold']))).map((r) => r.name);

describe('comparison frame', () => {
  it('has one row per run and <metric>_<numeraire> columns; undefined metrics are NaN', () => {
    const frame = comparisonFrame(runs);
    // 6 identity columns + 6 ranking metrics (cagr … calmar, informationRatio) × 2 numeraires.
    expect(frame.shape).toEqual([4, 18]);
    expect(frame.columns.slice(0, 8)).toEqual(['run', 'name', 'file', 'start', 'end', 'bars', 'cagr_USD', 'volatility_USD']);
    expect(frame.columns).toContain('calmar_gold');
    // No benchmark in these runs: the information ratio is undefined, NaN.
    expect(frame['informationRatio_USD'].values).toEqual([NaN, NaN, NaN, NaN]);
    expect(frame['name'].values).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta']);
    expect(frame['sharpe_USD'].values).toEqual([0.5, 0.9, NaN, 0.5]);
    // Selecting columns works as on any DataFrame.
    expect(frame.loc({ columns: ['name', 'cagr_gold'] }).values).toEqual([
      ['Alpha', 0.01],
      ['Beta', -0.02],
      ['Gamma', 0.06],
      ['Delta', 0],
    ]);
    expect(comparisonColumns(runs, ['gold']).cagr_gold).toEqual([0.01, -0.02, 0.06, 0]);
    expect(() => comparisonColumns(runs, ['M2'])).toThrow(/run 1 \(Alpha\) has no metrics in M2/);
  });

  it('ranks best first: Sharpe descending, undefined last, ties in the given order', () => {
    expect(order('sharpe')).toEqual(['Beta', 'Alpha', 'Delta', 'Gamma']);
    expect(order('sharpe:gold')).toEqual(['Gamma', 'Alpha', 'Delta', 'Beta']);
    expect(order('cagr:USD')).toEqual(['Gamma', 'Alpha', 'Beta', 'Delta']);
    expect(order('calmar:gold')).toEqual(['Gamma', 'Alpha', 'Delta', 'Beta']);
  });

  it('ranks the least deep drawdown first and the lowest volatility first', () => {
    expect(order('drawdown')).toEqual(['Beta', 'Delta', 'Alpha', 'Gamma']);
    expect(order('maxdd:gold')).toEqual(['Delta', 'Gamma', 'Alpha', 'Beta']);
    expect(order('vol:USD')).toEqual(['Beta', 'Delta', 'Alpha', 'Gamma']);
  });

  it('keeps the run index with each row, so a sorted row finds its run', () => {
    const rows = frameRows(sortComparison(comparisonFrame(runs), { metric: 'sharpe', numeraire: 'USD' }));
    expect(rows.map((r) => r.run)).toEqual([1, 0, 3, 2]);
    expect(rows[0]).toMatchObject({ name: 'Beta', file: 'Beta.yaml', sharpe_USD: 0.9, maxDrawdown_gold: -0.6 });
  });

  it('works with a single run', () => {
    const rows = frameRows(sortComparison(comparisonFrame(runs.slice(2, 3)), { metric: 'sharpe', numeraire: 'USD' }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ run: 0, name: 'Gamma', cagr_USD: 0.12 });
    expect(rows[0].sharpe_USD).toBeNaN();
  });

  it('parses --sort keys and words the mistakes', () => {
    expect(parseSortKey('Sharpe:GOLD', ['USD', 'gold'])).toEqual({ metric: 'sharpe', numeraire: 'gold' });
    expect(parseSortKey('max_drawdown', ['USD', 'gold'])).toEqual({ metric: 'maxDrawdown', numeraire: 'USD' });
    expect(() => parseSortKey('sharp', ['USD'])).toThrow(/--sort: expected <metric>\[:<numeraire>\].*found "sharp" \(did you mean "sharpe"\?\)/);
    expect(() => parseSortKey('cagr:M2', ['USD', 'gold'])).toThrow(/numeraire "M2" is not compared; expected one of USD, gold/);
    expect(() => parseSortKey('cagr:USD:x', ['USD'])).toThrow(/--sort/);
  });

  it('ranks with plain arrays exactly as the danfo frame does: hand-worked orders, undefined last, ties in the given order', () => {
    const plain = (key: string) => rankComparisonRows(runs, parseSortKey(key, ['USD', 'gold'])).rows.map((r) => r.name);
    expect(plain('sharpe')).toEqual(['Beta', 'Alpha', 'Delta', 'Gamma']);
    expect(plain('sharpe:gold')).toEqual(['Gamma', 'Alpha', 'Delta', 'Beta']);
    expect(plain('drawdown')).toEqual(['Beta', 'Delta', 'Alpha', 'Gamma']);
    expect(plain('vol:USD')).toEqual(['Beta', 'Delta', 'Alpha', 'Gamma']);
    const { rows, columns } = rankComparisonRows(runs, { metric: 'sharpe', numeraire: 'USD' });
    expect(columns).toEqual(comparisonFrame(runs).columns);
    expect(rows.map((r) => r.run)).toEqual([1, 0, 3, 2]);
    expect(rows[0]).toMatchObject({ name: 'Beta', file: 'Beta.yaml', sharpe_USD: 0.9, maxDrawdown_gold: -0.6 });
    expect(rows[3].sharpe_USD).toBeNaN();
  });

  it('gives the same columns, rows and order as frameRows(sortComparison(comparisonFrame)) on random tables with ties and undefined values', () => {
    // Few distinct values, so ties and undefined values are common.
    const value = fc.constantFrom(null, 0, -0, 0.5, -0.5, 1, 2, -1e300, 1e300);
    const metrics = fc.record({ cagr: value, volatility: value, sharpe: value, maxDrawdown: value, calmar: value });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C d', 'x,y'), metrics, metrics), { minLength: 1, maxLength: 9 }),
        fc.constantFrom(...COMPARISON_METRICS),
        fc.constantFrom('USD', 'gold'),
        (spec, metric, numeraire) => {
          const results = spec.map(([name, usd, gold]) => run(name, usd as M, gold as M));
          const key = { metric, numeraire };
          const viaDanfo = sortComparison(comparisonFrame(results), key);
          const plain = rankComparisonRows(results, key);
          expect(plain.columns).toEqual(viaDanfo.columns);
          expect(plain.rows).toEqual(frameRows(viaDanfo));
        },
      ),
      { numRuns: 300 },
    );
  });
});
