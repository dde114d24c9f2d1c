import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '@regime/core';
import { syntheticRun } from '../../../../test/fixtures/syntheticRun.js';
import { buildComparePayload, correlation, monthlyCorrelations } from './data.js';
import { renderCompareReport } from './index.js';

/** A run document with only what the payload and the correlations read. */
function run(name: string, dates: string[], usd: number[], months: [string, number][] = []): RunResult {
  return {
    name,
    numeraires: ['USD'],
    series: { dates, equity: { USD: usd } },
    metrics: { USD: { monthlyReturns: months.map(([period, r]) => ({ period, return: r })) } },
  } as unknown as RunResult;
}

describe('correlation of monthly returns', () => {
  it('is Pearson correlation, hand-worked; undefined without variance or with fewer than three months', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // Deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): 4 / √(5·5) = 0.8.
    expect(correlation([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(correlation([1, 2], [2, 1])).toBeNull();
  });

  it('uses only the months every run has', () => {
    const a = run('a', [], [], [['2020-01', 0.01], ['2020-02', 0.02], ['2020-03', 0.03], ['2020-04', 0.04], ['2020-05', -0.5]]);
    const b = run('b', [], [], [['2020-01', 0.01], ['2020-02', 0.03], ['2020-03', 0.02], ['2020-04', 0.04]]);
    const c = run('c', [], [], [['2019-12', 0.5], ['2020-01', 0.04], ['2020-02', 0.03], ['2020-03', 0.02], ['2020-04', 0.01]]);
    const m = monthlyCorrelations([a, b, c], 'USD');
    expect(m.months).toEqual(['2020-01', '2020-02', '2020-03', '2020-04']);
    expect(m.values[0][1]).toBeCloseTo(0.8, 12);
    expect(m.values[0][2]).toBeCloseTo(-1, 12);
    expect(m.values[1][0]).toBeCloseTo(0.8, 12);
    expect(m.values.map((row, i) => row[i])).toEqual([1, 1, 1]);
  });
});

describe('comparison chart data', () => {
  // A weekday run and an every-day run (crypto) on one time axis.
  const stocks = run('Stocks', ['2024-01-05', '2024-01-08'], [1000, 1100]);
  const coins = run('Coins', ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'], [50, 100, 25, 150]);

  it('puts every run on the union of the dates, rebased to 100, with gaps where a run has no bar', () => {
    const p = buildComparePayload([stocks, coins]);
    expect(p.x).toEqual(['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'].map((d) => Date.parse(`${d}T00:00:00Z`) / 1000));
    expect(p.byNum.USD.growth).toEqual([
      [100, null, null, 110],
      [100, 200, 50, 300],
    ]);
    expect(p.byNum.USD.uw).toEqual([
      [0, null, null, 0],
      [0, 0, -0.75, 0],
    ]);
    expect(p.numeraires).toEqual(['USD']);
    expect(p.sampled).toBe(false);
    // 300 / 50: within a factor of 20, so the linear scale first.
    expect(p.logDefault).toBe(false);
  });

  it('colors by rank and lists the ranking; starts on a log scale when the curves span more than 20×', () => {
    const moon = run('Moon', ['2024-01-05', '2024-01-08'], [1, 30]);
    const p = buildComparePayload([stocks, coins, moon], [2, 0, 1]);
    expect(p.order).toEqual([2, 0, 1]);
    expect(p.runs.map((r) => r.color)).toEqual(['#ff7f0e', '#2ca02c', '#1f77b4']);
    expect(p.logDefault).toBe(true);
  });

  it('samples a long shared axis evenly, keeping the first and last date', () => {
    const dates = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    const p = buildComparePayload([run('Long', dates, dates.map((_, i) => 100 + i))], undefined, 10);
    expect(p.sampled).toBe(true);
    expect(p.bars).toBe(100);
    expect(p.x).toHaveLength(10);
    expect(p.byNum.USD.growth[0][0]).toBe(100);
    expect(p.byNum.USD.growth[0][9]).toBe(199);
  });
});

describe('renderCompareReport', () => {
  const HOSTILE = '<script>alert(1)</script>';
  const a = syntheticRun({ years: 2, name: HOSTILE, description: '<img src=x onerror=alert(2)>' });
  const b = syntheticRun({ years: 2, seed: 7, name: 'Plain' });
  a.warnings.push('</script><script>alert(3)</script>');
  const html = renderCompareReport(
    { results: [a, b], order: [1, 0], sortKey: { metric: 'cagr', numeraire: 'gold' }, common: { start: a.period.start, end: a.period.end }, ranges: [{ label: '<b>era</b>', start: '2006-06-01' }] },
    { toolVersion: '9.9.9' },
  );

  it('escapes every name, description, label and warning', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>era</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;era&lt;/b&gt;');
  });

  it('pins its two scripts by hash in the CSP and blocks every request', () => {
    const bodies = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(bodies).toHaveLength(2);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    for (const body of bodies) expect(csp).toContain(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    const json = /<script type="application\/json" id="regime-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(json).not.toContain('<');
    expect(JSON.parse(json).runs.map((r: { name: string }) => r.name)).toEqual([HOSTILE, 'Plain']);
  });

  it('ranks in the order given and marks the ranked column', () => {
    const names = [...html.matchAll(/<tr data-run="(\d)">/g)].map((m) => Number(m[1]));
    expect(names).toEqual([1, 0]);
    expect(html).toMatch(/<th data-col="\d+" data-lower-better="false" tabindex="0" title="Sort by CAGR in gold, best first" class="sorted" aria-sort="descending">gold<\/th>/);
    expect(html).toContain('CAGR in gold, best first');
  });
});
