import { basename } from 'node:path';

/** What compareWarnings reads of a run. */
export interface WarnedRun {
  frequency: 'daily' | 'monthly';
  warnings: string[];
}

/**
 * The warnings of a comparison, for the terminal: a warning that several runs share (a
 * yardstick that ends early, read by every config) once, with how many configs and which;
 * the others with their config. First, when it applies: a ranking that mixes monthly-bar and
 * daily-bar runs, whose volatilities, Sharpes and drawdowns are not measured alike.
 */
export function compareWarnings(files: readonly string[], runs: readonly WarnedRun[]): string[] {
  const out: string[] = [];
  const monthly = files.filter((_, k) => runs[k].frequency === 'monthly');
  const daily = files.filter((_, k) => runs[k].frequency !== 'monthly');
  if (monthly.length && daily.length)
    out.push(
      `the ranking mixes monthly-bar runs (${names(monthly)}) with daily-bar runs (${names(daily)}): volatility, Sharpe, Sortino and drawdowns are measured on bars of different lengths (monthly bars smooth volatility and hide drawdowns within a month), so compare those figures within one frequency`,
    );
  const byText = new Map<string, string[]>();
  runs.forEach((r, k) => {
    for (const w of new Set(r.warnings)) {
      if (!byText.has(w)) byText.set(w, []);
      byText.get(w)!.push(files[k]);
    }
  });
  for (const [text, where] of byText) out.push(where.length === 1 ? `${where[0]}: ${text}` : `${text} (${where.length} configs: ${names(where)})`);
  return out;
}

function names(files: readonly string[]): string {
  const shown = files.slice(0, 4).map((f) => basename(f));
  return files.length > 4 ? `${shown.join(', ')} and ${files.length - 4} more` : shown.join(', ');
}
