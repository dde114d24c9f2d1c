import type { MetricDef } from './catalog.js';

/** What every view prints for an undefined value. */
export const NO_VALUE = '–';

/** "-0.0" → "0.0": a value that rounds to zero shows no sign. */
export function fixedDigits(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/**
 * A metric value as plain text, by the catalog's format: the one rendering the terminal, the
 * report and the ranking share (views escape it for HTML). `compact` shows percentages with
 * one decimal (the ranking tables). Undefined → "–".
 */
export function formatMetric(def: MetricDef, value: number | string | null | undefined, options: { compact?: boolean } = {}): string {
  if (value === null || value === undefined) return NO_VALUE;
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return NO_VALUE;
  switch (def.format) {
    case 'percent':
      return `${fixedDigits(value * 100, options.compact ? Math.min(def.digits, 1) : def.digits)}%`;
    case 'ratio':
      return fixedDigits(value, def.digits);
    case 'money':
    case 'count':
      return (Math.round(value) || 0).toLocaleString('en-US');
    case 'text':
      return String(value);
  }
}
