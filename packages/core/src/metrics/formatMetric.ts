import type { MetricDef } from './catalog.js';

/** What every view prints for an undefined value. */
export const NO_VALUE = '–';

/** "-0.0" → "0.0": a value that rounds to zero shows no sign. */
export function fixedDigits(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/**
 * An integer with comma thousands separators, as toLocaleString('en-US') writes it ("-0" for
 * negative zero included) without loading the ICU locale data (~15–30 ms at start-up, issue 15).
 */
export function thousands(n: number): string {
  // The shortest digits that round-trip, then zeros: as ICU writes numbers past 2^53.
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e');
  const significant = mantissa.replace('.', '');
  const digits = significant.padEnd(Number(exponent) + 1, '0');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return sign + out;
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
      return thousands(Math.round(value) || 0);
    case 'text':
      return String(value);
  }
}
