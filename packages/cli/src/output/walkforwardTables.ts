/** `regime walkforward` in the terminal: the folds, out-of-sample against the base, efficiency, stability. */
import type { WalkForwardDocument, WalkForwardMetric } from '@regime/core';
import { num, pct, textTable } from './format.js';

const METRIC_ROWS: [WalkForwardMetric, string, (x: number | null) => string][] = [
  ['totalReturn', 'Total return', (x) => pct(x, 1)],
  ['cagr', 'CAGR', (x) => pct(x, 1)],
  ['volatility', 'Volatility', (x) => pct(x, 1)],
  ['sharpe', 'Sharpe', (x) => num(x, 2)],
  ['sortino', 'Sortino', (x) => num(x, 2)],
  ['maxDrawdown', 'Max drawdown', (x) => pct(x, 1)],
  ['calmar', 'Calmar', (x) => num(x, 2)],
];

/** Formats an objective value: percent for returns and risk, two decimals for ratios. */
export function objectiveFormat(objective: string): (x: number | null) => string {
  const metric = objective.split(':')[0];
  return ['sharpe', 'sortino', 'calmar'].includes(metric) ? (x) => num(x, 2) : (x) => pct(x, 1);
}

export const showValue = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(10))) : String(v));

export function walkForwardSummary(doc: WalkForwardDocument): string {
  const paths = Object.keys(doc.grid);
  const f = objectiveFormat(doc.objective);
  const trials = Object.values(doc.grid).reduce((p, v) => p * v.length, 1);
  const folds = textTable(
    ['Fold', 'Train', 'Test', ...paths, `IS ${doc.objective}`, `OOS ${doc.objective}`],
    doc.folds.map((x) => [String(x.fold), `${x.train.start} – ${x.train.end}`, `${x.test.start} – ${x.test.end}`, ...paths.map((p) => showValue(x.chosen[p])), f(x.inSample), f(x.outOfSample)]),
    3 + paths.length,
  );
  const header = ['', ...doc.numeraires.flatMap((n) => [`out-of-sample ${n}`, `base ${n}`])];
  const metrics = textTable(
    header,
    METRIC_ROWS.map(([k, label, fmt]) => [label, ...doc.numeraires.flatMap((n) => [fmt(doc.outOfSample.metrics[n]?.[k] ?? null), fmt(doc.base.metrics[n]?.[k] ?? null)])]),
  );
  const stability = textTable(
    ['Chosen value', 'changes', 'distinct', 'range', 'most often'],
    paths.map((p) => {
      const s = doc.stability[p];
      return [p, `${s.changes} of ${Math.max(0, doc.folds.length - 1)}`, String(s.distinct), s.min !== null ? `${showValue(s.min)} – ${showValue(s.max)}` : '–', `${showValue(s.mostCommon)} (${pct(s.share, 0)})`];
    }),
  );
  const efficiency =
    doc.efficiency !== null
      ? `Walk-forward efficiency ${num(doc.efficiency, 2)}: out-of-sample CAGR ${pct(doc.outOfSample.metrics[doc.objective.split(':')[1]]?.cagr ?? null, 1)} over the mean in-sample CAGR ${pct(doc.inSampleCagr, 1)} of the chosen trials.`
      : `Walk-forward efficiency undefined: the chosen trials' mean in-sample CAGR (${pct(doc.inSampleCagr, 1)}) is not positive.`;
  return [
    `${doc.name} — walk-forward, ${doc.anchored ? 'anchored' : 'rolling'} ${doc.train} training, ${doc.test} test, ${doc.folds.length} folds × ${trials} trials, best by ${doc.objective}`,
    '',
    folds,
    '',
    `Out-of-sample ${doc.outOfSample.period.start} to ${doc.outOfSample.period.end} (test windows chained), against the base config over the same dates`,
    metrics,
    '',
    efficiency,
    '',
    stability,
    ...(doc.folds.length < 5 ? ['', `Only ${doc.folds.length} fold${doc.folds.length === 1 ? '' : 's'}: too few to judge the choice rule; see docs/uncertainty.md.`] : []),
  ].join('\n');
}
