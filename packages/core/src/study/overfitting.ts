/**
 * How much of a sweep's best result is selection luck.
 *
 * Deflated Sharpe Ratio (Bailey & López de Prado 2014): the probability that the best
 * trial's Sharpe ratio beats the Sharpe ratio that the best of N trials would show by luck
 * alone, given the trials' Sharpe dispersion and the best trial's skew, kurtosis and length.
 *
 * Probability of Backtest Overfitting by combinatorially symmetric cross-validation
 * (Bailey, Borwein, López de Prado & Zhu 2017): the share of the ways to split the history
 * into halves in which the trial that is best on one half ranks at or below the median of
 * the trials on the other half.
 *
 * Both work on per-period (monthly) returns, not annualised figures.
 */
import { normalCdf, normalQuantile } from './normal.js';
import type { PboBlocks } from './pboBlocks.js';
import { pboCountsWasm } from './pboWasm.js';

export type { PboBlocks } from './pboBlocks.js';

/** Euler–Mascheroni constant. */
export const EULER_GAMMA = 0.5772156649015329;

export interface SeriesMoments {
  mean: number;
  /** Sample standard deviation (n - 1). */
  sd: number;
  /** Population skewness m3 / m2^1.5. */
  skew: number;
  /** Population kurtosis m4 / m2^2 (3 for a normal; not the excess). */
  kurtosis: number;
  count: number;
}

export function seriesMoments(x: ArrayLike<number>): SeriesMoments {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, sd, skew: m3 / Math.pow(m2, 1.5), kurtosis: m4 / (m2 * m2), count: n };
}

/**
 * The Sharpe ratio the best of `trials` independent trials reaches by luck when their true
 * Sharpe is 0 and their estimates vary with `variance` (False Strategy Theorem):
 * √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))). 0 for one trial.
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials <= 1 || !(variance > 0)) return 0;
  return Math.sqrt(variance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * Probabilistic Sharpe Ratio: P(true Sharpe > benchmark) for an observed per-period Sharpe
 * `sharpe` over `count` returns of the given skew and (non-excess) kurtosis:
 * Φ((SR − SR₀) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²)).
 */
export function probabilisticSharpe(sharpe: number, benchmark: number, count: number, skew: number, kurtosis: number): number | null {
  const denominator = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(denominator > 0) || count < 2) return null;
  const p = normalCdf(((sharpe - benchmark) * Math.sqrt(count - 1)) / Math.sqrt(denominator));
  return Number.isFinite(p) ? p : null;
}

export interface DeflatedSharpe {
  /** The probability itself (null when undefined: too few returns, no dispersion in the best's returns). */
  value: number | null;
  /** The best trial's per-period Sharpe ratio. */
  sharpe: number;
  /** The Sharpe ratio the best of N would reach by luck. */
  expectedMax: number;
  /** Variance of the trials' per-period Sharpe ratios. */
  variance: number;
  trials: number;
}

/**
 * Deflated Sharpe Ratio of trial `best` among the columns of `returns` (one array per trial,
 * same periods). N is the number of trials; trials of a grid are correlated, so N overstates
 * the independent ones, which makes the figure conservative (a lower probability).
 */
export function deflatedSharpe(returns: readonly ArrayLike<number>[], best: number): DeflatedSharpe {
  const sharpes = returns.map((r) => {
    const m = seriesMoments(r);
    return m.sd > 0 ? m.mean / m.sd : 0;
  });
  const n = sharpes.length;
  let mean = 0;
  for (const s of sharpes) mean += s;
  mean /= n;
  let variance = 0;
  for (const s of sharpes) variance += (s - mean) * (s - mean);
  variance = n > 1 ? variance / (n - 1) : 0;
  const m = seriesMoments(returns[best]);
  const sharpe = m.sd > 0 ? m.mean / m.sd : NaN;
  const expectedMax = expectedMaxSharpe(n, variance);
  const value = Number.isFinite(sharpe) ? probabilisticSharpe(sharpe, expectedMax, m.count, m.skew, m.kurtosis) : null;
  return { value, sharpe, expectedMax, variance, trials: n };
}

export interface PboResult {
  /** Share of splits whose in-sample best is at or below the out-of-sample median (null when undefined). */
  value: number | null;
  /** Number of splits: C(S, S/2). */
  splits: number;
  blocks: number;
  /** The logit of the in-sample best's out-of-sample relative rank, per split. */
  logits: Float64Array;
}

/**
 * PBO by CSCV. `returns[i]` are trial i's per-period returns (all the same length T); undefined
 * (null) with fewer than 2 trials, fewer than two periods per block, or trials that all return the same. The T
 * rows are cut into `blocks` contiguous blocks of sizes differing by at most one; for every
 * choice of half the blocks as the training set, the trial with the highest Sharpe ratio on
 * it is ranked by Sharpe ratio on the other half (splits in revolving-door order): relative rank ω = rank / (N + 1) (ties
 * share their mean rank), logit λ = ln(ω / (1 − ω)); PBO is the share of splits with λ ≤ 0.
 * The reference; pboBlocks, pboSteps and pboJoin are its parts, for threads.
 */
export function pbo(returns: readonly ArrayLike<number>[], blocks = 16): PboResult {
  const b = pboBlocks(returns, blocks);
  return b ? pboJoin(b, [pboSteps(b, 0, pboStepCount(blocks))]) : undefinedPbo(blocks);
}

/** PBO with nothing to compute (see pbo). */
export function undefinedPbo(blocks: number): PboResult {
  return { value: null, splits: 0, blocks, logits: new Float64Array(0) };
}

/** The block sums of pbo's input; null when PBO is undefined (see pbo). */
export function pboBlocks(returns: readonly ArrayLike<number>[], blocks = 16): PboBlocks | null {
  const n = returns.length;
  const T = n ? returns[0].length : 0;
  if (n < 2 || blocks % 2 !== 0 || T < 2 * blocks || allAlike(returns)) return null;
  const sum = new Float64Array(blocks * n);
  const sq = new Float64Array(blocks * n);
  const count = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const from = Math.floor((b * T) / blocks);
    const to = Math.floor(((b + 1) * T) / blocks);
    count[b] = to - from;
    for (let i = 0; i < n; i++) {
      const r = returns[i];
      let s = 0;
      let q = 0;
      for (let t = from; t < to; t++) {
        s += r[t];
        q += r[t] * r[t];
      }
      sum[b * n + i] = s;
      sq[b * n + i] = q;
    }
  }
  const totalSum = new Float64Array(n);
  const totalSq = new Float64Array(n);
  for (let b = 0; b < blocks; b++)
    for (let i = 0; i < n; i++) {
      totalSum[i] += sum[b * n + i];
      totalSq[i] += sq[b * n + i];
    }
  return { trials: n, periods: T, blocks, count, sum, sq, totalSum, totalSq };
}

/**
 * The splits in revolving-door order. A split and its complement share their two halves
 * (one's training half is the other's test half), so the splits that train on the last
 * block — the second half of the order, itself a revolving-door run — are walked, and each
 * step scores both halves once and serves two splits: C(blocks, blocks/2) / 2 steps.
 */
export function pboStepCount(blocks: number): number {
  return doorOf(blocks).length / 2;
}

/** What pboSteps gives for steps from..to − 1. */
export interface PboSteps {
  from: number;
  to: number;
  /** Per step k: the logit of the split it walks at [2k], of its complement at [2k + 1]. */
  logits: Float64Array;
  /** How many of those logits are ≤ 0. */
  below: number;
}

/**
 * Steps from..to − 1 of the walk (see pboStepCount). Each step swaps one block in and one
 * out, so the training sums are updated, not recomputed. A part that starts later first
 * replays the updates of the steps before it (without scoring them): floating-point sums
 * depend on their order, and only the same additions in the same order give the same sums —
 * so any split of the steps into parts gives exactly the logits of one walk. The walk runs in
 * WebAssembly where it can (pboWasm.ts), else in JavaScript (pboStepsScalar): same numbers.
 */
export function pboSteps(p: PboBlocks, from: number, to: number): PboSteps {
  const masks = doorOf(p.blocks);
  const first = masks.length / 2;
  if (!(0 <= from && from <= to && to <= first)) throw new Error(`PBO steps: expected a range within 0..${first}, found ${from}..${to}`);
  const counts = pboCountsWasm(p, masks, from, to);
  if (!counts) return pboStepsScalar(p, from, to);
  // The same logits, from the same counts, as the JavaScript walk below makes.
  const logits = new Float64Array(2 * (to - from));
  let below = 0;
  for (let k = 0; k < logits.length; k++) {
    logits[k] = rankLogit(counts[2 * k], counts[2 * k + 1], p.trials);
    if (logits[k] <= 0) below++;
  }
  return { from, to, logits, below };
}

/**
 * pboSteps in JavaScript, one trial at a time: the reference that the WebAssembly kernel
 * (pboWasm.ts, pboSteps.wat) computes the same numbers as, and what runs where it cannot.
 */
export function pboStepsScalar(p: PboBlocks, from: number, to: number): PboSteps {
  const { trials: n, periods: T, count, sum, sq, totalSum, totalSq } = p;
  const masks = doorOf(p.blocks);
  const first = masks.length / 2;
  if (!(0 <= from && from <= to && to <= first)) throw new Error(`PBO steps: expected a range within 0..${first}, found ${from}..${to}`);
  const trainSum = new Float64Array(n);
  const trainSq = new Float64Array(n);
  const trainScore = new Float64Array(n);
  const testScore = new Float64Array(n);
  let trainCount = 0;
  for (let b = 0; b < p.blocks; b++)
    if (masks[first] & (1 << b)) {
      trainCount += count[b];
      for (let i = 0; i < n; i++) {
        trainSum[i] += sum[b * n + i];
        trainSq[i] += sq[b * n + i];
      }
    }
  const logits = new Float64Array(2 * (to - from));
  let below = 0;
  for (let c = first; c < first + to; c++) {
    if (c > first) {
      const out = masks[c - 1] & ~masks[c];
      const into = masks[c] & ~masks[c - 1];
      const bo = 31 - Math.clz32(out);
      const bi = 31 - Math.clz32(into);
      trainCount += count[bi] - count[bo];
      const ro = bo * n;
      const ri = bi * n;
      for (let i = 0; i < n; i++) {
        trainSum[i] += sum[ri + i] - sum[ro + i];
        trainSq[i] += sq[ri + i] - sq[ro + i];
      }
    }
    if (c < first + from) continue;
    const testCount = T - trainCount;
    // Within one half every trial has the same count c, so ranking by s|s| / (c·Σx² − s²) is
    // ranking by Sharpe ratio (its square, signed, times (c − 1)/c) — no root, one division.
    let bestTrain = 0;
    let bestTest = 0;
    for (let i = 0; i < n; i++) {
      const s = trainSum[i];
      const a = scoreOf(s, trainCount * trainSq[i] - s * s);
      trainScore[i] = a;
      if (a > trainScore[bestTrain]) bestTrain = i;
      const st = totalSum[i] - s;
      const b = scoreOf(st, testCount * (totalSq[i] - trainSq[i]) - st * st);
      testScore[i] = b;
      if (b > testScore[bestTest]) bestTest = i;
    }
    const lambda = splitLogit(testScore, testScore[bestTrain], n);
    const mirror = splitLogit(trainScore, trainScore[bestTest], n);
    const k = 2 * (c - first - from);
    logits[k] = lambda;
    logits[k + 1] = mirror;
    if (lambda <= 0) below++;
    if (mirror <= 0) below++;
  }
  return { from, to, logits, below };
}

/** PBO from parts that cover the steps once each, in any order (a gap or an overlap throws). */
export function pboJoin(p: PboBlocks, parts: readonly PboSteps[]): PboResult {
  const masks = doorOf(p.blocks);
  const first = masks.length / 2;
  const full = (1 << p.blocks) - 1;
  const position = new Int32Array(full + 1).fill(-1);
  for (let c = 0; c < masks.length; c++) position[masks[c]] = c;
  const logits = new Float64Array(masks.length);
  let below = 0;
  let next = 0;
  for (const part of [...parts].sort((a, b) => a.from - b.from || a.to - b.to)) {
    if (part.from !== next || part.to < part.from) throw new Error(`PBO parts: expected steps from ${next}, found ${part.from}..${part.to}`);
    for (let c = first + part.from; c < first + part.to; c++) {
      const k = 2 * (c - first - part.from);
      logits[c] = part.logits[k];
      logits[position[full & ~masks[c]]] = part.logits[k + 1];
    }
    below += part.below;
    next = part.to;
  }
  if (next !== first) throw new Error(`PBO parts: expected steps up to ${first}, found up to ${next}`);
  return { value: below / masks.length, splits: masks.length, blocks: p.blocks, logits };
}

/**
 * The step ranges of `parts` parts that take about the same time: a later part also replays
 * the updates before it (pboSteps), at about REPLAY of a scored step each, so later parts get
 * fewer steps. Only the speed depends on this; the result is the same for any ranges.
 */
export function pboRanges(blocks: number, parts: number): [number, number][] {
  const steps = pboStepCount(blocks);
  // Part j starting at a_j costs REPLAY·a_j + (a_{j+1} − a_j) = C, so a_{j+1} = (1 − REPLAY)·a_j + C:
  // C is set so that the last part ends at the last step.
  const keep = 1 - REPLAY;
  let reach = 0;
  for (let j = 0; j < parts; j++) reach = keep * reach + 1;
  const cost = steps / reach;
  const ranges: [number, number][] = [];
  let a = 0;
  for (let j = 0; j < parts; j++) {
    const b = j === parts - 1 ? steps : Math.min(steps, Math.round(keep * a + cost));
    ranges.push([a, b]);
    a = b;
  }
  return ranges;
}

/** A replayed step's share of a scored one's time (measured: about 0.2 with 1,124 trials and 16 blocks). */
const REPLAY = 0.2;

/** revolvingDoor(blocks, blocks / 2), built once per block count. */
const doors = new Map<number, Int32Array>();
function doorOf(blocks: number): Int32Array {
  let d = doors.get(blocks);
  if (!d) doors.set(blocks, (d = revolvingDoor(blocks, blocks / 2)));
  return d;
}

/**
 * True when every trial has the same returns as the first: nothing to choose between, so no
 * choice can be overfitted (every split would tie at the median and count as overfitting).
 */
function allAlike(returns: readonly ArrayLike<number>[]): boolean {
  const first = returns[0];
  for (let i = 1; i < returns.length; i++) {
    const r = returns[i];
    for (let t = 0; t < first.length; t++) if (!Object.is(r[t], first[t])) return false;
  }
  return true;
}

/**
 * Every k-subset of n blocks as a bit mask, in revolving-door order (Gray code for
 * combinations): R(n, k) = R(n−1, k) then R(n−1, k−1) reversed with block n−1 added.
 */
export function revolvingDoor(n: number, k: number): Int32Array {
  const out = new Int32Array(binomial(n, k));
  fillDoor(n, k, false, 0, out, 0);
  return out;
}

/**
 * Writes R(n, k) (reversed when `reversed`), each mask OR `bits`, into out from `at`; returns
 * where it stopped. Reversing the recursion — reverse(R(n, k)) = reverse(R(n−1, k−1))
 * reversed with block n−1 added, then reverse(R(n−1, k)) — builds no intermediate arrays:
 * the list-building version took ~15–25 ms for 16 blocks, paid by every thread of a sweep.
 */
function fillDoor(n: number, k: number, reversed: boolean, bits: number, out: Int32Array, at: number): number {
  if (k === 0 || k === n) {
    out[at] = k === 0 ? bits : bits | ((1 << n) - 1);
    return at + 1;
  }
  const top = bits | (1 << (n - 1));
  if (!reversed) return fillDoor(n - 1, k - 1, true, top, out, fillDoor(n - 1, k, false, bits, out, at));
  return fillDoor(n - 1, k, true, bits, out, fillDoor(n - 1, k - 1, false, top, out, at));
}

/** C(n, k), exact for the block counts PBO uses. */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** s|s| / d, the signed square of a Sharpe ratio up to a factor common to the half; ±Infinity or 0 without dispersion. */
function scoreOf(s: number, d: number): number {
  return d > 0 ? (s * Math.abs(s)) / d : s > 0 ? Infinity : s < 0 ? -Infinity : 0;
}

/** The logit of the relative rank of `target` among the n scores (ties share their mean rank). */
function splitLogit(scores: Float64Array, target: number, n: number): number {
  let less = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (v < target) less++;
    else if (v === target) equal++;
  }
  return rankLogit(less, equal, n);
}

/** ln(ω / (1 − ω)) for ω = (less + (equal + 1) / 2) / (n + 1): `less` of n scores below, `equal` tied. */
function rankLogit(less: number, equal: number, n: number): number {
  const omega = (less + (equal + 1) / 2) / (n + 1);
  return Math.log(omega / (1 - omega));
}

/** Calls f with every k-subset of 0..n-1, in lexicographic order. */
export function forEachHalf(n: number, k: number, f: (chosen: Int32Array) => void): void {
  const c = Int32Array.from({ length: k }, (_, i) => i);
  for (;;) {
    f(c);
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i]++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  }
}
