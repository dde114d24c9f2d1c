/**
 * The batches of a sweep's trials among its threads, which claim them in order (pool.ts).
 * They shrink as the trials run out (guided scheduling): each holds the trials left over
 * twice the threads, so the threads take large batches early (few messages) and small ones
 * at the end, and finish together — with equal batches one thread could wait most of a batch
 * for the other before the sweep goes on.
 */

/** Below this a batch's message costs more than the balance gains; above, progress comes too seldom. */
const MIN_BATCH = 8;
const MAX_BATCH = 256;

/**
 * `indices` in the sweep's order (trialOrder), cut for `workers` threads. `run` is how many
 * consecutive trials share signals, regimes and targets (sharedRun): a batch holds whole runs,
 * so no thread evaluates what another already did — unless a run is longer than the largest batch,
 * or so long that the threads could not each have one.
 */
export function batchIndices(indices: readonly number[], workers: number, run: number): number[][] {
  // A run is kept whole only when each thread can have one: a grid of kernel-only dimensions
  // alone (costs × delay, say) is a single run, and one batch of it would leave the others idle.
  const unit = run > 1 && run <= MAX_BATCH && run * workers <= indices.length ? run : 1;
  const batches: number[][] = [];
  for (let i = 0; i < indices.length; ) {
    const guided = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.ceil((indices.length - i) / (2 * workers))));
    const size = Math.ceil(guided / unit) * unit;
    batches.push(indices.slice(i, i + size));
    i += size;
  }
  return batches;
}
