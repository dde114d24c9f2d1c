import { describe, expect, it } from 'vitest';
import { METRICS, metricDef } from '@regime/core';
import { renderRunReport } from '@regime/report';
import { syntheticRun } from '../../../../test/fixtures/syntheticRun.js';
import { metricsTable, tradingTable } from './runTables.js';

describe('one label per metric in every view', () => {
  const run = syntheticRun({ years: 2 });

  it('the terminal metrics table and the report label each metric as the catalog does', () => {
    const terminal = metricsTable(run).split('\n').slice(2).map((l) => l.split(/\s{2,}/)[0]);
    expect(terminal).toEqual(METRICS.filter((m) => m.group !== 'trading').map((m) => m.label));
    const html = renderRunReport(run, { toolVersion: 'test' });
    const table = html.slice(html.indexOf('id="metrics-table"'), html.indexOf('</table>', html.indexOf('id="metrics-table"')));
    const reportLabels = [...table.matchAll(/<tr><td class="text">([^<]*)<\/td>/g)].map((x) => x[1].replace(/&gt;/g, '>'));
    expect(reportLabels).toEqual(METRICS.map((m) => m.label));
  });

  it('the terminal trading table uses the catalog labels of the trading metrics', () => {
    const text = tradingTable(run);
    for (const k of ['turnover', 'grossExposure', 'netExposure']) expect(text).toContain(metricDef(k).label);
  });
});
