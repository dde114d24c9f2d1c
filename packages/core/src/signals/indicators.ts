/**
 * Indicator kernels over calendar columns: one value per bar, NaN = undefined.
 *
 * Every kernel reads only bars at or before the bar it writes (no look-ahead) and allocates
 * nothing per bar beyond its output (and, for a few, one scratch array per call).
 * Window rule: a window of n bars that contains any NaN gives NaN, and so do the first n-1
 * bars (warm-up). Windows `n` are positive integers; the compiler checks them for the user,
 * the kernels throw RangeError as a guard for programmers.
 */

function checkWindow(n: number, min = 1): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`window must be an integer >= ${min}, got ${n}`);
}

function nans(length: number): Float64Array {
  return new Float64Array(length).fill(NaN);
}

/** lag(x, n): the value n bars ago, x[t-n]. */
export function lag(x: Float64Array, n: number): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  for (let t = n; t < x.length; t++) out[t] = x[t - n];
  return out;
}

/** change(x, n): x[t] - x[t-n]. */
export function change(x: Float64Array, n: number): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  for (let t = n; t < x.length; t++) out[t] = x[t] - x[t - n];
  return out;
}

/** ret(x, n): simple return over n bars, x[t] / x[t-n] - 1; undefined when x[t-n] is 0. */
export function ret(x: Float64Array, n: number): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  for (let t = n; t < x.length; t++) {
    const base = x[t - n];
    out[t] = base === 0 ? NaN : x[t] / base - 1;
  }
  return out;
}

/**
 * sma(x, n): mean of the last n values. O(n) with a compensated (Neumaier) rolling sum, so
 * adding and removing values thousands of times does not drift. When the last n values are all
 * equal (a monthly series carried forward on a daily calendar) the result is that value
 * exactly, so `x > sma(x, n)` is false on a flat stretch instead of depending on rounding.
 */
export function sma(x: Float64Array, n: number): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  // The Neumaier steps are written out in the loop: a closure writing `sum` and `comp` would
  // keep them in a heap context, which made this kernel ten times slower.
  let sum = 0;
  let comp = 0;
  let lastNaN = -1;
  let run = 0; // how many bars in a row equal their predecessor, ending at t
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (v !== v) lastNaN = t;
    else {
      const s = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - s + v : v - s + sum;
      sum = s;
    }
    if (t >= n) {
      const old = x[t - n];
      if (old === old) {
        const o = -old;
        const s = sum + o;
        comp += Math.abs(sum) >= Math.abs(o) ? sum - s + o : o - s + sum;
        sum = s;
      }
    }
    run = t > 0 && v === x[t - 1] ? run + 1 : 0;
    if (t - lastNaN < n || t < n - 1) continue;
    out[t] = run >= n - 1 ? v : (sum + comp) / n;
  }
  return out;
}

/**
 * ema(x, n): exponential moving average with alpha = 2/(n+1). Seeded with the mean of the
 * first n consecutive defined values (so it starts on the bar where sma(x, n) does, with the
 * same value); NaN before. An undefined bar gives NaN and restarts the seeding, the same
 * "a gap makes the window undefined" rule as the other kernels.
 */
export function ema(x: Float64Array, n: number): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  const alpha = 2 / (n + 1);
  let prev = NaN;
  let count = 0;
  let ref = 0; // first value of the seeding run: summing deviations keeps a flat seed exact
  let dev = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (v !== v) {
      prev = NaN;
      count = 0;
      continue;
    }
    if (prev === prev) {
      prev += alpha * (v - prev);
      out[t] = prev;
      continue;
    }
    if (count === 0) {
      ref = v;
      dev = 0;
    }
    dev += v - ref;
    count++;
    if (count === n) {
      prev = ref + dev / n;
      out[t] = prev;
    }
  }
  return out;
}

/**
 * Mean and sample standard deviation (n-1) of each window of n bars. Two passes per window
 * (O(n·window)) because a rolling sum of squares loses digits on price levels; a window of
 * identical values has a standard deviation of exactly 0.
 */
export function rollingMeanStd(x: Float64Array, n: number): { mean: Float64Array; sd: Float64Array } {
  checkWindow(n, 2);
  const mean = nans(x.length);
  const sd = nans(x.length);
  let lastNaN = -1;
  for (let t = 0; t < x.length; t++) {
    if (x[t] !== x[t]) lastNaN = t;
    if (t - lastNaN < n || t < n - 1) continue;
    const ref = x[t];
    let dev = 0;
    let flat = true;
    for (let i = t - n + 1; i <= t; i++) {
      const d = x[i] - ref;
      dev += d;
      if (d !== 0) flat = false;
    }
    if (flat) {
      mean[t] = ref;
      sd[t] = 0;
      continue;
    }
    const m = ref + dev / n;
    let ss = 0;
    let s = 0;
    for (let i = t - n + 1; i <= t; i++) {
      const d = x[i] - m;
      ss += d * d;
      s += d;
    }
    // The corrected two-pass formula: subtracting s²/n removes the rounding error of m.
    mean[t] = m;
    sd[t] = Math.sqrt(Math.max(0, (ss - (s * s) / n) / (n - 1)));
  }
  return { mean, sd };
}

/**
 * vol(x, n, periodsPerYear): annualised volatility, the sample standard deviation (n-1) of the
 * last n one-bar simple returns x[i]/x[i-1]-1, times sqrt(periodsPerYear). Reads n+1 values
 * x[t-n..t]; n >= 2. A zero price makes the return, and so the window, undefined.
 */
export function vol(x: Float64Array, n: number, periodsPerYear: number): Float64Array {
  checkWindow(n, 2);
  const r = ret(x, 1);
  const { sd } = rollingMeanStd(r, n);
  const scale = Math.sqrt(periodsPerYear);
  for (let t = 0; t < sd.length; t++) sd[t] *= scale;
  return sd;
}

/**
 * zscore(x, n): (x[t] - mean) / sample standard deviation of the last n values (today
 * included); n >= 2. Undefined when the window has no dispersion (0/0).
 */
export function zscore(x: Float64Array, n: number): Float64Array {
  const { mean, sd } = rollingMeanStd(x, n);
  const out = mean; // reuse: mean[t] is read before out[t] is written
  for (let t = 0; t < x.length; t++) {
    const s = sd[t];
    out[t] = s === 0 || s !== s ? NaN : (x[t] - mean[t]) / s;
  }
  return out;
}

/** Largest (isMax) or smallest value of the last n bars: a monotonic deque, O(n). */
function rollingExtreme(x: Float64Array, n: number, isMax: boolean): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  const dq = new Int32Array(n); // ring buffer of bar indices, values monotonic from head
  let head = 0;
  let size = 0;
  let lastNaN = -1;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (v !== v) {
      lastNaN = t;
      size = 0;
      continue;
    }
    if (size > 0 && dq[head] <= t - n) {
      head = (head + 1) % n;
      size--;
    }
    while (size > 0) {
      const back = x[dq[(head + size - 1) % n]];
      if (isMax ? back > v : back < v) break;
      size--;
    }
    dq[(head + size) % n] = t;
    size++;
    if (t - lastNaN >= n && t >= n - 1) out[t] = x[dq[head]];
  }
  return out;
}

/** rolling_max(x, n): the largest of the last n values. */
export function rollingMax(x: Float64Array, n: number): Float64Array {
  return rollingExtreme(x, n, true);
}

/** rolling_min(x, n): the smallest of the last n values. */
export function rollingMin(x: Float64Array, n: number): Float64Array {
  return rollingExtreme(x, n, false);
}

/**
 * drawdown(x): x[t] / (largest x so far) - 1, so 0 at a new high and negative below it.
 * The running peak covers all defined bars so far (bars before the series starts are skipped,
 * not a reason to stay undefined forever); a NaN bar gives NaN; undefined while the peak
 * is not positive (a ratio to a non-positive peak means nothing).
 */
export function drawdown(x: Float64Array): Float64Array {
  const out = nans(x.length);
  let peak = -Infinity;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (v !== v) continue;
    if (v > peak) peak = v;
    if (peak > 0) out[t] = v / peak - 1;
  }
  return out;
}

/**
 * percentile(x, n): the share of the last n values (today included) that are <= today's value:
 * count(x[i] <= x[t] for i in t-n+1..t) / n. So it lies in [1/n, 1]: 1 at a window high, 1/n
 * at a strict window low; ties count as <=, so a flat window gives 1. O(n·window).
 */
export function percentile(x: Float64Array, n: number): Float64Array {
  checkWindow(n);
  const out = nans(x.length);
  let lastNaN = -1;
  for (let t = 0; t < x.length; t++) {
    if (x[t] !== x[t]) lastNaN = t;
    if (t - lastNaN < n || t < n - 1) continue;
    const v = x[t];
    let below = 0;
    for (let i = t - n + 1; i <= t; i++) if (x[i] <= v) below++;
    out[t] = below / n;
  }
  return out;
}

/**
 * cross_above(a, b): 1 on a bar where a > b and on the previous bar a <= b, else 0.
 * Undefined on the first bar and wherever a or b is undefined on this bar or the previous one.
 */
export function crossAbove(a: Float64Array, b: Float64Array): Float64Array {
  return cross(a, b, true);
}

/** cross_below(a, b): 1 on a bar where a < b and on the previous bar a >= b, else 0. */
export function crossBelow(a: Float64Array, b: Float64Array): Float64Array {
  return cross(a, b, false);
}

function cross(a: Float64Array, b: Float64Array, above: boolean): Float64Array {
  const out = nans(a.length);
  for (let t = 1; t < a.length; t++) {
    const a0 = a[t - 1];
    const b0 = b[t - 1];
    const a1 = a[t];
    const b1 = b[t];
    if (a0 !== a0 || b0 !== b0 || a1 !== a1 || b1 !== b1) continue;
    out[t] = above ? (a1 > b1 && a0 <= b0 ? 1 : 0) : a1 < b1 && a0 >= b0 ? 1 : 0;
  }
  return out;
}
