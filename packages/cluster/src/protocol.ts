/**
 * What travels through Redis: a batch job (the study's config text, its grid and objective,
 * the SHA-256 of every data file the study reads, the trial indices and, for walk-forward,
 * the window) and its result (the trials' summaries). Summaries are encoded so that every
 * number comes back exactly: JSON round-trips finite doubles, and the few that JSON cannot
 * carry (NaN, ±Infinity, -0) are tagged.
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

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { [TAG]: Object.is(v, -0) ? '-0' : String(v) };
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o[TAG] === 'string' && Object.keys(o).length === 1) return Number(o[TAG]);
  }
  return v;
}

/** Whether a value holds a number that JSON cannot carry (a plain walk: far cheaper than a replacer per value). */
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

/**
 * "J" + plain JSON when every number is one JSON carries exactly (the usual case: native speed
 * both ways), else "T" + JSON with the others tagged.
 */
export function encodeSummaries(trials: readonly TrialSummary[]): string {
  return needsTags(trials) ? 'T' + JSON.stringify(trials, replacer) : 'J' + JSON.stringify(trials);
}

export function decodeSummaries(text: string): TrialSummary[] {
  if (text[0] === 'J') return JSON.parse(text.slice(1)) as TrialSummary[];
  if (text[0] === 'T') return JSON.parse(text.slice(1), reviver) as TrialSummary[];
  throw new Error(`a batch result in an unknown form ("${text.slice(0, 20)}…"): are the workers running the same version of regime?`);
}
