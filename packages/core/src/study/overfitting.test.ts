import { describe, expect, it } from 'vitest';
import { seededUniforms } from './seededUniforms.js';
import { normalCdf, normalQuantile } from './normal.js';
import { EULER_GAMMA, deflatedSharpe, expectedMaxSharpe, forEachHalf, pbo, probabilisticSharpe, revolvingDoor, seriesMoments } from './overfitting.js';

/** Seeded normal draws (Box–Muller), so the cases are fixed. */
function normals(seed: number) {
  const uniform = seededUniforms(seed);
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform());
}

describe('the normal distribution', () => {
  it('matches tabulated values of Φ and Φ⁻¹ to 1e-13', () => {
    // Values from a table of the standard normal (Python's statistics.NormalDist).
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517796, 13);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 13);
    expect(normalCdf(-2)).toBeCloseTo(0.02275013194817921, 13);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446008, 12);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 12);
    expect(normalQuantile(1 - 1 / (100 * Math.E))).toBeCloseTo(2.680210444966887, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
  });
});

describe('Deflated Sharpe Ratio, piece by piece', () => {
  it('moments: mean, sample sd, population skew and (non-excess) kurtosis', () => {
    // x = 1, 2, 3, 6: mean 3; deviations -2, -1, 0, 3; Σd² = 14, Σd³ = 18, Σd⁴ = 98.
    const m = seriesMoments([1, 2, 3, 6]);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(14 / 3), 14);
    expect(m.skew).toBeCloseTo(18 / 4 / Math.pow(14 / 4, 1.5), 14);
    expect(m.kurtosis).toBeCloseTo(98 / 4 / (14 / 4) ** 2, 14);
  });

  it('the expected maximum Sharpe of N trials by luck: √V ((1−γ) Φ⁻¹(1−1/N) + γ Φ⁻¹(1−1/(Ne)))', () => {
    // N = 100, V = 0.01: 0.1 × (0.42278… × 2.32635… + 0.57722… × 2.68021…) = 0.25306…
    expect(EULER_GAMMA).toBeCloseTo(0.5772156649015329, 15);
    const byHand = 0.1 * ((1 - 0.5772156649015329) * 2.3263478740408408 + 0.5772156649015329 * 2.680210444966887);
    expect(byHand).toBeCloseTo(0.2530602893201685, 14);
    expect(expectedMaxSharpe(100, 0.01)).toBeCloseTo(byHand, 12);
    expect(expectedMaxSharpe(1, 0.01)).toBe(0); // one trial: no selection
    expect(expectedMaxSharpe(100, 0)).toBe(0); // no dispersion: nothing to select
  });

  it('the probabilistic Sharpe ratio: Φ((SR−SR₀)√(T−1)/√(1−γ₃SR+(γ₄−1)/4·SR²))', () => {
    // SR 0.2, SR₀ 0.1, T 61, normal returns: denominator 1 + 2/4·0.04 = 1.02;
    // z = 0.1·√60/√1.02 = 0.766965 → Φ(z) = 0.778449.
    expect(probabilisticSharpe(0.2, 0.1, 61, 0, 3)).toBeCloseTo(0.7784488340045455, 12);
    // SR 0.3, SR₀ 0, T 121, skew −1, kurtosis 6: denominator 1 + 0.3 + 5/4·0.09 = 1.4125;
    // z = 0.3·√120/√1.4125 = 2.765143 → 0.997155.
    expect(probabilisticSharpe(0.3, 0, 121, -1, 6)).toBeCloseTo(0.9971551106314036, 12);
    // A denominator ≤ 0 (absurd skew) has no probability.
    expect(probabilisticSharpe(2, 0, 100, 10, 3)).toBeNull();
  });

  it('deflates the best of many by the dispersion of all: one trial is its PSR against 0', () => {
    const draw = normals(7);
    const one = Array.from({ length: 120 }, () => 0.01 + 0.04 * draw());
    const m = seriesMoments(one);
    const d1 = deflatedSharpe([one], 0);
    expect(d1.expectedMax).toBe(0);
    expect(d1.value).toBeCloseTo(probabilisticSharpe(m.mean / m.sd, 0, 120, m.skew, m.kurtosis)!, 14);
    // The same series among 200 noise trials is held to a higher bar: a lower probability.
    const many = [one, ...Array.from({ length: 199 }, () => Array.from({ length: 120 }, () => 0.04 * draw()))];
    const d = deflatedSharpe(many, 0);
    expect(d.expectedMax).toBeGreaterThan(0);
    expect(d.value!).toBeLessThan(d1.value!);
  });
});

describe('PBO by combinatorially symmetric cross-validation', () => {
  it('enumerates every half of the blocks once: lexicographic, and revolving door (one block in, one out, each step)', () => {
    const door = Array.from(revolvingDoor(4, 2));
    expect(door.map((m) => [0, 1, 2, 3].filter((b) => m & (1 << b)).join('')).sort()).toEqual(['01', '02', '03', '12', '13', '23']);
    for (let c = 1; c < door.length; c++) {
      const bits = (x: number) => x.toString(2).split('').filter((d) => d === '1').length;
      expect(bits(door[c] ^ door[c - 1])).toBe(2);
    }
    const all = revolvingDoor(16, 8);
    expect(all.length).toBe(12870);
    expect(new Set(all).size).toBe(12870);
    const seen: string[] = [];
    forEachHalf(4, 2, (c) => seen.push(Array.from(c).join('')));
    expect(seen).toEqual(['01', '02', '03', '12', '13', '23']);
    let count = 0;
    forEachHalf(16, 8, () => count++);
    expect(count).toBe(12870);
  });

  it('builds the revolving door as its definition does: R(n, k) = R(n−1, k), then R(n−1, k−1) reversed with block n−1 added', () => {
    // The definition as lists (slow: it copies at every level); PBO's sums are walked in this order.
    const byDefinition = (n: number, k: number): number[] => {
      if (k === 0) return [0];
      if (k === n) return [(1 << n) - 1];
      return [...byDefinition(n - 1, k), ...byDefinition(n - 1, k - 1).reverse().map((m) => m | (1 << (n - 1)))];
    };
    // R(4, 2) by hand: R(3, 2) = 011, 110, 101 (R(2, 2) = 11, then R(2, 1) = 01, 10 reversed
    // with 100 added); R(3, 1) = 001, 010, 100, reversed with 1000 added: 1100, 1010, 1001.
    expect(Array.from(revolvingDoor(4, 2))).toEqual([0b0011, 0b0110, 0b0101, 0b1100, 0b1010, 0b1001]);
    for (let n = 1; n <= 16; n++) for (let k = 0; k <= n; k++) expect([n, k, Array.from(revolvingDoor(n, k))]).toEqual([n, k, byDefinition(n, k)]);
  });

  // Two trials, 8 months in 4 blocks of 2. In a "good" block a trial returns (0.5, 0), in a
  // "bad" one (0, -0.5): exact binary fractions, so equal Sharpe ratios tie exactly.
  const good = [0.5, 0];
  const bad = [0, -0.5];

  it('a hand-worked case where the in-sample best always loses out of sample: PBO = 1', () => {
    // A is good in blocks 0,1 and bad in 2,3; B the opposite.
    const A = [...good, ...good, ...bad, ...bad];
    const B = [...bad, ...bad, ...good, ...good];
    const r = pbo([A, B], 4);
    // Train {0,1}: A wins (SR +), and on {2,3} A is last: rank 1 of 2, ω = 1/3, λ = ln(1/2).
    // Train {2,3}: B wins, B last on {0,1}: λ = ln(1/2). Train {0,2}, {0,3}, {1,2}, {1,3}: each
    // trial has one good and one bad block on both halves: all Sharpe ratios 0, A wins the tie
    // (first), and ties share the mean rank 1.5: ω = 1/2, λ = 0 — not above the median.
    expect(r.splits).toBe(6);
    expect(Array.from(r.logits).sort((a, b) => a - b)).toEqual([Math.log(0.5), Math.log(0.5), 0, 0, 0, 0].map((x) => expect.closeTo(x, 14)));
    expect(r.value).toBe(1);
  });

  it('a hand-worked case where the best is truly better: PBO = 0', () => {
    const A = [...good, ...good, ...good, ...good];
    const B = [...bad, ...bad, ...bad, ...bad];
    const r = pbo([A, B], 4);
    // A wins every training half and every test half: rank 2 of 2, ω = 2/3, λ = ln 2.
    expect(Array.from(r.logits)).toEqual(new Array(6).fill(expect.closeTo(Math.log(2), 14)));
    expect(r.value).toBe(0);
  });

  it('is undefined with one trial or fewer than two months per block', () => {
    expect(pbo([[0.1, 0.2, 0.3, 0.1, 0, 0.2, 0.1, 0]], 4).value).toBeNull();
    expect(pbo([new Array(31).fill(0.01), new Array(31).fill(0.02)], 16).value).toBeNull();
  });

  it('is undefined when every trial returns the same: there is nothing to choose between', () => {
    const r = [0.5, 0, 0, -0.5, 0.25, 0, 0.5, -0.25];
    // Every split would tie all trials at the median (λ = 0) and count as overfit: PBO = 1 would be a false alarm.
    expect(pbo([r, [...r], [...r]], 4).value).toBeNull();
    // One trial that differs in one month is enough to rank them.
    const other = [...r];
    other[3] = -0.25;
    expect(pbo([r, [...r], other], 4).value).not.toBeNull();
  });

  const noise = (seed: number, trials: number, months: number, demean: boolean) => {
    const draw = normals(seed);
    return Array.from({ length: trials }, () => {
      const r = Array.from({ length: months }, () => 0.04 * draw());
      if (!demean) return r;
      const mu = r.reduce((a, b) => a + b, 0) / months;
      return r.map((x) => x - mu);
    });
  };

  it('pure noise (independent trials, no edge): about one half — selection has no information either way', () => {
    const r = pbo(noise(11, 40, 240, false), 16);
    expect(r.splits).toBe(12870);
    expect(r.value!).toBeGreaterThan(0.3);
    expect(r.value!).toBeLessThan(0.7);
  });

  it('noise fitted to the whole history (every trial earns exactly 0 over it): near 1 — the in-sample best is the out-of-sample loser', () => {
    const r = pbo(noise(12, 40, 240, true), 16);
    expect(r.value!).toBeGreaterThan(0.9);
  });

  it('equals the definition computed split by split (every half, full Sharpe ratios, ties at their mean rank)', () => {
    // A direct reading of CSCV, slow and plain: for each of the C(8, 4) = 70 training halves,
    // the Sharpe ratio (mean / sample sd) of every trial on the rows of each half.
    const trials = noise(21, 9, 40, false);
    trials[4] = trials[2].slice(); // a twin: ties must share their mean rank
    const blocks = 8;
    const T = 40;
    const rowsOf = (chosen: number[]) => chosen.flatMap((b) => Array.from({ length: T / blocks }, (_, k) => b * (T / blocks) + k));
    const sharpe = (r: number[], rows: number[]) => {
      const x = rows.map((t) => r[t]);
      const mu = x.reduce((a, b) => a + b, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / (x.length - 1));
      return mu / sd;
    };
    const expected: number[] = [];
    forEachHalf(blocks, blocks / 2, (c) => {
      const train = rowsOf(Array.from(c));
      const test = rowsOf([...Array(blocks).keys()].filter((b) => !c.includes(b)));
      const ins = trials.map((r) => sharpe(r, train));
      const best = ins.indexOf(Math.max(...ins));
      const oos = trials.map((r) => sharpe(r, test));
      const less = oos.filter((v) => v < oos[best] - 1e-12).length;
      const equal = oos.filter((v) => Math.abs(v - oos[best]) <= 1e-12).length;
      const omega = (less + (equal + 1) / 2) / (trials.length + 1);
      expected.push(Math.log(omega / (1 - omega)));
    });
    const r = pbo(trials, blocks);
    expect(r.splits).toBe(70);
    const sorted = (x: ArrayLike<number>) => Array.from(x).sort((a, b) => a - b);
    expect(sorted(r.logits)).toEqual(sorted(expected).map((x) => expect.closeTo(x, 12)));
    expect(r.value).toBe(expected.filter((x) => x <= 1e-12).length / 70);
  });

  it('one trial truly better than the noise: near 0', () => {
    const trials = noise(13, 40, 240, false);
    const draw = normals(14);
    trials[17] = Array.from({ length: 240 }, () => 0.03 + 0.04 * draw());
    const r = pbo(trials, 16);
    expect(r.value!).toBeLessThan(0.05);
  });
});
