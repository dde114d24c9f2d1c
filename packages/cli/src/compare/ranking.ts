/** The terminal ranking table of `regime compare` and its CSV form. */
import { COMPARISON_METRICS, formatMetric, lowerIsBetter, metricColumn, metricDef, type SortKey } from '@regime/core';

type Row = Record<string, string | number>;

const NAME_WIDTH = 42;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * One row per strategy (rows already ranked), each metric in every numeraire side by side:
 * CAGR USD | CAGR gold | Volatility USD | … The column ranked on is marked ▼ (▲ for volatility:
 * lowest first).
 */
export function rankingTable(rows: readonly Row[], numeraires: readonly string[], sortKey?: SortKey, marks?: readonly string[]): string {
  const cols: { metric: string; n: string }[] = [];
  for (const metric of COMPARISON_METRICS) for (const n of numeraires) cols.push({ metric, n });
  const mark = (c: { metric: string; n: string }) =>
    sortKey && c.metric === sortKey.metric && c.n === sortKey.numeraire ? (lowerIsBetter(c.metric) ? '▲' : '▼') : '';
  const head = cols.map((c) => `${c.n}${mark(c)}`);
  const body = rows.map((r, i) => [`${i + 1}${marks?.[i] ?? ''}`, clip(String(r.name), NAME_WIDTH), ...cols.map((c) => formatMetric(metricDef(c.metric), Number(r[metricColumn(c.metric, c.n)]), { compact: true }))]);
  const header = ['#', 'Strategy', ...head];
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  // Metric groups: a title over its numeraire columns.
  const groupWidth = (g: number) => widths.slice(2 + g * numeraires.length, 2 + (g + 1) * numeraires.length).reduce((a, b) => a + b, 0) + 2 * (numeraires.length - 1);
  for (let g = 0; g < COMPARISON_METRICS.length; g++) {
    const need = metricDef(COMPARISON_METRICS[g]).label.length - groupWidth(g);
    if (need > 0) widths[2 + (g + 1) * numeraires.length - 1] += need;
  }
  const gap = '   ';
  const line = (cells: string[]) => {
    const parts = [cells[0].padStart(widths[0]), cells[1].padEnd(widths[1])];
    for (let g = 0; g < COMPARISON_METRICS.length; g++) {
      const group = cells.slice(2 + g * numeraires.length, 2 + (g + 1) * numeraires.length).map((c, j) => c.padStart(widths[2 + g * numeraires.length + j]));
      parts.push(group.join('  '));
    }
    return parts.join(gap).trimEnd();
  };
  const groups = [' '.repeat(widths[0]), ' '.repeat(widths[1]), ...COMPARISON_METRICS.map((m, g) => metricDef(m).label.padStart(groupWidth(g)))].join(gap).trimEnd();
  const rule = [widths[0], widths[1], ...COMPARISON_METRICS.map((_, g) => groupWidth(g))].map((w) => '─'.repeat(w)).join(gap);
  return [groups, line(header), rule, ...body.map(line)].join('\n');
}

/** The CSV of the ranking: rank, the frame's columns (fractions, not percent), in rank order. */
export function rankingCsv(rows: readonly Row[], columns: readonly string[]): { header: string[]; rows: (string | number | null)[][] } {
  const cols = columns.filter((c) => c !== 'run');
  return {
    header: ['rank', ...cols],
    rows: rows.map((r, i) => [i + 1, ...cols.map((c) => (typeof r[c] === 'number' && !Number.isFinite(r[c] as number) ? null : r[c]))]),
  };
}
