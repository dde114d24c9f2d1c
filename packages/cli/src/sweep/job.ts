/**
 * A batch of a sweep: the config text, the command line's grid and objective, and the trial
 * indices. The same function runs it in a worker thread and, with --jobs 1, in the main
 * thread: each side builds its own study plan from the same text and data directory, so a
 * trial's summary is the same wherever it ran.
 */
import { buildStudyPlan, isInputError, parseConfigText, runTrials, type DateWindow, type StudyPlan, type TrialSummary } from '@regime/core';
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

export type BatchOutcome = { ok: true; trials: TrialSummary[] } | { ok: false; error: { message: string; input: boolean; stack?: string } };

/** Builds the plan of a sweep (data read and aligned once, every grid value checked). */
export function planSweep(spec: SweepSpec): Promise<StudyPlan> {
  const source = parseConfigText(spec.text, spec.file);
  return buildStudyPlan(source, { store: openStore(spec.dataDir), expandStrategy, grid: spec.grid, objective: spec.objective });
}

/** One plan per worker, rebuilt only when the sweep changes. */
let cached: { key: string; plan: Promise<StudyPlan> } | undefined;

export async function runBatch(batch: SweepBatch): Promise<BatchOutcome> {
  try {
    const key = JSON.stringify(batch.spec);
    if (cached?.key !== key) cached = { key, plan: planSweep(batch.spec) };
    const plan = await cached.plan;
    return { ok: true, trials: await runTrials(plan, batch.indices, { window: batch.window }) };
  } catch (e) {
    const err = e as Error;
    return { ok: false, error: { message: err?.message ?? String(e), input: isInputError(e), stack: err?.stack } };
  }
}
