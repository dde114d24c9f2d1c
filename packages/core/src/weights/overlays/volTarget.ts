import type { Overlay, OverlayContext } from './overlay.js';

/**
 * Scales each bar's weights so the portfolio's trailing realised volatility meets `target`.
 * The volatility is that of today's target weights applied to the last `lookback` one-bar
 * asset returns (ex-ante, from data up to today only), sample stdev × √periodsPerYear.
 * Only bars where every held asset has a return count (an asset's days before its listing
 * are not 0 % days); the search looks back at most 3 × lookback bars. Gross exposure after
 * scaling never exceeds `maxLeverage`; until the window fills (or when the volatility is 0)
 * the weights are left as they are, within that cap.
 */
export function volTarget(target: number, lookback: number, maxLeverage: number): Overlay {
  return {
    label: `vol_target(${target}, ${lookback}, max ${maxLeverage})`,
    apply(targets: Float64Array, ctx: OverlayContext) {
      const m = ctx.assets.length;
      const sqrtP = Math.sqrt(ctx.periodsPerYear);
      for (let t = 0; t < ctx.bars; t++) {
        const row = t * m;
        let gross = 0;
        for (let j = 0; j < m; j++) gross += Math.abs(targets[row + j]);
        if (gross === 0) continue;
        let scale = 1;
        let count = 0;
        let sum = 0;
        let sumSq = 0;
        for (let s = t; s >= 1 && count < lookback && s > t - 3 * lookback; s--) {
          let r = 0;
          let known = true;
          for (let j = 0; j < m; j++) {
            const w = targets[row + j];
            if (w === 0) continue;
            if (ctx.defined[s * m + j] === 0) {
              known = false;
              break;
            }
            r += w * ctx.returns[s * m + j];
          }
          if (!known) continue;
          sum += r;
          sumSq += r * r;
          count++;
        }
        if (count === lookback) {
          const variance = (sumSq - (sum * sum) / lookback) / (lookback - 1);
          const vol = variance > 0 ? Math.sqrt(variance) * sqrtP : 0;
          if (vol > 0) scale = target / vol;
        }
        scale = Math.min(scale, maxLeverage / gross);
        for (let j = 0; j < m; j++) targets[row + j] *= scale;
      }
    },
  };
}
