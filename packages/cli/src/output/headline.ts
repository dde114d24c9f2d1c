import type { RunResult } from '@regime/core';

/** The numbers a config's golden-results regression test guards, per numeraire. */
export function headlineMetrics(result: RunResult): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const n of result.numeraires) {
    const m = result.metrics[n];
    out[n] = { end: m.end, totalReturn: m.totalReturn, cagr: m.cagr, volatility: m.volatility, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown };
  }
  return out;
}
