import type { Overlay, OverlayContext } from './overlay.js';

/**
 * Scales each bar's weights so the portfolio's trailing realised volatility meets `target`.
 * The volatility is that of today's target weights applied to the last `lookback` one-bar
 * asset returns (ex-ante, from data up to today only), sample stdev × √periodsPerYear.
 * Gross exposure after scaling never exceeds `maxLeverage`; while the window is not yet
 * full (or the volatility is 0) the weights are left as they are, within that cap.
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
        if (t >= lookback) {
          let sum = 0;
          let sumSq = 0;
          for (let s = t - lookback + 1; s <= t; s++) {
            let r = 0;
            for (let j = 0; j < m; j++) r += targets[row + j] * ctx.returns[s * m + j];
            sum += r;
            sumSq += r * r;
          }
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
