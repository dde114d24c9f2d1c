/**
 * Config paths as a sweep writes them: `params.n`, `overlays.0.vol_target.target`,
 * `weights.SPY`. A numeric segment indexes a list; every other segment is a mapping key.
 */
import { InputError } from '../util/errors.js';

export type PathSegment = string | number;

/** "overlays.0.vol_target.target" → ["overlays", 0, "vol_target", "target"]. */
export function splitPath(path: string, where?: string): PathSegment[] {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw new InputError(`sweep path "${path}": expected keys separated by dots, such as params.n or costs.commission_bps`, where);
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const SPECIAL = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Sets `value` at `path` in a plain YAML value (mutating it). Missing mapping keys are
 * created (the schema then says whether they may exist); a list index must exist, and a
 * parameter must be declared under params: (a typo would otherwise sweep nothing).
 */
export function setPath(root: Record<string, unknown>, segments: readonly PathSegment[], value: unknown, where?: string): void {
  const shown = segments.join('.');
  if (segments[0] === 'params' && segments.length === 2) {
    const params = root.params as Record<string, unknown> | undefined;
    if (!params || typeof params !== 'object' || !Object.hasOwn(params, String(segments[1])))
      throw new InputError(`sweep path ${shown}: the config declares no parameter "${segments[1]}"; expected one of params: ${Object.keys(params ?? {}).join(', ') || '(none declared)'}`, where);
  }
  if (segments[0] === 'sweep') throw new InputError(`sweep path ${shown}: a sweep cannot vary its own sweep: block`, where);
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i];
    const last = i === segments.length - 1;
    const here = segments.slice(0, i).join('.') || 'the config';
    if (typeof key === 'string' && SPECIAL.has(key)) throw new InputError(`sweep path ${shown}: "${key}" is not a config key`, where);
    if (Array.isArray(node)) {
      if (typeof key !== 'number' || key >= node.length)
        throw new InputError(`sweep path ${shown}: ${here} is a list of ${node.length} item${node.length === 1 ? '' : 's'}; expected an index from 0 to ${node.length - 1}, found "${key}"`, where);
    } else if (node === null || typeof node !== 'object') {
      throw new InputError(`sweep path ${shown}: ${here} is a single value, not a mapping or list, so it has no "${key}"`, where);
    } else if (typeof key === 'number') {
      throw new InputError(`sweep path ${shown}: ${here} is not a list, so it has no item ${key}`, where);
    }
    const container = node as Record<string | number, unknown>;
    if (last) container[key] = value;
    else {
      if (container[key] === undefined || container[key] === null) {
        if (typeof segments[i + 1] === 'number') throw new InputError(`sweep path ${shown}: the config has no list ${segments.slice(0, i + 1).join('.')}`, where);
        container[key] = {};
      }
      node = container[key];
    }
  }
}

/** The value at a path, or undefined. */
export function getPath(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const key of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
