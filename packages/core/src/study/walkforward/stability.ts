/**
 * How stable a walk-forward's choices are: per swept path, how often the chosen value changes
 * from one fold to the next, how many distinct values were chosen, their range (numbers), and
 * the most common one with its share of folds.
 */
/** A swept value (the sweep grid's ParamValue). */
type ParamValue = number | string | boolean;

export interface Stability {
  changes: number;
  distinct: number;
  min: number | null;
  max: number | null;
  mostCommon: ParamValue;
  /** Share of folds that chose the most common value (0..1). */
  share: number;
}

export function choiceStability(paths: readonly string[], chosen: readonly Record<string, ParamValue>[]): Record<string, Stability> {
  const out: Record<string, Stability> = {};
  for (const path of paths) {
    const values = chosen.map((c) => c[path]);
    let changes = 0;
    for (let k = 1; k < values.length; k++) if (values[k] !== values[k - 1]) changes++;
    const counts = new Map<ParamValue, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    // The most common value; ties go to the one chosen first.
    let mostCommon = values[0];
    for (const v of values) if (counts.get(v)! > counts.get(mostCommon)!) mostCommon = v;
    const numbers = values.filter((v): v is number => typeof v === 'number');
    out[path] = {
      changes,
      distinct: counts.size,
      min: numbers.length === values.length && numbers.length ? Math.min(...numbers) : null,
      max: numbers.length === values.length && numbers.length ? Math.max(...numbers) : null,
      mostCommon,
      share: values.length ? counts.get(mostCommon)! / values.length : 0,
    };
  }
  return out;
}
