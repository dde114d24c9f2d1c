import { InputError } from './errors.js';

/**
 * Names JavaScript treats specially as object keys: `__proto__` sets an object's prototype
 * instead of adding a key (YAML keeps it, zod's records drop it silently), and `constructor`
 * and `prototype` are found on every object. One rule everywhere (configs, catalogs, the
 * command line): such a name is refused with a message, never dropped or misread.
 */
export const JS_SPECIAL_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export function isJsSpecialName(name: unknown): boolean {
  return typeof name === 'string' && JS_SPECIAL_NAMES.includes(name);
}

/** Names from the command line (`--numeraires`): returned as they are, or refused. */
export function refuseSpecialNames(names: string[], flag: string): string[] {
  const bad = names.find(isJsSpecialName);
  if (bad !== undefined) throw new InputError(`${flag}: ${specialNameMessage(bad, 'a numeraire')}`);
  return names;
}

/** The message for a special name used as `role` (a regime, a symbol, a key). */
export function specialNameMessage(name: string, role: string): string {
  return `"${name}" cannot be ${role}: ${JS_SPECIAL_NAMES.join(', ')} are names special to JavaScript, which Regime refuses rather than risk dropping or misreading; expected another name`;
}
