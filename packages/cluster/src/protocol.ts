/**
 * What travels through Redis: a batch job (the study's config text, its grid and objective,
 * the SHA-256 of every data file the study reads, the trial indices and, for walk-forward,
 * the window) and its result (the trials' summaries). Summaries are encoded so that every
 * number comes back exactly: the monthly returns as the bytes of their doubles, the rest as
 * JSON (which round-trips finite doubles), with the few numbers JSON cannot carry (NaN,
 * ±Infinity, -0) tagged.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DateWindow, TrialSummary } from '@regime/core';

/** The study a batch belongs to: what a worker needs to build the same study plan. */
export interface StudySpec {
  /** The config's file name, for messages only (the worker never reads it). */
  file: string;
  /** The config text itself. */
  text: string;
  /** `--grid` dimensions added to the config's. */
  grid: string[];
  /** `--objective`. */
  objective?: string;
}

export interface BatchJob {
  /** Queue name of the study (for messages). */
  study: string;
  spec: StudySpec;
  /** Data file (relative to the data directory) → SHA-256 (hex), as the submitting machine read it. */
  fingerprints: Record<string, string>;
  /** engineId() of the submitting machine: a worker running other code refuses the job. */
  engine: string;
  indices: number[];
  window?: DateWindow;
}

/** Failure reasons carry their kind in front, so the submitting side can choose the exit status. */
export const INPUT_PREFIX = '[input] ';

/** Registry of live studies: a sorted set, member = queue name, score = last heartbeat (ms). */
export const STUDIES_KEY = 'regime:studies';
/** Live workers: member = worker id, score = last heartbeat (ms). */
export const WORKERS_KEY = 'regime:workers';
/** A study whose submitter has not beaten its heart for this long is abandoned: any worker may remove its queue. */
export const STUDY_STALE_MS = 60_000;
/** A worker that has not beaten its heart for this long is not counted. */
export const WORKER_STALE_MS = 10_000;
export const HEARTBEAT_MS = 1_000;

/** One queue per study: the spec's hash (to recognise it in Redis) and a random part (a rerun never meets its leftovers). */
export function studyQueueName(spec: StudySpec): string {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 10);
  return `regime-study-${hash}-${randomBytes(4).toString('hex')}`;
}

const TAG = '~n';

/** Whether a value holds a number that JSON cannot carry. */
function needsTags(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0);
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (needsTags(v[i])) return true;
    return false;
  }
  for (const k in v) if (needsTags((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** A copy with every number JSON cannot carry replaced by { "~n": "NaN" | "Infinity" | "-Infinity" | "-0" }. */
function tag(v: unknown): unknown {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0) ? { [TAG]: Object.is(v, -0) ? '-0' : String(v) } : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(tag);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
}

function untag(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(untag);
  const o = v as Record<string, unknown>;
  if (typeof o[TAG] === 'string' && Object.keys(o).length === 1) return Number(o[TAG]);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, untag(x)]));
}

/** A series of doubles as base64 of their 8 bytes each (little-endian): exact (NaN, -0 included), half the size of JSON, no number printing or parsing. */
function packDoubles(xs: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(xs.length * 8);
  for (let i = 0; i < xs.length; i++) bytes.writeDoubleLE(xs[i], i * 8);
  return bytes.toString('base64');
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function unpackDoubles(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const n = bytes.length >>> 3;
  const out: number[] = new Array(n);
  if (LITTLE_ENDIAN) {
    // An aligned copy read as doubles: far faster than readDoubleLE per value.
    const aligned = new Float64Array(n);
    new Uint8Array(aligned.buffer).set(bytes.subarray(0, n * 8));
    for (let i = 0; i < n; i++) out[i] = aligned[i];
  } else for (let i = 0; i < n; i++) out[i] = bytes.readDoubleLE(i * 8);
  return out;
}

/** A trial's monthly series packed; `riskFree` is the packed series, or the index of an earlier trial of the batch with the same one. */
type Packed = Omit<TrialSummary, 'monthly'> & { monthly: { start: string; returns: Record<string, string>; riskFree: string | number } };

/**
 * A batch's result, plain JSON data (BullMQ serializes it once): the monthly returns (most of
 * the bytes) packed as doubles — the cash returns once per batch when trials share them, as
 * trials over one period do — and the rest as is, with the few numbers JSON cannot carry
 * tagged (`tagged`: only then is anything walked on the way back).
 */
export interface BatchResult {
  format: 'regime-summaries-1';
  tagged: boolean;
  trials: unknown[];
}

export function encodeSummaries(trials: readonly TrialSummary[]): BatchResult {
  const seen = new Map<string, number>();
  const packed: Packed[] = trials.map((t, i) => {
    const riskFree = packDoubles(t.monthly.riskFree);
    const earlier = seen.get(riskFree);
    if (earlier === undefined) seen.set(riskFree, i);
    return {
      ...t,
      monthly: {
        start: t.monthly.start,
        returns: Object.fromEntries(Object.entries(t.monthly.returns).map(([n, xs]) => [n, packDoubles(xs)])),
        riskFree: earlier ?? riskFree,
      },
    };
  });
  const tagged = needsTags(packed);
  return { format: 'regime-summaries-1', tagged, trials: tagged ? (tag(packed) as unknown[]) : packed };
}

export function decodeSummaries(result: BatchResult): TrialSummary[] {
  if (result?.format !== 'regime-summaries-1')
    throw new Error(`a batch result in an unknown form (${JSON.stringify(result)?.slice(0, 40)}…): are the workers running the same version of regime?`);
  const packed = (result.tagged ? untag(result.trials) : result.trials) as Packed[];
  const out: TrialSummary[] = [];
  for (const t of packed) {
    const rf = t.monthly.riskFree;
    out.push({
      ...t,
      monthly: {
        start: t.monthly.start,
        returns: Object.fromEntries(Object.entries(t.monthly.returns).map(([n, xs]) => [n, unpackDoubles(xs)])),
        // Each trial gets its own array, as a local run gives.
        riskFree: typeof rf === 'number' ? [...out[rf].monthly.riskFree] : unpackDoubles(rf),
      },
    });
  }
  return out;
}
