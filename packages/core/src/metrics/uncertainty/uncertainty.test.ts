import { describe, expect, it } from 'vitest';
import { bootstrapReturns, interval } from './bootstrap.js';
import { optimalBlockLength } from './blockLength.js';
import { normalCdf } from './normal.js';
import { psrOfReturns, psrStatistic } from './psr.js';
import { Rng } from './rng.js';
import { stationaryIndices } from './stationary.js';

const F = (...v: number[]) => Float64Array.from(v);

describe('the normal distribution function', () => {
  it('matches table values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalCdf(10)).toBe(1);
  });
});

describe('the Probabilistic Sharpe Ratio (Bailey & López de Prado 2012)', () => {
  it('a symmetric series, worked by hand', () => {
    // Excess returns 2 %, −1 %, 3 %, 0 %: mean 1 %; deviations 1, −2, 2, −1 (%).
    // Sample variance (1 + 4 + 4 + 1)e-4 / 3, so SR = 0.01 / √(10e-4/3) = √0.3.
    // Population moments: m2 = 2.5e-4, m3 = (1 − 8 + 8 − 1)e-6 / 4 = 0 → skew 0;
    // m4 = (1 + 16 + 16 + 1)e-8 / 4 = 8.5e-8 → kurtosis 8.5e-8 / 6.25e-8 = 1.36.
    // z = SR·√(n−1) / √(1 − 0 + (1.36 − 1)/4 · SR²) = √0.9 / √(1 + 0.09·0.3) = √(0.9 / 1.027).
    const x = F(0.02, -0.01, 0.03, 0);
    const z = Math.sqrt(0.9 / 1.027);
    expect(psrStatistic(x, 0)).toBeCloseTo(z, 12);
    expect(psrOfReturns(x, 0)).toBeCloseTo(normalCdf(z), 12);
    // Against a per-bar Sharpe of 0.1: (√0.3 − 0.1)·√3 / √1.027.
    expect(psrStatistic(x, 0.1)).toBeCloseTo(((Math.sqrt(0.3) - 0.1) * Math.sqrt(3)) / Math.sqrt(1.027), 12);
  });

  it('a right-skewed series: skew raises the probability', () => {
    // 3 %, 0 %, 0 %, 1 %: mean 1 %; deviations 2, −1, −1, 0 (%); sample variance 6e-4/3 = 2e-4,
    // SR = 0.01/√2e-4 = √0.5. m2 = 1.5e-4, m3 = (8 − 1 − 1)e-6/4 = 1.5e-6, skew = 1.5e-6/1.5e-4^1.5 = √(2/3);
    // m4 = (16 + 1 + 1)e-8/4 = 4.5e-8, kurtosis = 4.5e-8/2.25e-8 = 2.
    // z = √0.5·√3 / √(1 − √(2/3)·√0.5 + (2 − 1)/4 · 0.5) = √1.5 / √(1.125 − √(1/3)).
    const x = F(0.03, 0, 0, 0.01);
    const z = Math.sqrt(1.5) / Math.sqrt(1.125 - Math.sqrt(1 / 3));
    expect(psrStatistic(x, 0)).toBeCloseTo(z, 12);
    expect(psrOfReturns(x)).toBeCloseTo(normalCdf(z), 12);
    // The same mean and variance without skew (and kurtosis 2) would give z = √1.5 / √1.125: lower.
    expect(z).toBeGreaterThan(Math.sqrt(1.5) / Math.sqrt(1.125));
  });

  it('is undefined without dispersion', () => {
    expect(psrOfReturns(F(0.01, 0.01, 0.01, 0.01))).toBeNaN();
  });
});

describe('the automatic block length (Politis & White 2004, Patton et al. 2009)', () => {
  const ar1 = (phi: number, n: number, seed: number) => {
    const rng = new Rng(seed);
    const x = new Float64Array(n);
    let prev = 0;
    for (let t = 0; t < n; t++) x[t] = prev = phi * prev + rng.normal();
    return x;
  };

  it('on an AR(1) agrees with the formula’s value for its known coefficient', () => {
    // For an AR(1) with coefficient φ, R(k) ∝ φ^|k|, so Σ|k|R(k) / ΣR(k) = 2φ/(1 − φ²) and the
    // optimal stationary-bootstrap block is b = (2G²/D_SB)^(1/3)·n^(1/3) = (2φ/(1 − φ²))^(2/3)·n^(1/3).
    for (const phi of [0.3, 0.5, 0.7]) {
      const n = 100_000;
      const expected = Math.pow((2 * phi) / (1 - phi * phi), 2 / 3) * Math.cbrt(n);
      const chosen = optimalBlockLength(ar1(phi, n, 7));
      expect(Math.abs(chosen / expected - 1)).toBeLessThan(0.1);
    }
  });

  it('is short on independent returns and grows with dependence', () => {
    const n = 20_000;
    const iid = optimalBlockLength(ar1(0, n, 3));
    expect(iid).toBeLessThan(5);
    expect(optimalBlockLength(ar1(0.3, n, 3))).toBeGreaterThan(iid);
    expect(optimalBlockLength(ar1(0.6, n, 3))).toBeGreaterThan(optimalBlockLength(ar1(0.3, n, 3)));
  });

  it('is one bar for a constant series (no dispersion, no dependence to keep)', () => {
    expect(optimalBlockLength(new Float64Array(100).fill(0.01))).toBe(1);
    expect(optimalBlockLength(F(0.01, 0.02, 0.03))).toBe(1);
  });
});

describe('the stationary bootstrap (Politis & Romano 1994)', () => {
  it('draws blocks of consecutive bars, wrapping, with the asked mean length', () => {
    const n = 200_000;
    const idx = new Int32Array(n);
    stationaryIndices(idx, 8, new Rng(11));
    let starts = 1;
    for (let t = 1; t < n; t++) {
      const next = idx[t - 1] + 1 === n ? 0 : idx[t - 1] + 1;
      if (idx[t] !== next) starts++;
    }
    // A new block starts with probability 1/8 (a jump to the very next bar is rare: 1/n).
    expect(n / starts).toBeGreaterThan(7.7);
    expect(n / starts).toBeLessThan(8.3);
    expect(idx.every((i) => i >= 0 && i < n)).toBe(true);
  });

  it('is reproducible from its seed', () => {
    const a = new Int32Array(50);
    const b = new Int32Array(50);
    stationaryIndices(a, 5, new Rng(1));
    stationaryIndices(b, 5, new Rng(1));
    expect(Array.from(a)).toEqual(Array.from(b));
    stationaryIndices(b, 5, new Rng(2));
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe('bootstrap intervals', () => {
  it('a constant return has a point interval: every resample is the same path', () => {
    // 1 % a bar for 10 bars over 2 years: CAGR = 1.01^(10/2) − 1; no volatility, no drawdown.
    const x = new Float64Array(10).fill(0.01);
    const u = bootstrapReturns({ strategy: x, years: 2, periodsPerYear: 5 }, { resamples: 50 });
    const cagr = Math.pow(1.01, 5) - 1;
    expect(u.cagr!.p05).toBeCloseTo(cagr, 12);
    expect(u.cagr!.p95).toBeCloseTo(cagr, 12);
    expect(u.volatility!.p50).toBeCloseTo(0, 9);
    expect(u.maxDrawdown!.p50).toBe(0);
    expect(u.sharpe).toBeNull();
    expect(u.vsBenchmark).toBeNull();
    expect(u.probBeatsBenchmark).toBeNull();
  });

  it('resamples strategy and benchmark on the same bars', () => {
    // The benchmark is the strategy: every difference is exactly zero and it never beats it.
    const rng = new Rng(5);
    const x = Float64Array.from({ length: 500 }, () => 0.001 + 0.01 * rng.normal());
    const u = bootstrapReturns({ strategy: x, benchmark: Float64Array.from(x), years: 2, periodsPerYear: 252 }, { resamples: 200 });
    for (const m of ['cagr', 'volatility', 'sharpe', 'maxDrawdown'] as const) expect(u.vsBenchmark![m]).toEqual({ p05: 0, p50: 0, p95: 0 });
    expect(u.probBeatsBenchmark).toBe(0);
    // Against its own Sharpe the PSR is one half.
    expect(u.psr.vsBenchmark).toBeCloseTo(0.5, 12);
  });

  it('a strategy that is the benchmark plus 1 % a bar beats it in every resample', () => {
    const rng = new Rng(6);
    const b = Float64Array.from({ length: 300 }, () => 0.01 * rng.normal());
    const s = b.map((v) => v + 0.01);
    const u = bootstrapReturns({ strategy: s, benchmark: b, years: 1.2, periodsPerYear: 252 }, { resamples: 100, block: 5 });
    expect(u.probBeatsBenchmark).toBe(1);
    expect(u.blockRule).toBe('fixed');
    expect(u.blockLength).toBe(5);
    expect(u.vsBenchmark!.cagr!.p05).toBeGreaterThan(0);
  });

  it('the same seed gives the same intervals; another seed, others', () => {
    const rng = new Rng(8);
    const x = Float64Array.from({ length: 400 }, () => 0.0005 + 0.01 * rng.normal());
    const run = (seed?: number) => bootstrapReturns({ strategy: x, years: 1.6, periodsPerYear: 252 }, { resamples: 100, seed });
    expect(run()).toEqual(run());
    expect(run(7).sharpe).not.toEqual(run().sharpe);
  });

  it('on i.i.d. normal returns the Sharpe interval agrees with Lo’s (2002) standard error within 15 %', () => {
    // Lo: for i.i.d. returns the per-bar Sharpe has variance (1 + SR²/2)/n; annualised, × P.
    // A normal 5–95 % interval spans 2 × 1.6449 standard errors.
    const n = 2520;
    const P = 252;
    const rng = new Rng(3);
    const x = Float64Array.from({ length: n }, () => 0.0004 + 0.01 * rng.normal());
    let mu = 0;
    for (const v of x) mu += v / n;
    let ss = 0;
    for (const v of x) ss += (v - mu) ** 2;
    const sr = mu / Math.sqrt(ss / (n - 1));
    const lo = Math.sqrt(((1 + (sr * sr) / 2) / n) * P);
    const u = bootstrapReturns({ strategy: x, years: 10, periodsPerYear: P }, { resamples: 2000 });
    const se = (u.sharpe!.p95 - u.sharpe!.p05) / (2 * 1.6448536269514722);
    expect(Math.abs(se / lo - 1)).toBeLessThan(0.15);
    // And the median sits near the measured Sharpe.
    expect(Math.abs(u.sharpe!.p50 - sr * Math.sqrt(P))).toBeLessThan(0.2 * lo);
  });

  it('percentiles interpolate and skip undefined values', () => {
    expect(interval(F(3, NaN, 1, 2, 5, 4))).toEqual({ p05: 1.2, p50: 3, p95: 4.8 });
    expect(interval(F(NaN, NaN))).toBeNull();
  });
});
