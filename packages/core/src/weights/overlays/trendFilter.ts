import type { Overlay, OverlayContext } from './overlay.js';

/**
 * CTA-style trend filter: a long position is held only while its price is above its
 * `lookback`-bar simple moving average (both at today's close); otherwise its weight goes
 * to cash or to the asset `to`. While the average is not yet defined the position is held.
 * `applies` marks which assets it watches.
 */
export function trendFilter(lookback: number, applies: Uint8Array, toIndex: number): Overlay {
  return {
    label: `trend_filter(${lookback})`,
    apply(targets: Float64Array, ctx: OverlayContext) {
      const m = ctx.assets.length;
      const sums = new Float64Array(m);
      const counts = new Int32Array(m);
      const below = new Uint8Array(m);
      for (let t = 0; t < ctx.bars; t++) {
        const row = t * m;
        // Rolling sums over the last `lookback` defined bars ending at t.
        for (let j = 0; j < m; j++) {
          const p = ctx.prices[row + j];
          if (p === p) {
            sums[j] += p;
            counts[j]++;
          }
          if (t >= lookback) {
            const old = ctx.prices[row - lookback * m + j];
            if (old === old) {
              sums[j] -= old;
              counts[j]--;
            }
          }
        }
        // First which assets are below trend, then move weights: the result cannot depend on
        // the universe's order, and a destination that is itself below trend sends to cash.
        for (let j = 0; j < m; j++) below[j] = applies[j] && counts[j] >= lookback && ctx.prices[row + j] <= sums[j] / counts[j] ? 1 : 0;
        for (let j = 0; j < m; j++) {
          const w = targets[row + j];
          if (!below[j] || w <= 0) continue;
          targets[row + j] = 0;
          if (toIndex >= 0 && toIndex !== j && !below[toIndex]) targets[row + toIndex] += w;
        }
      }
    },
  };
}
