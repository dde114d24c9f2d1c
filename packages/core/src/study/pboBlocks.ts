/**
 * What every split's moments are summed from: per block and trial, Σx and Σx² (a half's
 * moments are sums over its blocks). Plain numbers and typed arrays, so a copy can go to a
 * worker thread.
 */
export interface PboBlocks {
  trials: number;
  periods: number;
  blocks: number;
  /** Rows per block. */
  count: Float64Array;
  /** Σx and Σx² of trial i in block b at [b · trials + i]. */
  sum: Float64Array;
  sq: Float64Array;
  /** Σx and Σx² of trial i over all rows. */
  totalSum: Float64Array;
  totalSq: Float64Array;
}
