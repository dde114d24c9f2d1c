import { describe, expect, it } from 'vitest';
import type { NumeraireMetrics } from '../run/result.js';
import { COMPARISON_METRICS, METRICS, metricByKey, metricDef, parseMetricRef } from './catalog.js';
import { formatMetric } from './formatMetric.js';

// A hand-made set of metrics: each catalog entry must read its own field.
const m = {
  start: 1000,
  end: 1234.5,
  totalReturn: 0.2345,
  cagr: 0.04567,
  volatility: 0.1,
  sharpe: 0.456,
  sortino: null,
  maxDrawdown: -0.25,
  maxDrawdownInfo: { depth: -0.25, peak: '2020-02-19', trough: '2020-03-23', recovery: null, days: 400, bars: 280 },
  calmar: 0.18268,
  bestDay: { period: '2020-03-24', return: 0.09 },
  worstDay: { period: '2020-03-16', return: -0.12 },
  bestMonth: null,
  worstMonth: null,
  bestYear: null,
  worstYear: null,
  positiveMonths: 0.625,
  skew: -0.5,
  kurtosis: 3,
  var95: -0.02,
  cvar95: -0.03,
  beta: 0.8,
  correlation: 0.9,
  alpha: 0.01,
  monthlyReturns: [],
  yearlyReturns: [],
  worstDrawdowns: [],
  turnover: 1.5,
  costs: 12.4,
  grossExposure: 1,
  netExposure: 1,
} satisfies NumeraireMetrics;

describe('metric catalog', () => {
  it('declares each key and alias once, and finds metrics by key or alias in any case', () => {
    const keys = METRICS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(metricByKey('SHARPE')?.key).toBe('sharpe');
    expect(metricByKey('maxdd')?.key).toBe('maxDrawdown');
    expect(metricByKey('vol')?.key).toBe('volatility');
    expect(metricByKey('nope')).toBeUndefined();
    expect(() => metricDef('nope')).toThrow(/unknown metric "nope"/);
  });

  it('ranks on the five headline metrics, in display order, with their better direction', () => {
    expect(COMPARISON_METRICS).toEqual(['cagr', 'volatility', 'sharpe', 'maxDrawdown', 'calmar']);
    expect(COMPARISON_METRICS.map((k) => metricDef(k).better)).toEqual(['higher', 'lower', 'higher', 'higher', 'higher']);
  });

  it('reads every value from its own field', () => {
    const read = (k: string) => metricDef(k).read(m);
    expect(read('end')).toBe(1234.5);
    expect(read('cagr')).toBe(0.04567);
    expect(read('sortino')).toBeNull();
    expect(read('bestDay')).toBe(0.09);
    expect(metricDef('bestDay').detail?.(m)).toBe('2020-03-24');
    expect(read('bestMonth')).toBeNull();
    expect(read('maxDrawdownPeriod')).toBe('2020-02-19 → 2020-03-23');
    expect(read('maxDrawdownRecovery')).toBe('not recovered');
    expect(read('maxDrawdownDays')).toBe(400);
    expect(read('turnover')).toBe(1.5);
  });

  it('formats by the entry: percent with its digits, ratios, money, counts, "–" when undefined', () => {
    const f = (k: string, opts?: { compact?: boolean }) => formatMetric(metricDef(k), metricDef(k).read(m), opts);
    expect(f('cagr')).toBe('4.57%');
    expect(f('cagr', { compact: true })).toBe('4.6%');
    expect(f('positiveMonths')).toBe('62.5%');
    expect(f('turnover')).toBe('150%');
    expect(f('calmar')).toBe('0.18');
    expect(f('end')).toBe('1,235');
    expect(f('maxDrawdownDays')).toBe('400');
    expect(f('sortino')).toBe('–');
    expect(formatMetric(metricDef('sharpe'), -0.001)).toBe('0.00');
    expect(formatMetric(metricDef('sharpe'), NaN)).toBe('–');
  });

  it('parses <metric>[:<numeraire>] for sort keys and objectives, naming the option in errors', () => {
    expect(parseMetricRef('sharpe:gold', ['USD', 'gold'], { what: '--objective' })).toEqual({ metric: 'sharpe', numeraire: 'gold' });
    expect(parseMetricRef('Sortino', ['USD', 'gold'], { what: '--objective' })).toEqual({ metric: 'sortino', numeraire: 'USD' });
    // Metrics with no better direction are no goal.
    expect(() => parseMetricRef('beta', ['USD'], { what: '--objective' })).toThrow(/--objective: expected <metric>\[:<numeraire>\].*found "beta"/);
    expect(() => parseMetricRef('sharpe:M2', ['USD'], { what: '--objective' })).toThrow(/--objective: numeraire "M2" is not compared; expected one of USD/);
    expect(() => parseMetricRef('sortino', ['USD'], { what: '--sort', allowed: (d) => d.compare === true })).toThrow(/metric one of cagr, volatility, sharpe, maxDrawdown, calmar/);
  });
});
