/**
 * With delay 0 the first trade's costs are paid at the first close, inside equity[0]. Metrics
 * then start from one bar earlier (the capital before that close), so the entry costs show in
 * the returns. The returned function prepends that bar to a column when `entry` is true and
 * returns the column unchanged otherwise. Used by a run's result and by walk-forward.
 */
export function entryBar(entry: boolean): <T extends Float64Array | Int32Array>(x: T, first: number) => T {
  return <T extends Float64Array | Int32Array>(x: T, first: number): T => {
    if (!entry) return x;
    const out = new (x.constructor as new (n: number) => T)(x.length + 1);
    out[0] = first;
    out.set(x, 1);
    return out;
  };
}
