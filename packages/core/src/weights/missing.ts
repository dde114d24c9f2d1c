/**
 * Assets without data yet (price NaN) cannot be held. `cash` leaves their weight in cash;
 * `redistribute` re-spreads it over the other assets of the same side (longs over longs,
 * shorts over shorts) in proportion to their weights, keeping the long and short totals;
 * when no asset of that side is available it stays in cash.
 */
export type MissingPolicy = 'cash' | 'redistribute';

export function applyMissing(targets: Float64Array, prices: Float64Array, assets: number, policy: MissingPolicy): void {
  // A row without a missing price is left as it is, and prices are missing only before an
  // asset's first print: the rows after the last missing price need no look (one fast scan).
  const n = Math.min(targets.length / assets, rowsWithMissing(prices, assets));
  for (let t = 0; t < n; t++) {
    const row = t * assets;
    let missingLong = 0;
    let missingShort = 0;
    let availableLong = 0;
    let availableShort = 0;
    for (let j = 0; j < assets; j++) {
      const w = targets[row + j];
      const live = prices[row + j] === prices[row + j];
      if (w > 0) live ? (availableLong += w) : (missingLong += w);
      else if (w < 0) live ? (availableShort += w) : (missingShort += w);
    }
    if (missingLong === 0 && missingShort === 0) continue;
    const longScale = policy === 'redistribute' && availableLong > 0 ? (availableLong + missingLong) / availableLong : 1;
    const shortScale = policy === 'redistribute' && availableShort < 0 ? (availableShort + missingShort) / availableShort : 1;
    for (let j = 0; j < assets; j++) {
      const w = targets[row + j];
      if (prices[row + j] !== prices[row + j]) targets[row + j] = 0;
      else if (w > 0) targets[row + j] = w * longScale;
      else if (w < 0) targets[row + j] = w * shortScale;
    }
  }
}

/** 1 + the last row with a missing (NaN) price, 0 when none is missing. */
function rowsWithMissing(prices: Float64Array, assets: number): number {
  for (let i = prices.length - 1; i >= 0; i--) if (prices[i] !== prices[i]) return Math.floor(i / assets) + 1;
  return 0;
}
