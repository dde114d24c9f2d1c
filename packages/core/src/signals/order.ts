/**
 * Evaluation order of signals that use other signals: depth-first, in definition order, each
 * signal after everything it uses. A cycle (including a signal using itself) is an InputError
 * that spells the cycle out: `a -> b -> a`.
 */
import { InputError } from '../util/errors.js';

export function orderSignals(
  names: readonly string[],
  uses: ReadonlyMap<string, ReadonlySet<string>>,
  where?: (name: string) => string | undefined,
): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const path: string[] = []; // the signals being visited, outermost first
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = [...path.slice(at), name];
      throw new InputError(
        `signals form a cycle: ${cycle.join(' -> ')}; a signal cannot use itself, directly or through other signals`,
        where?.(cycle[0]),
      );
    }
    path.push(name);
    for (const used of uses.get(name) ?? []) visit(used);
    path.pop();
    done.add(name);
    order.push(name);
  };
  for (const name of names) visit(name);
  return order;
}
