import type { Rng } from './rng.js';

/**
 * One stationary-bootstrap resample (Politis & Romano 1994) as bar indices: blocks that start
 * at uniform positions, with geometric lengths of mean `meanBlock`, wrapping from the last
 * bar to the first. Writes n indices into `idx` (no allocation: it runs once per resample).
 */
export function stationaryIndices(idx: Int32Array, meanBlock: number, rng: Rng): void {
  const n = idx.length;
  const p = 1 / Math.max(1, meanBlock);
  // A length L ≥ 1 with P(L > l) = (1 − p)^l: 1 + ⌊log U / log(1 − p)⌋ for U in (0, 1].
  const logQ = p >= 1 ? -Infinity : Math.log(1 - p);
  let t = 0;
  while (t < n) {
    let i = rng.below(n);
    let len = p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng.uniform()) / logQ);
    while (len > 0 && t < n) {
      idx[t++] = i;
      i = i + 1 === n ? 0 : i + 1;
      len--;
    }
  }
}
