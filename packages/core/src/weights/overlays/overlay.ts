/**
 * An overlay is one small rule applied to the target-weight matrix after the regime
 * allocation, in place; overlays compose as an ordered list (like bt's algo stack).
 */
export interface OverlayContext {
  assets: readonly string[];
  /** Prices on the full calendar (history before the period included), NaN before data. */
  prices: Float64Array;
  /** One-bar simple returns on the same grid, 0 where undefined. */
  returns: Float64Array;
  /** 1 where an asset's one-bar return is defined (a price on both bars). */
  defined: Uint8Array;
  bars: number;
  periodsPerYear: number;
}

export interface Overlay {
  /** Shown in the result and messages, e.g. "vol_target(0.12, 63)". */
  readonly label: string;
  apply(targets: Float64Array, ctx: OverlayContext): void;
}

/** One-bar returns of every asset (row-major), 0 where either price is missing. */
export function assetReturns(prices: Float64Array, assets: number): Float64Array {
  const out = new Float64Array(prices.length);
  for (let i = assets; i < prices.length; i++) {
    const p0 = prices[i - assets];
    const p1 = prices[i];
    out[i] = p0 === p0 && p1 === p1 ? p1 / p0 - 1 : 0;
  }
  return out;
}

/** 1 where an asset has a price on a bar and on the bar before (its return is known). */
export function definedReturns(prices: Float64Array, assets: number): Uint8Array {
  const out = new Uint8Array(prices.length);
  for (let i = assets; i < prices.length; i++) out[i] = prices[i - assets] === prices[i - assets] && prices[i] === prices[i] ? 1 : 0;
  return out;
}
