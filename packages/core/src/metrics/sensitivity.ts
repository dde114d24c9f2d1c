/**
 * How an asset's return over the next `horizon` bars depends on a signal's value today:
 * the OLS slope (return per unit of signal), correlation, and the mean forward return at
 * each signal level when the signal takes few values (a score). Samples are taken every
 * `horizon` bars so forward returns do not overlap. Ex-post analysis: it reads future
 * prices by design and never feeds a trading decision.
 *
 * `samples` is the number of observations. t-statistics are the plain OLS ones, which assume
 * independent, equally noisy observations (non-overlapping samples help; fat tails do not):
 * the slope's is beta / √(residual variance (n − 2) / Σ(x − x̄)²); a level's is its mean
 * forward return over its standard error, mean / (sd / √k).
 */
export interface Sensitivity {
  asset: string;
  signal: string;
  horizon: number;
  samples: number;
  beta: number | null;
  /** The slope's t-statistic (null with fewer than three samples or a perfect fit). */
  tStat: number | null;
  correlation: number | null;
  byLevel: { level: number; samples: number; meanReturn: number; tStat: number | null }[] | null;
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
            return { level, samples: rs.length, meanReturn: rs.reduce((a, b) => a + b, 0) / rs.length, tStat: meanTStat(rs) };
          })
      : null;
  // A constant signal has no slope: rounding leaves sxx a tiny positive number, so test the levels.
  const beta = n > 2 && levels.size > 1 && sxx > 0 ? sxy / sxx : null;
  const residual = beta === null ? 0 : (syy - beta * sxy) / (n - 2);
  return {
    asset,
    signal,
    horizon,
    samples: n,
    beta,
    // A residual of rounding noise is a perfect fit: an infinite t, shown as none.
    tStat: beta !== null && residual > 1e-12 * syy ? finiteOrNull(beta / Math.sqrt(residual / sxx)) : null,
    correlation: n > 2 && levels.size > 1 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null,
    byLevel,
  };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Mean over its standard error (sample sd, n − 1); null below two values or with no spread. */
function meanTStat(xs: number[]): number | null {
  const k = xs.length;
  if (k < 2) return null;
  const mu = xs.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (k - 1));
  return sd > 0 ? finiteOrNull(mu / (sd / Math.sqrt(k))) : null;
}
