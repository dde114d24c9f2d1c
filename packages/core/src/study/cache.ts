/**
 * A cache bounded by an estimate of the bytes it holds, dropping the least recently used
 * entries first: what trials share (indicator columns, regime evaluations, targets) is kept
 * while it fits, so memory does not grow with the number of trials.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly budget: number,
    private readonly size: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    const bytes = this.size(value);
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.budget || k === key) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  get heldBytes(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }
}

/** Bytes of the typed arrays in a value (one level deep into maps, arrays and objects). */
export function typedBytes(value: unknown, depth = 2): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (depth === 0 || value === null || typeof value !== 'object') return 0;
  let total = 0;
  const items = value instanceof Map ? value.values() : Array.isArray(value) ? value : Object.values(value);
  for (const v of items) total += typedBytes(v, depth - 1);
  return total;
}
