/**
 * The automatic mean block length of the stationary bootstrap: Politis & White (2004), with
 * the correction of Patton, Politis & White (2009), following the authors' reference code.
 *
 *  1. Autocovariances R(k) = (1/n) Σ (x_t − x̄)(x_{t+k} − x̄) and autocorrelations ρ(k).
 *  2. m̂: the first lag m ≥ 1 from which K_N = max(5, √log10 n) lags in a row are all
 *     insignificant, |ρ| < 2·√(log10 n / n) (Politis 2003); when there is no such run,
 *     the last significant lag. M = min(2·m̂, m_max) with m_max = ⌈√n⌉ + K_N.
 *  3. With the flat-top kernel λ(s) = 1 for |s| ≤ ½, 2(1 − |s|) for ½ < |s| ≤ 1:
 *       G = Σ_{|k|≤M} λ(k/M)·|k|·R(k),   ĝ = Σ_{|k|≤M} λ(k/M)·R(k),   D_SB = 2ĝ²  (the 2009 fix),
 *       b* = (2G² / D_SB)^{1/3} · n^{1/3},
 *     kept within [1, ⌈min(3√n, n/3)⌉].
 */
export function optimalBlockLength(x: Float64Array): number {
  const n = x.length;
  if (n < 4) return 1;
  let mu = 0;
  for (let t = 0; t < n; t++) mu += x[t];
  mu /= n;
  const kn = Math.max(5, Math.sqrt(Math.log10(n)));
  const knInt = Math.ceil(kn);
  const mMax = Math.ceil(Math.sqrt(n)) + knInt;
  const bMax = Math.ceil(Math.min(3 * Math.sqrt(n), n / 3));
  const lags = Math.min(mMax, n - 1);
  const acov = new Float64Array(lags + 1);
  for (let k = 0; k <= lags; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t] - mu) * (x[t + k] - mu);
    acov[k] = s / n;
  }
  // Dispersion below 1e-12 a bar is floating-point noise (a constant series): no dependence.
  if (!(acov[0] > 1e-24)) return 1;
  const critical = 2 * Math.sqrt(Math.log10(n) / n);
  const insignificant = (k: number) => Math.abs(acov[k] / acov[0]) < critical;

  let mHat = -1;
  for (let m = 1; m + knInt - 1 <= lags && mHat < 0; m++) {
    let quiet = true;
    for (let k = m; k < m + knInt && quiet; k++) quiet = insignificant(k);
    if (quiet) mHat = m;
  }
  if (mHat < 0) {
    // No quiet run: the last significant lag (every lag is significant → m_max).
    mHat = 1;
    for (let k = lags; k >= 1; k--)
      if (!insignificant(k)) {
        mHat = k;
        break;
      }
  }
  const M = Math.min(2 * mHat, lags);
  let G = 0;
  let g = acov[0];
  for (let k = 1; k <= M; k++) {
    const s = k / M;
    const lambda = s <= 0.5 ? 1 : 2 * (1 - s);
    G += 2 * lambda * k * acov[k];
    g += 2 * lambda * acov[k];
  }
  const dSB = 2 * g * g;
  if (!(dSB > 0)) return 1;
  const b = Math.cbrt((2 * G * G) / dSB) * Math.cbrt(n);
  return Math.min(Math.max(b, 1), bMax);
}
