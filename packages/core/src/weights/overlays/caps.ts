import type { Overlay, OverlayContext } from './overlay.js';

/**
 * Limits: each asset's |weight| to its cap (the excess goes to cash), then gross exposure
 * Σ|w| and |net exposure Σw| by scaling the whole row down proportionally.
 * `perAsset` holds a cap per asset (Infinity = none).
 */
export function caps(perAsset: Float64Array, gross: number, net: number): Overlay {
  return {
    label: `caps(gross ${gross}, net ${net})`,
    apply(targets: Float64Array, ctx: OverlayContext) {
      const m = ctx.assets.length;
      for (let t = 0; t < ctx.bars; t++) {
        const row = t * m;
        let g = 0;
        for (let j = 0; j < m; j++) {
          const w = targets[row + j];
          const cap = perAsset[j];
          if (w > cap) targets[row + j] = cap;
          else if (w < -cap) targets[row + j] = -cap;
          g += Math.abs(targets[row + j]);
        }
        if (g > gross) for (let j = 0; j < m; j++) targets[row + j] *= gross / g;
        let s = 0;
        for (let j = 0; j < m; j++) s += targets[row + j];
        if (Math.abs(s) > net) for (let j = 0; j < m; j++) targets[row + j] *= net / Math.abs(s);
      }
    },
  };
}
