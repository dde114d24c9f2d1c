import { describe, expect, it } from 'vitest';
import { batchIndices } from './batches.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sizes = (batches: number[][]) => batches.map((b) => b.length);

describe('the batches of a sweep', () => {
  it('shrink as the trials run out: the trials left over twice the threads, in whole runs, never below 8', () => {
    // The benchmark: 281 × 4 trials, 2 threads. 1124 left: ⌈1124/4⌉ = 281, capped at 256;
    // 868: 217 → 220 (whole runs of 4); 648: 162 → 164; 484: 121 → 124; 360: 90 → 92;
    // 268: 67 → 68; 200: 50 → 52; 148: 37 → 40; 108: 27 → 28; 80: 20; 60: 15 → 16;
    // 44: 11 → 12; 32: 8; 24: 8; 16: 8; 8: 8.
    const batches = batchIndices(range(1124), 2, 4);
    expect(sizes(batches)).toEqual([256, 220, 164, 124, 92, 68, 52, 40, 28, 20, 16, 12, 8, 8, 8, 8]);
    expect(batches.flat()).toEqual(range(1124));
  });

  it('hold whole runs of the last dimension, and cut a run only when it is longer than a batch may be', () => {
    // Runs of 12, 3 threads: 120 left → ⌈120/6⌉ = 20 → 24; 96: 16 → 24; 72: 12; 60: 10 → 12;
    // 48: 8 → 12; 36: 6, at least 8 → 12; 24: 12; 12: 12.
    const batches = batchIndices(range(120), 3, 12);
    expect(sizes(batches)).toEqual([24, 24, 12, 12, 12, 12, 12, 12]);
    for (const b of batches) expect(b[0] % 12).toBe(0);
    // Runs of 300 do not fit in a batch of at most 256: cut by the guided size alone. 600 left:
    // 150; 450: ⌈112.5⌉ = 113; 337: 85; 252: 63; 189: 48; 141: 36; 105: 27; 78: 20; 58: 15;
    // 43: 11; 32: 8; then 8 until none are left.
    expect(sizes(batchIndices(range(600), 2, 300))).toEqual([150, 113, 85, 63, 48, 36, 27, 20, 15, 11, 8, 8, 8, 8]);
  });

  it('cut a run that is the whole grid (only costs, execution, rebalance or capital swept), so every thread gets work', () => {
    // 32 commission levels, 2 threads: one run of 32. 32 left: ⌈32/4⌉ = 8; 24: 6, at least 8; 16: 8; 8: 8.
    expect(sizes(batchIndices(range(32), 2, 32))).toEqual([8, 8, 8, 8]);
    // 20 costs × 3 delays = one run of 60, 2 threads: 60: 15; 45: 12; 33: 9; 24: 8; 16: 8; 8: 8.
    expect(sizes(batchIndices(range(60), 2, 60))).toEqual([15, 12, 9, 8, 8, 8]);
    // Runs that two threads can share whole stay whole: 2 runs of 30, 2 threads.
    expect(sizes(batchIndices(range(60), 2, 30))).toEqual([30, 30]);
  });
});
