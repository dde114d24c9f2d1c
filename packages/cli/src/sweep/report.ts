/** The sweep report: the page from @regime/report, fed from the study's summaries. */
import { BASE, objectiveValue, runTrial, type StudyPlan, type SweepDocument, type TrialSummary } from '@regime/core';
import { writeFileAtomic } from '../output/files.js';
import { VERSION } from '../version.js';

export async function writeSweepReport(file: string, plan: StudyPlan, doc: SweepDocument, trials: readonly TrialSummary[]): Promise<void> {
  const { renderSweepReport } = await import('@regime/report');
  const objective = plan.objective;
  const best = doc.best ? await runTrial(plan, doc.best.index, { curves: true }) : undefined;
  const base = await runTrial(plan, BASE, { curves: true });
  let curves = null;
  if (best?.curves && base.curves) {
    // The same dates unless a dimension moves the period: then the base is read on the best's dates.
    const at = new Map(base.curves.dates.map((d, i) => [d, i]));
    const pick = (series: number[]) => best.curves!.dates.map((d) => (at.has(d) ? series[at.get(d)!] : NaN));
    curves = {
      dates: best.curves.dates,
      best: best.curves.equity,
      base: Object.fromEntries(Object.entries(base.curves.equity).map(([n, s]) => [n, pick(s)])),
    };
  }
  const html = renderSweepReport(
    {
      name: doc.name,
      description: plan.base.description,
      period: doc.period,
      numeraires: doc.numeraires,
      grid: plan.grid.dimensions.map((d) => ({ path: d.path, values: d.values })),
      objective: { text: objective.text, metric: objective.metric, numeraire: objective.numeraire, higherIsBetter: objective.higherIsBetter },
      values: [...trials].sort((a, b) => a.index - b.index).map((t) => objectiveValue(t, objective)),
      best: doc.best ? { index: doc.best.index, params: doc.best.params, value: doc.best.metrics[objective.numeraire]?.[objective.metric] ?? null } : null,
      base: { value: doc.base.metrics[objective.numeraire]?.[objective.metric] ?? null, rank: doc.base.rank },
      median: doc.median?.[objective.numeraire]?.[objective.metric] ?? null,
      overfitting: doc.overfitting,
      curves,
      warnings: doc.base.warnings,
    },
    { toolVersion: VERSION },
  );
  writeFileAtomic(file, html);
}
