/**
 * Runs one batch on this machine: builds (once per study) the study plan from the job's
 * config text and this machine's data directory, checks that every data file the study reads
 * has the fingerprint the submitting machine saw, and runs the trials with the same engine as
 * a local sweep, on a data store that reads nothing but those files with those fingerprints.
 * A trial that throws names its index, its config paths and values.
 */
import { hostname } from 'node:os';
import {
  BASE,
  DataStore,
  SWEEP_CACHE_BYTES,
  InputError,
  buildStudyPlan,
  cachedCatalogForDataDir,
  isInputError,
  openSeriesCache,
  parseConfigText,
  resolveDataDir,
  runTrial,
  type StudyPlan,
  type TrialSummary,
} from '@regime/core';
import { expandStrategy } from '@regime/strategies';
import type { BatchJob, StudySpec } from './protocol.js';
import { engineId, engineMismatch } from './engine.js';

/** The data directory as every command opens it: the flag, else $REGIME_DATA_DIR, else the repository's. */
export function openStore(dataDir: string | undefined): DataStore {
  const dir = resolveDataDir(dataDir);
  const cache = openSeriesCache();
  return new DataStore(dir, cachedCatalogForDataDir(dir, cache), { cache });
}

export function planStudy(spec: StudySpec, store: DataStore, cacheBytes?: number): Promise<StudyPlan> {
  return buildStudyPlan(parseConfigText(spec.text, spec.file), { store, expandStrategy, grid: spec.grid, objective: spec.objective, cacheBytes });
}

/**
 * What the plan of a job's study may cache: a sweep's batches (no window) hold consecutive
 * trials in trialOrder, as on the submitting machine, so a sweep's small budget serves them;
 * a walk-forward's folds (a window) reuse every trial's evaluation and keep the default.
 */
export function studyCacheBytes(job: Pick<BatchJob, 'window'>): number | undefined {
  return job.window ? undefined : SWEEP_CACHE_BYTES;
}

interface Prepared {
  plan: StudyPlan;
  /** Fingerprints of this machine's files, checked against the job's once per study. */
  local: Record<string, string>;
}

/** The last few studies' plans (a worker may serve two studies at once). */
const plans = new Map<string, Promise<Prepared>>();
const KEEP = 2;

async function prepare(spec: StudySpec, store: DataStore, fingerprints: Record<string, string>, cacheBytes: number | undefined): Promise<Prepared> {
  // The study's own store: it reads only the files the job fingerprinted, and only with the
  // bytes fingerprinted (a file changed since, or one that no fingerprint covers, fails the
  // batch), and keeps no series or catalog from an earlier study: the data may have changed since.
  const cache = store.options.cache;
  const own = new DataStore(store.dir, cachedCatalogForDataDir(store.dir, cache), { cache, fingerprints });
  const plan = await planStudy(spec, own, cacheBytes);
  return { plan, local: await plan.dataFingerprints() };
}

/** Where this worker runs, for messages. */
export function workerName(): string {
  return `${hostname()} (pid ${process.pid})`;
}

/** The first data file whose fingerprint differs, as a message; undefined when all agree. */
export function fingerprintMismatch(expected: Record<string, string>, local: Record<string, string>, dataDir: string): string | undefined {
  for (const [file, sha] of Object.entries(expected)) {
    const here = local[file];
    if (here === undefined)
      return `data file ${file} is missing on worker ${workerName()} (data directory ${dataDir}); the study's sha256 is ${sha}. Every worker must read the same data: results are never mixed`;
    if (here !== sha)
      return `data file ${file} differs on worker ${workerName()} (data directory ${dataDir}): the study's sha256 is ${sha}, this worker's is ${here}. Every worker must read the same data: results are never mixed`;
  }
  for (const [file, sha] of Object.entries(local))
    if (!(file in expected))
      return `data file ${file} is read on worker ${workerName()} (data directory ${dataDir}, sha256 ${sha}) but not by the study's machine. Every worker must read the same data: results are never mixed`;
  return undefined;
}

export async function runBatchJob(job: BatchJob, store: DataStore): Promise<TrialSummary[]> {
  // Other code computes other numbers from the same data: refused like other data, before any is read.
  const otherEngine = engineMismatch(job.engine ?? 'none (an older Regime)', engineId(), workerName());
  if (otherEngine) throw new InputError(otherEngine);
  // Per study: a study run again (perhaps after the data changed) reads the data afresh.
  const key = JSON.stringify([job.study, job.spec, store.dir, job.fingerprints]);
  let prepared = plans.get(key);
  if (!prepared) {
    prepared = prepare(job.spec, store, job.fingerprints, studyCacheBytes(job));
    plans.set(key, prepared);
    prepared.catch(() => plans.delete(key));
    while (plans.size > KEEP) plans.delete(plans.keys().next().value!);
  }
  const { plan, local } = await prepared;
  const mismatch = fingerprintMismatch(job.fingerprints, local, store.dir);
  if (mismatch) throw new InputError(mismatch);
  const out: TrialSummary[] = [];
  for (const index of job.indices) {
    try {
      out.push(await runTrial(plan, index, { window: job.window }));
    } catch (e) {
      throw inTrial(e, plan, index);
    }
  }
  return out;
}

/** An error of one trial names the trial: its index, and each config path with its value. */
function inTrial(e: unknown, plan: StudyPlan, index: number): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  // The base config's errors read as in a local run (runTrial leaves them as they are).
  if (index === BASE) return err;
  // Input errors of a trial name it already (plan.inTrial).
  if (isInputError(err) && err.message.includes(`sweep trial ${index} `)) return err;
  let values = '';
  try {
    values = Object.entries(plan.trial(index).values)
      .map(([p, v]) => `${p} = ${JSON.stringify(v)}`)
      .join(', ');
  } catch {
    values = '?';
  }
  const wrapped = isInputError(err) ? new InputError(`sweep trial ${index} (${values}): ${err.message}`) : new Error(`sweep trial ${index} (${values}) failed: ${err.message}`);
  if (!isInputError(err) && err.stack) wrapped.stack = `${wrapped.message}\n${err.stack.split('\n').slice(1).join('\n')}`;
  return wrapped;
}
