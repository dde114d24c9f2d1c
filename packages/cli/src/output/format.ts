/** Number formatting for the terminal: percentages, ratios, money. `null` prints as "–". */
export const pct = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;

export const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

export const money = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : thousands(Math.round(x));

/**
 * An integer with comma thousands separators, as toLocaleString('en-US') writes it ("-0" for
 * negative zero included) without loading the ICU locale data (~30 ms at start-up, issue 15).
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

/** Lays out rows as an aligned text table: the first `leftColumns` columns left, the rest right (numbers). */
export function textTable(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
