import { INTERVAL_METRICS, formatMetric, metricDef, type Interval, type IntervalMetric, type NumeraireUncertainty, type RunResult } from '@regime/core';
import { pct, textTable, thousands } from './format.js';

// The bootstrapped metrics, labelled and formatted by the metric catalog (percentages with one decimal).
const ROWS: [IntervalMetric, string, (x: number | null) => string][] = INTERVAL_METRICS.map((key) => [key, metricDef(key).label, (x) => formatMetric(metricDef(key), x, { compact: true })]);

const cells = (i: Interval | null, f: (x: number | null) => string) => (i ? [f(i.p05), f(i.p50), f(i.p95)] : ['–', '–', '–']);

/** "How sure can we be?": per numeraire, the measured value and its 5/50/95 % interval, and against the benchmark. */
export function uncertaintyTables(result: RunResult): string {
  const u = result.uncertainty;
  if (!u) return '';
  const first = u[result.numeraires[0]];
  const bench = result.benchmark;
  const parts = [
    `How sure can we be? ${thousands(first.resamples)} resampled histories (stationary bootstrap of the ${bench ? 'joint strategy and benchmark ' : ''}returns, seed ${first.seed})`,
  ];
  for (const n of result.numeraires) {
    const x = u[n];
    if (!x) continue;
    const header = [`in ${n} (block ${x.blockLength.toFixed(1)} bars${x.blockRule === 'auto' ? ', auto' : ''})`, 'measured', '5%', '50%', '95%'];
    if (x.vsBenchmark) header.push(`minus ${bench} 5%`, '50%', '95%');
    const rows = ROWS.map(([key, label, f]) => {
      const row = [label, f(result.metrics[n][key]), ...cells(x[key], f)];
      if (x.vsBenchmark) row.push(...cells(x.vsBenchmark[key], f));
      return row;
    });
    parts.push('', textTable(header, rows), probabilities(x, bench));
  }
  return parts.join('\n');
}

function probabilities(x: NumeraireUncertainty, bench: string | null): string {
  const items = [`PSR (true Sharpe > 0): ${pct(x.psr.vsZero, 1)}`];
  if (bench) items.push(`PSR (true Sharpe > ${bench}'s): ${pct(x.psr.vsBenchmark, 1)}`, `P(ends above ${bench}): ${pct(x.probBeatsBenchmark, 1)}`);
  return items.join('   ');
}
