/** What `regime sweep` prints and writes: the ranked table, the overfitting lines, the CSV. */
import { SUMMARY_METRICS, formatMetric, metricDef, rankTrials, objectiveValue, type SweepDocument, type Objective, type TrialSummary } from '@regime/core';
import { textTable } from '../output/format.js';
import { csvText } from '../output/files.js';

// Labels and formats come from the metric catalog, as in every other table.
const title = (metric: string): string => metricDef(metric).label;
const show = (metric: string, v: number | null | undefined): string => formatMetric(metricDef(metric), v);

const value = (v: unknown): string => (typeof v === 'number' ? String(v) : String(v));

/** The top trials, best first, with the base config's place and the overfitting figures. */
export function sweepTable(doc: SweepDocument, trials: readonly TrialSummary[], objective: Objective, top = 10): string {
  const paths = Object.keys(doc.grid);
  const n = objective.numeraire;
  const ranked = rankTrials(trials, objective).slice(0, top);
  const metrics = ['cagr', 'volatility', 'sharpe', 'maxDrawdown', 'turnover'];
  const header = ['rank', 'trial', ...paths, `${title(objective.metric)} (${n}) ★`, ...metrics.filter((m) => m !== objective.metric).map(title)];
  const rows = ranked.map((t, i) => [
    String(i + 1),
    String(t.index),
    ...paths.map((p) => value(t.params[p])),
    show(objective.metric, objectiveValue(t, objective)),
    ...metrics.filter((m) => m !== objective.metric).map((m) => show(m, t.metrics[n]?.[m as keyof typeof t.metrics[string]])),
  ]);
  const baseValue = doc.base.metrics[n]?.[objective.metric];
  const medianValue = doc.median?.[n]?.[objective.metric];
  const bestValue = doc.best?.metrics[n]?.[objective.metric];
  const o = doc.overfitting;
  const lines = [
    `${doc.name}: ${trials.length} trials over ${Object.entries(doc.grid).map(([p, v]) => `${p} (${v.length})`).join(' × ')}, ${doc.period ? `${doc.period.start} to ${doc.period.end}` : ''}, ranked by ${objective.text}`,
    '',
    textTable(header, rows, 2 + paths.length),
    '',
    `best ${show(objective.metric, bestValue)} · median trial ${show(objective.metric, medianValue)} · base config (as written) ${show(objective.metric, baseValue)}, rank ${doc.base.rank} of ${trials.length}`,
    `Deflated Sharpe Ratio of the best trial: ${o.deflatedSharpe === null ? '–' : o.deflatedSharpe.toFixed(3)}  (probability that its Sharpe ratio is more than the luck of the best of ${o.trials} trials)`,
    `Probabilistic Sharpe Ratio of the best trial: ${o.psr === null ? '–' : o.psr.toFixed(3)}  (probability that its true Sharpe ratio is above 0, judged alone, as if it were the only trial)`,
    `Probability of backtest overfitting: ${o.pbo === null ? '– (needs at least 32 months and 2 trials whose returns differ)' : o.pbo.toFixed(3)}  (CSCV, ${o.basis.blocks} blocks of ${o.basis.months} monthly returns in ${o.basis.numeraire}: how often the in-sample best is below the median out of sample)`,
  ];
  return lines.join('\n');
}

/** One row per trial (grid order): its values, then every summary metric in every numeraire. */
export async function sweepCsv(doc: SweepDocument): Promise<string> {
  const paths = Object.keys(doc.grid);
  const header = ['trial', ...paths, ...doc.numeraires.flatMap((n) => SUMMARY_METRICS.map((m) => `${m}_${n}`)), 'warnings'];
  const rows = doc.trials.map((t) => [
    t.index,
    ...paths.map((p) => value(t.params[p])),
    ...doc.numeraires.flatMap((n) => SUMMARY_METRICS.map((m) => t.metrics[n]?.[m] ?? '')),
    t.warnings.length,
  ]);
  return csvText(header, rows);
}
