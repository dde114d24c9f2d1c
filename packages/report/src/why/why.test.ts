import { describe, expect, it } from 'vitest';
import type { RunResult } from '@regime/core';
import { syntheticRun } from '../../../../test/fixtures/syntheticRun.js';
import { renderRunReport } from '../index.js';
import { relativeStrength, whyPayload } from './data.js';
import { shortMoney, stackedBarsSvg } from './stackedBars.js';

describe('why did it win: report data', () => {
  it('relative strength is strategy over benchmark, both rebased to 1', () => {
    // Strategy 100 → 110 → 99, benchmark 50 → 50 → 45: 1, 1.1, (0.99 / 0.9) = 1.1.
    expect(relativeStrength([100, 110, 99], [50, 50, 45])).toEqual([1, expect.closeTo(1.1, 12), expect.closeTo(1.1, 12)]);
    expect(relativeStrength([100, 0], [50, 0])).toEqual([1, null]);
  });

  it('each threshold goes to its signal: a constant, or the other signal by index', () => {
    const run = syntheticRun({ years: 1 });
    run.series.signals = { fast: [1, 2, null], slow: [2, 2, 2] };
    run.series.dates = run.series.dates.slice(0, 3);
    run.thresholds = [
      { signal: 'fast', op: '>=', against: 1.5, in: 'regime risk_on' },
      { signal: 'fast', op: '>', against: 'slow', in: 'regime trend' },
      { signal: 'gone', op: '<', against: 0, in: 'regime x' },
    ];
    const p = whyPayload(run, [0, 1, 2]);
    expect(p.signals).toEqual([
      { name: 'fast', values: [1, 2, null], lines: [{ label: '≥ 1.5 (regime risk_on)', value: 1.5 }, { label: '> slow (regime trend)', signal: 1 }] },
      { name: 'slow', values: [2, 2, 2], lines: [] },
    ]);
  });

  it('stacked bars: positives up from zero, negatives down, the net as a tick', () => {
    const svg = stackedBarsSvg(['2020'], [
      { name: 'A', color: '#111111', values: [300] },
      { name: '<b>B</b>', color: '#222222', values: [-100] },
      { name: 'C', color: '#333333', values: [200] },
    ], { title: 't', width: 300, height: 200 });
    // Net 400; segments A 0→300 and C 300→500 above zero, B 0→-100 below.
    expect(svg).toContain('<title>2020 net: 400 USD</title>');
    expect(svg).toContain('&lt;b&gt;B&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" fill="(#[0-9]{6})"><title>/g)].map((m) => [m[3], Number(m[2])]);
    const [a, b, c] = heights.map(([, h]) => h as number);
    expect(a / c).toBeCloseTo(1.5, 1);
    expect(a / b).toBeCloseTo(3, 1);
    expect(shortMoney(1_234_567)).toBe('1.23M');
    expect(shortMoney(-25_000)).toBe('-25k');
  });
});

describe('why did it win: the report', () => {
  it('escapes signal names, threshold places, assets and trade text', () => {
    const run = syntheticRun({ years: 2 });
    const evil = '<img src=x onerror=alert(1)>';
    run.series.signals = { [evil]: run.series.dates.map(() => 1) };
    run.thresholds = [{ signal: evil, op: '>', against: 0, in: `regime ${evil}` }];
    run.trades![0].asset = evil;
    run.attribution!.pnl[evil] = 1;
    const html = renderRunReport(run, { toolVersion: 't' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('a result written before attribution existed still renders, without those sections', () => {
    const run = syntheticRun({ years: 2 }) as Partial<RunResult> as RunResult;
    delete (run as any).attribution;
    delete (run as any).trades;
    delete (run as any).thresholds;
    delete (run.series as any).signals;
    const html = renderRunReport(run, { toolVersion: 't' });
    expect(html).not.toContain('id="attribution"');
    expect(html).not.toContain('id="trades"');
    expect(html).not.toContain('id="signals"');
    expect(html).toContain('id="relative"');
  });

  it('the P&L table lists every line and the total; the trade tables the last and the largest', () => {
    const run = syntheticRun({ years: 3 });
    const html = renderRunReport(run, { toolVersion: 't' });
    const table = /<table class="data" id="pnl-table">([\s\S]*?)<\/table>/.exec(html)![1];
    for (const line of ['GLD', 'DBC', 'TLT', 'SPY', 'Cash interest', 'Trading costs', 'Borrow fees', 'Financing', 'Total = final equity − capital']) expect(table).toContain(line);
    const last = run.trades![run.trades!.length - 1];
    const lastTable = /<table class="data" id="trades-last">([\s\S]*?)<\/table>/.exec(html)![1];
    expect(lastTable.indexOf(last.date)).toBeGreaterThan(0);
  });
});
