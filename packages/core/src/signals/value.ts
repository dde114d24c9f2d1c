/**
 * The values an expression computes with: a scalar (a constant, folded at compile time) or a
 * column with one value per calendar bar. NaN means "undefined" (warm-up, no data yet).
 * Booleans are 1/0; any non-zero defined value counts as true.
 */
export type Value = number | Float64Array;

/**
 * Columns hold finite numbers or NaN, never ±Infinity: a result that overflows or divides by
 * zero is undefined, so it cannot later compare as "greater than everything" in a rule.
 */
export function finite(v: number): number {
  return v - v === 0 ? v : NaN;
}

/** A column filled with a scalar (or the column itself). */
export function toColumn(v: Value, length: number): Float64Array {
  return typeof v === 'number' ? new Float64Array(length).fill(v) : v;
}

/** Applies f to every bar (or once to a scalar); results pass through `finite`. */
export function map1(a: Value, f: (x: number) => number): Value {
  if (typeof a === 'number') return finite(f(a));
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = finite(f(a[i]));
  return out;
}

/** Applies f bar by bar to two values, broadcasting scalars; scalar op scalar stays scalar. */
export function map2(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (typeof a === 'number' && typeof b === 'number') return finite(f(a, b));
  const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const out = new Float64Array(n);
  if (typeof a === 'number') {
    const bb = b as Float64Array;
    for (let i = 0; i < n; i++) out[i] = finite(f(a, bb[i]));
  } else if (typeof b === 'number') {
    for (let i = 0; i < n; i++) out[i] = finite(f(a[i], b));
  } else {
    for (let i = 0; i < n; i++) out[i] = finite(f(a[i], b[i]));
  }
  return out;
}

/** Three operands, for `c ? a : b` and `if(c, a, b)`. */
export function map3(a: Value, b: Value, c: Value, f: (x: number, y: number, z: number) => number): Value {
  if (typeof a === 'number' && typeof b === 'number' && typeof c === 'number') return finite(f(a, b, c));
  const col = [a, b, c].find((v): v is Float64Array => typeof v !== 'number') as Float64Array;
  const n = col.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = typeof a === 'number' ? a : a[i];
    const y = typeof b === 'number' ? b : b[i];
    const z = typeof c === 'number' ? c : c[i];
    out[i] = finite(f(x, y, z));
  }
  return out;
}
