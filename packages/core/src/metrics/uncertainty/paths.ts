/**
 * Measures resampled return paths: the hot loop of the bootstrap. Each call reads one
 * resample's bar indices and writes the path's CAGR, volatility, Sharpe, max drawdown and
 * Calmar at position k of preallocated columns.
 */
import { NOISE_FLOOR } from '../stats.js';

export interface PathColumns {
  cagr: Float64Array;
  volatility: Float64Array;
  sharpe: Float64Array;
  maxDrawdown: Float64Array;
  calmar: Float64Array;
}

export function pathColumns(resamples: number): PathColumns {
  return {
    cagr: new Float64Array(resamples),
    volatility: new Float64Array(resamples),
    sharpe: new Float64Array(resamples),
    maxDrawdown: new Float64Array(resamples),
    calmar: new Float64Array(resamples),
  };
}

export interface PathInput {
  /** One-bar returns. */
  returns: Float64Array;
  /** The risk-free return of the same bars (zeros where there is none). */
  riskFree: Float64Array;
  /** Calendar years the measured curve spans (the resampled path spans the same). */
  years: number;
  periodsPerYear: number;
}


export function measurePath(input: PathInput, idx: Int32Array, out: PathColumns, k: number, shift: number, shiftExcess: number): void {
  const { returns: r, riskFree: rf, years, periodsPerYear } = input;
  const n = idx.length;
  let equity = 1;
  let peak = 1;
  let worst = 0;
  // Sums of deviations from the full sample's means: no cancellation in the variance.
  let s = 0;
  let ss = 0;
  let e = 0;
  let ee = 0;
  for (let t = 0; t < n; t++) {
    const i = idx[t];
    const x = r[i];
    equity *= 1 + x;
    if (equity <= 0) equity = 0; // ruin: nothing left to lose
    if (equity > peak) peak = equity;
    else {
      const d = equity / peak - 1;
      if (d < worst) worst = d;
    }
    const dx = x - shift;
    s += dx;
    ss += dx * dx;
    const ex = x - rf[i] - shiftExcess;
    e += ex;
    ee += ex * ex;
  }
  const sd = n > 1 ? Math.sqrt(Math.max(0, (ss - (s * s) / n) / (n - 1))) : NaN;
  const sdEx = n > 1 ? Math.sqrt(Math.max(0, (ee - (e * e) / n) / (n - 1))) : NaN;
  const cagr = years > 0 ? (equity > 0 ? Math.pow(equity, 1 / years) - 1 : -1) : NaN;
  out.cagr[k] = cagr;
  out.volatility[k] = sd * Math.sqrt(periodsPerYear);
  out.sharpe[k] = sdEx > NOISE_FLOOR ? ((shiftExcess + e / n) / sdEx) * Math.sqrt(periodsPerYear) : NaN;
  out.maxDrawdown[k] = worst;
  out.calmar[k] = worst < 0 ? cagr / -worst : NaN;
}
