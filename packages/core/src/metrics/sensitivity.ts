/**
 * How an asset's return over the next `horizon` bars depends on a signal's value today:
 * the OLS slope (return per unit of signal), correlation, and the mean forward return at
 * each signal level when the signal takes few values (a score). Samples are taken every
 * `horizon` bars so forward returns do not overlap. Ex-post analysis: it reads future
 * prices by design and never feeds a trading decision.
 */
export interface Sensitivity {
  asset: string;
  signal: string;
  horizon: number;
  samples: number;
  beta: number | null;
  correlation: number | null;
  byLevel: { level: number; samples: number; meanReturn: number }[] | null;
}

export function sensitivity(asset: string, signal: string, horizon: number, prices: Float64Array, values: Float64Array): Sensitivity {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = 0; t + horizon < prices.length; t += horizon) {
    const x = values[t];
    const p0 = prices[t];
    const p1 = prices[t + horizon];
    if (x === x && p0 > 0 && p1 > 0) {
      xs.push(x);
      ys.push(p1 / p0 - 1);
    }
  }
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] / n;
    my += ys[i] / n;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  const levels = new Set(xs);
  const byLevel =
    n > 0 && levels.size <= 10
      ? [...levels]
          .sort((a, b) => a - b)
          .map((level) => {
            const rs = ys.filter((_, i) => xs[i] === level);
            return { level, samples: rs.length, meanReturn: rs.reduce((a, b) => a + b, 0) / rs.length };
          })
      : null;
  return {
    asset,
    signal,
    horizon,
    samples: n,
    // A constant signal has no slope: rounding leaves sxx a tiny positive number, so test the levels.
    beta: n > 2 && levels.size > 1 && sxx > 0 ? sxy / sxx : null,
    correlation: n > 2 && levels.size > 1 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null,
    byLevel,
  };
}
