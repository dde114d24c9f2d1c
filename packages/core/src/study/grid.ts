/**
 * The grid of a sweep: dimensions (a config path and its values) from the `sweep:` block and
 * from `--grid PATH=V1,V2` / `--grid PATH=FROM:TO:STEP`. Trials are numbered in grid order:
 * row-major, the first dimension varying slowest, as nested loops in the order written.
 */
import type { ConfigSource } from '../config/load.js';
import { InputError } from '../util/errors.js';
import { splitPath, type PathSegment } from './paths.js';

export type ParamValue = number | string | boolean;

export interface GridDimension {
  path: string;
  segments: PathSegment[];
  values: ParamValue[];
  /** Where the dimension was given: the `sweep.grid` line, or `--grid PATH`. */
  where: string;
}

export interface Grid {
  dimensions: GridDimension[];
  /** Number of trials: the product of the dimensions' sizes (1 for an empty grid: the base). */
  size: number;
}

/** The most trials one sweep may have: beyond it, a typo in a range (step 0.0001). */
export const MAX_TRIALS = 5_000_000;

/** from, from + step, … up to `to` (included when it falls on the step), without 0.1 + 0.2 drift. */
export function expandRange(from: number, to: number, step: number, where: string, path: string): number[] {
  if (!(step > 0)) throw new InputError(`sweep ${path}: expected a step > 0, found ${step}`, where);
  if (to < from) throw new InputError(`sweep ${path}: the range from ${from} to ${to} is empty; expected from <= to`, where);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_TRIALS) throw new InputError(`sweep ${path}: ${count} values from ${from} to ${to} by ${step}; expected at most ${MAX_TRIALS}`, where);
  const decimals = Math.max(decimalPlaces(from), decimalPlaces(step));
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Number((from + k * step).toFixed(Math.min(decimals, 12))));
  return out;
}

function decimalPlaces(x: number): number {
  const s = String(x);
  if (s.includes('e-')) return Number(s.split('e-')[1]) + (s.split('e-')[0].split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** The dimensions of the config's `sweep.grid`, each pointing at its own line. */
export function gridFromConfig(source: ConfigSource): GridDimension[] {
  const grid = source.config.sweep?.grid ?? {};
  return Object.entries(grid).map(([path, spec]) => {
    const where = source.where(['sweep', 'grid', path]);
    const values = Array.isArray(spec) ? [...spec] : expandRange(spec.from, spec.to, spec.step, where, path);
    return { path, segments: splitPath(path, where), values, where };
  });
}

/** A `--grid` value: "PATH=V1,V2,…" or "PATH=FROM:TO:STEP". */
export function parseGridOption(text: string): GridDimension {
  const eq = text.indexOf('=');
  const where = `--grid ${text}`;
  if (eq <= 0 || eq === text.length - 1)
    throw new InputError('expected PATH=V1,V2 or PATH=FROM:TO:STEP, such as params.n=50,100,200 or costs.commission_bps=0:20:5', where);
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const range = /^(-?[\d.]+(?:e-?\d+)?):(-?[\d.]+(?:e-?\d+)?):([\d.]+(?:e-?\d+)?)$/i.exec(spec);
  let values: ParamValue[];
  if (range) {
    const [from, to, step] = range.slice(1).map(Number);
    if (![from, to, step].every(Number.isFinite)) throw new InputError(`expected numbers in FROM:TO:STEP, found "${spec}"`, where);
    values = expandRange(from, to, step, where, path);
  } else values = spec.split(',').map((v) => parseValue(v.trim(), where));
  return { path, segments: splitPath(path, where), values, where };
}

/** A value typed on the command line: a number, true/false, or a word. */
function parseValue(text: string, where: string): ParamValue {
  if (text === '') throw new InputError('expected a value between the commas, found an empty one', where);
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) && Number.isFinite(n) ? n : text;
}

/** The config's dimensions with the command line's: a path given again replaces it in place. */
export function mergeGrid(fromConfig: readonly GridDimension[], overrides: readonly GridDimension[]): Grid {
  const dimensions = [...fromConfig];
  for (const o of overrides) {
    const k = dimensions.findIndex((d) => d.path === o.path);
    if (k >= 0) dimensions[k] = o;
    else dimensions.push(o);
  }
  let size = 1;
  for (const d of dimensions) {
    if (d.values.length === 0) throw new InputError(`sweep ${d.path}: the list of values is empty; expected at least one value`, d.where);
    const seen = new Set<string>();
    for (const v of d.values) {
      const key = JSON.stringify(v);
      if (seen.has(key)) throw new InputError(`sweep ${d.path}: the value ${key} is listed twice`, d.where);
      seen.add(key);
    }
    size *= d.values.length;
  }
  if (size > MAX_TRIALS) throw new InputError(`the sweep has ${size} trials; expected at most ${MAX_TRIALS} (narrow a range or raise its step)`, dimensions[0]?.where);
  return { dimensions, size };
}

/** The values of trial `index` (grid order), path → value. */
export function trialValues(grid: Grid, index: number): Record<string, ParamValue> {
  if (!Number.isInteger(index) || index < 0 || index >= grid.size) throw new RangeError(`trial index ${index} is outside the grid of ${grid.size}`);
  const out: Record<string, ParamValue> = {};
  let rest = index;
  for (let d = grid.dimensions.length - 1; d >= 0; d--) {
    const dim = grid.dimensions[d];
    out[dim.path] = dim.values[rest % dim.values.length];
    rest = Math.floor(rest / dim.values.length);
  }
  // In the order the dimensions are written.
  return Object.fromEntries(grid.dimensions.map((d) => [d.path, out[d.path]]));
}

/** The grid index of a trial given by its values (undefined when a value is not on the grid). */
export function trialIndex(grid: Grid, values: Record<string, ParamValue>): number | undefined {
  let index = 0;
  for (const dim of grid.dimensions) {
    const k = dim.values.findIndex((v) => v === values[dim.path]);
    if (k < 0) return undefined;
    index = index * dim.values.length + k;
  }
  return index;
}
