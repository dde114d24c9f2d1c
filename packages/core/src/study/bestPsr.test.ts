import { describe, expect, it } from 'vitest';
import { overfitting } from './document.js';
import { normalCdf } from './normal.js';
import { parseObjective } from './objective.js';
import type { TrialSummary } from './trial.js';

const trial = (index: number, sharpe: number, monthly: number[]): TrialSummary => ({
  index,
  params: { 'params.n': index },
  period: { start: '2020-01-01', end: '2020-04-30' },
  metrics: { gold: { totalReturn: 0, cagr: 0, volatility: 0, sharpe, sortino: 0, maxDrawdown: 0, calmar: 0, turnover: 0 } },
  monthly: { start: '2020-01', returns: { gold: monthly }, riskFree: monthly.map(() => 0.001) },
  warnings: [],
});

describe('the best trial’s Probabilistic Sharpe Ratio in a sweep', () => {
  it('is the PSR against zero of the best trial’s monthly returns, worked by hand', () => {
    // Best (highest Sharpe): 2 %, −1 %, 3 %, 0 %. Mean 1 %, sample variance 10e-4/3, SR = √0.3;
    // skew 0, kurtosis 1.36 → z = √0.3·√3 / √(1 + 0.09·0.3) = √(0.9/1.027). In gold: no cash rate.
    const trials = [trial(0, 0.1, [0.01, -0.02, 0.0, 0.01]), trial(1, 0.9, [0.02, -0.01, 0.03, 0])];
    const o = overfitting(trials, parseObjective('sharpe:gold', ['gold']));
    expect(o.psr).toBeCloseTo(normalCdf(Math.sqrt(0.9 / 1.027)), 12);
    // The deflated figure raises the bar for the number of trials: never above the PSR.
    expect(o.deflatedSharpe!).toBeLessThanOrEqual(o.psr!);
  });

  it('is undefined when the best trial’s returns do not vary', () => {
    const o = overfitting([trial(0, 1, [0.01, 0.01, 0.01, 0.01])], parseObjective('sharpe:gold', ['gold']));
    expect(o.psr).toBeNull();
  });
});
