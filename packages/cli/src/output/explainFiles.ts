import type { RunResult } from '@regime/core';
import { csvText } from './files.js';

/** trades.csv: every executed trade, in order (DESIGN.md "Why did it win?"). */
export function tradesCsv(result: RunResult): string {
  const rows = (result.trades ?? []).map((t) => [t.date, t.asset, t.side, t.weightBefore, t.weightAfter, t.notional, t.cost]);
  return csvText(['date', 'asset', 'side', 'weight_before', 'weight_after', 'notional_usd', 'cost_usd'], rows);
}

/** signals.csv: each named signal's value per bar, an empty cell where it is undefined. */
export function signalsCsv(result: RunResult): string | null {
  const signals = result.series.signals;
  if (!signals) return null;
  const names = Object.keys(signals);
  const rows = result.series.dates.map((d, t) => [d, ...names.map((n) => signals[n][t])]);
  return csvText(['date', ...names], rows);
}
