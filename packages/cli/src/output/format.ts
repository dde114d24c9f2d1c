/** Number formatting for the terminal: percentages, ratios, money. `null` prints as "–". */
import { thousands } from '@regime/core/internal';

export { thousands };

export const pct = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;

export const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

export const money = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : thousands(Math.round(x));

/** Lays out rows as an aligned text table: the first `leftColumns` columns left, the rest right (numbers). */
export function textTable(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
