/**
 * Lining up several configs for a comparison (`regime compare`): one common period (the
 * intersection of their periods), one list of numeraires, and one set of date-range periods.
 * Pure functions over the configs' own blocks; the runs themselves happen elsewhere.
 */
import { InputError } from '../util/errors.js';

export interface PeriodSpec {
  start: string;
  /** Inclusive; absent = to the end of the data. */
  end?: string;
}

export interface CompareConfig {
  /** The config file (for messages). */
  file: string;
  period: PeriodSpec;
  numeraires: readonly string[];
}

export interface CompareAlignment {
  /** The period every run is measured over, or null with `ownPeriods` (each keeps its own). */
  common: PeriodSpec | null;
  /** The period to run each config over (same order as the configs). */
  periods: PeriodSpec[];
  /** The numeraires every run reports, in this order. */
  numeraires: string[];
}

/**
 * The intersection of the periods: the latest start and the earliest end. An open end
 * ("to the end of the data") does not cut the others; the result is open only when every
 * period is. Throws when the periods do not overlap, naming the two that exclude each other.
 */
export function commonPeriod(configs: readonly CompareConfig[]): PeriodSpec {
  if (!configs.length) throw new InputError('no config to compare');
  let latest = configs[0];
  let earliest: CompareConfig | undefined;
  for (const c of configs) {
    if (c.period.start > latest.period.start) latest = c;
    if (c.period.end !== undefined && (earliest === undefined || c.period.end < earliest.period.end!)) earliest = c;
  }
  const out: PeriodSpec = { start: latest.period.start };
  if (earliest) {
    if (earliest.period.end! < latest.period.start)
      throw new InputError(
        `the configs have no period in common: ${latest.file} starts ${latest.period.start}, after ${earliest.file} ends ${earliest.period.end}; use --own-periods to measure each over its own period, or compare them separately`,
      );
    out.end = earliest.period.end;
  }
  return out;
}

/**
 * The union of the numeraires the configs ask for, in order of first appearance (USD and
 * gold lead, as every config lists them first by default).
 */
export function unionNumeraires(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const n of list) if (!out.includes(n)) out.push(n);
  return out;
}

/**
 * What each config is run with: the common period (or its own with `ownPeriods`) and the
 * same numeraires for all (the `numeraires` option, else the union the configs ask for).
 */
export function alignForComparison(configs: readonly CompareConfig[], options: { ownPeriods?: boolean; numeraires?: readonly string[] } = {}): CompareAlignment {
  const numeraires = options.numeraires?.length ? [...new Set(options.numeraires)] : unionNumeraires(configs.map((c) => c.numeraires));
  if (options.ownPeriods) return { common: null, periods: configs.map((c) => ({ ...c.period })), numeraires };
  const common = commonPeriod(configs);
  return { common, periods: configs.map(() => ({ ...common })), numeraires };
}

/**
 * After a first pass over the common period the runs can still cover different days: each
 * starts on its own calendar's first bar on or after the start (crypto trades on 1 January,
 * stocks do not; a monthly run starts at a month-end), an open-ended period runs to the end
 * of each run's own data, and a period that asks for more than the data has ends at the last
 * data. Returns the intersection of the actual periods when some run's differs from it (those
 * runs are to be run again over it), else null.
 */
export function unevenPeriods(actual: readonly { start: string; end: string }[]): { start: string; end: string } | null {
  if (!actual.length) return null;
  const start = actual.map((p) => p.start).reduce((a, b) => (b > a ? b : a));
  const end = actual.map((p) => p.end).reduce((a, b) => (b < a ? b : a));
  return actual.some((p) => p.start !== start || p.end !== end) ? { start, end } : null;
}

export interface NamedRange {
  label: string;
  start: string;
  end?: string;
}

/**
 * The union of the configs' date-range periods (`periods:`), in order of first appearance.
 * The same label with the same dates is one period; the same label with other dates is kept
 * apart, its label suffixed with the config's name.
 */
export function unionDateRanges(blocks: readonly { name: string; periods?: Record<string, PeriodSpec> | null }[]): NamedRange[] {
  const out: (NamedRange & { base: string })[] = [];
  for (const b of blocks) {
    for (const [label, r] of Object.entries(b.periods ?? {})) {
      if (out.some((o) => o.base === label && o.start === r.start && o.end === r.end)) continue;
      const clash = out.some((o) => o.base === label);
      out.push({ base: label, label: clash ? `${label} (${b.name})` : label, start: r.start, end: r.end });
    }
  }
  return out.map(({ label, start, end }) => (end === undefined ? { label, start } : { label, start, end }));
}
