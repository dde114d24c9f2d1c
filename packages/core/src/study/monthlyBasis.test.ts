import { describe, expect, it } from 'vitest';
import { parseDay } from '../util/dates.js';
import type { SimulationOutput } from '../simulation/kernel.js';
import { overfitting } from './document.js';
import { parseObjective } from './objective.js';
import { SummaryBasis, summarize } from './summary.js';
import type { TrialSummary } from './trial.js';

const days = (...xs: string[]) => Int32Array.from(xs, (x) => parseDay(x)!);

describe('the monthly returns of a trial summary', () => {
  it('are labelled from the month of their first return when the first bar closes a month', () => {
    // Bar 0 (Fri 31 Jan) closes January: it is only the base. The first return is February's
    // (102 / 100 − 1 = 2 %, at 28 Feb), then March's (103 / 102 − 1).
    const dates = days('2020-01-31', '2020-02-03', '2020-02-28', '2020-03-02');
    const equity = Float64Array.from([100, 101, 102, 103]);
    const sim = { equity, turnover: new Float64Array(4) } as unknown as SimulationOutput;
    const { monthly } = summarize({ basis: new SummaryBasis(dates, new Float64Array(4), 252), capital: 100, simulation: sim, equity: new Map([['gold', equity]]) });
    expect(monthly.start).toBe('2020-02');
    expect(monthly.returns.gold).toEqual([102 / 100 - 1, 103 / 102 - 1]);
  });

  it('start with the first bar’s month otherwise', () => {
    const dates = days('2020-01-30', '2020-01-31', '2020-02-03');
    const equity = Float64Array.from([100, 101, 102]);
    const sim = { equity, turnover: new Float64Array(3) } as unknown as SimulationOutput;
    const { monthly } = summarize({ basis: new SummaryBasis(dates, new Float64Array(3), 252), capital: 100, simulation: sim, equity: new Map([['gold', equity]]) });
    expect(monthly.start).toBe('2020-01');
    expect(monthly.returns.gold).toEqual([101 / 100 - 1, 102 / 101 - 1]);
  });
});

describe('overfitting figures with an all-cash trial', () => {
  const months = 40;
  const rf = Array.from({ length: months }, (_, k) => 0.002 + 0.0001 * (k % 3));
  const wave = (k: number, a: number, b: number) => a * Math.sin(k * b) + 0.004;
  const trial = (index: number, returns: number[], volatility: number): TrialSummary => ({
    index,
    params: { 'params.n': index },
    period: { start: '2020-01-02', end: '2023-04-28' },
    metrics: { USD: { totalReturn: 0, cagr: 0, volatility, sharpe: null, sortino: null, maxDrawdown: 0, calmar: null, turnover: 0 } },
    monthly: { start: '2020-01', returns: { USD: returns }, riskFree: rf },
    warnings: [],
  });
  const risky = [0, 1, 2].map((i) => trial(i, rf.map((r, k) => r + wave(k, 0.02 + 0.01 * i, 1.3 + 0.7 * i)), 0.1 + i));
  // Cash: the month's return is the cash rate, up to rounding (what the engine's compounding gives).
  const noisy = trial(3, rf.map((r) => r * (1 + 2e-15)), 0);
  const exact = trial(3, rf.slice(), 0);

  it('treat rounding noise as no excess return: the figures equal those with exact cash returns', () => {
    const objective = parseObjective('sharpe:USD', ['USD']);
    const a = overfitting([...risky, noisy], objective);
    const b = overfitting([...risky, exact], objective);
    expect(a).toEqual(b);
    expect(a.pbo).not.toBeNull();
  });

  it('give no Sharpe-based probability when the all-cash trial is the best (lowest volatility)', () => {
    const o = overfitting([...risky, noisy], parseObjective('volatility:USD', ['USD']));
    // Its excess returns are all 0: no dispersion, no Sharpe ratio, so no PSR or DSR.
    expect(o.psr).toBeNull();
    expect(o.deflatedSharpe).toBeNull();
    expect(o.basis.bestSharpe).toBeNull();
  });
});
