/** Placeholder until the sweep report page lands in @regime/report: a minimal self-contained page. */
import type { StudyPlan, SweepDocument, TrialSummary } from '@regime/core';
import { writeFileAtomic } from '../output/files.js';

export async function writeSweepReport(file: string, plan: StudyPlan, doc: SweepDocument, trials: readonly TrialSummary[]): Promise<void> {
  void plan;
  void trials;
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  writeFileAtomic(file, `<!doctype html><meta charset="utf-8"><title>${esc(doc.name)}</title><pre>${esc(JSON.stringify(doc.overfitting, null, 1))}</pre>`);
}
