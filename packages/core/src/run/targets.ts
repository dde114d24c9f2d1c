import type { Config } from '../config/schema.js';
import { allocationTargets } from '../weights/allocation.js';
import { applyMissing } from '../weights/missing.js';
import { assetReturns, definedReturns, type Overlay, type OverlayContext } from '../weights/overlays/overlay.js';
import { volTarget } from '../weights/overlays/volTarget.js';
import { trendFilter } from '../weights/overlays/trendFilter.js';
import { caps } from '../weights/overlays/caps.js';

/** The allocation table [regime * assets + asset] from the config's weights or allocations. */
export function allocationTable(config: Config, labels: readonly string[], assets: readonly string[]): Float64Array {
  const m = assets.length;
  const table = new Float64Array(labels.length * m);
  labels.forEach((label, k) => {
    const weights = config.weights ?? config.allocations?.[label] ?? {};
    assets.forEach((sym, j) => {
      const w = weights[sym];
      table[k * m + j] = typeof w === 'number' ? w : 0; // expression weights are filled per bar
    });
  });
  return table;
}

/** The overlay units of a config, in order. */
export function buildOverlays(config: Config, assets: readonly string[]): Overlay[] {
  return config.overlays.map((o) => {
    if ('vol_target' in o) return volTarget(o.vol_target.target, o.vol_target.lookback, o.vol_target.max_leverage);
    if ('trend_filter' in o) {
      const tf = o.trend_filter;
      const applies = Uint8Array.from(assets, (a) => (tf.assets ? (tf.assets.includes(a) ? 1 : 0) : 1));
      return trendFilter(tf.lookback, applies, tf.to === 'cash' ? -1 : assets.indexOf(tf.to));
    }
    const c = o.caps;
    const perAsset = Float64Array.from(assets, (a) =>
      c.per_asset === undefined ? Infinity : typeof c.per_asset === 'number' ? c.per_asset : (c.per_asset[a] ?? Infinity),
    );
    return caps(perAsset, c.gross ?? Infinity, c.net ?? Infinity);
  });
}

export interface TargetPlan {
  /** Targets after the missing-data policy, before overlays. */
  before: Float64Array;
  /** Targets after every overlay: what the simulation trades to. */
  after: Float64Array;
}

/** Regime codes → allocation → missing-data policy → overlays, over the full calendar. */
export function planTargets(
  config: Config,
  codes: Int32Array,
  labels: readonly string[],
  assets: readonly string[],
  prices: Float64Array,
  periodsPerYear: number,
  weightColumns: ReadonlyMap<string, Float64Array> = new Map(),
): TargetPlan {
  const m = assets.length;
  const before = allocationTargets(codes, allocationTable(config, labels, assets), m);
  fillExpressionWeights(before, codes, labels, assets, weightColumns);
  applyMissing(before, prices, m, config.missing);
  const overlays = buildOverlays(config, assets);
  if (overlays.length === 0) return { before, after: before };
  const after = Float64Array.from(before);
  const ctx: OverlayContext = { assets, prices, returns: assetReturns(prices, m), defined: definedReturns(prices, m), bars: codes.length, periodsPerYear };
  for (const overlay of overlays) overlay.apply(after, ctx);
  // An overlay may move weight onto an asset that has no data yet; that weight stays in cash.
  applyMissing(after, prices, m, 'cash');
  return { before, after };
}

/** Key of an expression weight's column: regime label and asset. */
export const weightKey = (label: string, asset: string): string => `${label}\u0000${asset}`;

/** Expression weights, per bar, where the bar's regime has one; undefined (NaN) means cash. */
function fillExpressionWeights(targets: Float64Array, codes: Int32Array, labels: readonly string[], assets: readonly string[], columns: ReadonlyMap<string, Float64Array>): void {
  if (columns.size === 0) return;
  const m = assets.length;
  labels.forEach((label, k) =>
    assets.forEach((asset, j) => {
      const col = columns.get(weightKey(label, asset));
      if (!col) return;
      for (let t = 0; t < codes.length; t++) if (codes[t] === k) targets[t * m + j] = col[t] === col[t] ? col[t] : 0;
    }),
  );
}
