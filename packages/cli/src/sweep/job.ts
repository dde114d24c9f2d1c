/**
 * A batch of a sweep: the config text, the command line's grid and objective, and the trial
 * indices. The same function runs it in a worker thread and, with --jobs 1, in the main
 * thread: each side builds its own study plan from the same text and data directory, so a
 * trial's summary is the same wherever it ran.
 */
import { SWEEP_CACHE_BYTES, buildStudyPlan, gridFromConfig, isInputError, mergeGrid, parseConfigText, parseGridOption, runTrials, type DateWindow, type StudyPlan, type TrialSummary } from '@regime/core';
import { expandStrategy } from '@regime/strategies';
import { openStore } from '../commands/context.js';

export interface SweepSpec {
  file: string;
  text: string;
  dataDir?: string;
  grid: string[];
  objective?: string;
}

export interface SweepBatch {
  spec: SweepSpec;
  indices: number[];
  /** Walk-forward: the fold's training window. */
  window?: DateWindow;
}

/**
 * Batches that every thread of a sweep claims in turn from one shared counter (--jobs N):
 * a thread takes the next batch as soon as it finishes one, so no thread waits for another
 * to hand it work.
 */
export interface ClaimedBatches {
  spec: SweepSpec;
  batches: number[][];
  /** One Int32: the next batch to claim (Atomics.add). */
  counter: SharedArrayBuffer;
  window?: DateWindow;
}

export type BatchError = { ok: false; error: { message: string; input: boolean; stack?: string } };
export type BatchOutcome = { ok: true; trials: TrialSummary[] } | BatchError;
/** What a thread posts while claiming: each batch it ran, then that none are left. */
export type ClaimOutcome = { ok: true; batch: number; trials: TrialSummary[] } | { ok: true; finished: true } | BatchError;

/** The next unclaimed batch of `counter`, or -1 when all are taken. */
export function claimBatch(counter: Int32Array, count: number): number {
  const k = Atomics.add(counter, 0, 1);
  return k < count ? k : -1;
}

/** The number of trials of a sweep, from its config and --grid alone (before any plan or data). */
export function sweepSize(spec: SweepSpec): number {
  return mergeGrid(gridFromConfig(parseConfigText(spec.text, spec.file)), spec.grid.map(parseGridOption)).size;
}

/** Builds the plan of a sweep (data read and aligned once, every grid value checked). */
export function planSweep(spec: SweepSpec): Promise<StudyPlan> {
  const source = parseConfigText(spec.text, spec.file);
  return buildStudyPlan(source, { store: openStore(spec.dataDir), expandStrategy, grid: spec.grid, objective: spec.objective, cacheBytes: SWEEP_CACHE_BYTES });
}

/** One plan per worker, rebuilt only when the sweep changes. */
let cached: { key: string; plan: Promise<StudyPlan> } | undefined;

function planFor(spec: SweepSpec): Promise<StudyPlan> {
  const key = JSON.stringify(spec);
  if (cached?.key !== key) cached = { key, plan: planSweep(spec) };
  return cached.plan;
}

function batchError(e: unknown): BatchError {
  const err = e as Error;
  return { ok: false, error: { message: err?.message ?? String(e), input: isInputError(e), stack: err?.stack } };
}

export async function runBatch(batch: SweepBatch): Promise<BatchOutcome> {
  try {
    const plan = await planFor(batch.spec);
    return { ok: true, trials: await runTrials(plan, batch.indices, { window: batch.window }) };
  } catch (e) {
    return batchError(e);
  }
}

/** Claims batches until none are left, posting each one's summaries, then `finished` (or the first error). */
export async function runClaimed(work: ClaimedBatches, post: (o: ClaimOutcome) => void): Promise<void> {
  const counter = new Int32Array(work.counter);
  try {
    const plan = await planFor(work.spec);
    for (let k = claimBatch(counter, work.batches.length); k >= 0; k = claimBatch(counter, work.batches.length))
      post({ ok: true, batch: k, trials: await runTrials(plan, work.batches[k], { window: work.window }) });
    post({ ok: true, finished: true });
  } catch (e) {
    post(batchError(e));
  }
}
