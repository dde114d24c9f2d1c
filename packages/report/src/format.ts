/** Number formatting for the report's tables: fractions as percent, money with separators. */
import { NO_VALUE as DASH, fixedDigits as fixed } from '@regime/core/internal';

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The dash of an undefined value, and "-0.0" → "0.0": the same rules as the metric catalog's formatting. */
export { NO_VALUE as DASH } from '@regime/core';
export { fixedDigits as fixed } from '@regime/core/internal';

/** 0.041 → "4.1%"; null/NaN → "–". */
export function pct(x: number | null | undefined, digits = 1): string {
  return isNum(x) ? `${fixed(x * 100, digits)}%` : DASH;
}

/** Like pct, with a leading "+" on positive values (returns in heatmaps). */
export function signedPct(x: number | null | undefined, digits = 1): string {
  if (!isNum(x)) return DASH;
  const s = fixed(x * 100, digits);
  return x > 0 && Number(s) !== 0 ? `+${s}%` : `${s}%`;
}

export function num(x: number | null | undefined, digits = 2): string {
  return isNum(x) ? fixed(x, digits) : DASH;
}

/** 1234567.8 → "1,234,568". */
export function money(x: number | null | undefined, digits = 0): string {
  if (!isNum(x)) return DASH;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function int(x: number | null | undefined): string {
  return isNum(x) ? Math.round(x).toLocaleString('en-US') : DASH;
}

/** Sign class for coloring a value in a table cell. */
export function signClass(x: number | null | undefined): string {
  return isNum(x) ? (x > 0 ? 'pos' : x < 0 ? 'neg' : '') : '';
}
