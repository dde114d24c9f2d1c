/**
 * The order a study runs its trials in. Trials that differ only in what the kernel reads
 * (costs, execution, rebalance, capital) share their signals, regimes and targets, so they run
 * one after the other whatever the grid's order: the plan's caches then need to hold one set
 * of evaluations at a time, not one per value of every dimension written after them. Results
 * are put back in grid order by the caller; which trial ran when never changes a number.
 */
import type { Grid } from './grid.js';

/** Top-level config keys whose values only the kernel and the schedule read. */
const KERNEL_ONLY = new Set(['costs', 'execution', 'rebalance', 'capital']);

export interface TrialOrder {
  /** Every grid index once, the kernel-only dimensions varying fastest. */
  indices: number[];
  /** How many consecutive trials share their evaluation (a batch should hold whole runs). */
  run: number;
}

/** How many consecutive trials of trialOrder share their evaluation. */
export function sharedRun(grid: Grid): number {
  const dims = grid.dimensions;
  if (dims.length === 0) return 1;
  const late = dims.filter((d) => KERNEL_ONLY.has(String(d.segments[0])));
  return late.length ? late.reduce((p, d) => p * d.values.length, 1) : dims[dims.length - 1].values.length;
}

export function trialOrder(grid: Grid): TrialOrder {
  const dims = grid.dimensions;
  if (dims.length === 0) return { indices: [], run: 1 };
  // Each dimension's stride in the grid index (the last written varies fastest).
  const stride = new Array<number>(dims.length);
  for (let d = dims.length - 1, s = 1; d >= 0; s *= dims[d].values.length, d--) stride[d] = s;
  const late = dims.map((_, d) => d).filter((d) => KERNEL_ONLY.has(String(dims[d].segments[0])));
  const early = dims.map((_, d) => d).filter((d) => !late.includes(d));
  const order = [...early, ...late];
  const run = sharedRun(grid);
  const indices = new Array<number>(grid.size);
  // Count through the dimensions in `order` (its last fastest), mapping each combination to its index.
  const digit = new Array<number>(order.length).fill(0);
  let index = 0;
  for (let k = 0; k < grid.size; k++) {
    indices[k] = index;
    for (let o = order.length - 1; o >= 0; o--) {
      const d = order[o];
      if (++digit[o] < dims[d].values.length) {
        index += stride[d];
        break;
      }
      index -= (digit[o] - 1) * stride[d];
      digit[o] = 0;
    }
  }
  return { indices, run };
}
