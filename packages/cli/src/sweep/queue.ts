/**
 * `--queue redis://HOST:PORT`: the trials run on `regime worker` processes (any number of
 * machines) through Redis; @regime/cluster is loaded only here, so nothing else pays for it.
 */
import type { StudyPlan } from '@regime/core';
import type { SweepSpec } from './job.js';
import type { TrialPool } from './pool.js';

export interface QueuePool extends TrialPool {
  /** Sets the data fingerprints from the study's plan (before the first run). */
  usePlan(plan: StudyPlan): Promise<void>;
}

/** Connects at once (a Redis that cannot be reached stops the command here, exit 1). */
export async function queuePool(url: string, spec: SweepSpec): Promise<QueuePool> {
  const { QueueStudy } = await import('@regime/cluster');
  const batch = process.env.REGIME_QUEUE_BATCH ? Number(process.env.REGIME_QUEUE_BATCH) : undefined;
  const study = await QueueStudy.open({ url, spec: { file: spec.file, text: spec.text, grid: spec.grid, objective: spec.objective }, batch });
  return {
    label: `queue ${study.address.shown}`,
    remote: true,
    async usePlan(plan) {
      study.fingerprints ??= await plan.dataFingerprints();
    },
    run: (indices, options = {}) => study.run(indices, options),
    close: () => study.close(),
  };
}
