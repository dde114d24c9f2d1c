/**
 * Target weights per bar from the regime in force: row t = the allocation of regime codes[t].
 * `table` is [regime * assets + asset]. What the weights leave is cash.
 */
export function allocationTargets(codes: Int32Array, table: Float64Array, assets: number): Float64Array {
  const n = codes.length;
  const out = new Float64Array(n * assets);
  for (let t = 0; t < n; t++) {
    const from = codes[t] * assets;
    const to = t * assets;
    for (let j = 0; j < assets; j++) out[to + j] = table[from + j];
  }
  return out;
}
